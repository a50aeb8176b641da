import Fluent
import Foundation
import PAKNDomain
import SQLKit
import Vapor

/// `pakn demo generate` (issue 12 item 1): a realistic archive of many requests for benchmarks and load tests,
/// written in batches straight into the configured database.
///
/// Realistic, not copied: every request is built from one of the project's 240 sample requests
/// (`Resources/seed/pakn-samples`), with its field and urgency, a different opening and closing sentence, another
/// commune and a new requester; its channel follows the 1022 mix (phone 40 %, web 20 %, Zalo 15 %, e-mail 10 %,
/// Messenger 8 %, SMS 4 %, API 3 %). Communes are weighted 3 for a ward (phường) and 1 for a commune (xã): no openly
/// licensed population table of the 2025 units ships with the project, and wards are the towns.
///
/// Each request walks the domain's own transitions (`Workflow.transition`) as far as its age allows: young ones
/// wait for triage or an agency; older ones are accepted, answered, approved, published and some closed; a few are
/// rejected, redirected to 113/114/115, referred to the complaint procedure, merged as duplicates, or left overdue.
/// Deadlines are the real clocks (`DeadlineClock` over the stored calendar and policies), events are written per
/// move, published copies are masked (each sample is masked once, and the same sentences are added to both
/// copies), chat channels get their inbound message, and some published answers a rating. No notices are queued:
/// the archive is history. Deterministic for a seed (`SplitMix64`), apart from ids.
enum DemoGenerator {
    struct Options: Sendable {
        var requests: Int
        var years: Int = 10
        var seed: UInt64 = 1022
        var batchSize: Int = 500
        var now: Date = Date()
    }

    /// What was written, and how long it took (seconds).
    struct Report: Sendable {
        var requests = 0, events = 0, assignments = 0, messages = 0, ratings = 0
        /// Days of the maintained statistics counted at the end.
        var statisticsDays = 0
        var seconds: Double = 0
    }

    /// The settings key that marks a database whose requests all come from the demo seed or this generator.
    static let markerKey = "demo.generated"
    /// The settings key the demo seed writes: how many requests the database held when it was done.
    static let seededKey = "demo.seeded"

    /// Refuses a database with requests of its own: generated rows must never mix with real ones. A database is
    /// the generator's when it held no requests, or only the demo seed's, when the generator first wrote into it
    /// (the marker).
    /// Returns whether the database may be marked as generated (not when `--force` wrote into other requests).
    /// - Throws: `AppError` 409 when the database holds requests, no marker says they are generated, and not `force`.
    @discardableResult
    static func checkTarget(on db: Database, force: Bool) async throws -> Bool {
        let requests = try await ServiceRequestRecord.query(on: db).count()
        if requests == 0 { return true }
        if try await Setting.find(markerKey, on: db) != nil { return true }
        // Only the demo seed's own requests, none added since.
        if let seeded = try await Setting.find(seededKey, on: db), Int(seeded.value) == requests { return true }
        guard force else {
            throw AppError.conflict("Cơ sở dữ liệu đã có \(requests) phản ánh không do công cụ tạo dữ liệu mẫu viết; dùng --force nếu chắc chắn / the database holds requests the generator did not write; use --force.")
        }
        return false
    }

    /// Writes `options.requests` requests. `progress` is called after each batch with the number written so far.
    static func run(_ options: Options, config: AppConfiguration, markAsGenerated: Bool = true, on db: Database,
                    progress: @Sendable (Int) -> Void = { _ in }) async throws -> Report {
        let started = Date()
        var rng = SplitMix64(seed: options.seed)
        let world = try await World.load(config: config, on: db)
        // Tracking codes are unique: a million draws from 9 × 10⁸ codes would clash some 500 times.
        var codes = Set(try await ServiceRequestRecord.query(on: db).field(\.$trackingCode).all().map(\.trackingCode))
        var report = Report()
        var written = 0
        var recent: [(id: UUID, code: String)] = []
        while written < options.requests {
            let count = min(options.batchSize, options.requests - written)
            var batch = Batch()
            for _ in 0..<count {
                world.make(&batch, rng: &rng, options: options, recent: &recent, codes: &codes)
            }
            try await batch.write(on: db)
            report.requests += batch.requests.count
            report.events += batch.events.count
            report.assignments += batch.assignments.count
            report.messages += batch.messages.count
            report.ratings += batch.ratings.count
            written += count
            progress(written)
        }
        if markAsGenerated, try await Setting.find(markerKey, on: db) == nil {
            let marker = Setting()
            marker.id = markerKey
            marker.value = "true"
            try await marker.create(on: db)
        }
        // The triggers logged every row's day; counting each day once is faster than the change log's rounds.
        report.statisticsDays = try await StatisticsCube.rebuild(on: db)
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// The rows of one batch, written in one transaction with one multi-row insert per table.
    struct Batch {
        var contacts: [Contact] = []
        var requests: [ServiceRequestRecord] = []
        var links: [RequestContact] = []
        var assignments: [Assignment] = []
        var events: [EventRecord] = []
        var messages: [MessageRecord] = []
        var ratings: [Rating] = []

        func write(on db: Database) async throws {
            try await db.writeTransaction { tx in
                guard let sql = tx as? any SQLDatabase else { return }
                // Rows whose model stamps `created_at` with the present on create go in through SQLKit, so that they
                // keep their historical time (retention and statistics read it).
                try await Self.insert(sql, "contacts", ["id", "full_name", "phone", "phone_digits", "created_at"], contacts.map {
                    [SQLBind($0.id!), SQLBind($0.fullName), SQLBind($0.phone), SQLBind($0.phoneDigits), SQLBind($0.createdAt)]
                })
                try await requests.create(on: tx)
                try await Self.insert(sql, "request_contacts", ["id", "request_id", "contact_id", "is_primary", "source_request_id", "created_at"], links.map {
                    [SQLBind(UUID()), SQLBind($0.requestID), SQLBind($0.contactID), SQLBind($0.isPrimary), SQLBind($0.sourceRequestID), SQLBind($0.createdAt)]
                })
                if !assignments.isEmpty { try await assignments.create(on: tx) }
                // PostgreSQL takes at most 65,535 values per statement: events go in slices of 2,000 rows (12 columns).
                for start in stride(from: 0, to: events.count, by: 2_000) {
                    try await Array(events[start..<min(start + 2_000, events.count)]).create(on: tx)
                }
                // Fluent stamps updated_at with the present on create: the last event's time is the historical one.
                try await sql.raw("""
                    UPDATE service_requests SET updated_at = (SELECT MAX(e.occurred_at) FROM events e WHERE e.request_id = service_requests.id)
                    WHERE id IN \(SQLBind.group(requests.compactMap(\.id)))
                    """).run()
                try await Self.insert(sql, "messages", ["id", "request_id", "channel", "direction", "provider_message_id", "body", "sender_id", "created_at"], messages.map {
                    [SQLBind($0.id!), SQLBind($0.requestID), SQLBind($0.channel.rawValue), SQLBind($0.direction.rawValue),
                     SQLBind($0.providerMessageID), SQLBind($0.body), SQLBind($0.senderID), SQLBind($0.createdAt)]
                })
                try await Self.insert(sql, "ratings", ["id", "request_id", "stars", "comment", "created_at"], ratings.map {
                    [SQLBind($0.id!), SQLBind($0.requestID), SQLBind($0.stars), SQLBind($0.comment), SQLBind($0.createdAt)]
                })
            }
        }

        /// One multi-row INSERT (nothing for no rows).
        static func insert(_ sql: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any SQLExpression]]) async throws {
            guard !rows.isEmpty else { return }
            let insert = sql.insert(into: table).columns(columns)
            for row in rows { _ = insert.values(row) }
            try await insert.run()
        }
    }

    /// What the generator draws from: the samples (with their masked copies), communes, fields, agencies, routing
    /// rules and the deadline context.
    struct World {
        struct Sample {
            let sample: DemoSeeder.Sample
            let maskedTitle: String
            let maskedContent: String
        }
        let samples: [Sample]
        let communes: [Commune]
        let communeWeights: [Int]
        let rules: [RoutingRule]
        let context: DeadlineContext
        let knownServices: Set<String>
        let intake: WorkingCalendar
        let calendars: [UUID: WorkingCalendar]

        static func load(config: AppConfiguration, on db: Database) async throws -> World {
            let lines = try String(contentsOf: ReferenceSeeder.resource("pakn-samples/samples.jsonl"), encoding: .utf8)
                .split(separator: "\n").filter { !$0.isEmpty }
            let masking = Masking(knownNames: [], knownValues: [])
            let samples = try lines.map { line -> Sample in
                let sample = try JSONDecoder().decode(DemoSeeder.Sample.self, from: Data(line.utf8))
                return Sample(sample: sample, maskedTitle: masking.mask(sample.title).text, maskedContent: masking.mask(sample.content).text)
            }
            let communes = try await ReferenceQueries.communes(province: config.provinceCode, on: db)
            guard !communes.isEmpty else { throw AppError.conflict("Chưa có danh mục xã, phường: chạy pakn seed trước / seed reference data first.") }
            let rules = try await ReferenceQueries.routingRules(on: db)
            guard !rules.isEmpty else { throw AppError.conflict("Chưa có cơ quan và quy tắc chuyển: chạy pakn seed với PAKN_DEMO=1 trước / seed the demo agencies first.") }
            let context = try await DeadlineStore.load(on: db)
            let agencies = Set(rules.compactMap { UUID(uuidString: $0.agencyID) })
            return World(samples: samples, communes: communes,
                         communeWeights: communes.map { $0.fullName.hasPrefix("Phường") ? 3 : 1 },
                         rules: rules, context: context,
                         knownServices: Set(try await Service.query(on: db).all().compactMap(\.id)),
                         intake: context.intakeCalendar,
                         calendars: Dictionary(uniqueKeysWithValues: agencies.map { ($0, context.calendar(for: $0)) }))
        }

        static let openings = ["", "", "Từ tuần trước, ", "Mấy hôm nay, ", "Sáng nay, ", "Đã nhiều lần báo nhưng ", "Kính gửi Tổng đài 1022. "]
        static let closings = ["", " Mong cơ quan chức năng sớm xử lý.", " Đề nghị kiểm tra giúp.", " Xin cảm ơn.",
                               " Người dân trong khu vực rất bức xúc.", " Rất mong được phản hồi sớm."]
        static let answers = ["Đơn vị đã kiểm tra hiện trường và khắc phục xong trong tuần.",
                              "Đã phối hợp với chính quyền địa phương xử lý theo quy định; kết quả đã thông báo cho người dân.",
                              "Nội dung phản ánh đúng; đơn vị đã chỉ đạo bộ phận chuyên môn sửa chữa và sẽ theo dõi thêm.",
                              "Đã hướng dẫn trình tự, hồ sơ và nơi nộp; người dân có thể liên hệ bộ phận một cửa để được hỗ trợ.",
                              "Qua kiểm tra, đơn vị đã lập biên bản và xử lý vi phạm theo quy định."]
        static let familyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Huỳnh", "Võ", "Rơ Mah", "Ksor", "Siu"]
        static let givenNames = ["Văn An", "Thị Bình", "Hoàng Cường", "Thị Dung", "Minh Khôi", "Thị Mai", "Quốc Huy", "Thị Lan",
                                 "Văn Tâm", "Thị Hạnh", "H'Nhi", "Blih", "Thị Thu", "Đức Thắng", "Ngọc Ánh"]
        static let channels: [(PAKNDomain.Channel, Int)] = [(.phone, 40), (.web, 20), (.zalo, 15), (.email, 10), (.messenger, 8), (.sms, 4), (.api, 3)]

        /// One request with its history, appended to `batch`.
        func make(_ batch: inout Batch, rng: inout SplitMix64, options: Options, recent: inout [(id: UUID, code: String)], codes: inout Set<String>) {
            let pick = samples[rng.below(samples.count)]
            let s = pick.sample
            let commune = communes[rng.weighted(communeWeights)]
            let channel = Self.channels[rng.weighted(Self.channels.map(\.1))].0
            let span = Double(options.years) * 365.25 * 86_400
            // Newer years hold more requests (the hotline grew): the square root tilts the draw towards now.
            let received = options.now.addingTimeInterval(-span * (1 - rng.unit().squareRoot()))
            let age = options.now.timeIntervalSince(received)

            let opening = Self.openings[rng.below(Self.openings.count)]
            let closing = Self.closings[rng.below(Self.closings.count)]
            let title = rng.below(4) == 0 ? "\(s.title) – \(commune.name)" : s.title
            let maskedTitle = title == s.title ? pick.maskedTitle : "\(pick.maskedTitle) – \(commune.name)"
            let content = opening + s.content + closing
            let maskedContent = opening + pick.maskedContent + closing

            let contact = Contact()
            contact.id = UUID()
            contact.fullName = "\(Self.familyNames[rng.below(Self.familyNames.count)]) \(Self.givenNames[rng.below(Self.givenNames.count)])"
            let phone = String(format: "09%08d", rng.below(100_000_000))
            contact.phone = phone
            contact.phoneDigits = phone
            contact.createdAt = received
            batch.contacts.append(contact)

            let record = ServiceRequestRecord()
            let id = UUID()
            record.id = id
            var code = TrackingCode.generate(using: &rng).digits
            while !codes.insert(code).inserted { code = TrackingCode.generate(using: &rng).digits }
            record.trackingCode = code
            record.kind = RequestKind(rawValue: s.kind) ?? .report
            record.title = title
            record.description = content
            record.serviceCode = knownServices.contains(s.field) ? s.field : nil
            record.urgency = s.urgency
            record.communeCode = commune.id
            record.address = s.address
            record.channel = channel
            record.restricted = false
            record.hideIdentityPublic = rng.below(10) == 0
            record.hideIdentityFromAgency = rng.below(50) == 0
            record.primaryContactID = contact.id
            record.receivedAt = received
            record.countedFrom = intake.nextOpening(atOrAfter: received)
            record.publicSearch = ""
            record.staffSearch = IntakeService.staffSearchText(title: title, description: content, code: code)
            record.updatedAt = received
            let link = RequestContact(requestID: id, contactID: contact.id!, isPrimary: true, sourceRequestID: id)
            link.createdAt = received
            batch.links.append(link)
            if [.zalo, .messenger, .sms, .email].contains(channel) {
                let message = MessageRecord()
                message.id = UUID()
                message.requestID = id
                message.channel = channel
                message.direction = .inbound
                message.providerMessageID = "gen-\(code)"
                message.body = content
                message.senderID = channel == .email ? "nguoidan\(rng.below(1_000_000))@example.vn" : "gen-\(rng.below(1_000_000_000))"
                message.createdAt = received
                batch.messages.append(message)
            }

            var status = RequestStatus.received
            var clock = received
            func event(_ action: CaseEvent, _ from: RequestStatus?, _ to: RequestStatus?, _ label: String, note: String? = nil, isPublic: Bool) {
                batch.events.append(EventRecord(requestID: id, occurredAt: clock, actorLabel: label, action: action,
                                                from: from, to: to, note: note, isPublic: isPublic))
            }
            /// One move through the domain's table; `false` (and nothing written) when the table refuses it.
            @discardableResult
            func move(_ action: WorkflowAction, by actor: Actor, label: String, after hours: Double, note: String? = nil) -> Bool {
                let at = clock.addingTimeInterval(hours * 3600)
                guard at < options.now, let to = try? Workflow.transition(action, from: status, by: actor, note: note) else { return false }
                clock = at
                event(.workflow(action), status, to, label, note: note, isPublic: action.isPublicByDefault)
                status = to
                return true
            }
            event(.created, nil, .received, channel == .web ? "Người dân" : "Tổng đài viên", note: "Tiếp nhận qua kênh \(channel.label).", isPublic: true)

            let roll = rng.below(1000)
            let operatorActor = Actor.staff(.operator), coordinator = Actor.staff(.coordinator)
            switch roll {
            case 0..<30:
                move(.reject, by: operatorActor, label: "Tổng đài viên", after: 2, note: "Nội dung chưa đủ thông tin để xác minh.")
                if status == .rejected { record.rejectionReason = .unclear; record.closedAt = clock }
            case 30..<40:
                if move(.redirectToEmergency, by: operatorActor, label: "Tổng đài viên", after: 0.1, note: "Đã hướng dẫn gọi 114.") {
                    record.emergencyService = .fireAndRescue; record.closedAt = clock
                }
            case 40..<50:
                if move(.referToComplaintProcedure, by: operatorActor, label: "Tổng đài viên", after: 4, note: "Nội dung khiếu nại, tố cáo.") {
                    record.restricted = true; record.closedAt = clock
                }
            case 50..<70 where !recent.isEmpty:
                let original = recent[rng.below(recent.count)]
                if move(.markDuplicate, by: operatorActor, label: "Tổng đài viên", after: 1, note: "Trùng phản ánh \(original.code).") {
                    record.duplicateOfID = original.id; record.closedAt = clock
                }
            default:
                guard let agencyText = Router.proposeAgency(serviceCode: s.field, communeCode: commune.id, rules: rules),
                      let agency = UUID(uuidString: agencyText) else { break }
                let officer = Actor.staff(.agencyOfficer), leader = Actor.staff(.agencyLeader)
                let policy = context.policy(serviceCode: record.serviceCode, urgency: record.urgency)
                let calendar = calendars[agency] ?? context.calendar(for: agency)
                guard move(.forward, by: coordinator, label: "Điều phối viên", after: 1 + rng.unit() * 6) else { break }
                let lead = Assignment()
                lead.id = UUID(); lead.requestID = id; lead.agencyID = agency; lead.role = .lead
                lead.status = .pending; lead.forwardedAt = clock; lead.active = true
                lead.acceptance = DeadlineClock(stage: .acceptance, startedAt: clock, limit: policy.acceptanceLimit)
                // As the workflow does at each move: the due instants follow the running clock, and stay when it stops.
                lead.refreshDueDates(in: calendar)
                record.leadAgencyID = agency
                // Most agencies accept within a working day; one in a hundred cases is left waiting past its deadline.
                let stuck = rng.below(100) == 0
                if !stuck, move(.accept, by: officer, label: "Cán bộ xử lý", after: 2 + rng.unit() * 30) {
                    lead.status = .accepted; lead.acceptedAt = clock
                    var acceptance = lead.acceptance; try? acceptance?.stop(at: clock, reason: .completed); lead.acceptance = acceptance
                    lead.resolution = DeadlineClock(stage: .resolution, startedAt: clock, limit: policy.resolutionLimit)
                    lead.refreshDueDates(in: calendar)
                    // Working days to answer: mostly inside the limit, one in eight late.
                    let late = rng.below(8) == 0
                    let days = late ? 12 + rng.unit() * 20 : 1 + rng.unit() * 8
                    let answer = Self.answers[rng.below(Self.answers.count)]
                    if move(.answer, by: officer, label: "Cán bộ xử lý", after: days * 24, note: answer) {
                        var resolution = lead.resolution; try? resolution?.stop(at: clock, reason: .completed); lead.resolution = resolution
                        lead.status = .answered; lead.answeredAt = clock; lead.answer = answer
                        lead.outcome = lead.resolution?.outcome(in: calendar)
                        lead.outcomeOriginal = lead.resolution?.outcomeAgainstOriginalDue(in: calendar)
                        lead.answerWorkingSeconds = calendar.workingSeconds(from: lead.forwardedAt, to: clock)
                        record.answer = answer
                        if move(.approve, by: leader, label: "Lãnh đạo đơn vị", after: 4 + rng.unit() * 20),
                           move(.publish, by: coordinator, label: "Điều phối viên", after: 2 + rng.unit() * 20) {
                            record.publicTitle = maskedTitle
                            record.publicDescription = maskedContent
                            record.publicAnswer = answer
                            record.publicSearch = SearchText.indexed([maskedTitle, maskedContent, answer].joined(separator: " "))
                            record.publishedAt = clock
                            if rng.below(4) == 0 {
                                let rating = Rating()
                                rating.id = UUID(); rating.requestID = id; rating.stars = 1 + rng.weighted([1, 1, 2, 4, 4])
                                rating.comment = ""; rating.createdAt = clock.addingTimeInterval(86_400)
                                if rating.createdAt! < options.now { batch.ratings.append(rating) }
                            }
                            if age > 180 * 86_400, rng.below(6) == 0, move(.close, by: coordinator, label: "Điều phối viên", after: 24 * 30) {
                                record.closedAt = clock
                            }
                        }
                    }
                }
                lead.refreshDueDates(in: calendar)
                record.dueAt = DueDates.expectedAnswer(lead: lead, record: record, context: context)
                batch.assignments.append(lead)
            }
            record.status = status
            record.updatedAt = clock
            batch.requests.append(record)
            recent.append((id, code))
            if recent.count > 200 { recent.removeFirst(100) }
        }
    }
}
