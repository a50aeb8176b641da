import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// A person's rights over their data, through an operator who checked their identity (issue 11, privacy law).
@Suite("Data-subject requests")
struct DataSubjectTests {
    static func requestID(from response: BrowserResponse) throws -> String {
        let location = try #require(response.headers.first(name: .location))
        return String(try #require(location.split(separator: "/").last))
    }

    @Test("a copy, a correction and an erasure, each tracked with its deadline and decision; cases in progress keep their contact; only the desk staff may",
          arguments: TestDatabase.available)
    func rights(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let finished = try await AnonymisationTests.submit(app, name: "Nguyễn Thị Hoa", phone: "0912 345 678", photo: true)
            let running = try await AnonymisationTests.submit(app, name: "Nguyễn Thị Hoa", phone: "0912 345 678", photo: false)
            finished.status = .closed
            try await finished.save(on: app.db)
            let other = try await AnonymisationTests.submit(app, name: "Lê Văn Khác", phone: "0988 000 111", photo: false)

            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            #expect(try await officer.get("/quan-tri/du-lieu-ca-nhan").status == .forbidden)

            let op = Browser(app)
            try await op.login("op@t.vn", TestApp.demoPassword)
            try await op.get("/quan-tri/du-lieu-ca-nhan")
            // Identity must be checked and said.
            #expect(try await op.post("/quan-tri/du-lieu-ca-nhan", [("kind", "access"), ("phone", "0912345678"), ("identityCheck", "")]).status == .unprocessableEntity)
            try await op.get("/quan-tri/du-lieu-ca-nhan")
            let opened = try await op.post("/quan-tri/du-lieu-ca-nhan", [("kind", "access"), ("phone", "0912 345 678"), ("identityCheck", "Xem CCCD trực tiếp")])
            #expect(opened.status == .seeOther)
            let accessID = try Self.requestID(from: opened)
            let access = try #require(try await DataSubjectRequest.find(UUID(uuidString: accessID), on: app.db))
            #expect(abs(access.dueAt.timeIntervalSince(access.receivedAt) - 72 * 3600) < 1)
            let detail = try await op.get("/quan-tri/du-lieu-ca-nhan/\(accessID)").body.string
            #expect(detail.contains(TrackingCode(digits: finished.trackingCode)!.formatted) && detail.contains(TrackingCode(digits: running.trackingCode)!.formatted))
            #expect(!detail.contains(TrackingCode(digits: other.trackingCode)!.formatted))

            // The copy: both cases, the contacts, and the photo itself.
            let export = try await op.get("/quan-tri/du-lieu-ca-nhan/\(accessID)/ban-sao.json")
            #expect(export.status == .ok && export.headers.contentType == .json)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: export.body)) as? [String: Any])
            let codes = (json["requests"] as? [[String: Any]] ?? []).compactMap { $0["tracking_code"] as? String }
            #expect(Set(codes) == [finished.trackingCode, running.trackingCode])
            #expect((json["contacts"] as? [[String: Any]])?.allSatisfy { $0["full_name"] as? String == "Nguyễn Thị Hoa" } == true)
            let photo = try #require((json["attachments"] as? [[String: Any]])?.first)
            let bytes = try #require(Data(base64Encoded: photo["content_base64"] as? String ?? ""))
            #expect(bytes.starts(with: [0xFF, 0xD8, 0xFF]) && bytes.count == photo["byte_count"] as? Int)
            try await op.get("/quan-tri/du-lieu-ca-nhan/\(accessID)")
            #expect(try await op.post("/quan-tri/du-lieu-ca-nhan/\(accessID)/hoan-thanh", [("decision", "Gửi tệp qua email đã đăng ký")]).status == .seeOther)
            #expect(try await DataSubjectRequest.find(access.id, on: app.db)?.status == .completed)

            // A correction.
            try await op.get("/quan-tri/du-lieu-ca-nhan")
            let correctionID = try Self.requestID(from: try await op.post("/quan-tri/du-lieu-ca-nhan",
                [("kind", "correction"), ("phone", "0912345678"), ("identityCheck", "Xem CCCD trực tiếp")]))
            try await op.get("/quan-tri/du-lieu-ca-nhan/\(correctionID)")
            #expect(try await op.post("/quan-tri/du-lieu-ca-nhan/\(correctionID)/sua", [("email", "hoa.nguyen@example.com")]).status == .seeOther)
            #expect(try await Contact.query(on: app.db).filter(\.$phoneDigits == "0912345678").all().allSatisfy { $0.email == "hoa.nguyen@example.com" })

            // An erasure: the finished case's contact goes and its texts are masked; the running case keeps its contact.
            try await op.get("/quan-tri/du-lieu-ca-nhan")
            let erasureID = try Self.requestID(from: try await op.post("/quan-tri/du-lieu-ca-nhan",
                [("kind", "erasure"), ("email", "Hoa.Nguyen@example.com"), ("identityCheck", "Gọi lại số đã đăng ký, hỏi mã tra cứu")]))
            try await op.get("/quan-tri/du-lieu-ca-nhan/\(erasureID)")
            #expect(try await op.post("/quan-tri/du-lieu-ca-nhan/\(erasureID)/xoa", []).status == .seeOther)
            let erasure = try #require(try await DataSubjectRequest.find(UUID(uuidString: erasureID), on: app.db))
            #expect(erasure.status == .completed)
            #expect(erasure.decision == "Đã ẩn danh hóa 1 liên hệ và 1 phản ánh. Giữ 1 liên hệ của phản ánh đang xử lý (nghĩa vụ trả lời theo quy định); sẽ ẩn danh hóa khi xử lý xong nếu người yêu cầu đề nghị lại.")
            #expect(try await Contact.find(finished.primaryContactID, on: app.db)?.fullName == Anonymisation.anonymousName)
            #expect(try await Contact.find(running.primaryContactID, on: app.db)?.fullName == "Nguyễn Thị Hoa")
            let masked = try #require(try await ServiceRequestRecord.find(finished.id, on: app.db))
            #expect(!masked.description.contains("Nguyễn Thị Hoa") && !masked.description.contains("0912 345 678"))
            #expect(try await Contact.find(other.primaryContactID, on: app.db)?.fullName == "Lê Văn Khác")
            // Decided once.
            try await op.get("/quan-tri/du-lieu-ca-nhan/\(erasureID)")
            #expect(try await op.post("/quan-tri/du-lieu-ca-nhan/\(erasureID)/tu-choi", [("decision", "Thử từ chối sau khi đã xong")]).status == .conflict)

            // Every step is in the audit, the copy included.
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == .dataSubject).all()
            #expect(audit.contains { $0.route == "GET /quan-tri/du-lieu-ca-nhan/:id/ban-sao.json" && $0.actor == "op@t.vn" })
            #expect(audit.filter { $0.route == "POST /quan-tri/du-lieu-ca-nhan" }.count == 4)
        }
    }

    @Test("the copy says content_base64 null only for a file that is missing; a storage that fails makes the copy fail instead of leaving the file out",
          arguments: TestDatabase.available)
    func copyFailsWhenStorageFails(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup
            _ = try await WorkflowFlowTests.staff(on: app)
            _ = try await AnonymisationTests.submit(app, name: "Nguyễn Thị Hoa", phone: "0912 345 678", photo: true)
            let operatorUser = try #require(try await User.query(on: app.db).filter(\.$email == "op@t.vn").first())
            let service = DataSubjectService(db: app.db)
            let request = try await service.open(.access, phone: "0912345678", email: nil, identityCheck: "Xem CCCD trực tiếp", by: operatorUser)
            let store = AttachmentStore(config: app.paknConfiguration, on: app.db)
            // act + check: the storage fails.
            let failing = AttachmentStore(storage: FailingAttachmentStorage(base: store.storage, failing: .read), directory: store.directory)
            await #expect(throws: FailingAttachmentStorage.Failed.self) {
                try await service.export(request, config: app.paknConfiguration, store: failing)
            }
            // act + check: the file is gone: null, the rest of the copy stands.
            let photo = try #require(try await Attachment.query(on: app.db).first())
            try await store.remove(photo.requireID())
            let json = try #require(try JSONSerialization.jsonObject(with: try await service.export(request, config: app.paknConfiguration)) as? [String: Any])
            let file = try #require((json["attachments"] as? [[String: Any]])?.first)
            #expect(file["content_base64"] is NSNull && file["sha256"] as? String == photo.sha256)
        }
    }
}
