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
    static func submit(_ app: Application, commune: String, name: String, phone: String, now: Date = Date()) async throws -> ServiceRequestRecord {
        let code = try await Fixtures.communeCode(named: commune, on: app.db)
        let submission = Submission(kind: "phan_anh", title: "Đèn đường hỏng nhiều ngày", content: "Đèn đường trước nhà văn hóa khu phố tắt đã một tuần, buổi tối rất tối.",
                                    serviceCode: "su_co_duong", communeCode: code, address: "Khu phố 3", fullName: name, phone: phone, consent: true)
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
            // Six published in Phường Quy Nhơn, two in Phường Quy Nhơn Bắc, one in Phường Quy Nhơn Bắc not published.
            for n in 0..<8 {
                let record = try await Self.submit(app, commune: n < 6 ? "Phường Quy Nhơn" : "Phường Quy Nhơn Bắc",
                                                   name: "Phạm Minh Khôi", phone: "0914 222 33\(n)")
                try await O311.publish(app, record, agency: agency, answer: "Đơn vị đã thay bóng đèn.")
                published.append(record)
            }
            _ = try await Self.submit(app, commune: "Phường Quy Nhơn Bắc", name: "Đoàn Thị Yến", phone: "0914 999 888")
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
            // By commune: 6 shown, 2 (under 5) shown as "< 5"; the unpublished request is not counted.
            #expect(row("by-commune", "Phường Quy Nhơn") == "6")
            #expect(row("by-commune", "Phường Quy Nhơn Bắc") == "&lt; 5")
            // This month: 8 received and 8 answered (published).
            let month = PublicStatistics.monthStart(of: Date())
            let formatter = DateFormatter()
            formatter.timeZone = PublicStatistics.timeZone
            formatter.dateFormat = "MM/yyyy"
            #expect(row("by-month", formatter.string(from: month)) == "8")
            // Every answer given the same minute it was accepted: 8 of 8 on time.
            #expect(body.contains("<td>Sở Xây dựng</td><td>8</td><td>8</td><td>100%</td>"))
            #expect(body.contains("4,5/5 (2 lượt đánh giá)"))
            // Charts are inline SVG with a title and a description.
            #expect(body.contains(#"<svg id="chart-months""#) && body.contains(#"<title id="chart-months-title">"#))
            // No person: neither names nor phone numbers.
            for text in ["Phạm Minh Khôi", "Đoàn Thị Yến", "0914", "Khu phố 3"] {
                #expect(!body.contains(text), "\(text)")
            }
            // Linked from the home page.
            #expect(try await Browser(app).get("/").body.string.contains(#"href="/thong-ke""#))
        }
    }
}
