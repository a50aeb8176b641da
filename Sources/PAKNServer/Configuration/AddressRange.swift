import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address as its bytes (4 or 16), parsed with `inet_pton`.
struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 bytes (IPv6), network order.
    let bytes: [UInt8]

    /// Parses `text` (`192.0.2.1`, `2001:db8::1`, `[::1]`); `nil` for anything else.
    init?(_ text: String) {
        let trimmed = text.hasPrefix("[") && text.hasSuffix("]") ? String(text.dropFirst().dropLast()) : text
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, trimmed, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, trimmed, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    var isIPv4: Bool { bytes.count == 4 }

    /// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or NAT64 (`64:ff9b::a.b.c.d`) IPv6 address.
    var embeddedIPv4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        let nat64 = bytes[0...3] == [0x00, 0x64, 0xFF, 0x9B] && bytes[4..<12].allSatisfy { $0 == 0 }
        return mapped || nat64 ? IPAddress(bytes: Array(bytes[12...])) : nil
    }

    var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }

    /// Loopback, private (RFC 1918, unique local), link-local, carrier-grade NAT, multicast, reserved, unspecified or
    /// documentation-only: an address no provider's CDN uses, and one a server-side fetch must not reach
    /// (RFC 6890 special-purpose registries).
    var isInternal: Bool {
        if let v4 = embeddedIPv4 { return v4.isInternal }
        return Self.internalRanges.contains { $0.contains(self) }
    }

    static let internalRanges: [AddressRange] = ([
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "2001:db8::/32", "100::/64",
    ] as [String]).compactMap { AddressRange($0) }
}

/// A CIDR block (`10.0.0.0/8`, `fd00::/8`; a bare address is a block of one), for `PAKN_FETCH_ALLOW` and
/// `PAKN_TRUSTED_PROXIES`.
struct AddressRange: Hashable, Sendable, CustomStringConvertible {
    let network: IPAddress
    /// Prefix length in bits.
    let prefix: Int

    /// Parses `a.b.c.d/n`, `x::y/n` or a bare address; `nil` when malformed or the prefix is out of range.
    init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let address = IPAddress(first) else { return nil }
        let bits = address.bytes.count * 8
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), (0...bits).contains(prefix) else { return nil }
            self.prefix = prefix
        } else {
            self.prefix = bits
        }
        network = address
    }

    /// Whether `address` lies in the block; an IPv4-mapped or NAT64 IPv6 address is compared as its IPv4 address
    /// against an IPv4 block.
    func contains(_ address: IPAddress) -> Bool {
        if network.isIPv4, let v4 = address.embeddedIPv4 { return contains(v4) }
        guard address.bytes.count == network.bytes.count else { return false }
        var remaining = prefix
        for (a, b) in zip(address.bytes, network.bytes) where remaining > 0 {
            let take = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - take))
            if a & mask != b & mask { return false }
            remaining -= take
        }
        return true
    }

    var description: String { "\(network)/\(prefix)" }

    /// A comma-separated list; malformed entries are returned apart so the caller can refuse to start.
    static func list(_ text: String?) -> (ranges: [AddressRange], invalid: [String]) {
        var ranges: [AddressRange] = [], invalid: [String] = []
        for entry in (text ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            if let range = AddressRange(entry) { ranges.append(range) } else { invalid.append(entry) }
        }
        return (ranges, invalid)
    }
}
