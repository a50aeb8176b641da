import Foundation
import Logging

/// Log lines as JSON objects, one per line, for a log collector (`PAKN_LOG_FORMAT=json`, issue 15 item 2):
/// `{"label":…,"level":…,"message":…,"metadata":{…},"source":…,"time":…}` with keys sorted, time in ISO 8601 UTC with
/// milliseconds, and every request's lines carrying its `request-id` (Vapor puts it in the request logger's
/// metadata). JSON escaping keeps a newline inside a message on the same line, so nothing from outside can forge a
/// line. Messages are already free of secrets and personal values (`RequestLogMiddleware`, `LogRedaction`).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    /// A handler writing to standard error, or to `write` (tests).
    public init(label: String, write: (@Sendable (String) -> Void)? = nil) {
        self.label = label
        self.write = write ?? { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        var merged = metadata
        explicit?.forEach { merged[$0.key] = $0.value }
        let object: [String: Any] = [
            "time": Self.timestamp(Date()), "level": level.rawValue, "label": label, "source": source,
            "message": message.description, "metadata": merged.mapValues(Self.json),
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self))
    }

    static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let s): s
        case .stringConvertible(let c): c.description
        case .array(let a): a.map(json)
        case .dictionary(let d): d.mapValues(json)
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
