import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Personal data past retention leaves; the case and its numbers stay (issue 11, privacy law "Retention").
@Suite("Anonymisation past retention")
struct AnonymisationTests {
    static func submit(_ app: Application, name: String, phone: String, photo: Bool) async throws -> ServiceRequestRecord {
        let browser = Browser(app)
        let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
        try await browser.get("/gui-phan-anh")
        let fields = Fixtures.submissionFields(communeCode: commune, title: "\(name) báo ổ gà",
                                               content: "Tôi là \(name), số \(phone). Ổ gà sâu trước nhà số 12 đã 2 tuần.", name: name, phone: phone)
        let response = try await browser.postMultipart("/gui-phan-anh", fields,
                                                       files: photo ? [("attachments[]", "anh.jpg", "image/jpeg", try Fixtures.data("photo-with-gps.jpg"))] : [])
        let code = try #require(Fixtures.trackingCode(in: response.body.string))
        return try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$trackingCode == code.digits).first())
    }

    @Test("a finished case past retention loses its person (texts masked, contact anonymised, files, message bodies and caller numbers gone); cases in progress or within retention keep theirs; a second run changes nothing",
          arguments: TestDatabase.available)
    func anonymises(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let now = Date()
            let sixYearsAgo = now.addingTimeInterval(-6 * 365 * 86_400)
            let old = try await Self.submit(app, name: "Nguyễn Thị Hoa", phone: "0912 345 678", photo: true)
            let running = try await Self.submit(app, name: "Trần Văn Bình", phone: "0903 222 333", photo: false)
            let recent = try await Self.submit(app, name: "Lê Thị Cúc", phone: "0988 444 555", photo: false)
            old.status = .closed; old.receivedAt = sixYearsAgo; try await old.save(on: app.db)
            running.receivedAt = sixYearsAgo; try await running.save(on: app.db)     // still "received": in progress
            recent.status = .closed; try await recent.save(on: app.db)
            let photo = try #require(try await Attachment.query(on: app.db).filter(\.$requestID == old.id!).first())
            let store = AttachmentStore(config: app.paknConfiguration, on: app.db)
            #expect(try await store.byteCount(of: photo.id!) == photo.byteCount)

            let message = MessageRecord()
            message.requestID = old.id; message.channel = .zalo; message.direction = .inbound
            message.body = "Chị Hoa nhắn: 0912 345 678"; message.senderID = "zalo-user-1"
            try await message.create(on: app.db)
            try await (app.db as! any SQLDatabase).update(MessageRecord.schema).set("created_at", to: sixYearsAgo)
                .where("id", .equal, message.id!).run()
            let call = CallRecord()
            call.callID = "call-1"; call.direction = .inbound; call.fromNumber = "0912345678"; call.toNumber = "1022"
            call.citizenPhone = "0912345678"; call.users = ""; call.status = .ended; call.initializedAt = now.addingTimeInterval(-400 * 86_400)
            call.rejected = false; call.recordingURL = "https://pbx.example/rec/1.wav"
            try await call.create(on: app.db)

            let report = try await Anonymisation.run(retention: Retention(), config: app.paknConfiguration, on: app.db, now: now)
            #expect(report == Anonymisation.Report(cases: 1, contacts: 1, attachments: 1, messages: 1, calls: 1))

            let after = try #require(try await ServiceRequestRecord.find(old.id, on: app.db))
            for text in [after.title, after.description] {
                #expect(!text.contains("Nguyễn Thị Hoa") && !text.contains("0912 345 678"), "\(text)")
            }
            #expect(after.description.contains("[họ tên đã ẩn]"))
            #expect(after.address.isEmpty && after.anonymisedAt != nil)
            // The case stays, with what statistics count.
            #expect(after.status == .closed && after.serviceCode == "su_co_duong" && after.communeCode == old.communeCode)
            let contact = try #require(try await Contact.find(old.primaryContactID, on: app.db))
            #expect(contact.fullName == Anonymisation.anonymousName && contact.phone == nil && contact.phoneDigits == nil)
            #expect(try await Attachment.find(photo.id, on: app.db) == nil)
            #expect(try await store.byteCount(of: photo.id!) == nil, "the bytes are gone (on PostgreSQL its blob too)")
            let erased = try #require(try await MessageRecord.find(message.id, on: app.db))
            #expect(erased.body == Anonymisation.erasedBody && erased.senderID == nil)
            let loggedCall = try #require(try await CallRecord.find(call.id, on: app.db))
            #expect(loggedCall.fromNumber == Anonymisation.erasedNumber && loggedCall.citizenPhone == nil && loggedCall.recordingURL == nil)

            // In progress, or within retention: untouched.
            for kept in [running, recent] {
                let reread = try #require(try await ServiceRequestRecord.find(kept.id, on: app.db))
                #expect(reread.anonymisedAt == nil && reread.description == kept.description)
                #expect(try await Contact.find(kept.primaryContactID, on: app.db)?.fullName != Anonymisation.anonymousName)
            }
            // Recorded in the audit, with counts only.
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == .retention).first())
            #expect(audit.fields == "cases=1,contacts=1,attachments=1,messages=1,calls=1")
            // Nothing left to do.
            #expect(try await Anonymisation.run(retention: Retention(), config: app.paknConfiguration, on: app.db, now: now).isEmpty)
        }
    }

    @Test("a file past retention whose bytes could not be removed keeps its row, so the next run removes both (no bytes left that nothing names)",
          arguments: TestDatabase.available)
    func fileRemovedBeforeItsRow(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup
            _ = try await WorkflowFlowTests.staff(on: app)
            let now = Date()
            let old = try await Self.submit(app, name: "Nguyễn Thị Hoa", phone: "0912 345 678", photo: true)
            old.status = .closed; old.receivedAt = now.addingTimeInterval(-6 * 365 * 86_400); try await old.save(on: app.db)
            let photo = try #require(try await Attachment.query(on: app.db).filter(\.$requestID == old.id!).first())
            let store = AttachmentStore(config: app.paknConfiguration, on: app.db)
            let failing = AttachmentStore(storage: FailingAttachmentStorage(base: store.storage, failing: .remove), directory: store.directory)
            // act: the bytes cannot be removed.
            await #expect(throws: FailingAttachmentStorage.Failed.self) {
                try await Anonymisation.run(retention: Retention(), config: app.paknConfiguration, on: app.db, now: now, store: failing)
            }
            // check: nothing lost its name: the row still points at the bytes.
            #expect(try await Attachment.find(photo.id, on: app.db) != nil, "the row stays while its bytes do")
            #expect(try await store.byteCount(of: photo.id!) == photo.byteCount)
            // act: the next run.
            let report = try await Anonymisation.run(retention: Retention(), config: app.paknConfiguration, on: app.db, now: now)
            // check
            #expect(report.attachments == 1)
            #expect(try await Attachment.find(photo.id, on: app.db) == nil)
            #expect(try await store.byteCount(of: photo.id!) == nil)
        }
    }
}
