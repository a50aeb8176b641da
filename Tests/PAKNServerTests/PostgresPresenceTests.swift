import Foundation
import Testing

/// Plain `swift test` without `PAKN_TEST_POSTGRES_URL` runs every HTTP test on SQLite only. This test says so where
/// it cannot be missed: it is reported as skipped with the reason, and `scripts/test-summary` lists it among the
/// skipped (issue 15 item 9). `scripts/test` starts a throwaway PostgreSQL and sets the variable.
@Suite("PostgreSQL half of the server tests")
struct PostgresPresenceTests {
    @Test("the PostgreSQL half runs",
          .disabled(if: TestDatabase.adminURL == nil,
                    "PAKN_TEST_POSTGRES_URL is not set: the PostgreSQL half of every server test is NOT run. Use scripts/test (it starts PostgreSQL) or set PAKN_TEST_POSTGRES_URL."))
    func postgresIsTested() async throws {
        // The server named by the variable answers and lets the tests create databases.
        let name = "pakn_presence_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased())"
        try await PostgresAdmin.execute("CREATE DATABASE \(name)")
        try await PostgresAdmin.execute("DROP DATABASE \(name)")
    }
}
