import Foundation

/// One row of the province's existing portal's export (issue 15 item 11, `pakn import`), read from a CSV or XLSX
/// sheet whose first row names the columns. Columns are found by their folded names, Vietnamese or English, in any
/// order; unknown columns are ignored:
///
/// | column (any of) | meaning |
/// |---|---|
/// | `Mã hồ sơ`, `Mã phản ánh`, `Mã`, `code` | the old system's code (required, kept searchable) |
/// | `Ngày tiếp nhận`, `Ngày gửi`, `received_at` | reception (required): `dd/MM/yyyy`, `dd/MM/yyyy HH:mm[:ss]`, `yyyy-MM-dd`, ISO 8601, or an Excel day number; Asia/Ho_Chi_Minh unless the text gives an offset |
/// | `Ngày trả lời`, `Ngày hoàn thành`, `answered_at` | the answer's day (same forms) |
/// | `Kênh`, `Kênh tiếp nhận`, `channel` | the channel by its name (`Tổng đài`, `Website`, `Zalo`, …) or code |
/// | `Loại`, `kind` | `Phản ánh` / `Kiến nghị` (default: phản ánh) |
/// | `Lĩnh vực`, `field` | the field by name or code |
/// | `Xã, phường`, `Đơn vị hành chính`, `commune` | the commune by current name or code, or a pre-2025 unit |
/// | `Địa chỉ`, `address` | the address (a pre-2025 address names the commune when the commune column does not) |
/// | `Cơ quan xử lý`, `Cơ quan`, `agency` | the lead agency by name |
/// | `Trạng thái`, `status` | `Đã trả lời`/`Hoàn thành` (answered), `Đang xử lý`/`Mới` (open), `Từ chối` (rejected) |
/// | `Tiêu đề`, `title`; `Nội dung`, `content`; `Trả lời`, `Nội dung trả lời`, `answer` | texts (content required; an answered row needs its answer) |
public struct ArchiveRow: Sendable, Equatable {
    /// What became of the request in the old system.
    public enum Outcome: String, Sendable, Equatable {
        /// Answered there: imported closed, with its answer.
        case answered
        /// Still open there: imported to be triaged.
        case open
        /// Refused there: imported rejected.
        case rejected
    }

    /// The old system's code, as written (at most 60 characters).
    public var sourceCode: String
    /// Reception, an instant (the sheet's local time read in Asia/Ho_Chi_Minh).
    public var receivedAt: Date
    /// The answer's instant, when the sheet gives one.
    public var answeredAt: Date?
    public var channel: Channel
    public var kind: RequestKind
    /// The field as written (a name or a code), looked up by the importer.
    public var field: String?
    /// The commune as written (current name or code, or a pre-2025 unit), looked up by the importer.
    public var commune: String?
    public var address: String
    /// The lead agency's name as written, looked up by the importer.
    public var agency: String?
    public var outcome: Outcome
    /// The title, or the content's first 100 characters when the sheet has none (at most 200 characters).
    public var title: String
    public var content: String
    public var answer: String?

    /// The columns' folded header names, by what they hold.
    static let columns: [String: [String]] = [
        "code": ["ma ho so", "ma phan anh", "ma", "code", "so hieu"],
        "received": ["ngay tiep nhan", "ngay gui", "thoi gian tiep nhan", "received at", "received"],
        "answered": ["ngay tra loi", "ngay hoan thanh", "thoi gian tra loi", "answered at", "answered"],
        "channel": ["kenh", "kenh tiep nhan", "nguon", "channel"],
        "kind": ["loai", "hinh thuc", "kind"],
        "field": ["linh vuc", "field", "service"],
        "commune": ["xa phuong", "xa", "don vi hanh chinh", "dia ban", "commune"],
        "address": ["dia chi", "dia diem", "address"],
        "agency": ["co quan xu ly", "co quan", "don vi xu ly", "agency"],
        "status": ["trang thai", "tinh trang", "status"],
        "title": ["tieu de", "title"],
        "content": ["noi dung", "noi dung phan anh", "content", "description"],
        "answer": ["tra loi", "noi dung tra loi", "ket qua xu ly", "answer"],
    ]

    /// Where each known column is in `header` (folded match), by its role above.
    public static func columnIndex(_ header: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            let folded = VietnameseText.fold(name)
            for (role, names) in columns where index[role] == nil && names.contains(folded) { index[role] = position }
        }
        return index
    }

    /// The header's problems: the required columns it lacks, in Vietnamese (empty when it can be read).
    public static func headerProblems(_ index: [String: Int]) -> [String] {
        [("code", "Mã hồ sơ"), ("received", "Ngày tiếp nhận"), ("content", "Nội dung")]
            .filter { index[$0.0] == nil }.map { "Thiếu cột \"\($0.1)\"." }
    }

    /// Reads one row (`cells` in the header's order). Returns the row or its problems, in Vietnamese, every one.
    public static func read(_ cells: [String], index: [String: Int]) -> Result<ArchiveRow, ArchiveRowProblems> {
        func cell(_ role: String) -> String {
            guard let i = index[role], i < cells.count else { return "" }
            return VietnameseText.sanitizedText(cells[i])
        }
        var problems: [String] = []
        let code = VietnameseText.sanitizedLine(cell("code"))
        if code.isEmpty || code.count > 60 { problems.append("Mã hồ sơ trống hoặc dài quá 60 ký tự.") }
        let received = ArchiveDate.parse(cell("received"))
        if received == nil { problems.append("Ngày tiếp nhận \"\(cell("received"))\" không đọc được (dd/mm/yyyy [hh:mm]).") }
        let answeredText = cell("answered")
        let answered = answeredText.isEmpty ? nil : ArchiveDate.parse(answeredText)
        if !answeredText.isEmpty, answered == nil { problems.append("Ngày trả lời \"\(answeredText)\" không đọc được.") }
        let channelText = cell("channel")
        let channel = channelText.isEmpty ? Channel.web : ArchiveVocabulary.channel(channelText)
        if channel == nil { problems.append("Kênh \"\(channelText)\" không rõ.") }
        let kindText = VietnameseText.fold(cell("kind"))
        let kind: RequestKind = kindText.hasPrefix("kien nghi") || kindText == "kien_nghi" ? .petition : .report
        let statusText = cell("status")
        let outcome = ArchiveVocabulary.outcome(statusText, hasAnswer: !cell("answer").isEmpty)
        if outcome == nil { problems.append("Trạng thái \"\(statusText)\" không rõ.") }
        let content = cell("content")
        if content.isEmpty { problems.append("Nội dung trống.") }
        let answer = cell("answer")
        if outcome == .answered, answer.isEmpty { problems.append("Đã trả lời nhưng thiếu nội dung trả lời.") }
        if let received, let answered, answered < received { problems.append("Ngày trả lời trước ngày tiếp nhận.") }
        guard problems.isEmpty, let received, let channel, let outcome else { return .failure(ArchiveRowProblems(problems)) }
        var title = VietnameseText.sanitizedLine(cell("title"))
        if title.isEmpty { title = String(VietnameseText.sanitizedLine(content).prefix(100)) }
        return .success(ArchiveRow(
            sourceCode: code, receivedAt: received, answeredAt: answered, channel: channel, kind: kind,
            field: cell("field").isEmpty ? nil : VietnameseText.sanitizedLine(cell("field")),
            commune: cell("commune").isEmpty ? nil : VietnameseText.sanitizedLine(cell("commune")),
            address: VietnameseText.sanitizedLine(cell("address")),
            agency: cell("agency").isEmpty ? nil : VietnameseText.sanitizedLine(cell("agency")),
            outcome: outcome, title: String(title.prefix(200)), content: content, answer: answer.isEmpty ? nil : answer))
    }
}

/// Why a row was not imported, in Vietnamese.
public struct ArchiveRowProblems: Error, Sendable, Equatable {
    /// Every problem of the row, in Vietnamese, in the order of the columns.
    public let messages: [String]
    /// Problems as given.
    public init(_ messages: [String]) { self.messages = messages }
}

/// The words of old exports: channels and statuses as provincial portals write them.
public enum ArchiveVocabulary {
    /// A channel from its name or code ("Tổng đài 1022", "Website", "Cổng thông tin", "Zalo", "Facebook", "Thư điện
    /// tử", "SMS", "Trực tiếp", "Cổng DVC quốc gia"), or `nil`.
    public static func channel(_ text: String) -> Channel? {
        let folded = VietnameseText.fold(text)
        if let exact = Channel(rawValue: text.trimmingCharacters(in: .whitespaces)) { return exact }
        if let labelled = Channel.allCases.first(where: { VietnameseText.fold($0.label) == folded }) { return labelled }
        let words: [(String, Channel)] = [
            ("tong dai", .phone), ("dien thoai", .phone), ("hotline", .phone), ("1022", .phone),
            ("dich vu cong quoc gia", .nationalPortal), ("dvc quoc gia", .nationalPortal),
            ("website", .web), ("cong thong tin", .web), ("trang web", .web), ("ung dung", .web), ("app", .web),
            ("zalo", .zalo), ("facebook", .messenger), ("messenger", .messenger),
            ("thu dien tu", .email), ("email", .email), ("e mail", .email), ("sms", .sms), ("tin nhan", .sms),
            ("truc tiep", .walkIn), ("van ban", .walkIn), ("buu chinh", .walkIn),
        ]
        return words.first { folded.contains($0.0) }?.1
    }

    /// An outcome from a status ("Đã trả lời", "Hoàn thành", "Đã xử lý", "Đang xử lý", "Chờ xử lý", "Mới tiếp nhận",
    /// "Từ chối", "Không thụ lý"); an empty status is answered when the row has an answer, open otherwise; `nil` for
    /// a status not understood.
    public static func outcome(_ text: String, hasAnswer: Bool) -> ArchiveRow.Outcome? {
        let folded = VietnameseText.fold(text)
        if folded.isEmpty { return hasAnswer ? .answered : .open }
        if ["tu choi", "khong thu ly", "khong tiep nhan", "rejected"].contains(where: folded.contains) { return .rejected }
        if ["da tra loi", "hoan thanh", "da xu ly", "da giai quyet", "da cong khai", "answered", "closed", "done"].contains(where: folded.contains) { return .answered }
        if ["dang xu ly", "cho xu ly", "moi", "chua xu ly", "dang giai quyet", "open", "new"].contains(where: folded.contains) { return .open }
        return nil
    }
}

/// Dates of old exports, in Asia/Ho_Chi_Minh unless they carry an offset.
public enum ArchiveDate {
    /// `dd/MM/yyyy`, `dd/MM/yyyy HH:mm[:ss]`, `dd-MM-yyyy…`, `yyyy-MM-dd[ HH:mm[:ss]]`, ISO 8601 with an offset, or an
    /// Excel day number (days since 1899-12-30, with a fraction for the time); `nil` otherwise or for a day that
    /// does not exist (31/02).
    public static func parse(_ text: String) -> Date? {
        let s = text.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { return nil }
        if let serial = Double(s), serial > 1, serial < 2_958_466 {
            // Excel's day 1 is 1900-01-01 with its fictitious 29/02/1900: from 1900-03-01 on, day n is 1899-12-30 + n.
            let seconds = (serial * 86_400).rounded()
            return Date(timeIntervalSince1970: -2_209_161_600 + seconds - Double(VietnamTime.secondsFromGMT))
        }
        if s.contains("T"), let iso = ISO8601DateFormatter().date(from: s) { return iso }
        let parts = s.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        let dayParts = parts[0].split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).compactMap { Int($0) }
        guard dayParts.count == 3 else { return nil }
        let (year, month, day) = dayParts[0] > 31 ? (dayParts[0], dayParts[1], dayParts[2]) : (dayParts[2], dayParts[1], dayParts[0])
        guard let solar = SolarDay(year: year, month: month, day: day) else { return nil }
        var seconds = 0
        if parts.count > 1 {
            let time = parts[1].split(separator: ":").compactMap { Int($0) }
            guard (2...3).contains(time.count), (0..<24).contains(time[0]), (0..<60).contains(time[1]),
                  time.count == 2 || (0..<60).contains(time[2]) else { return nil }
            seconds = time[0] * 3600 + time[1] * 60 + (time.count == 3 ? time[2] : 0)
        }
        return solar.startDate(in: VietnamTime.timeZone).addingTimeInterval(Double(seconds))
    }
}
