import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// A local HTTP server on 127.0.0.1 playing a provider's CDN (the Zalo and Messenger attachment URLs,
/// channels.md §1.3, §2.3): each path answers the files or failures a test scripts for it, in order (the last answer
/// repeats), and every GET is counted.
final class FilePeer: @unchecked Sendable {
    /// One scripted answer.
    enum Answer: Sendable {
        /// 200 with these bytes and an honest `Content-Length`.
        case file(Data, contentType: String)
        /// 200 with `total` bytes of `byte`, streamed in 64 KiB chunks without `Content-Length` (chunked).
        case chunked(total: Int, contentType: String)
        /// A bare status (`404`, `500`, …).
        case status(HTTPResponseStatus)
        /// 302 to `location`.
        case redirect(String)
    }

    let app: Application
    private(set) var port = 0
    private let answers = NIOLockedValueBox<[String: [Answer]]>([:])
    private let gets = NIOLockedValueBox<[String: Int]>([:])
    /// Bytes of chunked bodies the peer managed to hand to the connection, per path.
    private let streamed = NIOLockedValueBox<[String: Int]>([:])

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(app: Application) { self.app = app }

    static func start() async throws -> FilePeer {
        let app = try await Application.make(.testing)
        let peer = FilePeer(app: app)
        app.get("**") { req async throws -> Response in peer.handle(req) }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        peer.port = app.http.server.shared.localAddress?.port ?? 0
        return peer
    }

    func stop() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }

    /// Answers the GETs of `path` with these, in order; the last one repeats.
    func serve(_ path: String, _ list: Answer...) { answers.withLockedValue { $0[path] = list } }

    /// How many GETs `path` received.
    func getCount(_ path: String) -> Int { gets.withLockedValue { $0[path] ?? 0 } }

    /// Bytes of a chunked body written to the connection for `path` before the client went away or it ended.
    func streamedBytes(_ path: String) -> Int { streamed.withLockedValue { $0[path] ?? 0 } }

    private func handle(_ req: Request) -> Response {
        let path = req.url.path
        gets.withLockedValue { $0[path, default: 0] += 1 }
        let answer = answers.withLockedValue { table -> Answer? in
            guard var list = table[path], let first = list.first else { return nil }
            if list.count > 1 { list.removeFirst(); table[path] = list }
            return first
        }
        switch answer {
        case .file(let data, let type)?:
            return Response(status: .ok, headers: ["Content-Type": type], body: .init(data: data))
        case .chunked(let total, let type)?:
            let counter = streamed
            let chunk = ByteBuffer(repeating: 0x41, count: 64 * 1024)
            return Response(status: .ok, headers: ["Content-Type": type], body: .init(asyncStream: { writer in
                var sent = 0
                do {
                    while sent < total {
                        let piece = chunk.getSlice(at: 0, length: min(chunk.readableBytes, total - sent))!
                        try await writer.writeBuffer(piece)
                        sent += piece.readableBytes
                        counter.withLockedValue { $0[path] = sent }
                    }
                    try await writer.write(.end)
                } catch {
                    // The client hung up (it stopped at its cap): Vapor wants the stream ended either way.
                    try? await writer.write(.error(error))
                }
            }))
        case .status(let status)?:
            return Response(status: status, headers: ["Content-Type": "text/plain"], body: .init(string: "\(status.code)"))
        case .redirect(let location)?:
            return Response(status: .found, headers: ["Location": location])
        case nil:
            return Response(status: .notFound)
        }
    }
}
