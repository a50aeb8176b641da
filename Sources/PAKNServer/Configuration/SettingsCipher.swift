import Crypto
import Foundation

/// Encrypts secret settings at rest (channel secrets set on `/quan-tri/kenh-ket-noi`) with AES-256-GCM.
///
/// The key is `PAKN_SETTINGS_KEY` (base64 of exactly 32 bytes) when set; otherwise the file `settings.key` in the
/// data directory (base64 of 32 random bytes, mode 0600), generated once by the first process that needs it. Every
/// process that reads the same database (`pakn serve`, `pakn jobs`, `pakn mail receive`, on every machine) must
/// use the same key: with several machines, set `PAKN_SETTINGS_KEY` rather than relying on the file. Losing the key
/// makes the stored secrets unreadable: they are then ignored (the environment's value applies) until set again.
///
/// Stored shape: `enc:v1:` + base64(nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)); the setting's name is the
/// authenticated data, so a ciphertext copied onto another setting does not open.
public struct SettingsCipher: Sendable {
    /// The prefix of every value this cipher writes.
    public static let prefix = "enc:v1:"
    /// The key file's name inside the data directory.
    public static let keyFileName = "settings.key"

    /// Why no key could be had.
    public enum Failure: Error, CustomStringConvertible {
        /// `PAKN_SETTINGS_KEY` is not base64 of 32 bytes.
        case invalidEnvironmentKey
        /// The key file exists but does not hold base64 of 32 bytes.
        case invalidKeyFile(String)
        /// The key file could not be created or read (`errno` text).
        case keyFileUnavailable(String)

        public var description: String {
            switch self {
            case .invalidEnvironmentKey: "PAKN_SETTINGS_KEY must be base64 of exactly 32 bytes (openssl rand -base64 32)"
            case .invalidKeyFile(let path): "\(path) must hold base64 of exactly 32 bytes"
            case .keyFileUnavailable(let why): "settings key file unavailable: \(why)"
            }
        }
    }

    private let key: SymmetricKey

    /// A cipher with the given 32-byte key.
    public init(key: SymmetricKey) { self.key = key }

    /// A 32-byte key for another purpose, derived from this one with HKDF-SHA256 (RFC 5869) and `purpose` as its
    /// info: the settings key itself never leaves this type, and every node with the same settings key derives the
    /// same one (the visitors' cookie, `VisitorCookie`).
    func derivedKey(for purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.utf8), outputByteCount: 32)
    }

    /// The cipher of this deployment: `environmentKey` (`PAKN_SETTINGS_KEY`, base64 of 32 bytes) when given, else the
    /// key file in `dataDirectory`, created (0600) when missing. Throws ``Failure``.
    public static func load(environmentKey: String?, dataDirectory: URL) throws -> SettingsCipher {
        if let environmentKey, !environmentKey.isEmpty {
            guard let bytes = Data(base64Encoded: environmentKey.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
                throw Failure.invalidEnvironmentKey
            }
            return SettingsCipher(key: SymmetricKey(data: bytes))
        }
        return try SettingsCipher(key: keyFile(in: dataDirectory))
    }

    /// Reads `settings.key`, or creates it atomically: written to a private temporary file and hard-linked into
    /// place, so two processes starting at once end up with the same key and nobody reads a half-written file.
    static func keyFile(in directory: URL) throws -> SymmetricKey {
        let path = directory.appendingPathComponent(keyFileName).path
        if let existing = FileManager.default.contents(atPath: path) { return try parse(existing, path: path) }
        let fresh = SymmetricKey(size: .bits256)
        let text = Data((fresh.withUnsafeBytes { Data($0) }.base64EncodedString() + "\n").utf8)
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw Failure.keyFileUnavailable(String(cString: strerror(errno))) }
        defer { unlink(temporary) }
        _ = fchmod(fd, 0o600)
        let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        _ = fsync(fd)
        close(fd)
        guard written == text.count else { throw Failure.keyFileUnavailable("short write") }
        if link(temporary, path) != 0 {
            guard errno == EEXIST, let existing = FileManager.default.contents(atPath: path) else {
                throw Failure.keyFileUnavailable(String(cString: strerror(errno)))
            }
            return try parse(existing, path: path)
        }
        return fresh
    }

    private static func parse(_ data: Data, path: String) throws -> SymmetricKey {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: text), bytes.count == 32 else { throw Failure.invalidKeyFile(path) }
        return SymmetricKey(data: bytes)
    }

    /// `plaintext` sealed for the setting `name`: `enc:v1:<base64>` (a fresh random 96-bit nonce each time).
    public func seal(_ plaintext: String, name: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Data(name.utf8))
        guard let combined = box.combined else { throw Failure.keyFileUnavailable("nonce") }
        return Self.prefix + combined.base64EncodedString()
    }

    /// The plaintext of a value written by ``seal(_:name:)`` for `name`, or `nil` when it is not of that shape, was
    /// sealed with another key or for another setting, or was altered.
    public func unseal(_ stored: String, name: String) -> String? {
        guard stored.hasPrefix(Self.prefix), let combined = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let plain = try? AES.GCM.open(box, using: key, authenticating: Data(name.utf8)) else { return nil }
        return String(data: plain, encoding: .utf8)
    }
}
