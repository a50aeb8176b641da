import Foundation
import Vapor

/// The client's address as rate limits and audit see it (issue 11 item 9).
///
/// Behind nginx every request comes from the proxy's address, so limits keyed on it would put every citizen of
/// the province in one bucket. The forwarding headers are read only from a peer listed in `PAKN_TRUSTED_PROXIES`
/// (CIDRs), and only as far as the chain is trusted: `Forwarded: for=…` (RFC 7239) when present, else
/// `X-Forwarded-For`, walked from the right (the hop nearest us), skipping trusted proxies; the first untrusted
/// address is the client. From any other peer the headers are ignored: a client cannot choose its own address.
enum ClientAddress {
    /// The client's address for `peer` (the TCP peer) and the request's headers; `nil` without a peer.
    static func resolve(peer: String?, headers: HTTPHeaders, trustedProxies: [AddressRange]) -> String? {
        guard let peer else { return nil }
        guard !trustedProxies.isEmpty, let peerAddress = IPAddress(peer), isTrusted(peerAddress, trustedProxies) else { return peer }
        let chain = forwardedChain(headers)
        for hop in chain.reversed() {
            guard let address = IPAddress(hop) else { return peer }  // a malformed hop: trust nothing beyond it
            if !isTrusted(address, trustedProxies) { return address.description }
        }
        return chain.first.flatMap(IPAddress.init)?.description ?? peer
    }

    static func isTrusted(_ address: IPAddress, _ ranges: [AddressRange]) -> Bool {
        ranges.contains { $0.contains(address) }
    }

    /// The client-to-proxy chain, leftmost first: the `for=` values of `Forwarded` (RFC 7239 §4, quotes, `[v6]` and
    /// ports removed), else the entries of `X-Forwarded-For`.
    static func forwardedChain(_ headers: HTTPHeaders) -> [String] {
        let forwarded = headers[.forwarded]
        if !forwarded.isEmpty {
            return forwarded.flatMap { $0.split(separator: ",") }.compactMap { element -> String? in
                for pair in element.split(separator: ";") {
                    let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard parts.count == 2, parts[0].lowercased() == "for" else { continue }
                    var value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    if value.hasPrefix("["), let end = value.firstIndex(of: "]") { value = String(value[value.index(after: value.startIndex)..<end]) }
                    else if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") { value = String(value[..<colon]) }
                    return value
                }
                return nil
            }
        }
        return headers[.xForwardedFor].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

/// Failed logins slow down instead of locking out (issue 11 item 9): after `freeFailures` failures within the
/// window, for the account or for the address, each attempt waits `base × 2^(n − freeFailures)` seconds, at most
/// `maximum` — whichever of the account's and the address's is longer. Nobody can lock an officer out by typing
/// wrong passwords for them; guessing slows to a few attempts a minute.
struct LoginThrottle: Sendable {
    /// Failures before any delay.
    var freeFailures = 3
    /// The first delay, in seconds.
    var base: Double = 1
    /// The longest delay, in seconds.
    var maximum: Double = 30

    /// The delay (seconds) before checking a password after `failures` failures in the window.
    func delay(afterFailures failures: Int) -> Double {
        guard failures >= freeFailures, maximum > 0 else { return 0 }
        let exponent = min(failures - freeFailures, 16)
        return min(base * pow(2, Double(exponent)), maximum)
    }
}
