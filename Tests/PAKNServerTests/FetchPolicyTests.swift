import Foundation
@testable import PAKNServer
import Testing

/// Server-side fetches never reach internal addresses, whatever signed the event (issue 11 item 14). Only loopback
/// addresses are ever connected to here; the other ranges are checked without any traffic.
@Suite("Server-side fetches")
struct FetchPolicyTests {
    @Test("internal addresses by RFC 6890; public ones pass")
    func internalRanges() throws {
        for text in ["127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
                     "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd12:3456::1", "ff02::1",
                     "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "[::1]"] {
            let address = try #require(IPAddress(text), "\(text) parses")
            #expect(address.isInternal, "\(text) is internal")
        }
        for text in ["8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "113.160.92.10", "2001:4860:4860::8888", "::ffff:8.8.8.8"] {
            let address = try #require(IPAddress(text), "\(text) parses")
            #expect(!address.isInternal, "\(text) is public")
        }
        #expect(IPAddress("localhost") == nil && IPAddress("1.2.3") == nil && IPAddress("1.2.3.256") == nil)
    }

    @Test("CIDR blocks: parsing and membership")
    func cidr() throws {
        let block = try #require(AddressRange("172.16.0.0/12"))
        #expect(block.contains(try #require(IPAddress("172.31.0.1"))))
        #expect(!block.contains(try #require(IPAddress("172.32.0.1"))))
        let single = try #require(AddressRange("127.0.0.1"))
        let one = try #require(IPAddress("127.0.0.1")), two = try #require(IPAddress("127.0.0.2"))
        #expect(single.prefix == 32)
        #expect(single.contains(one))
        #expect(!single.contains(two))
        #expect(try #require(AddressRange("fd00::/8")).contains(try #require(IPAddress("fd12::1"))))
        #expect(AddressRange("10.0.0.0/33") == nil && AddressRange("10.0.0.0/x") == nil && AddressRange("nope") == nil)
        // An IPv4 block holds the IPv4-mapped and NAT64 forms of its addresses too.
        let mapped = try #require(IPAddress("::ffff:172.20.0.1")), nat64 = try #require(IPAddress("64:ff9b::ac14:1"))
        #expect(block.contains(mapped))
        #expect(block.contains(nat64))
        #expect(!single.contains(try #require(IPAddress("::ffff:127.0.0.2"))))
        let list = AddressRange.list("127.0.0.1/32, ::1 ,bad/99")
        #expect(list.ranges.count == 2 && list.invalid == ["bad/99"])
    }

    @Test("a link to an internal host, or a redirect to one, is refused before any connection; PAKN_FETCH_ALLOW lets one in")
    func refusedBeforeConnecting() async throws {
        let peer = try await FilePeer.start()
        do {
            peer.serve("/file", .file(Data("ảnh".utf8), contentType: "image/jpeg"))
            peer.serve("/redirect", .redirect("http://127.0.0.2:\(peer.port)/file"))
            let nothingAllowed = FetchPolicy()
            let onlyThePeer = FetchPolicy(allowed: AddressRange.list("127.0.0.1/32").ranges)
            // Without PAKN_FETCH_ALLOW the peer itself (loopback) is refused; the name localhost too.
            #expect(try await CappedDownload.fetch("\(peer.baseURL)/file", maxBytes: 1000, policy: nothingAllowed) == .refusedURL)
            #expect(try await CappedDownload.fetch("http://localhost:\(peer.port)/file", maxBytes: 1000, policy: nothingAllowed) == .refusedURL)
            #expect(peer.getCount("/file") == 0)
            // Allowed: fetched.
            #expect(try await CappedDownload.fetch("\(peer.baseURL)/file", maxBytes: 1000, policy: onlyThePeer) == .body(Data("ảnh".utf8)))
            #expect(peer.getCount("/file") == 1)
            // A redirect to another loopback address (not allowed) is refused, not followed.
            #expect(try await CappedDownload.fetch("\(peer.baseURL)/redirect", maxBytes: 1000, policy: onlyThePeer) == .refusedURL)
            #expect(peer.getCount("/redirect") == 1 && peer.getCount("/file") == 1)
            // IPv6 loopback and the IPv4-mapped form of an allowed address's neighbour: refused.
            #expect(try await CappedDownload.fetch("http://[::1]:\(peer.port)/file", maxBytes: 1000, policy: onlyThePeer) == .refusedURL)
            #expect(try await CappedDownload.fetch("http://[::ffff:127.0.0.2]:\(peer.port)/file", maxBytes: 1000, policy: onlyThePeer) == .refusedURL)
        } catch {
            await peer.stop()
            throw error
        }
        await peer.stop()
    }
}
