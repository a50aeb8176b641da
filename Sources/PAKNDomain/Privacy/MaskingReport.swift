import Foundation

/// Masking of a text for command-line tools and other programs that count in Unicode scalars (Python `str`
/// indices, JSON consumers): the masked text and the masked spans as Unicode-scalar offsets into the NFC form of
/// the input (Luật 91/2025/QH15, NĐ 356/2025/NĐ-CP; see ``Masking``).
///
/// Encoded as JSON it reads `{"text": "…", "spans": [{"start": 4, "end": 18, "kind": "name"}, …]}`.
public struct MaskingReport: Sendable, Equatable, Codable {
    /// One masked span.
    public struct Span: Sendable, Equatable, Codable {
        /// Offset of the span's first Unicode scalar in the NFC-normalised input (0-based).
        public let start: Int
        /// Offset just after the span's last Unicode scalar in the NFC-normalised input (exclusive).
        public let end: Int
        /// What was masked; encoded as its raw value (`"name"`, `"phone"`, `"dateOfBirth"`, …).
        public let kind: PersonalDataKind

        /// - Parameters:
        ///   - start: first Unicode scalar, 0-based, in the NFC input.
        ///   - end: one past the last Unicode scalar (exclusive).
        ///   - kind: the kind of personal data.
        public init(start: Int, end: Int, kind: PersonalDataKind) {
            self.start = start
            self.end = end
            self.kind = kind
        }
    }

    /// The NFC-normalised input with every span replaced by its kind's ``PersonalDataKind/placeholder``.
    public let text: String
    /// The masked spans in text order, not overlapping, as offsets into the NFC input (not into ``text``).
    public let spans: [Span]

    /// - Parameters:
    ///   - text: the masked text.
    ///   - spans: the spans, as Unicode-scalar offsets into the NFC input.
    public init(text: String, spans: [Span]) {
        self.text = text
        self.spans = spans
    }
}

extension Masking {
    /// Normalises `text` to NFC, masks it, and reports the spans as Unicode-scalar offsets into the NFC text.
    ///
    /// - Parameter text: any Unicode text (NFC or NFD).
    /// - Returns: the masked NFC text and the spans (`start` inclusive, `end` exclusive, in Unicode scalars of the
    ///   NFC input).
    public func report(_ text: String) -> MaskingReport {
        let nfc = VietnameseText.nfc(text)
        let result = mask(nfc)
        let scalars = nfc.unicodeScalars
        var spans: [MaskingReport.Span] = []
        var offset = 0
        var index = scalars.startIndex
        // Spans are in text order: walk the scalars once.
        for span in result.spans {
            offset += scalars.distance(from: index, to: span.range.lowerBound)
            let start = offset
            offset += scalars.distance(from: span.range.lowerBound, to: span.range.upperBound)
            index = span.range.upperBound
            spans.append(MaskingReport.Span(start: start, end: offset, kind: span.kind))
        }
        return MaskingReport(text: result.text, spans: spans)
    }

    /// ``report(_:)`` with the automatic rules only (no known names or values): for a command-line tool given text.
    ///
    /// - Parameter text: any Unicode text; it is normalised to NFC first.
    /// - Returns: the masked NFC text and the spans as Unicode-scalar offsets into the NFC text.
    public static func scalarSpans(of text: String) -> MaskingReport {
        Masking().report(text)
    }

    /// ``scalarSpans(of:)`` of UTF-8 bytes (e.g. standard input). Ill-formed UTF-8 sequences are decoded as U+FFFD
    /// (one replacement scalar each, as `String(decoding:as:)` does), so offsets still count scalars of valid text.
    ///
    /// - Parameter bytes: UTF-8 encoded text.
    /// - Returns: the masked NFC text and the spans as Unicode-scalar offsets into the NFC text.
    public static func scalarSpans(ofUTF8 bytes: some Collection<UInt8>) -> MaskingReport {
        scalarSpans(of: String(decoding: bytes, as: UTF8.self))
    }
}
