import Foundation
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// Which hosts a server-side fetch (attachment links in Zalo and Messenger events) may reach (issue 11 item 14).
///
/// Whatever signed the event, a link whose host is, or resolves to, a loopback, private, link-local, carrier-grade
/// NAT, multicast or reserved address (`IPAddress.isInternal`) is refused before any connection is made — also when a
/// redirect leads there — unless the address lies in `PAKN_FETCH_ALLOW` (CIDRs; environment-only, for tests and
/// staging against local peers; never settable from the admin page). Every address the name resolves to must pass.
///
/// Known limit: the name is resolved here and again by the HTTP client, so a DNS answer that changes in between
/// (DNS rebinding) is not caught; an egress firewall on the server is the complete answer.
struct FetchPolicy: Sendable {
    /// `PAKN_FETCH_ALLOW`.
    var allowed: [AddressRange] = []

    /// Whether `address` may be fetched from.
    func permits(_ address: IPAddress) -> Bool {
        !address.isInternal || allowed.contains { $0.contains(address) }
    }

    /// Whether `url`'s host may be fetched from: an address literal is checked as it is; a name is resolved
    /// (`getaddrinfo`, on NIO's blocking-I/O thread pool) and every address must pass. `false` when it does not resolve.
    func permits(_ url: URL) async -> Bool {
        guard let host = url.host, !host.isEmpty else { return false }
        if let literal = IPAddress(host) { return permits(literal) }
        let addresses = await Self.resolve(host)
        return !addresses.isEmpty && addresses.allSatisfy(permits)
    }

    /// Every address `host` resolves to (IPv4 and IPv6); empty when it does not resolve.
    static func resolve(_ host: String) async -> [IPAddress] {
        (try? await NIOThreadPool.singleton.runIfActive { () -> [IPAddress] in
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
            defer { freeaddrinfo(first) }
            var addresses: [IPAddress] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let info = cursor {
                if let sockaddr = info.pointee.ai_addr {
                    switch info.pointee.ai_family {
                    case AF_INET:
                        var address = sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                        addresses.append(IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }))
                    case AF_INET6:
                        var address = sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                        addresses.append(IPAddress(bytes: withUnsafeBytes(of: &address) { Array($0) }))
                    default: break
                    }
                }
                cursor = info.pointee.ai_next
            }
            return addresses
        }) ?? []
    }
}
