import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain

/// Files and data shared by the HTTP tests.
enum Fixtures {
    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }

    /// Phường Quy Nhơn, Gia Lai (code from the 2025 units dataset).
    static func communeCode(named fullName: String, on db: Database) async throws -> String {
        try await Commune.query(on: db).filter(\.$fullName == fullName).first()!.id!
    }

    /// The fields of a valid web submission about a pothole in Phường Quy Nhơn.
    static func submissionFields(communeCode: String, title: String = "Ổ gà lớn trên đường Trần Hưng Đạo",
                                 content: String = "Đoạn gần bến xe có ổ gà sâu khoảng 20 cm, xe máy đi qua rất nguy hiểm, nhất là ban đêm.",
                                 name: String = "Nguyễn Thị Hoa", phone: String = "0912 345 678", email: String = "") -> [(String, String)] {
        [("kind", "phan_anh"), ("title", title), ("content", content), ("serviceCode", "su_co_duong"),
         ("communeCode", communeCode), ("address", "Đường Trần Hưng Đạo"), ("latitude", ""), ("longitude", ""),
         ("fullName", name), ("phone", phone), ("email", email), ("consent", "on")]
    }

    static func count<M: Model>(_ type: M.Type, on db: Database) async throws -> Int {
        try await M.query(on: db).count()
    }

    /// Extracts the tracking code shown on a confirmation or look-up page.
    static func trackingCode(in html: String) -> TrackingCode? {
        guard let range = html.range(of: #"id="tracking-code">[0-9-]+"#, options: .regularExpression) else { return nil }
        return TrackingCode(parsing: String(html[range]).replacingOccurrences(of: "id=\"tracking-code\">", with: ""))
    }
}
