import Foundation
import PAKNDomain
import Testing

/// The `pakn-sync/1` record and the portal's incoming line (issue 15 item 8; docs/national-portal-sync.md).
@Suite("National portal sync in the domain: the record's JSON, the national-style stages, the incoming line")
struct NationalSyncRecordTests {
    @Test("every status has its national-style stage, as the table of docs/national-portal-sync.md says")
    func stages() {
        let table: [RequestStatus: String] = [
            .received: "da_tiep_nhan", .returned: "da_tiep_nhan",
            .forwarded: "dang_xu_ly", .accepted: "dang_xu_ly", .answered: "dang_xu_ly", .approved: "dang_xu_ly", .reopened: "dang_xu_ly",
            .awaitingCitizen: "cho_bo_sung", .published: "da_tra_loi",
            .rejected: "khong_tiep_nhan", .redirectedToEmergency: "khong_tiep_nhan", .duplicate: "khong_tiep_nhan",
            .closed: "ket_thuc", .referredToComplaintProcedure: "chuyen_khieu_nai_to_cao",
        ]
        #expect(Set(table.keys) == Set(RequestStatus.allCases))
        for (status, code) in table { #expect(NationalSyncStatus(status).rawValue == code, "\(status)") }
        #expect(NationalSyncStatus.daTraLoi.label == "Đã trả lời")
    }

    @Test("moves into or out of the complaint procedure are not reported; the others are")
    func exportable() {
        #expect(NationalSyncRecord.exportable(from: nil, to: .received))
        #expect(NationalSyncRecord.exportable(from: .approved, to: .published))
        #expect(!NationalSyncRecord.exportable(from: .received, to: .referredToComplaintProcedure))
        #expect(!NationalSyncRecord.exportable(from: .referredToComplaintProcedure, to: .received))
    }

    @Test("the record is one line of sorted snake_case keys, instants in +07:00, absent values left out, and reads back")
    func json() throws {
        let record = NationalSyncRecord(
            trackingCode: "1234567894", kind: .petition, channel: .nationalPortal,
            receivedAt: Date(timeIntervalSince1970: 1_772_413_200), updatedAt: Date(timeIntervalSince1970: 1_772_416_800.9),
            field: nil, commune: .init(code: "21583", name: "Phường Quy Nhơn"), leadAgency: nil, status: .received, dueAt: nil,
            statusChanges: [.init(at: "2026-03-02T08:00:00+07:00", from: nil, to: "received", action: "created", label: "Tiếp nhận", note: nil)],
            answer: nil, rating: .init(stars: 4, ratedAt: nil), nationalPortalID: "H21-0001")
        let text = String(decoding: try NationalSyncRecord.encoder().encode(record), as: UTF8.self)
        // 1_772_413_200 is 2026-03-02 01:00:00 UTC, 08:00 in Vietnam; fractions of a second are cut.
        #expect(text == #"{"channel":{"code":"nationalPortal","label":"Cổng DVC quốc gia"},"commune":{"code":"21583","name":"Phường Quy Nhơn"},"kind":{"code":"kien_nghi","label":"Kiến nghị"},"national_portal_id":"H21-0001","rating":{"stars":4},"received_at":"2026-03-02T08:00:00+07:00","schema":"pakn-sync/1","status":{"code":"received","label":"Mới tiếp nhận","national_code":"da_tiep_nhan","national_label":"Đã tiếp nhận"},"status_changes":[{"action":"created","at":"2026-03-02T08:00:00+07:00","label":"Tiếp nhận","to":"received"}],"tracking_code":"123-456-7894","updated_at":"2026-03-02T09:00:00+07:00"}"#)
        #expect(try NationalSyncRecord.decoder().decode(NationalSyncRecord.self, from: Data(text.utf8)) == record)
    }

    @Test("an incoming line: the portal's own fields checked, the field used only when it is ours, no postal address kept")
    func incoming() throws {
        let line = #"{"portal_id":" H21-0002 ","title":"Chậm giải quyết hồ sơ","content":"Hồ sơ nộp từ tháng 1 chưa có kết quả.","field":{"code":"DD-01","name":"Đất đai"},"commune_code":"21583","contact":{"full_name":"Lê Văn Bình","phone":"0905 111 222","address":"Số 3 Lý Thường Kiệt"},"received_at":"2026-03-02T08:15"}"#
        let incoming = try NationalSyncRecord.decoder().decode(NationalPortalIncoming.self, from: Data(line.utf8))
        #expect(incoming.normalizedPortalID == "H21-0002")
        #expect(incoming.portalErrors().isEmpty)
        #expect(incoming.receivedInstant == Date(timeIntervalSince1970: 1_772_414_100))   // 08:15 in Vietnam, 01:15 UTC
        let submission = incoming.submission(ourField: { $0 == "dat_dai" })
        #expect(submission.kind == "phan_anh" && submission.serviceCode == nil && submission.address == "")
        #expect(submission.fullName == "Lê Văn Bình" && submission.phone == "0905 111 222" && submission.consent)
        #expect(incoming.fieldDescription == "DD-01 — Đất đai")
        #expect(incoming.submission(ourField: { $0 == "DD-01" }).serviceCode == "DD-01")

        var bad = incoming
        bad.portalId = String(repeating: "x", count: 101)
        bad.receivedAt = "hôm qua"
        #expect(bad.portalErrors().map(\.field) == ["portal_id", "received_at"])
        bad.portalId = "  "
        #expect(bad.portalErrors().first?.message == "Thiếu mã phản ánh của Cổng Dịch vụ công quốc gia.")
    }
}
