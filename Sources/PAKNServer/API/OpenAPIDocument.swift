import Foundation
import Vapor

/// The OpenAPI 3.1 description of `/api/v1`, kept in the repository (`Resources/openapi.json`) and served as is at
/// `GET /api/v1/openapi.json`. `OpenAPIDocumentTests` fails when the document's paths and methods and the routes
/// the application registers drift apart; schemathesis (`scripts/interop-test`) checks the responses against it.
enum OpenAPIDocument {
    /// The document's bytes, read once from the bundle.
    static let data: Data = {
        guard let url = Bundle.module.url(forResource: "Resources/openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url) else { return Data("{}".utf8) }
        return data
    }()

    /// `GET /api/v1/openapi.json`: the document, `application/json; charset=utf-8`.
    static func serve(_ req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
        return response
    }
}
