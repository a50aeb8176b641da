import Fluent
import Foundation
@testable import PAKNServer
import SQLKit
import Testing
import Vapor

/// Attachments in shared storage (issue 15 item 6): on PostgreSQL the bytes are content-addressed blobs in chunks of at
/// most 256 KiB (262,144 bytes), every node reads what any node stored, identical files are stored once, a blob goes
/// with the last file naming it, and `pakn attachments move-to-database` moves the files a node kept on disk.
@Suite("Attachment storage in PostgreSQL")
struct AttachmentStorageTests {
    static let chunk = 262_144

    /// `count` bytes of a fixed pseudo-random sequence (a linear congruential generator from `seed`): incompressible
    /// and the same on every run.
    static func bytes(_ count: Int, seed: UInt64) -> Data {
        var state = seed
        var bytes = [UInt8](repeating: 0, count: count)
        for index in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[index] = UInt8(truncatingIfNeeded: state >> 33)
        }
        return Data(bytes)
    }

    static func scalar(_ sql: String, on db: any Database) async throws -> Int {
        try await (db as! any SQLDatabase).raw(SQLQueryString(sql)).first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("a file of 5 chunks and a half round-trips byte for byte, read in pieces of at most 256 KiB, stored in 6 chunk rows",
          arguments: TestDatabase.available.filter { $0 == .postgres })
    func largeFileRoundTrip(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup: 5.5 × 262,144 = 1,441,792 bytes.
            let original = Self.bytes(5 * Self.chunk + Self.chunk / 2, seed: 1022)
            let store = AttachmentStore(config: app.paknConfiguration, on: app.db)
            #expect(store.inDatabase)
            let id = UUID()
            // act
            try await store.write(original, id: id)
            var pieces: [Int] = []
            var copy = Data()
            try await store.read(id) { buffer in
                pieces.append(buffer.readableBytes)
                copy.append(contentsOf: buffer.readableBytesView)
            }
            // check
            #expect(copy == original)
            #expect(pieces == [Self.chunk, Self.chunk, Self.chunk, Self.chunk, Self.chunk, Self.chunk / 2])
            #expect(try await store.byteCount(of: id) == 1_441_792)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blob_chunks", on: app.db) == 6)
            #expect(try await Self.scalar("SELECT max(octet_length(data))::int AS n FROM attachment_blob_chunks", on: app.db) == Self.chunk)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blobs WHERE byte_count = 1441792", on: app.db) == 1)
            // Nothing on this node's disk: another node reads the same bytes.
            let onDisk = (try? FileManager.default.contentsOfDirectory(atPath: store.directory.path)) ?? []
            #expect(onDisk.isEmpty, "\(onDisk)")
            await #expect(throws: AttachmentStore.Missing.self) { try await store.read(UUID()) }
        }
    }

    @Test("two attachments with the same bytes share one blob; removing one keeps the blob, removing the last frees it and its chunks",
          arguments: TestDatabase.available.filter { $0 == .postgres })
    func identicalFilesStoredOnce(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup: 600,000 bytes = 3 chunks (262,144 + 262,144 + 75,712).
            let same = Self.bytes(600_000, seed: 7)
            let other = Self.bytes(1_000, seed: 8)
            let store = AttachmentStore(config: app.paknConfiguration, on: app.db)
            let first = UUID(), second = UUID(), third = UUID()
            // act
            try await store.write(same, id: first)
            try await store.write(same, id: second)
            try await store.write(other, id: third)
            // check
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blobs", on: app.db) == 2)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blob_chunks", on: app.db) == 4)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_files", on: app.db) == 3)

            try await store.remove(first)
            #expect(try await store.read(second) == same, "the other file with these bytes still reads")
            #expect(try await store.byteCount(of: first) == nil)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blobs", on: app.db) == 2)

            try await store.remove(second)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blobs", on: app.db) == 1)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blob_chunks", on: app.db) == 1, "only the other blob's chunk")
            #expect(try await store.read(third) == other)
            try await store.remove(second)   // removing twice is nothing
        }
    }

    @Test("concurrent writes of the same bytes under 8 ids make one blob, and every id reads them",
          arguments: TestDatabase.available.filter { $0 == .postgres })
    func concurrentIdenticalWrites(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let bytes = Self.bytes(300_000, seed: 99)
            let store = AttachmentStore(config: app.paknConfiguration, on: app.db)
            let ids = (0..<8).map { _ in UUID() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in ids { group.addTask { try await store.write(bytes, id: id) } }
                try await group.waitForAll()
            }
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blobs", on: app.db) == 1)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blob_chunks", on: app.db) == 2)
            for id in ids { #expect(try await store.read(id) == bytes) }
        }
    }

    @Test("store hashes the file as it reads it: a SHA-256 the bytes do not have stores nothing (neither a new blob nor a file naming another content's blob), and an id stored already is an error, not a silent success",
          arguments: TestDatabase.available.filter { $0 == .postgres })
    func storeChecksWhatItIsTold(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup: one file stored; a file of other bytes on the disk (2 chunks).
            let database = DatabaseAttachmentStorage(db: app.db)
            let stored = Self.bytes(4_000, seed: 21), other = Self.bytes(300_000, seed: 22)
            let storedID = UUID()
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            defer { try? FileManager.default.removeItem(at: file) }
            try stored.write(to: file)
            try await database.store(contentsOf: file, byteCount: stored.count, sha256: AttachmentStore.sha256(stored), id: storedID)
            try other.write(to: file)
            // act + check: other bytes under a new blob's hash that is not theirs.
            let newID = UUID()
            await #expect(throws: DatabaseAttachmentStorage.DigestMismatch.self) {
                try await database.store(contentsOf: file, byteCount: other.count, sha256: String(repeating: "ab", count: 32), id: newID)
            }
            // act + check: other bytes claiming the hash of the stored blob (they would be served as that file).
            await #expect(throws: DatabaseAttachmentStorage.DigestMismatch.self) {
                try await database.store(contentsOf: file, byteCount: other.count, sha256: AttachmentStore.sha256(stored), id: newID)
            }
            #expect(try await database.byteCount(of: newID) == nil)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blobs", on: app.db) == 1)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blob_chunks", on: app.db) == 1)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_files", on: app.db) == 1)
            // act + check: another file under an id already stored is refused; the first stays.
            await #expect(throws: (any Error).self) {
                try await database.store(contentsOf: file, byteCount: other.count, sha256: AttachmentStore.sha256(other), id: storedID)
            }
            #expect(try await AttachmentStore(databaseOnly: database).read(storedID) == stored)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blobs", on: app.db) == 1, "the refused file's blob rolled back")
            // The right hash stores.
            try await database.store(contentsOf: file, byteCount: other.count, sha256: AttachmentStore.sha256(other), id: newID)
            #expect(try await AttachmentStore(databaseOnly: database).read(newID) == other)
        }
    }

    @Test("pakn attachments move-to-database: a dry run writes nothing; a run moves the files whose SHA-256 matches their record, refuses a changed file and an orphan with reasons, and deletes no file; a second run moves nothing",
          arguments: TestDatabase.available.filter { $0 == .postgres })
    func moveCommand(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup: files as a node kept them before the move (on its disk), with their records.
            let record = try await AnonymisationTests.submit(app, name: "Phạm Văn Dũng", phone: "0905 111 222", photo: false)
            let disk = DiskAttachmentStorage(dataDirectory: app.paknConfiguration.dataDirectory)
            try FileManager.default.createDirectory(at: disk.directory, withIntermediateDirectories: true)
            let photo = Self.bytes(700_000, seed: 1), changed = Self.bytes(2_000, seed: 2), orphan = Self.bytes(3_000, seed: 3)
            let chat = Self.bytes(4_000, seed: 4)
            let photoID = UUID(), changedID = UUID(), orphanID = UUID(), chatID = UUID()
            for (id, data) in [(photoID, photo), (changedID, changed), (orphanID, orphan), (chatID, chat)] {
                try data.write(to: disk.url(for: id))
            }
            for (id, data, recorded) in [(photoID, photo, AttachmentStore.sha256(photo)), (changedID, changed, AttachmentStore.sha256(Data("khác".utf8)))] {
                let row = Attachment()
                row.id = id; row.requestID = try record.requireID(); row.purpose = .submission; row.filename = "anh.jpg"
                row.contentType = "image/jpeg"; row.byteCount = data.count; row.sha256 = recorded; row.isPublic = false
                try await row.create(on: app.db)
            }
            // A chat file downloaded before its message had a case: named only by the message's details.
            let message = MessageRecord()
            message.channel = .zalo; message.direction = .inbound; message.body = "ảnh"; message.senderID = "zalo-user-9"
            message.detailFields = ["attachment0.status": "stored", "attachment0.file": chatID.uuidString.lowercased(),
                                    "attachment0.file_sha256": AttachmentStore.sha256(chat), "attachment0.file_bytes": "4000"]
            try await message.create(on: app.db)

            // act: a dry run.
            let dry = try await AttachmentsMoveCommandTests.run(app, ["attachments", "move-to-database", "--dry-run"])
            // check
            #expect(dry.status == 2, "a file failed")
            #expect(dry.lines.contains("moved\t\(photoID.uuidString.lowercased())\t700000"))
            #expect(dry.lines.contains("moved\t\(chatID.uuidString.lowercased())\t4000"))
            #expect(dry.lines.last == "sẽ chuyển / would move 2, đã có / already 0, lỗi / failed 2")
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_files", on: app.db) == 0, "a dry run writes nothing")

            // act: the move.
            let run = try await AttachmentsMoveCommandTests.run(app, ["attachments", "move-to-database"])
            // check
            #expect(run.status == 2)
            #expect(run.lines.contains("moved\t\(photoID.uuidString.lowercased())\t700000"))
            #expect(run.lines.contains("moved\t\(chatID.uuidString.lowercased())\t4000"))
            let changedLine = try #require(run.lines.first { $0.hasPrefix("failed\t\(changedID.uuidString.lowercased())\t") })
            #expect(changedLine.contains("SHA-256") && changedLine.contains(AttachmentStore.sha256(changed)))
            #expect(run.lines.contains("failed\t\(orphanID.uuidString.lowercased())\tkhông có tệp đính kèm hay tin nhắn nào trỏ tới tệp này"))
            #expect(run.lines.last == "đã chuyển / moved 2, đã có / already 0, lỗi / failed 2")
            let database = DatabaseAttachmentStorage(db: app.db)
            #expect(try await AttachmentStore(databaseOnly: database).read(photoID) == photo)
            #expect(try await AttachmentStore(databaseOnly: database).read(chatID) == chat)
            #expect(try await database.byteCount(of: changedID) == nil)
            #expect(try await database.byteCount(of: orphanID) == nil)
            for id in [photoID, changedID, orphanID, chatID] {
                #expect(FileManager.default.fileExists(atPath: disk.url(for: id).path), "the admin deletes the files, not the command")
            }

            // act: again.
            let again = try await AttachmentsMoveCommandTests.run(app, ["attachments", "move-to-database"])
            #expect(again.lines.contains("already\t\(photoID.uuidString.lowercased())"))
            #expect(again.lines.last == "đã chuyển / moved 0, đã có / already 2, lỗi / failed 2")
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_files", on: app.db) == 2)

            // The files gone from disk, the moved ones are still served from the database.
            for id in [photoID, chatID] { try FileManager.default.removeItem(at: disk.url(for: id)) }
            #expect(try await AttachmentStore(config: app.paknConfiguration, on: app.db).read(photoID) == photo)
        }
    }

    /// An `attachments` row of `record` recording `sha256` for `data` under `id`.
    static func attachmentRow(_ id: UUID, of record: ServiceRequestRecord, data: Data, sha256: String? = nil, on db: any Database) async throws {
        let row = Attachment()
        row.id = id; row.requestID = try record.requireID(); row.purpose = .submission; row.filename = "anh.jpg"
        row.contentType = "image/jpeg"; row.byteCount = data.count; row.sha256 = sha256 ?? AttachmentStore.sha256(data); row.isPublic = false
        try await row.create(on: db)
    }

    @Test("move-to-database --delete-moved deletes a file only once its copy in the database was read back and matched (moved now or already there); a failed file, and one whose database copy reads back wrong, stay on the disk",
          arguments: TestDatabase.available.filter { $0 == .postgres })
    func moveCommandDeletesMoved(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup: on the disk a file to move (3 chunks), one already in the database, one whose record says other
            // bytes, one nothing names, and one already in the database whose stored copy was damaged.
            let record = try await AnonymisationTests.submit(app, name: "Phạm Văn Dũng", phone: "0905 111 222", photo: false)
            let disk = DiskAttachmentStorage(dataDirectory: app.paknConfiguration.dataDirectory)
            try FileManager.default.createDirectory(at: disk.directory, withIntermediateDirectories: true)
            let database = DatabaseAttachmentStorage(db: app.db)
            let photo = Self.bytes(700_000, seed: 11), already = Self.bytes(5_000, seed: 12), changed = Self.bytes(2_000, seed: 13)
            let orphan = Self.bytes(3_000, seed: 14), damaged = Self.bytes(6_000, seed: 15)
            let photoID = UUID(), alreadyID = UUID(), changedID = UUID(), orphanID = UUID(), damagedID = UUID()
            for (id, data) in [(photoID, photo), (alreadyID, already), (changedID, changed), (orphanID, orphan), (damagedID, damaged)] {
                try data.write(to: disk.url(for: id))
            }
            try await Self.attachmentRow(photoID, of: record, data: photo, on: app.db)
            try await Self.attachmentRow(alreadyID, of: record, data: already, on: app.db)
            try await Self.attachmentRow(changedID, of: record, data: changed, sha256: AttachmentStore.sha256(Data("khác".utf8)), on: app.db)
            try await Self.attachmentRow(damagedID, of: record, data: damaged, on: app.db)
            for (id, data) in [(alreadyID, already), (damagedID, damaged)] {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
                try data.write(to: file)
                defer { try? FileManager.default.removeItem(at: file) }
                try await database.store(contentsOf: file, byteCount: data.count, sha256: AttachmentStore.sha256(data), id: id)
            }
            try await (app.db as! any SQLDatabase).raw("""
                UPDATE attachment_blob_chunks SET data = \(bind: Data(repeating: 0, count: 6_000)) WHERE sha256 = \(bind: AttachmentStore.sha256(damaged))
                """).run()

            // act: a dry run with the option deletes nothing.
            let dry = try await AttachmentsMoveCommandTests.run(app, ["attachments", "move-to-database", "--dry-run", "--delete-moved"])
            #expect(dry.lines.last == "sẽ chuyển / would move 1, đã có / already 2, lỗi / failed 2")
            for id in [photoID, alreadyID, changedID, orphanID, damagedID] { #expect(FileManager.default.fileExists(atPath: disk.url(for: id).path)) }

            // act
            let run = try await AttachmentsMoveCommandTests.run(app, ["attachments", "move-to-database", "--delete-moved"])
            // check
            #expect(run.status == 2, "files failed")
            #expect(run.lines.contains("moved\t\(photoID.uuidString.lowercased())\t700000\tdeleted"))
            #expect(run.lines.contains("already\t\(alreadyID.uuidString.lowercased())\tdeleted"))
            #expect(run.lines.contains { $0.hasPrefix("failed\t\(changedID.uuidString.lowercased())\tSHA-256") })
            #expect(run.lines.contains { $0.hasPrefix("failed\t\(orphanID.uuidString.lowercased())\t") })
            let damagedLine = try #require(run.lines.first { $0.hasPrefix("failed\t\(damagedID.uuidString.lowercased())\t") })
            #expect(damagedLine.contains("đọc lại không khớp"), "\(damagedLine)")
            #expect(run.lines.last == "đã chuyển / moved 1, đã có / already 1, lỗi / failed 3, đã xoá khỏi đĩa / deleted 2")
            for id in [photoID, alreadyID] {
                #expect(!FileManager.default.fileExists(atPath: disk.url(for: id).path), "moved and checked: deleted")
            }
            for id in [changedID, orphanID, damagedID] {
                #expect(FileManager.default.fileExists(atPath: disk.url(for: id).path), "failed: kept")
            }
            #expect(try Data(contentsOf: disk.url(for: damagedID)) == damaged, "the good copy is the one on the disk")
            let store = AttachmentStore(config: app.paknConfiguration, on: app.db)
            #expect(try await store.read(photoID) == photo)
            #expect(try await store.read(alreadyID) == already)
        }
    }

    @Test("the hourly sweep removes files stored over a day ago that no attachment and no message names (with their blob unless shared); younger or named files stay",
          arguments: TestDatabase.available.filter { $0 == .postgres })
    func orphanSweep(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup
            let record = try await AnonymisationTests.submit(app, name: "Phạm Văn Dũng", phone: "0905 111 222", photo: false)
            let store = AttachmentStore(config: app.paknConfiguration, on: app.db)
            let named = Self.bytes(3_000, seed: 41), lonely = Self.bytes(300_000, seed: 42), young = Self.bytes(1_000, seed: 43)
            let chat = Self.bytes(2_000, seed: 44)
            let namedID = UUID(), sharingID = UUID(), lonelyID = UUID(), youngID = UUID(), chatID = UUID()
            try await store.write(named, id: namedID)
            try await Self.attachmentRow(namedID, of: record, data: named, on: app.db)
            try await store.write(named, id: sharingID)      // an orphan with the same bytes as a named file
            try await store.write(lonely, id: lonelyID)      // an orphan of its own (2 chunks)
            try await store.write(young, id: youngID)        // an orphan, but stored just now: maybe its case is on its way
            try await store.write(chat, id: chatID)          // named only by its message
            let message = MessageRecord()
            message.channel = .zalo; message.direction = .inbound; message.body = "ảnh"; message.senderID = "zalo-user-9"
            message.detailFields = ["attachment0.status": "stored", "attachment0.file": chatID.uuidString.lowercased()]
            try await message.create(on: app.db)
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE attachment_files SET created_at = now() - interval '2 days' WHERE id <> \(bind: youngID)").run()
            // act
            let removed = try await OrphanFiles.sweep(on: app.db)
            // check
            #expect(removed == 2)
            #expect(try await store.byteCount(of: sharingID) == nil)
            #expect(try await store.byteCount(of: lonelyID) == nil)
            #expect(try await store.read(namedID) == named, "the shared blob stays with the named file")
            #expect(try await store.read(youngID) == young)
            #expect(try await store.read(chatID) == chat)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blobs", on: app.db) == 3)
            #expect(try await Self.scalar("SELECT count(*) AS n FROM attachment_blob_chunks", on: app.db) == 3, "the lonely blob's 2 chunks went")
            #expect(try await OrphanFiles.sweep(on: app.db) == 0)
            // A day later the young one is swept too.
            #expect(try await OrphanFiles.sweep(on: app.db, now: Date().addingTimeInterval(2 * 86_400)) == 1)
        }
    }

    @Test("on SQLite attachments stay files under $PAKN_DATA_DIR/attachments, and the move command refuses to run",
          arguments: TestDatabase.available.filter { $0 == .sqlite })
    func sqliteKeepsDisk(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let store = AttachmentStore(config: app.paknConfiguration, on: app.db)
            #expect(!store.inDatabase)
            let id = UUID(), data = Self.bytes(300_000, seed: 5)
            try await store.write(data, id: id)
            let file = DiskAttachmentStorage(dataDirectory: app.paknConfiguration.dataDirectory).url(for: id)
            #expect(try Data(contentsOf: file) == data)
            await #expect(throws: AttachmentMove.Failure.self) {
                try await AttachmentMove.run(dataDirectory: app.paknConfiguration.dataDirectory, dryRun: true, on: app.db)
            }
            try await store.remove(id)
            #expect(!FileManager.default.fileExists(atPath: file.path))
        }
    }
}

/// Runs the real `pakn` binary on a test application's database.
enum AttachmentsMoveCommandTests {
    static func run(_ app: Application, _ arguments: [String]) async throws -> (lines: [String], status: Int32) {
        let result = try await AdministrativeUnitTests.pakn(app, arguments)
        return (result.out.split(separator: "\n").map(String.init), result.status)
    }
}
