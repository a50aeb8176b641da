import Fluent
import Foundation
@testable import PAKNServer
import PAKNDomain
import Testing
import VaporTesting

/// Statistics for every role that may see them, scoped to what each may see, and the public statistics page with
/// published, non-restricted data only (issue 13).
@Suite("Statistics: leaders, agencies and the public")
struct StatisticsTests {
    /// A web request in the commune with full name `commune`, received `now`.
    static func submit(_ app: Application, commune: String, name: String, phone: String, service: String = "su_co_duong",
                       title: String = "Đèn đường hỏng nhiều ngày",
                       content: String = "Đèn đường trước nhà văn hóa khu phố tắt đã một tuần, buổi tối rất tối.",
                       now: Date = Date()) async throws -> ServiceRequestRecord {
        let code = try await Fixtures.communeCode(named: commune, on: app.db)
        let submission = Submission(kind: "phan_anh", title: title, content: content,
                                    serviceCode: service, communeCode: code, address: "Khu phố 3", fullName: name, phone: phone, consent: true)
        guard case .success(let record) = try await IntakeService.submit(submission, files: [], channel: .web, acting: .citizen,
                                                                         config: app.paknConfiguration, on: app.db, now: now) else {
            throw AppError.invalid("fixture")
        }
        return record
    }

    @Test("agency staff see their own agency only; province roles see all or the agency they choose; the complaint officer none",
          arguments: TestDatabase.available)
    func scopedByRole(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, other) = try await WorkflowFlowTests.staff(on: app)
            let agencyID = try agency.requireID(), otherID = try other.requireID()
            var ours: [ServiceRequestRecord] = []
            for n in 0..<2 {
                let record = try await Self.submit(app, commune: "Phường Quy Nhơn", name: "Trần Văn Nam", phone: "0905 111 22\(n)")
                try await O311.forward(app, record, to: agency)
                ours.append(record)
            }
            try await O311.move(app, ours[0], .accept, O311.officer(agencyID))
            let theirs = try await Self.submit(app, commune: "Phường Quy Nhơn", name: "Lê Thị Thu", phone: "0905 333 444")
            try await O311.forward(app, theirs, to: other)

            // A denunciation referred to its own procedure is restricted: never counted.
            let complaint = try await Self.submit(app, commune: "Phường Quy Nhơn", name: "Lý Văn Tố", phone: "0905 777 666")
            try await O311.move(app, complaint, .referToComplaintProcedure, O311.operatorActing, ActionInput(note: "Tố cáo cán bộ."))
            // The figures, computed by hand: two cases led by Sở Xây dựng (one accepted), one by Sở Y tế.
            let from = Date().addingTimeInterval(-86_400), to = Date().addingTimeInterval(86_400)
            let scoped = try await Statistics.report(from: from, to: to, scope: .agency(agencyID), on: app.db)
            #expect(scoped.total == 2)
            #expect(scoped.flow == Statistics.Flow(received: 2, accepted: 1, returned: 0, answered: 0))
            #expect(scoped.byAgency.map(\.count) == [2])
            let province = try await Statistics.report(from: from, to: to, on: app.db)
            #expect(province.total == 3)
            #expect(province.flow == Statistics.Flow(received: 3, accepted: 1, returned: 0, answered: 0))

            func page(_ email: String, _ query: String = "") async throws -> (HTTPStatus, String) {
                let browser = Browser(app)
                try await browser.login(email, TestApp.demoPassword)
                let response = try await browser.get("/quan-tri/thong-ke\(query)")
                return (response.status, response.body.string)
            }
            for email in ["le@t.vn", "of@t.vn"] {
                let (status, body) = try await page(email)
                #expect(status == .ok, "\(email)")
                #expect(body.contains("Phạm vi: Sở Xây dựng"), "\(email)")
                #expect(!body.contains("Sở Y tế"), "\(email) sees nothing of another agency")
                #expect(try await page(email, "?co-quan=\(otherID.uuidString)").0 == .forbidden, "\(email) asks for another agency")
                #expect(try await page(email, "?co-quan=\(agencyID.uuidString)").0 == .ok, "\(email) names their own")
            }
            let (otherStatus, otherBody) = try await page("other@t.vn")
            #expect(otherStatus == .ok)
            #expect(otherBody.contains("Phạm vi: Sở Y tế") && !otherBody.contains("Sở Xây dựng"))
            #expect(try await page("kntc@t.vn").0 == .forbidden)
            for email in ["co@t.vn", "pl@t.vn", "op@t.vn"] {
                let (status, body) = try await page(email)
                #expect(status == .ok, "\(email)")
                #expect(body.contains("Phạm vi: Toàn tỉnh") && body.contains("Sở Xây dựng") && body.contains("Sở Y tế"), "\(email)")
            }
            let (_, chosen) = try await page("co@t.vn", "?co-quan=\(agencyID.uuidString)")
            #expect(chosen.contains("Phạm vi: Sở Xây dựng"))
            #expect(try await page("co@t.vn", "?co-quan=khong-phai-ma").0 == .badRequest)

            // The number is a link to the list behind it: the leader's "web" channel count opens the queue with
            // the same period and agency, listing exactly their two cases.
            let leader = Browser(app)
            try await leader.login("le@t.vn", TestApp.demoPassword)
            let body = try await leader.get("/quan-tri/thong-ke").body.string
            let table = try #require(body.range(of: #"id="by-channel""#))
            let hrefStart = try #require(body[table.upperBound...].range(of: #"href=""#))
            let href = String(body[hrefStart.upperBound...].prefix { $0 != "\"" })
            #expect(href.contains("channel=web") && href.contains("agencyID=\(agencyID.uuidString.lowercased())"))
            let list = try await leader.get(href)
            #expect(list.status == .ok)
            for record in ours {
                #expect(list.body.string.contains(TrackingCode(digits: record.trackingCode)!.formatted))
            }
            #expect(!list.body.string.contains(TrackingCode(digits: theirs.trackingCode)!.formatted))
        }
    }

    @Test("agencies rank by on-time rate, then fewer overdue, then more answers; without answers last")
    func ranking() {
        func row(_ label: String, answered: Int, onTime: Int, overdue: Int) -> Statistics.Performance {
            Statistics.Performance(key: label, label: label, answered: answered, onTime: onTime, late: answered - onTime, onTimeOriginal: onTime,
                                   onTimeRate: answered > 0 ? Double(onTime) / Double(answered) : nil, overdueNow: overdue,
                                   averageHandlingHours: nil, averageWorkingDays: nil, p90WorkingDays: nil)
        }
        let rows = [row("A", answered: 10, onTime: 9, overdue: 4),   // 90 %
                    row("B", answered: 4, onTime: 4, overdue: 2),    // 100 %
                    row("C", answered: 0, onTime: 0, overdue: 1),    // no answer
                    row("D", answered: 20, onTime: 18, overdue: 1),  // 90 %, fewer overdue than A
                    row("E", answered: 0, onTime: 0, overdue: 0),    // no answer, nothing overdue
                    row("F", answered: 5, onTime: 4, overdue: 0)]    // 80 %
        #expect(Statistics.ranked(rows).map(\.label) == ["B", "D", "A", "F", "E", "C"])
    }

    @Test("the 90th percentile is the nearest rank")
    func percentile() {
        // n = 10: rank ⌈0.9 × 10⌉ = 9, the 9th smallest; n = 20: rank 18; n = 1: the value itself.
        #expect(Statistics.percentile(0.9, of: (1...10).map(Double.init).shuffled()) == 9)
        #expect(Statistics.percentile(0.9, of: (1...20).map(Double.init).reversed()) == 18)
        #expect(Statistics.percentile(0.9, of: [4.5]) == 4.5)
        #expect(Statistics.percentile(0.9, of: []) == nil)
    }

    @Test("the public statistics page: published, non-restricted requests only, small cells as “< 5”, no person",
          arguments: TestDatabase.available)
    func publicPage(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            var published: [ServiceRequestRecord] = []
            // Published: five in Phường Quy Nhơn, six in Phường Quy Nhơn Bắc, one in Phường Quy Nhơn Nam; not counted:
            // one received and not published, and one referred to the complaint procedure (restricted).
            for (commune, count) in [("Phường Quy Nhơn", 5), ("Phường Quy Nhơn Bắc", 6), ("Phường Quy Nhơn Nam", 1)] {
                for n in 0..<count {
                    let record = try await Self.submit(app, commune: commune, name: "Phạm Minh Khôi", phone: "0914 \(String(format: "%06d", 222_300 + published.count))")
                    try await O311.publish(app, record, agency: agency, answer: "Đơn vị đã thay bóng đèn.")
                    published.append(record)
                }
            }
            _ = try await Self.submit(app, commune: "Phường Quy Nhơn Bắc", name: "Đoàn Thị Yến", phone: "0914 999 888")
            let complaint = try await Self.submit(app, commune: "Phường Quy Nhơn Nam", name: "Lý Văn Tố", phone: "0914 777 666")
            try await O311.move(app, complaint, .referToComplaintProcedure, O311.operatorActing, ActionInput(note: "Tố cáo cán bộ."))
            #expect(try await ServiceRequestRecord.find(complaint.id, on: app.db)?.restricted == true)
            // Two ratings: fewer than five, so no mean is published (one or two would be people's own scores).
            for (record, stars) in zip(published.prefix(2), [4, 5]) {
                let rating = Rating()
                rating.requestID = try record.requireID(); rating.stars = stars; rating.comment = ""
                try await rating.create(on: app.db)
            }

            let response = try await Browser(app).get("/thong-ke")
            #expect(response.status == .ok)
            let body = response.body.string
            func row(_ table: String, _ label: String) -> String? {
                guard let start = body.range(of: "id=\"\(table)\""), let end = body[start.upperBound...].range(of: "</table>"),
                      let cell = body[start.upperBound..<end.lowerBound].range(of: "<td>\(label)</td><td>") else { return nil }
                return String(body[cell.upperBound...].prefix { $0 != "<" })
            }
            // By commune: 6 shown; 1 (under 5) as "< 5"; the 5 of Quy Nhơn hidden too, or 12 − 6 − 5 would give the 1.
            // The unpublished and the restricted requests are not counted.
            #expect(row("by-commune", "Phường Quy Nhơn Bắc") == "6")
            #expect(row("by-commune", "Phường Quy Nhơn Nam") == "&lt; 5")
            #expect(row("by-commune", "Phường Quy Nhơn") == "(ẩn)")
            // This month: 12 received and 12 answered (published).
            let month = PublicStatistics.monthStart(of: Date())
            let formatter = DateFormatter()
            formatter.timeZone = PublicStatistics.timeZone
            formatter.dateFormat = "MM/yyyy"
            #expect(row("by-month", formatter.string(from: month)) == "12")
            // Every answer given the same minute it was accepted: 12 of 12 on time.
            #expect(body.contains("<td>Sở Xây dựng</td><td>12</td><td>12</td><td>100%</td>"))
            #expect(body.contains("Chưa đủ 5 lượt đánh giá") && !body.contains("4,5/5"))
            // Charts are inline SVG with a title and a description.
            #expect(body.contains(#"<svg id="chart-months""#) && body.contains(#"<title id="chart-months-title">"#))
            // No person: neither names nor phone numbers.
            for text in ["Phạm Minh Khôi", "Đoàn Thị Yến", "Lý Văn Tố", "0914", "Khu phố 3"] {
                #expect(!body.contains(text), "\(text)")
            }
            // Linked from the home page.
            #expect(try await Browser(app).get("/").body.string.contains(#"href="/thong-ke""#))
        }
    }

    @Test("the printable report of a reporting period, calendar or Nghị định 09/2019 cut-off, with the period before",
          arguments: TestDatabase.available)
    func periodicReport(_ database: TestDatabase) async throws {
        for startDay in [1, 15] {
            try await TestApp.with(database, modify: { $0.reportStartDay = startDay }) { app in
                let (agency, other) = try await WorkflowFlowTests.staff(on: app)
                let at = DeadlineWorkflowTests.at
                // Two requests on Tue 10/2/2026, one on Mon 2/3/2026 taken to a late answer (as in the deadline tests:
                // accepted Tue 3/3 09:00, due Tue 17/3 09:00, answered Wed 18/3 09:00; 12 working days from forwarding).
                var february: [ServiceRequestRecord] = []
                for n in 0..<2 {
                    february.append(try await Self.submit(app, commune: "Phường Quy Nhơn", name: "Hồ Văn Tài", phone: "0906 000 00\(n)",
                                                          service: "giao_duc", now: at("2026-02-10T09:00:00+07:00")))
                }
                // One of February's is forwarded to Sở Y tế on 10/2 and never accepted: overdue ever since.
                _ = try await CaseWorkflow.perform(.forward, requestID: february[0].requireID(), by: O311.coordinator,
                                                   input: ActionInput(leadAgencyID: other.id), config: app.paknConfiguration,
                                                   on: app.db, now: at("2026-02-10T10:00:00+07:00"))
                let march = try await Self.submit(app, commune: "Phường Quy Nhơn", name: "Hồ Văn Tài", phone: "0906 000 009",
                                                  service: "giao_duc", now: at("2026-03-02T08:00:00+07:00"))
                func move(_ action: WorkflowAction, _ acting: Acting, _ when: String, _ input: ActionInput = ActionInput()) async throws {
                    _ = try await CaseWorkflow.perform(action, requestID: march.requireID(), by: acting, input: input,
                                                       config: app.paknConfiguration, on: app.db, now: at(when))
                }
                try await move(.forward, O311.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: agency.id))
                try await move(.accept, O311.officer(agency.id!), "2026-03-03T09:00:00+07:00")
                try await move(.answer, O311.officer(agency.id!), "2026-03-18T09:00:00+07:00", ActionInput(note: "Trả lời trễ."))

                let coordinator = Browser(app)
                try await coordinator.login("co@t.vn", TestApp.demoPassword)
                let page = try await coordinator.get("/quan-tri/bao-cao?ky=thang&nam=2026&so=3")
                #expect(page.status == .ok)
                let body = page.body.string
                #expect(body.contains("Báo cáo kết quả tiếp nhận, xử lý phản ánh, kiến nghị tháng 3/2026"))
                if startDay == 1 {
                    // Calendar March: the March request and its answer; February's two before it.
                    #expect(body.contains("Từ ngày 01/03/2026 đến ngày 31/03/2026 · Phạm vi: Toàn tỉnh"))
                    #expect(body.contains("<td>1 (kỳ trước (tháng 2/2026): 2; giảm 50%)</td>"))
                    #expect(body.contains("<th>Đã trả lời trong kỳ</th><td>1</td>"))
                    #expect(body.contains("<td>Sở Xây dựng</td><td>1</td><td>0</td><td>1</td><td>0%</td><td>0</td><td>12</td>"))
                } else {
                    // Nghị định 09/2019: March is 15/02–14/03; the answer of 18/3 falls in April's report.
                    #expect(body.contains("Từ ngày 15/02/2026 đến ngày 14/03/2026 · Phạm vi: Toàn tỉnh"))
                    #expect(body.contains("<td>1 (kỳ trước (tháng 2/2026): 2; giảm 50%)</td>"))
                    #expect(body.contains("<th>Đã trả lời trong kỳ</th><td>0</td>"))
                }
                // A quarter: Q1/2026 holds all three requests (calendar: 1/1–31/3; the decree: 15/12/2025–14/3/2026).
                let quarter = try await coordinator.get("/quan-tri/bao-cao?ky=quy&nam=2026&so=1").body.string
                #expect(quarter.contains("quý I/2026"))
                #expect(quarter.contains("<td>3 (kỳ trước: 0)</td>"))
                // Bad periods are 400; scoping is the statistics page's.
                #expect(try await coordinator.get("/quan-tri/bao-cao?ky=tuan").status == .badRequest)
                #expect(try await coordinator.get("/quan-tri/bao-cao?ky=thang&so=13").status == .badRequest)
                // The first period there is: no period before it, and no crash.
                let first = try await coordinator.get("/quan-tri/bao-cao?ky=thang&nam=2000&so=1")
                #expect(first.status == .ok && first.body.string.contains("kỳ trước: —"))
                // The document's header (NĐ 30/2020 Phụ lục I), the charts, and the overdue list: February's case
                // at Sở Y tế, without its title or any person.
                #expect(body.contains("<p>UBND TỈNH GIA LAI</p>") && body.contains("<strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong>")
                        && body.contains("Độc lập - Tự do - Hạnh phúc") && body.contains("<em>Gia Lai, \(VietnamTime.longDateText(Date()))</em>"))
                #expect(body.contains(#"<svg id="chart-report-agencies""#) && body.contains("<title>Sở Y tế – Đang quá hạn: 1</title>"))
                let code = TrackingCode(digits: february[0].trackingCode)!.formatted
                #expect(body.contains("1 phản ánh đang quá hạn.") && body.contains("<td class=\"nowrap\">\(code)</td><td>Sở Y tế</td>"))
                #expect(!body.contains("Hồ Văn Tài") && !body.contains("0906"))
                let leader = Browser(app)
                try await leader.login("le@t.vn", TestApp.demoPassword)
                let own = try await leader.get("/quan-tri/bao-cao?ky=thang&nam=2026&so=3").body.string
                #expect(own.contains("Phạm vi: Sở Xây dựng") && own.contains("0 phản ánh đang quá hạn.") && !own.contains(code),
                        "another agency's overdue case is not in an agency's report")
                #expect(try await leader.get("/quan-tri/bao-cao?co-quan=\(other.id!.uuidString)").status == .forbidden)
            }
        }
    }

    @Test("the quick periods run from today, Monday, the 1st of the month, of the quarter and of the year to today (+07:00)")
    func presets() {
        // Thu 3/12/2026 20:00 UTC is Fri 4/12/2026 03:00 in Hà Nội.
        let presets = DashboardController.presets(now: DeadlineWorkflowTests.at("2026-12-03T20:00:00Z"))
        #expect(presets.map { "\($0.0) \($0.1) \($0.2)" } == [
            "Hôm nay 2026-12-04 2026-12-04", "Tuần này 2026-11-30 2026-12-04", "Tháng này 2026-12-01 2026-12-04",
            "Quý này 2026-10-01 2026-12-04", "Năm nay 2026-01-01 2026-12-04",
        ])
    }

    @Test("the forecast flags a running assignment that its agency's history says will be late, with the reason; scoped",
          arguments: TestDatabase.available)
    func lateForecast(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, other) = try await WorkflowFlowTests.staff(on: app)
            let at = DeadlineWorkflowTests.at
            func take(_ record: ServiceRequestRecord, _ moves: [(WorkflowAction, Acting, String, ActionInput)]) async throws {
                for (action, acting, when, input) in moves {
                    _ = try await CaseWorkflow.perform(action, requestID: record.requireID(), by: acting, input: input,
                                                       config: app.paknConfiguration, on: app.db, now: at(when))
                }
            }
            let officer = O311.officer(agency.id!)
            // History: five answers in January, each forwarded Mon 5/1/2026 09:00 and answered Wed 21/1 09:00,
            // 13 working days later: Tue 6 … Wed 21 is 12 weekdays, and Sat 10/1/2026 is a working day (swapped with
            // Fri 2/1, domain.md §3.4).
            for n in 0..<5 {
                let old = try await Self.submit(app, commune: "Phường Quy Nhơn", name: "Đinh Văn Hùng", phone: "0935 000 00\(n)",
                                                service: "giao_duc", now: at("2026-01-05T08:00:00+07:00"))
                try await take(old, [(.forward, O311.coordinator, "2026-01-05T09:00:00+07:00", ActionInput(leadAgencyID: agency.id)),
                                     (.accept, officer, "2026-01-06T09:00:00+07:00", ActionInput()),
                                     (.answer, officer, "2026-01-21T09:00:00+07:00", ActionInput(note: "Đã trả lời."))])
            }
            // Running: forwarded Mon 2/3 09:00, accepted Tue 3/3 09:00, due Tue 17/3 09:00. On Thu 12/3 09:00 it has run
            // 8 working days and has 3 left (Fri 13, Mon 16, Tue 17); all five past answers that ran longer than 8 days
            // took 13, more than 8 + 3: 100 %.
            let running = try await Self.submit(app, commune: "Phường Quy Nhơn", name: "Đinh Văn Hùng", phone: "0935 000 009",
                                                service: "giao_duc", now: at("2026-03-02T08:00:00+07:00"))
            try await take(running, [(.forward, O311.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: agency.id)),
                                     (.accept, officer, "2026-03-03T09:00:00+07:00", ActionInput())])
            let now = at("2026-03-12T09:00:00+07:00")
            let (items, considered) = try await LateForecastQuery.run(scope: .province, on: app.db, now: now)
            #expect(considered == 1)
            let item = try #require(items.first)
            #expect(item.record.id == running.id && item.prediction.chanceLate == 1 && item.prediction.samples == 5)
            #expect(item.reason == "thường mất 13 ngày làm việc cho lĩnh vực này; còn 3")
            #expect(item.due == at("2026-03-17T09:00:00+07:00"))
            // On Wed 11/3 09:00 (7 days run, 4 left: 13 > 11) it is flagged too.
            #expect(try await LateForecastQuery.run(scope: .province, on: app.db, now: at("2026-03-11T09:00:00+07:00")).items.count == 1)
            #expect(try await LateForecastQuery.run(scope: .province, on: app.db, now: at("2026-03-05T09:00:00+07:00")).items.isEmpty,
                    "due more than a week ahead: not this week's")
            // Scoped: another agency sees nothing of it.
            #expect(try await LateForecastQuery.run(scope: .agency(other.id!), on: app.db, now: now).considered == 0)
            // The page answers each role as the statistics do.
            let leader = Browser(app)
            try await leader.login("le@t.vn", TestApp.demoPassword)
            #expect(try await leader.get("/quan-tri/du-bao").status == .ok)
            #expect(try await leader.get("/quan-tri/du-bao?co-quan=\(other.id!.uuidString)").status == .forbidden)
            let complaints = Browser(app)
            try await complaints.login("kntc@t.vn", TestApp.demoPassword)
            #expect(try await complaints.get("/quan-tri/du-bao").status == .forbidden)
            // The admin keeps reference data, not case contents: the list of cases is not theirs.
            let admin = Browser(app)
            try await admin.login(TestApp.adminEmail, TestApp.adminPassword)
            #expect(try await admin.get("/quan-tri/du-bao").status == .forbidden)
        }
    }

    @Test("the leaders' 12-month trend: received by month, lead answers on time and late by the month they were given (+07:00); scoped; drawn with its table",
          arguments: TestDatabase.available)
    func trend(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, other) = try await WorkflowFlowTests.staff(on: app)
            let at = DeadlineWorkflowTests.at
            let officer = O311.officer(agency.id!)
            func take(_ record: ServiceRequestRecord, _ moves: [(WorkflowAction, Acting, String, ActionInput)]) async throws {
                for (action, acting, when, input) in moves {
                    _ = try await CaseWorkflow.perform(action, requestID: record.requireID(), by: acting, input: input,
                                                       config: app.paknConfiguration, on: app.db, now: at(when))
                }
            }
            // Street-light reports are urgent: 8 working hours to accept, 4 to answer (SLAPolicyTable.defaults).
            // One answered within the hour on Mon 5/1/2026 (on time, January); one answered Mon 2/2 (late,
            // February); one received Sat 31/1 23:30 +07:00 (January in Hồ Chí Minh City, though 16:30 UTC) and
            // left open; one received in February and never forwarded.
            let quick = try await Self.submit(app, commune: "Phường Quy Nhơn", name: "Hà Văn Tư", phone: "0905 200 001", now: at("2026-01-05T08:00:00+07:00"))
            try await take(quick, [(.forward, O311.coordinator, "2026-01-05T08:30:00+07:00", ActionInput(leadAgencyID: agency.id)),
                                   (.accept, officer, "2026-01-05T09:00:00+07:00", ActionInput()),
                                   (.answer, officer, "2026-01-05T10:00:00+07:00", ActionInput(note: "Đã sửa."))])
            let slow = try await Self.submit(app, commune: "Phường Quy Nhơn", name: "Hà Văn Tư", phone: "0905 200 002", now: at("2026-01-05T08:00:00+07:00"))
            try await take(slow, [(.forward, O311.coordinator, "2026-01-05T08:30:00+07:00", ActionInput(leadAgencyID: agency.id)),
                                  (.accept, officer, "2026-01-05T09:00:00+07:00", ActionInput()),
                                  (.answer, officer, "2026-02-02T09:00:00+07:00", ActionInput(note: "Đã sửa."))])
            let late = try await Self.submit(app, commune: "Phường Quy Nhơn", name: "Hà Văn Tư", phone: "0905 200 003", now: at("2026-01-31T23:30:00+07:00"))
            try await take(late, [(.forward, O311.coordinator, "2026-02-02T08:00:00+07:00", ActionInput(leadAgencyID: agency.id))])
            _ = try await Self.submit(app, commune: "Phường Quy Nhơn", name: "Hà Văn Tư", phone: "0905 200 004", now: at("2026-02-10T08:00:00+07:00"))
            let now = at("2026-03-15T12:00:00+07:00")
            #expect(try await Statistics.trend(months: 3, on: app.db, now: now) == [
                Statistics.TrendMonth(label: "01/2026", received: 3, onTime: 1, late: 0),
                Statistics.TrendMonth(label: "02/2026", received: 1, onTime: 0, late: 1),
                Statistics.TrendMonth(label: "03/2026", received: 0, onTime: 0, late: 0),
            ])
            // Timeliness by channel, commune and urgency, as by agency: all four are web reports of Phường Quy Nhơn
            // in the field's default urgency; from 1/1 to 15/3 two answers (one on time, one late), and the case
            // forwarded on 2/2 and never accepted is overdue on 15/3.
            let report = try await Statistics.report(from: at("2026-01-01T00:00:00+07:00"), to: at("2026-03-15T00:00:00+07:00"), on: app.db, now: now)
            let urgency = try #require(try await Service.find("su_co_duong", on: app.db)).defaultUrgency.rawValue
            let commune = try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db)
            func figures(_ rows: [Statistics.Performance]) -> [String: [Int]] {
                Dictionary(uniqueKeysWithValues: rows.map { ($0.key, [$0.answered, $0.onTime, $0.late, $0.overdueNow]) })
            }
            #expect(figures(report.performanceByChannel) == ["web": [2, 1, 1, 1]])
            #expect(figures(report.performanceByCommune) == [commune: [2, 1, 1, 1]])
            #expect(figures(report.performanceByUrgency) == [urgency: [2, 1, 1, 1]])
            #expect(figures(report.performanceByAgency) == [agency.id!.uuidString.lowercased(): [2, 1, 1, 1]])
            // The agency's own: the three it leads (the fourth was never forwarded); another agency: nothing.
            #expect(try await Statistics.trend(months: 3, scope: .agency(agency.id!), on: app.db, now: now).map(\.received) == [3, 0, 0])
            #expect(try await Statistics.trend(months: 3, scope: .agency(other.id!), on: app.db, now: now)
                .allSatisfy { $0.received == 0 && $0.onTime == 0 && $0.late == 0 })

            // The dashboard draws the trend (12 months to today) with its table, bars by agency and field, and the
            // stacked on-time / late / overdue bars, each with a title and a description.
            let coordinator = Browser(app)
            try await coordinator.login("co@t.vn", TestApp.demoPassword)
            let body = try await coordinator.get("/quan-tri/thong-ke?tu=2026-01-01&den=2026-03-15").body.string
            for id in ["chart-trend", "chart-by-agency", "chart-by-service", "chart-performance-agency", "chart-performance-channel",
                       "chart-performance-commune", "chart-performance-urgency"] {
                #expect(body.contains("<svg id=\"\(id)\"") && body.contains("aria-labelledby=\"\(id)-title \(id)-desc\""), "\(id)")
            }
            #expect(body.contains(#"<table id="trend">"#))
            #expect(body.contains("<title>Sở Xây dựng – Đúng hạn: 1</title>") && body.contains("<title>Sở Xây dựng – Trễ hạn: 1</title>"))
        }
    }

    @Test("the public map places a commune at the centroid of its requests' coordinates from 5 located requests, rounded; counts as in the table",
          arguments: TestDatabase.available)
    func publicMap(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let (agency, _) = try await WorkflowFlowTests.staff(on: app)
            // Six in Phường Quy Nhơn at 13.7765, 109.2237 (O311.makeCase); two in Phường Quy Nhơn Bắc without a location.
            for n in 0..<6 {
                let record = try await O311.makeCase(app, content: "Ổ gà số \(n) trên đường Trần Hưng Đạo.", phone: "0912 345 67\(n)")
                try await O311.publish(app, record, agency: agency, answer: "Đã vá.")
            }
            for n in 0..<2 {
                let record = try await Self.submit(app, commune: "Phường Quy Nhơn Bắc", name: "Trương Văn Lộc", phone: "0913 111 00\(n)")
                try await O311.publish(app, record, agency: agency, answer: "Đã sửa.")
            }
            let communes = try await PublicMap.communes(on: app.db)
            #expect(communes == [PublicMap.Commune(label: "Phường Quy Nhơn", count: 6, latitude: 13.78, longitude: 109.22),
                                 PublicMap.Commune(label: "Phường Quy Nhơn Bắc", count: 2, latitude: nil, longitude: nil)])
            let body = try await Browser(app).get("/ban-do").body.string
            // Quy Nhơn Bắc's 2 are "< 5" and not placed; with that single small cell, Quy Nhơn's 6 is hidden too (or
            // the total would give the 2 away): its circle keeps its place but not its number, as in the table.
            #expect(body.contains(#"<svg id="map""#) && body.contains("<title>Phường Quy Nhơn: (ẩn)</title>"))
            #expect(!body.contains("Quy Nhơn Bắc: "), "two requests are not placed")
            #expect(body.contains("<td>Phường Quy Nhơn Bắc</td><td>&lt; 5</td>") && body.contains("<td>Phường Quy Nhơn</td><td>(ẩn)</td>"))
            #expect(!body.contains("13.7765") && !body.contains("109.2237"), "no request's own coordinates")
            #expect(try await Browser(app).get("/thong-ke").body.string.contains(#"href="/ban-do""#))
        }
    }
}
