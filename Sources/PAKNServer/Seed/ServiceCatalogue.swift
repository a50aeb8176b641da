import PAKNDomain

/// The seed list of fields (lĩnh vực) with the codes of the sample data (pakn-samples/README.md) and the
/// groups of domain.md §4. Editable afterwards by an admin.
enum ServiceCatalogue {
    struct Entry { let code: String; let name: String; let group: ServiceGroup; let urgency: Urgency }

    static let entries: [Entry] = [
        .init(code: "tthc_cham_tre", name: "Hồ sơ thủ tục hành chính chậm trễ", group: .administrativeProcedures, urgency: .normal),
        .init(code: "tthc_huong_dan", name: "Hướng dẫn thủ tục hành chính", group: .administrativeProcedures, urgency: .normal),
        .init(code: "tthc_thai_do", name: "Thái độ, trách nhiệm của cán bộ", group: .administrativeProcedures, urgency: .normal),
        .init(code: "dat_dai", name: "Đất đai", group: .administrativeProcedures, urgency: .complex),
        .init(code: "ho_tich_cu_tru", name: "Hộ tịch – cư trú", group: .administrativeProcedures, urgency: .normal),
        .init(code: "dang_ky_kinh_doanh", name: "Đăng ký kinh doanh – đầu tư", group: .administrativeProcedures, urgency: .normal),
        .init(code: "an_sinh_bhxh", name: "An sinh xã hội – BHXH, BHYT", group: .socioEconomic, urgency: .normal),
        .init(code: "lao_dong_viec_lam", name: "Lao động – việc làm", group: .socioEconomic, urgency: .normal),
        .init(code: "giao_duc", name: "Giáo dục – tuyển sinh", group: .socioEconomic, urgency: .normal),
        .init(code: "y_te", name: "Y tế", group: .socioEconomic, urgency: .normal),
        .init(code: "van_hoa_du_lich", name: "Văn hóa – du lịch", group: .socioEconomic, urgency: .normal),
        .init(code: "nong_nghiep", name: "Nông nghiệp – nông thôn", group: .socioEconomic, urgency: .normal),
        .init(code: "cong_thuong_gia_ca", name: "Công thương – giá cả", group: .socioEconomic, urgency: .normal),
        .init(code: "moi_truong", name: "Tài nguyên – môi trường", group: .socioEconomic, urgency: .normal),
        .init(code: "xay_dung_quy_hoach", name: "Xây dựng – quy hoạch", group: .socioEconomic, urgency: .complex),
        .init(code: "giao_thong", name: "Giao thông", group: .socioEconomic, urgency: .normal),
        .init(code: "an_ninh_trat_tu", name: "An ninh trật tự – trật tự đô thị", group: .socioEconomic, urgency: .normal),
        .init(code: "cap_nuoc", name: "Cấp nước", group: .publicServices, urgency: .normal),
        .init(code: "dien", name: "Điện", group: .publicServices, urgency: .normal),
        .init(code: "rac_ve_sinh", name: "Thu gom rác – vệ sinh môi trường", group: .publicServices, urgency: .normal),
        .init(code: "chieu_sang", name: "Chiếu sáng công cộng", group: .publicServices, urgency: .normal),
        .init(code: "cay_xanh", name: "Cây xanh", group: .publicServices, urgency: .normal),
        .init(code: "xe_buyt", name: "Xe buýt", group: .publicServices, urgency: .normal),
        .init(code: "vien_thong", name: "Viễn thông", group: .publicServices, urgency: .normal),
        .init(code: "su_co_duong", name: "Đường hư hỏng – ổ gà", group: .infrastructureIncidents, urgency: .urgent),
        .init(code: "su_co_ho_ga", name: "Nắp hố ga", group: .infrastructureIncidents, urgency: .urgent),
        .init(code: "ngap_ung", name: "Ngập úng", group: .infrastructureIncidents, urgency: .urgent),
        .init(code: "cay_do", name: "Cây đổ", group: .infrastructureIncidents, urgency: .urgent),
        .init(code: "mat_dien_dut_day", name: "Mất điện, đứt dây điện", group: .infrastructureIncidents, urgency: .urgent),
        .init(code: "vo_ong_nuoc", name: "Vỡ ống nước", group: .infrastructureIncidents, urgency: .urgent),
        .init(code: "den_tin_hieu", name: "Đèn tín hiệu giao thông", group: .infrastructureIncidents, urgency: .urgent),
        .init(code: "khac", name: "Khác", group: .other, urgency: .normal),
    ]
}
