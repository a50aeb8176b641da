import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import Vapor
import VaporTesting
import ZIPFoundation

/// A backup taken while requests keep coming, restored elsewhere, holds every acknowledged request and every
/// attachment it names (issue 15 item 4).
@Suite("Backup and restore", .serialized)
struct BackupTests {
    @Test("backup during writes, restore into an empty place, every request acknowledged before it and every attachment found",
          arguments: TestDatabase.available)
    func roundTrip(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            _ = try await WorkflowFlowTests.staff(on: app)
            let names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Võ Thị Giang",
                         "Đặng Văn Hải", "Bùi Thị Lan", "Đỗ Văn Minh", "Ngô Thị Nga"]
            var acknowledged: [String] = []
            for n in 0..<6 {
                acknowledged.append(try await AnonymisationTests.submit(app, name: names[n], phone: "0905 123 45\(n)", photo: n % 3 == 0).trackingCode)
            }
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-backup-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            let archive = work.appendingPathComponent("sao-luu.zip")
            let config = app.paknConfiguration
            // More requests arrive while the backup runs.
            async let during: [String] = {
                var codes: [String] = []
                for n in 6..<10 { codes.append(try await AnonymisationTests.submit(app, name: names[n], phone: "0906 123 45\(n)", photo: n == 6).trackingCode) }
                return codes
            }()
            let manifest = try await Backup.create(to: archive, db: app.db, dataDirectory: config.dataDirectory, databaseURL: config.databaseURL)
            _ = try await during
            #expect(manifest.requests >= acknowledged.count)
            // A second backup to the same file is refused, not overwritten.
            await #expect(throws: Backup.Failure.self) {
                try await Backup.create(to: archive, db: app.db, dataDirectory: config.dataDirectory, databaseURL: config.databaseURL)
            }

            // Restore into an empty data directory (and, on PostgreSQL, an empty database).
            let target = work.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            var restoredURL: String?
            var dropDatabase: String?
            if database == .postgres {
                let name = "pakn_restore_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
                try await PostgresAdmin.execute("CREATE DATABASE \(name)")
                dropDatabase = name
                restoredURL = try PostgresAdmin.url(database: name)
            }
            let restored = try await Backup.restore(from: archive, dataDirectory: target, databaseURL: restoredURL)
            #expect(restored == manifest)
            // Restoring again over it is refused.
            await #expect(throws: Backup.Failure.self) {
                try await Backup.restore(from: archive, dataDirectory: target, databaseURL: database == .postgres ? nil : restoredURL)
            }

            var restoredConfig = TestApp.baseConfiguration(dataDirectory: target)
            restoredConfig.databaseURL = restoredURL
            let copy = try await Application.make(.testing)
            do {
                try await configure(copy, restoredConfig)
                let codes = Set(try await ServiceRequestRecord.query(on: copy.db).all().map(\.trackingCode))
                #expect(codes.count == manifest.requests)
                for code in acknowledged { #expect(codes.contains(code), "\(code) missing") }
                // SQLite: the files restored into the data directory; PostgreSQL: the blobs restored with the dump.
                let store = AttachmentStore(config: restoredConfig, on: copy.db)
                let files = try await Attachment.query(on: copy.db).all()
                #expect(files.count >= 2)
                for file in files {
                    let bytes = try await store.read(file.id!)
                    #expect(bytes.count == file.byteCount && AttachmentStore.sha256(bytes) == file.sha256, "\(file.filename)")
                }
                #expect(manifest.attachments >= files.count)
            } catch {
                Issue.record("restored system: \(error)")
            }
            try await copy.asyncShutdown()
            if let dropDatabase { try await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(dropDatabase) WITH (FORCE)") }
        }
    }

    @Test("on PostgreSQL a file both in the database and still on the disk (moved, not yet deleted) is archived and counted once: from the dump",
          arguments: TestDatabase.available.filter { $0 == .postgres })
    func movedFileCountedOnce(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            // setup: one file in the database whose copy is still on the disk, one only on the disk.
            let config = app.paknConfiguration
            let store = AttachmentStore(config: config, on: app.db)
            let disk = DiskAttachmentStorage(dataDirectory: config.dataDirectory)
            try FileManager.default.createDirectory(at: disk.directory, withIntermediateDirectories: true)
            let moved = AttachmentStorageTests.bytes(3_000, seed: 31), onlyOnDisk = AttachmentStorageTests.bytes(2_000, seed: 32)
            let movedID = UUID(), diskID = UUID()
            try await store.write(moved, id: movedID)
            try moved.write(to: disk.url(for: movedID))
            try onlyOnDisk.write(to: disk.url(for: diskID))
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("pakn-backup-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            let archive = work.appendingPathComponent("sao-luu.zip")
            // act
            let manifest = try await Backup.create(to: archive, db: app.db, dataDirectory: config.dataDirectory, databaseURL: config.databaseURL)
            // check
            #expect(manifest.attachments == 2)
            let entries = try Archive(url: archive, accessMode: .read).map(\.path).filter { $0.hasPrefix("attachments/") }
            #expect(entries == ["attachments/\(diskID.uuidString.lowercased())"])
        }
    }
}
