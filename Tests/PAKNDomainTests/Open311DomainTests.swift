import Foundation
import PAKNDomain
import Testing

@Suite("Open311 in the domain: W3C datetimes, titles and names, partner statuses, extra questions")
struct Open311DomainTests {
    @Test("W3C datetimes are written in Vietnam time, +07:00, whole seconds")
    func format() {
        #expect(W3CDateTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T07:00:00+07:00")
        #expect(W3CDateTime.format(Date(timeIntervalSince1970: 1_764_460_800.75)) == "2025-11-30T07:00:00+07:00")
        // 2024-02-29 16:59:59 UTC is 23:59:59 in Vietnam; one second later it is 1 March there.
        #expect(W3CDateTime.format(Date(timeIntervalSince1970: 1_709_225_999)) == "2024-02-29T23:59:59+07:00")
        #expect(W3CDateTime.format(Date(timeIntervalSince1970: 1_709_226_000)) == "2024-03-01T00:00:00+07:00")
    }

    @Test("W3C datetimes are read in every form a client sends", arguments: [
        ("2010-01-01T00:00:00Z", 1_262_304_000.0),
        ("2010-01-01T07:00:00+07:00", 1_262_304_000),
        ("2010-01-01T07:00:00+0700", 1_262_304_000),
        ("2009-12-31T16:00:00-08:00", 1_262_304_000),
        ("2010-01-01T00:00:00.123Z", 1_262_304_000),
        ("2010-01-01T07:00", 1_262_304_000),
        ("2010-01-01", 1_262_278_800),
        ("2010-01-01T07:00:00", 1_262_304_000),
    ])
    func parse(_ text: String, _ seconds: Double) {
        #expect(W3CDateTime.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test("malformed or impossible datetimes are refused", arguments: [
        "", "yesterday", "2010-1-1", "2010-02-30", "2010-13-01", "2010-01-01T24:00:00Z", "2010-01-01T10:60Z",
        "2010-01-01T10:00:00+25:00", "2010-01-01T10:00:00Zjunk", "2010-01-01T10:00:00.Z", "20100101",
    ])
    func parseInvalid(_ text: String) {
        #expect(W3CDateTime.parse(text) == nil)
    }

    @Test("format and parse round-trip")
    func roundTrip() {
        for seconds in stride(from: 0.0, to: 2_000_000_000, by: 97_654_321) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(W3CDateTime.parse(W3CDateTime.format(date)) == date)
        }
    }

    @Test("titles come from the description's first line, cut at a word to 80 characters")
    func titles() {
        #expect(Open311Intake.title(fromDescription: "Ổ gà lớn\n\nChi tiết") == "Ổ gà lớn")
        #expect(Open311Intake.title(fromDescription: "\n  \n  Cây đổ  \nx") == "Cây đổ")
        let long = String(repeating: "đường hư ", count: 20)
        let title = Open311Intake.title(fromDescription: long)
        #expect(title.count <= 80 && title.hasSuffix("…") && !title.dropLast().hasSuffix(" "))
        let word = String(repeating: "a", count: 100)
        #expect(Open311Intake.title(fromDescription: word).count == 80)
    }

    @Test("first_name and last_name join back into the full name FixMyStreet split")
    func names() {
        #expect(Open311Intake.fullName(first: "Nguyễn", last: "Văn An") == "Nguyễn Văn An")
        #expect(Open311Intake.fullName(first: " Lê ", last: nil) == "Lê")
        #expect(Open311Intake.fullName(first: "", last: "") == "")
    }

    @Test("partner statuses map onto the lead agency's moves; everything else is a note")
    func partnerStatuses() {
        #expect(PartnerUpdateStatus(wire: "in_progress") == .inProgress)
        #expect(PartnerUpdateStatus(wire: "MAYBE") == nil)
        #expect(PartnerUpdateStatus.inProgress.agencyMoves(from: .forwarded) == [.accept])
        #expect(PartnerUpdateStatus.fixed.agencyMoves(from: .forwarded) == [.accept, .answer])
        #expect(PartnerUpdateStatus.closed.agencyMoves(from: .accepted) == [.answer])
        #expect(PartnerUpdateStatus.notCouncilsResponsibility.agencyMoves(from: .accepted) == [.returnToCoordinator])
        #expect(PartnerUpdateStatus.fixed.agencyMoves(from: .received).isEmpty)
        #expect(PartnerUpdateStatus.duplicate.agencyMoves(from: .accepted).isEmpty)
        #expect(PartnerUpdateStatus.reopen.agencyMoves(from: .published).isEmpty)
        // Every planned sequence is allowed to the agency's officer by the workflow table, with a note.
        for status in PartnerUpdateStatus.allCases {
            for from in RequestStatus.allCases {
                var current = from
                for action in status.agencyMoves(from: from) {
                    let next = try? Workflow.transition(action, from: current, by: .staff(.agencyOfficer), note: "ghi chú")
                    #expect(next != nil, "\(status) from \(from): \(action)")
                    current = next ?? current
                }
            }
        }
        #expect(RequestStatus.allCases.map(\.partnerUpdateStatus).allSatisfy { $0 == $0.lowercased() })
    }

    static let questions: [ServiceAttributeDefinition] = [
        .init(code: "info", variable: false, datatype: .text, required: true, description: "Thông tin", order: 1),
        .init(code: "size", datatype: .singlevaluelist, required: true, description: "Kích thước", order: 2,
              values: [.init(key: "s", name: "Nhỏ"), .init(key: "l", name: "Lớn")]),
        .init(code: "who", datatype: .multivaluelist, required: false, description: "Ai", order: 3,
              values: [.init(key: "a", name: "Xe máy"), .init(key: "b", name: "Ô tô")]),
        .init(code: "lanes", datatype: .number, required: false, description: "Số làn", order: 4),
        .init(code: "when", datatype: .datetime, required: false, description: "Lúc", order: 5),
        .init(code: "near", datatype: .string, required: false, description: "Gần", order: 6),
        .init(code: "more", datatype: .text, required: false, description: "Thêm", order: 7),
    ]

    @Test("answers to extra questions: every datatype checked, list keys shown by name, informational entries ignored")
    func attributes() throws {
        let ok = ServiceAttributeDefinition.validate(
            ["size": ["l"], "who": ["a", "b"], "lanes": ["2,5"], "when": ["2026-11-30T07:00:00+07:00"], "near": ["Cột 12"], "more": ["Dòng 1\nDòng 2"], "x": ["?"]],
            against: Self.questions)
        let answers = try ok.get()
        #expect(answers.map(\.question) == ["Kích thước", "Ai", "Số làn", "Lúc", "Gần", "Thêm"])
        #expect(answers.map(\.answer) == ["Lớn", "Xe máy, Ô tô", "2,5", "2026-11-30T07:00:00+07:00", "Cột 12", "Dòng 1\nDòng 2"])

        let bad = ServiceAttributeDefinition.validate(
            ["size": ["s", "l"], "who": ["c"], "lanes": ["hai"], "when": ["mai"], "near": ["a\nb"], "more": ["<script>x</script>"]],
            against: Self.questions)
        guard case .failure(let failure) = bad else { Issue.record("expected errors"); return }
        #expect(failure.errors.map(\.field) == ["attribute[size]", "attribute[who]", "attribute[lanes]", "attribute[when]", "attribute[near]", "attribute[more]"])
        guard case .failure(let missing) = ServiceAttributeDefinition.validate([:], against: Self.questions) else { Issue.record("expected errors"); return }
        #expect(missing.errors.map(\.field) == ["attribute[size]"])
        #expect(ServiceAttributeDefinition.isValidCode("kich_thuoc") && !ServiceAttributeDefinition.isValidCode("Kích") && !ServiceAttributeDefinition.isValidCode("a"))
    }
}
