import Fluent
import Foundation
import PAKNDomain

/// The extra questions a fresh installation starts with: one field, "Đường hư hỏng – ổ gà" (`su_co_duong`),
/// asks one question of every Open311 datatype, so that `GET services/su_co_duong` and its answers are used from
/// day one. Seeded only while no question exists at all, so an admin's edits survive restarts.
enum ServiceAttributeSeeder {
    static let serviceCode = "su_co_duong"

    static let definitions: [ServiceAttributeDefinition] = [
        .init(code: "canh_bao", variable: false, datatype: .text, required: false,
              description: "Nếu có người bị thương, hãy gọi ngay 115. Ổ gà gây tai nạn cần báo cả Công an (113).", order: 1),
        .init(code: "kich_thuoc", datatype: .singlevaluelist, required: true, description: "Kích thước ổ gà",
              datatypeDescription: "Chọn một", order: 2,
              values: [.init(key: "nho", name: "Nhỏ (dưới 30 cm)"), .init(key: "vua", name: "Vừa (30–100 cm)"), .init(key: "lon", name: "Lớn (trên 1 m)")]),
        .init(code: "doi_tuong_nguy_hiem", datatype: .multivaluelist, required: false, description: "Ai có thể gặp nguy hiểm",
              datatypeDescription: "Chọn một hoặc nhiều", order: 3,
              values: [.init(key: "xe_may", name: "Xe máy"), .init(key: "o_to", name: "Ô tô"), .init(key: "nguoi_di_bo", name: "Người đi bộ")]),
        .init(code: "so_lan_duong", datatype: .number, required: false, description: "Số làn đường bị ảnh hưởng",
              datatypeDescription: "Một số, ví dụ 2", order: 4),
        .init(code: "thoi_diem_phat_hien", datatype: .datetime, required: false, description: "Thời điểm phát hiện",
              datatypeDescription: "Ngày giờ, ví dụ 2026-11-30T07:30:00+07:00", order: 5),
        .init(code: "moc_gan_nhat", datatype: .string, required: false, description: "Cột điện, biển báo hoặc số nhà gần nhất",
              datatypeDescription: "Một dòng", order: 6),
        .init(code: "mo_ta_hien_truong", datatype: .text, required: false, description: "Mô tả thêm hiện trường",
              datatypeDescription: "Văn bản", order: 7),
    ]

    static func seedIfEmpty(on db: Database) async throws {
        guard try await ServiceAttribute.query(on: db).count() == 0,
              try await Service.find(serviceCode, on: db) != nil else { return }
        for definition in definitions {
            try await ServiceAttribute(serviceCode: serviceCode, definition).create(on: db)
        }
    }
}
