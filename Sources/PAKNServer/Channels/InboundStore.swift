import Crypto
import Fluent
import Foundation
import PAKNChannels
import PAKNDomain
import Vapor

/// Durable storage of raw provider events before the acknowledgement (issue 4 "Inbound"; channels.md §6
/// "Ack fast, process later"): the row and, for events to process, an `inbound` job are written in one transaction;
/// the job worker does the rest after the provider has its 200.
enum InboundStore {
    /// What happened to a delivery.
    enum Stored: Equatable {
        /// First delivery: stored (and queued when its status is `received`).
        case stored(UUID)
        /// The same (channel, provider event id) was already stored: nothing written.
        case duplicate
    }

    /// Stores one event unless (channel, `providerEventID`) exists. `status` is `received` (queue a job),
    /// `ignored` or `unparseable` (kept for inspection, never processed).
    /// Two processes racing on PostgreSQL: the unique index refuses the second insert, reported as `.duplicate`.
    static func store(channel: PAKNDomain.Channel, providerEventID: String, headers: HTTPHeaders, rawBody: [UInt8],
                      status: InboundEventStatus, on db: Database, now: Date = Date()) async throws -> Stored {
        let headerJSON = String(decoding: try JSONEncoder().encode(
            Dictionary(headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { a, b in a + ", " + b })), as: UTF8.self)
        do {
            return try await db.writeTransaction { tx in
                if try await InboundEvent.query(on: tx).filter(\.$channel == channel)
                    .filter(\.$providerEventID == providerEventID).count() > 0 {
                    return .duplicate
                }
                let event = InboundEvent()
                event.id = UUID()
                event.channel = channel
                event.providerEventID = String(providerEventID.prefix(255))
                event.headers = headerJSON
                event.rawBody = Data(rawBody)
                event.status = status
                event.receivedAt = now
                try await event.create(on: tx)
                let id = try event.requireID()
                if status == .received {
                    try await JobQueue.enqueue(kind: .inbound, payload: InboundJob(eventID: id),
                                               idempotencyKey: "inbound:\(id.uuidString)", runAt: now, on: tx)
                }
                return .stored(id)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return .duplicate
        }
    }

    /// The payload of an `inbound` job.
    struct InboundJob: Codable { let eventID: UUID }

    /// A key for a body that has no provider id of its own: `sha256:<hex of the bytes>` (a redelivered identical
    /// body gets the same key).
    static func digestKey(_ rawBody: [UInt8]) -> String {
        "sha256:" + hexString(SHA256.hash(data: rawBody))
    }
}
