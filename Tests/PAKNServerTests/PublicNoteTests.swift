import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// Nothing a staff member writes reaches a public page without the coordinator's approval; approved notes are
/// masked and labelled with their author's unit (issue 11 item 5).
@Suite("Public notes need the coordinator")
struct PublicNoteTests {
    @Test("an agency's note asked to be public waits for the coordinator, is previewed masked, then shown labelled as the agency's",
          arguments: TestDatabase.available)
    func agencyNote(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let record = try await WorkflowFlowTests.submit(app, content: "Ổ gà lớn trước chợ, xe máy ngã nhiều lần.")
            let id = record.id!.uuidString.lowercased()
            let page = "/quan-tri/phan-anh/\(id)"
            let coordinator = Browser(app)
            try await coordinator.login("co@t.vn", TestApp.demoPassword)
            try await coordinator.get(page)
            // The coordinator's own note without the box stays internal, even on a public move.
            #expect(try await coordinator.postMultipart("\(page)/thao-tac/forward", [("leadAgencyID", agency.id!.uuidString),
                                                                                   ("note", "Ghi chú nội bộ: đã gọi lại ông Bình 0905 111 222.")]).status == .seeOther)
            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            try await officer.get(page)
            let note = "Sở đã cử tổ kiểm tra, liên hệ anh Trần Văn Tuấn 0905 999 888 để phối hợp."
            #expect(try await officer.postMultipart("\(page)/thao-tac/accept", [("note", note), ("notePublic", "on")]).status == .seeOther)
            let accepted = try #require(try await EventRecord.query(on: app.db).filter(\.$requestID == record.id!)
                .filter(\.$action == .workflow(.accept)).first())
            #expect(accepted.noteVisibility == .proposed)

            // Before the coordinator decides: not on the public look-up, not in the public API.
            let lookup = "/tra-cuu?ma=\(record.trackingCode)"
            var publicPage = try await Browser(app).get(lookup).body.string
            #expect(publicPage.contains("Tiếp nhận xử lý"))   // the move itself is public
            for hidden in ["tổ kiểm tra", "0905 999 888", "ông Bình", "0905 111 222"] { #expect(!publicPage.contains(hidden), "\(hidden)") }
            var api = try await app.testing().sendRequest(.GET, "/api/v1/requests/\(record.trackingCode)").body.string
            #expect(!api.contains("tổ kiểm tra"))
            // Nobody but a coordinator decides.
            let decide = "\(page)/ghi-chu/\(accepted.id!.uuidString.lowercased())/duyet"
            try await officer.get(page)
            #expect(try await officer.post(decide, []).status == .forbidden)

            // The coordinator sees the masked preview and approves.
            let review = try await coordinator.get(page).body.string
            #expect(review.contains("Duyệt công khai"))
            #expect(review.contains("Sở đã cử tổ kiểm tra, liên hệ anh [họ tên đã ẩn] [SĐT đã ẩn] để phối hợp."))
            #expect(try await coordinator.post(decide, []).status == .seeOther)
            publicPage = try await Browser(app).get(lookup).body.string
            #expect(publicPage.contains("Ghi chú của Sở Xây dựng: Sở đã cử tổ kiểm tra, liên hệ anh [họ tên đã ẩn] [SĐT đã ẩn] để phối hợp."))
            for hidden in ["Trần Văn Tuấn", "0905 999 888", "ông Bình", "0905 111 222"] { #expect(!publicPage.contains(hidden), "\(hidden)") }
            api = try await app.testing().sendRequest(.GET, "/api/v1/requests/\(record.trackingCode)").body.string
            #expect(api.contains(#""note_author":"Sở Xây dựng""#) && !api.contains("0905 999 888"))
            // Decided once: a second decision finds nothing to decide.
            try await coordinator.get(page)
            #expect(try await coordinator.post(decide, []).status == .notFound)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == .publication).filter(\.$actor == "co@t.vn").count() == 2)
        }
    }

    @Test("who writes decides nothing: a coordinator's public note is public at once (labelled as the centre's), an operator's waits",
          arguments: TestDatabase.available)
    func byRole(_ database: TestDatabase) async throws {
        #expect(NoteVisibility.onWrite(by: .coordinator, wantsPublic: true) == .approved)
        #expect(NoteVisibility.onWrite(by: .coordinator, wantsPublic: false) == .internal)
        for role in Role.allCases where role != .coordinator {
            #expect(NoteVisibility.onWrite(by: role, wantsPublic: true) == .proposed, "\(role)")
        }
        #expect(NoteVisibility.onWrite(by: nil, wantsPublic: true) == .internal)
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            let record = try await WorkflowFlowTests.submit(app, content: "Đèn đường hỏng ở tổ 5.")
            let page = "/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())"
            let coordinator = Browser(app)
            try await coordinator.login("co@t.vn", TestApp.demoPassword)
            try await coordinator.get(page)
            #expect(try await coordinator.postMultipart("\(page)/thao-tac/forward", [("leadAgencyID", agency.id!.uuidString),
                                                                                   ("note", "Đã chuyển Sở Xây dựng xử lý trong 10 ngày làm việc."),
                                                                                   ("notePublic", "on")]).status == .seeOther)
            let publicPage = try await Browser(app).get("/tra-cuu?ma=\(record.trackingCode)").body.string
            #expect(publicPage.contains("Ghi chú của Trung tâm 1022: Đã chuyển Sở Xây dựng xử lý trong 10 ngày làm việc."))
        }
    }
}
