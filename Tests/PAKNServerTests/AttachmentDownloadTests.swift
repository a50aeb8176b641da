import Fluent
import Foundation
import NIOCore
import PAKNChannels
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting

/// Files citizens send on Zalo and Messenger are downloaded with a size cap (issue 4 "oversized attachments";
/// channels.md §1.10 item 7, §2.5 item 8). A local CDN (`FilePeer`) serves them.
@Suite("Attachment downloads")
struct AttachmentDownloadTests {
    /// 10 MiB: the default `PAKN_CHAT_ATTACHMENT_MAX_BYTES` (README, issue 4).
    static let cap = 10 * 1024 * 1024
    static let tooLarge = "Tệp vượt quá 10 MB"
    static let notValid = "Không phải ảnh hoặc tài liệu hợp lệ"

    /// A Zalo `user_send_image` event (channels.md §1.3) whose image is at `url`.
    static func zaloImage(msgID: String, url: String, sender: String = "2468458835291979220",
                          timestamp: String = "1722490800123") -> [UInt8] {
        Array(#"{"app_id":"\#(WebhookTests.zaloAppID)","user_id_by_app":"5521772797175877300","event_name":"user_send_image","timestamp":"\#(timestamp)","sender":{"id":"\#(sender)"},"recipient":{"id":"3886132808788086450"},"message":{"msg_id":"\#(msgID)","text":"ảnh hiện trường","attachments":[{"type":"image","payload":{"thumbnail":"\#(url)","url":"\#(url)"}}]}}"#.utf8)
    }

    /// A Zalo `user_send_file` event (channels.md §1.3): `size` is a string of bytes.
    static func zaloFile(msgID: String, url: String, name: String, size: String) -> [UInt8] {
        Array(#"{"app_id":"\#(WebhookTests.zaloAppID)","user_id_by_app":"5521772797175877300","event_name":"user_send_file","timestamp":"1722490800123","sender":{"id":"2468458835291979220"},"recipient":{"id":"3886132808788086450"},"message":{"msg_id":"\#(msgID)","attachments":[{"type":"file","payload":{"url":"\#(url)","name":"\#(name)","size":"\#(size)","checksum":"abc","type":"pdf"}}]}}"#.utf8)
    }

    static func work(_ app: Application, now: Date = Date()) async throws {
        try await JobWorker.runOnce(on: app.db, logger: app.logger, config: app.paknConfiguration, client: app.client, now: now)
    }

    /// Runs the worker until the webhook's event is processed and its downloads are done (two passes: the inbound
    /// job queues the download job).
    static func settle(_ app: Application, now: Date? = nil) async throws {
        try await work(app, now: now ?? Date())
        try await work(app, now: now ?? Date())
    }

    static func message(_ mid: String, on db: Database) async throws -> MessageRecord {
        try #require(try await MessageRecord.query(on: db).filter(\.$providerMessageID == mid).first())
    }

    static func details(_ message: MessageRecord) -> [String: String] {
        (message.details.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }) ?? [:]
    }

    /// Files under `$PAKN_DATA_DIR/attachments` (incoming leftovers included) plus, on PostgreSQL, the files held in
    /// the database.
    static func storedFiles(_ app: Application) async throws -> Int {
        let dir = app.paknConfiguration.dataDirectory.appendingPathComponent("attachments")
        let onDisk = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).count
        let store = AttachmentStore(config: app.paknConfiguration, on: app.db)
        return onDisk + (store.inDatabase ? try await store.storage.count() : 0)
    }

    /// The operator creates a request from `message` (phone-intake form prefilled from it) and opens the case page.
    static func caseFrom(_ message: MessageRecord, app: Application) async throws -> (ServiceRequestRecord, Browser) {
        _ = try await WorkflowFlowTests.staff(on: app)
        let op = Browser(app)
        try await op.login("op@t.vn", TestApp.demoPassword)
        try await op.get("/quan-tri/tiep-nhan?tin-nhan=\(message.id!.uuidString.lowercased())")
        let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
        var fields = Fixtures.submissionFields(communeCode: commune, content: "Ống nước vỡ trước nhà số 12, nước chảy tràn ra đường.")
        fields.append(("messageID", message.id!.uuidString))
        #expect(try await op.postMultipart("/quan-tri/tiep-nhan", fields).status == .seeOther)
        let record = try #require(try await ServiceRequestRecord.query(on: app.db).filter(\.$channel == message.channel).first())
        return (record, op)
    }

    static func withPeer(_ database: TestDatabase, _ body: (Application, FilePeer) async throws -> Void) async throws {
        let peer = try await FilePeer.start()
        do {
            try await TestApp.with(database, modify: WebhookTests.configure) { app in try await body(app, peer) }
        } catch { await peer.stop(); throw error }
        await peer.stop()
    }

    @Test("a Zalo image within the cap is stored without its EXIF and shown with the request; a later one joins it",
          arguments: TestDatabase.available)
    func imageStoredAndShown(_ database: TestDatabase) async throws {
        try await Self.withPeer(database) { app, peer in
            // setup: a JPEG carrying GPS coordinates in its Exif block, and a PNG.
            let photo = try Fixtures.data("photo-with-gps.jpg")
            #expect(photo.range(of: Data("Exif".utf8)) != nil)
            peer.serve("/cdn/hien-truong.jpg", .file(photo, contentType: "image/jpeg"))
            peer.serve("/cdn/them.png", .file(try Fixtures.data("photo-with-text.png"), contentType: "image/png"))

            // act: the citizen sends the photo before any request exists
            #expect(try await WebhookTests.postZalo(app, Self.zaloImage(msgID: "img-1", url: peer.baseURL + "/cdn/hien-truong.jpg")).status == .ok)
            try await Self.settle(app)

            // check: downloaded once, kept with the message
            #expect(peer.getCount("/cdn/hien-truong.jpg") == 1)
            let message = try await Self.message("img-1", on: app.db)
            let details = Self.details(message)
            #expect(details["attachment0.status"] == "stored")
            #expect(details["attachment0.file_type"] == "image/jpeg")
            let fileID = try #require(details["attachment0.file"].flatMap(UUID.init(uuidString:)))
            let stored = try await AttachmentStore(config: app.paknConfiguration, on: app.db).read(fileID)
            #expect(stored.starts(with: [0xFF, 0xD8, 0xFF]))
            #expect(stored.range(of: Data("Exif".utf8)) == nil, "EXIF (with the GPS position) is removed as for web uploads")
            #expect(try await Attachment.query(on: app.db).count() == 0, "no request yet")

            // act: the operator makes a request of the message
            let (record, op) = try await Self.caseFrom(message, app: app)

            // check: the photo follows the message onto the case and downloads from the case page
            let files = try await Attachment.query(on: app.db).filter(\.$requestID == record.requireID()).all()
            #expect(files.map(\.id) == [fileID])
            #expect(files.first?.contentType == "image/jpeg")
            #expect(files.first?.isPublic == false)
            let page = try await op.get("/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())").body.string
            let link = "/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())/tep/\(fileID.uuidString.lowercased())"
            #expect(page.contains(link))
            #expect(page.contains("zalo-1.jpg"))
            #expect(page.contains("Ảnh: đã lưu"))
            let download = try await op.get(link)
            #expect(download.status == .ok)
            #expect(Data(download.body.readableBytesView) == stored)

            // act: a later image of the same conversation joins the request by itself
            #expect(try await WebhookTests.postZalo(app, Self.zaloImage(msgID: "img-2", url: peer.baseURL + "/cdn/them.png",
                                                                         timestamp: "1722490900000")).status == .ok)
            try await Self.settle(app)
            // check
            let later = try await Attachment.query(on: app.db).filter(\.$requestID == record.requireID()).all()
            #expect(later.count == 2)
            #expect(Set(later.map(\.contentType)) == ["image/jpeg", "image/png"])
        }
    }

    @Test("a declared size over 10 MB is refused without a GET and the reason is shown", arguments: TestDatabase.available)
    func declaredTooLarge(_ database: TestDatabase) async throws {
        try await Self.withPeer(database) { app, peer in
            // setup: 10 MiB + 1 byte declared (channels.md §1.3: `size` is a string of bytes)
            peer.serve("/cdn/lon.pdf", .file(try Fixtures.data("document.pdf"), contentType: "application/pdf"))
            // act
            #expect(try await WebhookTests.postZalo(app, Self.zaloFile(msgID: "f-big", url: peer.baseURL + "/cdn/lon.pdf",
                                                                        name: "Don phan anh.pdf", size: String(Self.cap + 1))).status == .ok)
            try await Self.settle(app)
            // check
            #expect(peer.getCount("/cdn/lon.pdf") == 0)
            let message = try await Self.message("f-big", on: app.db)
            #expect(Self.details(message)["attachment0.status"] == "refused")
            #expect(Self.details(message)["attachment0.reason"] == Self.tooLarge)
            #expect(try await Self.storedFiles(app) == 0)
            let (record, op) = try await Self.caseFrom(message, app: app)
            let page = try await op.get("/quan-tri/phan-anh/\(record.id!.uuidString.lowercased())").body.string
            #expect(page.contains("Tệp “Don phan anh.pdf”: \(Self.tooLarge)"))
            #expect(try await Attachment.query(on: app.db).count() == 0)
        }
    }

    @Test("a body over 10 MB is cut off: chunked without Content-Length, or with a size the webhook under-declared",
          arguments: TestDatabase.available)
    func bodyTooLarge(_ database: TestDatabase) async throws {
        try await Self.withPeer(database) { app, peer in
            // setup: 64 MiB streamed without Content-Length; 11 MiB with an honest Content-Length but declared as 2 KB
            let streamedTotal = 64 * 1024 * 1024
            peer.serve("/cdn/vo-tan.jpg", .chunked(total: streamedTotal, contentType: "image/jpeg"))
            var big = try Fixtures.data("document.pdf")
            big.append(Data(count: 11 * 1024 * 1024))
            peer.serve("/cdn/noi-doi.pdf", .file(big, contentType: "application/pdf"))
            // act
            #expect(try await WebhookTests.postZalo(app, Self.zaloImage(msgID: "b-chunked", url: peer.baseURL + "/cdn/vo-tan.jpg")).status == .ok)
            #expect(try await WebhookTests.postZalo(app, Self.zaloFile(msgID: "b-lying", url: peer.baseURL + "/cdn/noi-doi.pdf",
                                                                        name: "bien-ban.pdf", size: "2048")).status == .ok)
            try await Self.settle(app)
            // check: both fetched once and refused; the stream was abandoned, not read to its end
            for (mid, path) in [("b-chunked", "/cdn/vo-tan.jpg"), ("b-lying", "/cdn/noi-doi.pdf")] {
                #expect(peer.getCount(path) == 1)
                let details = Self.details(try await Self.message(mid, on: app.db))
                #expect(details["attachment0.status"] == "refused", "\(mid)")
                #expect(details["attachment0.reason"] == Self.tooLarge, "\(mid)")
            }
            #expect(peer.streamedBytes("/cdn/vo-tan.jpg") < streamedTotal)
            #expect(try await Self.storedFiles(app) == 0)
        }
    }

    @Test("a body that is not an image, served as image/jpeg, is refused", arguments: TestDatabase.available)
    func notAnImage(_ database: TestDatabase) async throws {
        try await Self.withPeer(database) { app, peer in
            // setup
            peer.serve("/cdn/gia.jpg", .file(Data("<html><body>Đăng nhập để xem ảnh</body></html>".utf8), contentType: "image/jpeg"))
            // act
            #expect(try await WebhookTests.postZalo(app, Self.zaloImage(msgID: "fake", url: peer.baseURL + "/cdn/gia.jpg")).status == .ok)
            try await Self.settle(app)
            // check
            let details = Self.details(try await Self.message("fake", on: app.db))
            #expect(details["attachment0.status"] == "refused")
            #expect(details["attachment0.reason"] == Self.notValid)
            #expect(try await Self.storedFiles(app) == 0)
        }
    }

    @Test("a 500 is retried with the job back-off and the file stored once", arguments: TestDatabase.available)
    func retriedAfterServerError(_ database: TestDatabase) async throws {
        try await Self.withPeer(database) { app, peer in
            // setup: the CDN fails once, then serves the photo
            peer.serve("/cdn/lai.jpg", .status(.internalServerError), .file(try Fixtures.data("photo-with-gps.jpg"), contentType: "image/jpeg"))
            // act
            #expect(try await WebhookTests.postZalo(app, Self.zaloImage(msgID: "retry", url: peer.baseURL + "/cdn/lai.jpg")).status == .ok)
            try await Self.settle(app)
            // check: failed once, waiting 2 minutes (2^1 minutes, JobQueue.fail)
            #expect(peer.getCount("/cdn/lai.jpg") == 1)
            let job = try #require(try await Job.query(on: app.db).filter(\.$kind == .attachment).first())
            #expect(job.attempts == 1)
            #expect(job.finishedAt == nil)
            #expect(Self.details(try await Self.message("retry", on: app.db))["attachment0.status"] == nil)
            try await Self.work(app, now: Date().addingTimeInterval(60))
            #expect(peer.getCount("/cdn/lai.jpg") == 1, "not before the back-off")
            // act: after the back-off
            try await Self.work(app, now: Date().addingTimeInterval(3 * 60))
            try await Self.work(app, now: Date().addingTimeInterval(60 * 60))
            // check
            #expect(peer.getCount("/cdn/lai.jpg") == 2)
            #expect(Self.details(try await Self.message("retry", on: app.db))["attachment0.status"] == "stored")
            #expect(try await Self.storedFiles(app) == 1)
        }
    }

    @Test("a webhook delivered three times downloads its image once", arguments: TestDatabase.available)
    func duplicateDeliveryDownloadsOnce(_ database: TestDatabase) async throws {
        try await Self.withPeer(database) { app, peer in
            // setup
            peer.serve("/cdn/mot-lan.jpg", .file(try Fixtures.data("photo-with-gps.jpg"), contentType: "image/jpeg"))
            let body = Self.zaloImage(msgID: "dup", url: peer.baseURL + "/cdn/mot-lan.jpg")
            // act
            for _ in 0..<3 { #expect(try await WebhookTests.postZalo(app, body).status == .ok) }
            try await Self.settle(app)
            #expect(try await WebhookTests.postZalo(app, body).status == .ok)
            try await Self.settle(app)
            // check
            #expect(peer.getCount("/cdn/mot-lan.jpg") == 1)
            #expect(try await Job.query(on: app.db).filter(\.$kind == .attachment).count() == 1)
            #expect(try await Self.storedFiles(app) == 1)
        }
    }

    @Test("Messenger: an expired link is recorded as lost; a redirect to file: is not followed", arguments: TestDatabase.available)
    func messengerLostAndBadRedirect(_ database: TestDatabase) async throws {
        try await Self.withPeer(database) { app, peer in
            // setup: one batch, two images (channels.md §2.3 shape)
            peer.serve("/cdn/het-han.jpg", .status(.forbidden))
            peer.serve("/cdn/chuyen.jpg", .redirect("file:///etc/passwd"))
            let body = Array(#"{"object":"page","entry":[{"id":"PAGE","time":1722490800456,"messaging":[{"sender":{"id":"PSID-1"},"recipient":{"id":"PAGE"},"timestamp":1722490800123,"message":{"mid":"m_att","text":"\u1ea2nh","attachments":[{"type":"image","payload":{"url":"\#(peer.baseURL)/cdn/het-han.jpg"}},{"type":"image","payload":{"url":"\#(peer.baseURL)/cdn/chuyen.jpg"}}]}}]}]}"#.utf8)
            // act
            #expect(try await WebhookTests.postMessenger(app, body).status == .ok)
            try await Self.settle(app)
            // check
            let details = Self.details(try await Self.message("m_att", on: app.db))
            #expect(details["attachment0.status"] == "lost")
            #expect(details["attachment0.reason"]?.contains("HTTP 403") == true)
            #expect(details["attachment1.status"] == "refused")
            #expect(peer.getCount("/cdn/het-han.jpg") == 1)
            #expect(peer.getCount("/cdn/chuyen.jpg") == 1)
            #expect(try await Job.query(on: app.db).filter(\.$kind == .attachment).filter(\.$finishedAt == nil).count() == 0)
        }
    }

    @Test("PAKN_CHAT_ATTACHMENT_MAX_BYTES is read from the environment, 10 MiB by default")
    func configuration() {
        #expect(ChannelConfiguration.fromEnvironment([:]).attachmentMaxBytes == 10_485_760)
        #expect(ChannelConfiguration.fromEnvironment(["PAKN_CHAT_ATTACHMENT_MAX_BYTES": "2097152"]).attachmentMaxBytes == 2_097_152)
        #expect(AttachmentDownload.Reason.tooLarge(2_097_152) == "Tệp vượt quá 2 MB")
    }
}
