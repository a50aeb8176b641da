import Foundation
import PAKNDomain
import Testing
import Vapor
@testable import PAKNServer

/// The back-office map (`/quan-tri/ban-do`, issue 13): cases by commune and deadline state, with the queue's
/// filters and scoping.
@Suite("Back-office map: by commune and deadline state, scoped as the queue")
struct CaseMapTests {
    /// Six cases, their states computed by hand (dates +07:00; these street-light reports are urgent: a lead agency
    /// has 8 working hours to accept and 4 to answer, SLAPolicyTable.defaults):
    /// - A, Quy Nhơn at (13.7712, 109.2211): forwarded to Sở Xây dựng Mon 2/3/2026 09:00, never accepted: overdue on 1/4.
    /// - B, Quy Nhơn at (13.7732, 109.2251): forwarded to Sở Xây dựng Tue 31/3 09:00: in progress on Wed 1/4 08:00.
    /// - C, Quy Nhơn Bắc, no coordinates: forwarded Mon 2/3 09:00, accepted 10:00, answered 11:00: on time.
    /// - D, Quy Nhơn Bắc: forwarded Mon 5/1 09:00, accepted Tue 6/1, answered Mon 2/3: late.
    /// - E, Quy Nhơn: redirected to 115 on Mon 2/3: ended otherwise.
    /// - F, Quy Nhơn: forwarded to Sở Y tế Tue 31/3 09:00: in progress, another agency's.
    struct Fixture {
        let app: Application
        let agency: Agency
        let other: Agency
        let quyNhon: String
        let quyNhonBac: String
        /// Case A, the overdue one.
        let overdue: UUID
    }

    static func fixture(_ app: Application) async throws -> Fixture {
        let (agency, other) = try await WorkflowFlowTests.staff(on: app)
        let at = DeadlineWorkflowTests.at
        let officer = O311.officer(agency.id!)
        func make(_ commune: String, _ phone: String, at coordinates: (Double, Double)? = nil, received: String) async throws -> ServiceRequestRecord {
            let record = try await StatisticsTests.submit(app, commune: commune, name: "Hồ Văn Thành", phone: phone, now: at(received))
            if let (lat, lon) = coordinates {
                record.latitude = lat; record.longitude = lon
                try await record.save(on: app.db)
            }
            return record
        }
        func take(_ record: ServiceRequestRecord, _ moves: [(WorkflowAction, Acting, String, ActionInput)]) async throws {
            for (action, acting, when, input) in moves {
                _ = try await CaseWorkflow.perform(action, requestID: record.requireID(), by: acting, input: input,
                                                   config: app.paknConfiguration, on: app.db, now: at(when))
            }
        }
        let a = try await make("Phường Quy Nhơn", "0905 100 001", at: (13.7712, 109.2211), received: "2026-03-02T08:00:00+07:00")
        try await take(a, [(.forward, O311.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: agency.id))])
        let b = try await make("Phường Quy Nhơn", "0905 100 002", at: (13.7732, 109.2251), received: "2026-03-31T08:00:00+07:00")
        try await take(b, [(.forward, O311.coordinator, "2026-03-31T09:00:00+07:00", ActionInput(leadAgencyID: agency.id))])
        let c = try await make("Phường Quy Nhơn Bắc", "0905 100 003", received: "2026-03-02T08:00:00+07:00")
        try await take(c, [(.forward, O311.coordinator, "2026-03-02T09:00:00+07:00", ActionInput(leadAgencyID: agency.id)),
                           (.accept, officer, "2026-03-02T10:00:00+07:00", ActionInput()),
                           (.answer, officer, "2026-03-02T11:00:00+07:00", ActionInput(note: "Đã thay bóng đèn."))])
        let d = try await make("Phường Quy Nhơn Bắc", "0905 100 004", received: "2026-01-05T08:00:00+07:00")
        try await take(d, [(.forward, O311.coordinator, "2026-01-05T09:00:00+07:00", ActionInput(leadAgencyID: agency.id)),
                           (.accept, officer, "2026-01-06T09:00:00+07:00", ActionInput()),
                           (.answer, officer, "2026-03-02T09:00:00+07:00", ActionInput(note: "Đã sửa đường dây."))])
        let e = try await make("Phường Quy Nhơn", "0905 100 005", received: "2026-03-02T08:00:00+07:00")
        try await take(e, [(.redirectToEmergency, O311.operatorActing, "2026-03-02T08:30:00+07:00",
                            ActionInput(note: "Người bị thương, chuyển cấp cứu.", emergencyService: .ambulance))])
        let f = try await make("Phường Quy Nhơn", "0905 100 006", received: "2026-03-31T08:00:00+07:00")
        try await take(f, [(.forward, O311.coordinator, "2026-03-31T09:00:00+07:00", ActionInput(leadAgencyID: other.id))])
        return Fixture(app: app, agency: agency, other: other,
                       quyNhon: try await Fixtures.communeCode(named: "Phường Quy Nhơn", on: app.db),
                       quyNhonBac: try await Fixtures.communeCode(named: "Phường Quy Nhơn Bắc", on: app.db), overdue: try a.requireID())
    }

    @Test("cases by commune and deadline state, the centroid of the located ones, for the province and for one agency",
          arguments: TestDatabase.available)
    func figures(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let fixture = try await Self.fixture(app)
            let now = DeadlineWorkflowTests.at("2026-04-01T08:00:00+07:00")
            let all = QueueQuery.Filter(status: "all")
            let coordinator = Acting(userID: nil, actor: .staff(.coordinator), agencyID: nil, label: "Điều phối viên")
            let province = try await CaseMap.communes(all, acting: coordinator, on: app.db, now: now)
            // Quy Nhơn: A overdue, B and F in progress, E ended otherwise; centroid of A and B: (13.7722, 109.2231).
            #expect(province == [
                CaseMap.Commune(code: fixture.quyNhon, label: "Phường Quy Nhơn",
                                counts: [.overdue: 1, .inProgress: 2, .other: 1], latitude: 13.772, longitude: 109.223),
                CaseMap.Commune(code: fixture.quyNhonBac, label: "Phường Quy Nhơn Bắc",
                                counts: [.answeredOnTime: 1, .answeredLate: 1], latitude: nil, longitude: nil),
            ])

            // The agency's officer: its own cases only (not F, not E).
            let officer = try await CaseMap.communes(all, acting: O311.officer(fixture.agency.id!), on: app.db, now: now)
            #expect(officer.map { [$0.label: $0.total] } == [["Phường Quy Nhơn": 2], ["Phường Quy Nhơn Bắc": 2]])
            #expect(officer.first?.count(.overdue) == 1 && officer.first?.count(.inProgress) == 1)
            // The other agency: F only.
            let other = try await CaseMap.communes(all, acting: O311.officer(fixture.other.id!), on: app.db, now: now)
            #expect(other.map(\.total) == [1] && other.first?.count(.inProgress) == 1)

            // The queue's filters. The default ("active") leaves out E only: C and D are answered and wait for the
            // leader's approval, which is still active (RequestStatus.isActive).
            let active = try await CaseMap.communes(QueueQuery.Filter(), acting: coordinator, on: app.db, now: now)
            #expect(active.reduce(0) { $0 + $1.total } == 5)
            let oneCommune = try await CaseMap.communes(QueueQuery.Filter(status: "all", communeCode: fixture.quyNhonBac),
                                                        acting: coordinator, on: app.db, now: now)
            #expect(oneCommune.map(\.label) == ["Phường Quy Nhơn Bắc"])
            // Overdue is read from the running clock, not from the status: A accepted on 1/4 07:00 runs its answer's
            // clock (days ahead) and is in progress at 08:00 again.
            _ = try await CaseWorkflow.perform(.accept, requestID: fixture.overdue, by: O311.officer(fixture.agency.id!), input: ActionInput(),
                                               config: app.paknConfiguration, on: app.db, now: DeadlineWorkflowTests.at("2026-04-01T07:00:00+07:00"))
            let afterAccept = try await CaseMap.communes(all, acting: coordinator, on: app.db, now: now)
            #expect(afterAccept.first?.count(.overdue) == 0 && afterAccept.first?.count(.inProgress) == 3)
        }
    }

    @Test("the page: each role sees its own cases' communes, the pie's slices and the table; links go to the queue; filters checked",
          arguments: TestDatabase.available)
    func page(_ database: TestDatabase) async throws {
        try await TestApp.with(database) { app in
            let fixture = try await Self.fixture(app)
            func cells(_ page: String, _ label: String) -> [String]? {
                guard let table = page.range(of: #"id="map-table""#) else { return nil }
                let body = String(page[table.upperBound...])
                guard let start = body.range(of: ">\(label)</"), let rowStart = body[..<start.lowerBound].range(of: "<tr>", options: .backwards),
                      let rowEnd = body[start.upperBound...].range(of: "</tr>") else { return nil }
                let row = String(body[rowStart.upperBound..<rowEnd.lowerBound])
                return row.components(separatedBy: "</td>").dropLast().map {
                    $0.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
                }
            }
            // At today's date every case still in progress is long overdue (their dates are in March 2026).
            let coordinator = Browser(app)
            try await coordinator.login("co@t.vn", TestApp.demoPassword)
            let response = try await coordinator.get("/quan-tri/ban-do?status=all")
            #expect(response.status == .ok)
            let body = response.body.string
            // Columns: commune, total, in progress, overdue, on time, late, other.
            #expect(cells(body, "Phường Quy Nhơn") == ["Phường Quy Nhơn", "4", "0", "3", "0", "0", "1"])
            #expect(cells(body, "Phường Quy Nhơn Bắc") == ["Phường Quy Nhơn Bắc", "2", "0", "0", "1", "1", "0"])
            #expect(body.contains("<title>Phường Quy Nhơn – Quá hạn: 3</title>") && body.contains("<title>Phường Quy Nhơn – Kết thúc khác (chuyển, trùng, từ chối): 1</title>"))
            #expect(!body.contains("<title>Phường Quy Nhơn Bắc"), "no coordinates: in the table only")
            #expect(body.contains("href=\"/quan-tri?status=all&amp;communeCode=\(fixture.quyNhon)\""), "the commune opens its list")
            #expect(!body.contains("13.7712") && !body.contains("data-tiles"), "no tile layer configured: no Leaflet, the SVG only")

            let officer = Browser(app)
            try await officer.login("of@t.vn", TestApp.demoPassword)
            let own = try await officer.get("/quan-tri/ban-do?status=all").body.string
            #expect(cells(own, "Phường Quy Nhơn") == ["Phường Quy Nhơn", "2", "0", "2", "0", "0", "0"])
            let otherOfficer = Browser(app)
            try await otherOfficer.login("other@t.vn", TestApp.demoPassword)
            let theirs = try await otherOfficer.get("/quan-tri/ban-do?status=all").body.string
            #expect(cells(theirs, "Phường Quy Nhơn") == ["Phường Quy Nhơn", "1", "0", "1", "0", "0", "0"])
            #expect(cells(theirs, "Phường Quy Nhơn Bắc") == nil)
            // The complaint officer's scope is the restricted store: none of these.
            let complaints = Browser(app)
            try await complaints.login("kntc@t.vn", TestApp.demoPassword)
            #expect(cells(try await complaints.get("/quan-tri/ban-do?status=all").body.string, "Phường Quy Nhơn") == nil)

            #expect(try await coordinator.get("/quan-tri/ban-do?status=khong-co").status == .badRequest)
            #expect(try await Browser(app).get("/quan-tri/ban-do").status != .ok, "not for visitors")
            // The queue links to its map with the same filters.
            let queue = try await coordinator.get("/quan-tri?status=all&channel=web").body.string
            #expect(queue.contains(#"id="queue-map-link" href="/quan-tri/ban-do?status=all&amp;channel=web""#))
        }
    }

    @Test("tiles: PAKN_MAP_TILES is checked, its origin is allowed in the pages' img-src, and the pages load Leaflet and the settings")
    func tileSettings() async throws {
        let (good, none) = MapSettings.fromEnvironment(["PAKN_MAP_TILES": "https://{s}.tile.example.vn/osm/{z}/{x}/{y}.png",
                                                        "PAKN_MAP_CENTER": "14.1,108.5,9"])
        #expect(none.isEmpty)
        #expect(good.tiles == "https://{s}.tile.example.vn/osm/{z}/{x}/{y}.png" && good.tileOrigin == "https://*.tile.example.vn")
        #expect(good.centerLatitude == 14.1 && good.centerLongitude == 108.5 && good.zoom == 9)
        let local = MapSettings.fromEnvironment(["PAKN_MAP_TILES": "http://localhost:8081/{z}/{x}/{y}.png"]).settings
        #expect(local.tileOrigin == "http://localhost:8081")
        for bad in ["ftp://tiles.example.vn/{z}/{x}/{y}.png", "https://tiles.example.vn/{z}/{x}.png", "javascript:alert(1)//{z}{x}{y}"] {
            let (settings, warnings) = MapSettings.fromEnvironment(["PAKN_MAP_TILES": bad])
            #expect(settings.tiles == nil && warnings.count == 1, "\(bad)")
        }
        #expect(MapSettings.fromEnvironment(["PAKN_MAP_CENTER": "200,1,3"]).warnings.count == 1)

        try await TestApp.with(.sqlite, modify: { $0.map = good }) { app in
            let page = try await Browser(app).get("/gui-phan-anh")
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("img-src 'self' data: https://*.tile.example.vn;") == true)
            let body = page.body.string
            #expect(body.contains(#"data-tiles="https://{s}.tile.example.vn/osm/{z}/{x}/{y}.png""#) && body.contains(#"data-zoom="9""#))
            #expect(body.contains(#"<script src="/static/leaflet/leaflet.min.js" defer></script>"#) && body.contains(#"id="pin-map-slot""#))
            // The files are ours, served beside the pages, with the pages' security headers and without a session.
            let script = try await Browser(app).get("/static/leaflet/leaflet.min.js")
            #expect(script.status == .ok && script.body.readableBytes > 100_000)
            #expect(script.headers.first(name: "X-Content-Type-Options") == "nosniff" && script.headers.first(name: "Set-Cookie") == nil)
            #expect(try await Browser(app).get("/static/pakn-map.js").status == .ok)
            #expect(try await Browser(app).get("/static/leaflet/COPYRIGHT").status == .ok, "the licence ships with it")
            #expect(try await Browser(app).get("/static/../Package.swift").status != .ok)
            // A path the file system cannot even look up (too long to stat) is a 404, not a 500.
            #expect(try await Browser(app).get("/static/" + String(repeating: "9", count: 10_000)).status == .notFound)
            #expect(try await Browser(app).get("/static/leaflet/" + String(repeating: "a", count: 300) + ".js").status == .notFound)
        }
    }
}
