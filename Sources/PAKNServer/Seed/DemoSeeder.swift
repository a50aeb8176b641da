import Fluent
import Foundation
import PAKNDomain
import Vapor

/// Demo data for a fresh installation (PAKN_DEMO): departments and the People's Committee of every commune of
/// the province, routing rules, one user per role, and the 240 fictional requests of `pakn-samples`,
/// each brought to a stage of its life through the domain's own transitions (`CaseWorkflow`),
/// so queues, the public list and the dashboard are not empty.
enum DemoSeeder {
    struct Result { let password: String; let emails: [String] }

    /// Departments and the fields they handle by default.
    static let departments: [(name: String, kind: AgencyKind, fields: [String])] = [
        ("Trung tâm Phục vụ hành chính công tỉnh", .department, ["tthc_cham_tre", "tthc_huong_dan", "dang_ky_kinh_doanh"]),
        ("Sở Nội vụ", .department, ["tthc_thai_do", "lao_dong_viec_lam"]),
        ("Sở Tư pháp", .department, ["ho_tich_cu_tru"]),
        ("Sở Nông nghiệp và Môi trường", .department, ["dat_dai", "nong_nghiep", "moi_truong"]),
        ("Bảo hiểm xã hội tỉnh", .department, ["an_sinh_bhxh"]),
        ("Sở Giáo dục và Đào tạo", .department, ["giao_duc"]),
        ("Sở Y tế", .department, ["y_te"]),
        ("Sở Văn hóa, Thể thao và Du lịch", .department, ["van_hoa_du_lich"]),
        ("Sở Công Thương", .department, ["cong_thuong_gia_ca"]),
        ("Sở Xây dựng", .department, ["xay_dung_quy_hoach", "giao_thong", "su_co_duong", "su_co_ho_ga", "den_tin_hieu", "xe_buyt", "ngap_ung"]),
        ("Công an tỉnh", .department, ["an_ninh_trat_tu"]),
        ("Công ty Điện lực Gia Lai", .utility, ["dien", "mat_dien_dut_day"]),
        ("Công ty Cổ phần Cấp thoát nước Gia Lai", .utility, ["cap_nuoc", "vo_ong_nuoc"]),
        ("Sở Khoa học và Công nghệ", .department, ["vien_thong", "khac"]),
    ]
    /// Fields the commune People's Committee handles in its own area.
    static let communeFields = ["rac_ve_sinh", "chieu_sang", "cay_xanh", "cay_do"]
    /// The demo agency users belong to (most infrastructure samples route there).
    static let demoAgencyName = "Sở Xây dựng"

    struct Sample: Decodable {
        let id: String; let channel: PAKNDomain.Channel; let kind: String; let title: String; let content: String
        let commune: String; let address: String; let field: String; let urgency: Urgency
        let expected_outcome: String; let incident: String?
    }

    static func seedIfEmpty(on db: Database, config: AppConfiguration, hasher: PasswordHasher, logger: Logger) async throws -> Result? {
        guard try await Agency.query(on: db).count() == 0 else { return nil }
        let communes = try await Commune.query(on: db).filter(\.$provinceCode == config.provinceCode).all()
        var agencyByName: [String: Agency] = [:]
        for department in departments {
            let agency = Agency(name: department.name, kind: department.kind)
            try await agency.create(on: db)
            agencyByName[department.name] = agency
            for field in department.fields {
                try await RoutingRuleRecord(serviceCode: field, communeCode: nil, agencyID: agency.requireID()).create(on: db)
            }
        }
        for commune in communes {
            let agency = Agency(name: "UBND \(commune.fullName)", kind: .commune, communeCode: commune.id)
            try await agency.create(on: db)
            for field in communeFields {
                try await RoutingRuleRecord(serviceCode: field, communeCode: commune.id, agencyID: agency.requireID()).create(on: db)
            }
        }
        let password = config.demoPassword ?? AdminBootstrap.generatePassword()
        let hash = try hasher.hash(password)
        let demoAgency = try agencyByName[demoAgencyName]!.requireID()
        let users: [(String, String, Role, UUID?)] = [
            ("operator@demo.1022.local", "Trần Thị Tổng Đài", .operator, nil),
            ("coordinator@demo.1022.local", "Lê Văn Điều Phối", .coordinator, nil),
            ("officer@demo.1022.local", "Phạm Minh Xử Lý", .agencyOfficer, demoAgency),
            ("leader@demo.1022.local", "Võ Thị Lãnh Đạo", .agencyLeader, demoAgency),
            ("provincial@demo.1022.local", "Đặng Văn Tỉnh", .provincialLeader, nil),
            ("complaint@demo.1022.local", "Bùi Thị Tiếp Dân", .complaintOfficer, nil),
        ]
        for (email, name, role, agency) in users {
            try await User(email: email, fullName: name, passwordHash: hash, role: role, agencyID: agency).create(on: db)
        }
        try await KnowledgeSeed.seedIfEmpty(on: db, agencies: agencyByName)
        try await seedSamples(on: db, config: config, communes: communes, logger: logger)
        return Result(password: config.demoPassword == nil ? password : "(PAKN_DEMO_PASSWORD)", emails: users.map(\.0))
    }

    static let givenNames = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Văn Em",
                             "Vũ Thị Giang", "Đặng Quốc Huy", "Bùi Thị Lan", "Đỗ Minh Khôi", "Ngô Thị Mai"]

    static func seedSamples(on db: Database, config: AppConfiguration, communes: [Commune], logger: Logger) async throws {
        let lines = try String(contentsOf: ReferenceSeeder.resource("pakn-samples/samples.jsonl"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.isEmpty }
        let samples = try lines.map { try JSONDecoder().decode(Sample.self, from: Data($0.utf8)) }
        let communeByName = Dictionary(communes.map { ($0.fullName, $0) }, uniquingKeysWith: { a, _ in a })
        let rules = try await ReferenceQueries.routingRules(on: db)
        let operatorActing = Acting(userID: nil, actor: .staff(.operator), agencyID: nil, label: "Tổng đài viên (dữ liệu mẫu)")
        let coordinator = Acting(userID: nil, actor: .staff(.coordinator), agencyID: nil, label: "Điều phối viên (dữ liệu mẫu)")
        var firstOfIncident: [String: String] = [:]
        let start = Date().addingTimeInterval(-75 * 86_400)
        var skipped = 0
        for (index, sample) in samples.enumerated() {
            guard let commune = communeByName[sample.commune] else { skipped += 1; continue }
            var clock = start.addingTimeInterval(Double(index) * 6 * 3600)
            func tick() -> Date { clock = clock.addingTimeInterval(3 * 3600); return clock }
            let name = givenNames[index % givenNames.count]
            let submission = Submission(
                kind: sample.kind, title: sample.title, content: sample.content,
                serviceCode: index % 3 == 0 ? nil : sample.field, communeCode: commune.id!, address: sample.address,
                fullName: name, phone: String(format: "0900%06d", 100_000 + index), email: nil, consent: true)
            let channel = sample.channel
            guard case .success(let record) = try await IntakeService.submit(
                submission, files: [], channel: channel, acting: channel == .web ? .citizen : operatorActing,
                config: config, on: db, now: clock) else { skipped += 1; continue }
            let id = try record.requireID()
            record.serviceCode = sample.field
            record.urgency = sample.urgency
            try await record.save(on: db)
            func move(_ action: WorkflowAction, _ acting: Acting, _ input: ActionInput = ActionInput()) async throws {
                try await CaseWorkflow.perform(action, requestID: id, by: acting, input: input, config: config, on: db, now: tick())
            }
            if let incident = sample.incident {
                if let original = firstOfIncident[incident] {
                    try await move(.markDuplicate, operatorActing, ActionInput(duplicateOf: original))
                    continue
                }
                firstOfIncident[incident] = record.trackingCode
            }
            switch sample.expected_outcome {
            case "redirect_113": try await move(.redirectToEmergency, operatorActing, ActionInput(note: "Đã hướng dẫn gọi 113.", emergencyService: .police))
            case "redirect_114": try await move(.redirectToEmergency, operatorActing, ActionInput(note: "Đã chuyển 114.", emergencyService: .fireAndRescue))
            case "redirect_115": try await move(.redirectToEmergency, operatorActing, ActionInput(note: "Đã chuyển 115.", emergencyService: .ambulance))
            case "complaint_procedure": try await move(.referToComplaintProcedure, operatorActing, ActionInput(note: "Nội dung khiếu nại, tố cáo."))
            case "reject_insufficient": try await move(.reject, operatorActing, ActionInput(note: "Nội dung chưa đủ thông tin để xác minh.", rejectionReason: .unclear))
            case "answer_on_spot":
                try await move(.answerDirectly, operatorActing, ActionInput(note: DemoAnswers.onTheSpot(field: sample.field)))
            default:
                let stage = index % 10
                if stage == 0 { continue }
                let agency = Router.proposeAgency(serviceCode: sample.field, communeCode: commune.id, rules: rules).flatMap(UUID.init(uuidString:))
                guard let agency else { continue }
                let officer = Acting(userID: nil, actor: .staff(.agencyOfficer), agencyID: agency, label: "Cán bộ xử lý (dữ liệu mẫu)")
                let leader = Acting(userID: nil, actor: .staff(.agencyLeader), agencyID: agency, label: "Lãnh đạo đơn vị (dữ liệu mẫu)")
                try await move(.forward, coordinator, ActionInput(leadAgencyID: agency))
                if stage == 1 { continue }
                if stage == 9 { try await move(.returnToCoordinator, officer, ActionInput(note: "Không thuộc thẩm quyền của đơn vị.")); continue }
                try await move(.accept, officer)
                if stage == 2 { continue }
                if stage == 8 { try await move(.requestInformation, officer, ActionInput(note: "Đề nghị cung cấp thêm vị trí cụ thể và hình ảnh hiện trường.")); continue }
                try await move(.answer, officer, ActionInput(note: DemoAnswers.answer(field: sample.field, title: sample.title, address: sample.address,
                                                                                    day: VietnamTime.dayText(clock))))
                if stage == 3 { continue }
                try await move(.approve, leader)
                if stage == 4 { continue }
                try await move(.publish, coordinator)
                if stage == 6 {
                    let rating = Rating()
                    rating.requestID = id; rating.stars = 4 + index % 2; rating.comment = "Cảm ơn cơ quan đã xử lý."
                    try await rating.create(on: db)
                }
                if stage == 7 { try await move(.close, coordinator) }
            }
        }
        logger.info("seeded \(samples.count - skipped) demo requests (\(skipped) skipped)")
        // How many requests the database held once the demo seed was done: while it holds exactly as many, every
        // request in it is demo data (`pakn demo generate` may write into it).
        let total = try await ServiceRequestRecord.query(on: db).count()
        try await Setting(key: DemoGenerator.seededKey, value: String(total)).save(on: db)
    }
}
