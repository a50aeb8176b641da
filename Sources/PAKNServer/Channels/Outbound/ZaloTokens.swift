import Fluent
import Foundation
import PAKNChannels
import SQLKit
import Vapor

/// The Zalo OA access and refresh tokens (channels.md §1.5), kept in `settings` (`zalo.access_token`,
/// `zalo.refresh_token`, `zalo.token_error`) after the first refresh; before that, from the environment.
///
/// Refresh tokens are single-use, so a refresh runs under a lock: a write transaction that locks the
/// `zalo.refresh_token` row (`SELECT … FOR UPDATE` on PostgreSQL; SQLite write transactions are serialised) and
/// re-reads the access token first: when another worker already replaced the token that failed, its token is used
/// and no second refresh is made. The new refresh token is written in the same transaction. A failed refresh
/// records `zalo.token_error` (an admin must re-consent) and returns `nil`.
enum ZaloTokens {
    static let accessKey = "zalo.access_token"
    static let refreshKey = "zalo.refresh_token"
    static let errorKey = "zalo.token_error"

    /// The access token to use now.
    static func current(config: ChannelConfiguration, on db: Database) async throws -> String? {
        try await Setting.find(accessKey, on: db)?.value ?? config.zaloAccessToken
    }

    /// A new access token after `failed` was refused (`-216`/`-220`), or `nil` when it cannot be refreshed.
    static func refresh(after failed: String, config: ChannelConfiguration, client: any Client, on db: Database,
                        logger: Logger) async throws -> String? {
        guard let appID = config.zaloAppID, let secret = config.zaloAppSecret else { return nil }
        if try await Setting.find(refreshKey, on: db) == nil, let first = config.zaloRefreshToken {
            // Seed the lockable row; a concurrent insert by another worker is fine.
            try? await Setting(key: refreshKey, value: first).create(on: db)
        }
        return try await db.writeTransaction { tx in
            if let sql = tx as? any SQLDatabase, sql.dialect.name == "postgresql" {
                try await sql.raw("SELECT value FROM settings WHERE key = \(bind: refreshKey) FOR UPDATE").run()
            }
            let current = try await Setting.find(accessKey, on: tx)?.value ?? config.zaloAccessToken
            if let current, current != failed { return current }
            guard let refreshRow = try await Setting.find(refreshKey, on: tx) else { return nil }
            let response = try await client.post(URI(string: config.zaloOAuthBaseURL + ZaloOAuth.path),
                                                  headers: ["secret_key": secret, "Content-Type": "application/x-www-form-urlencoded"]) {
                $0.body = ByteBuffer(string: ZaloOAuth.refreshForm(refreshToken: refreshRow.value, appID: appID))
            }
            guard let tokens = ZaloOAuth.tokens(from: response.body.map { Array($0.readableBytesView) } ?? []) else {
                logger.error("Zalo token refresh refused (HTTP \(response.status.code)): the OA must be re-consented")
                try await save(errorKey, "refresh refused at \(Date())", on: tx)
                return nil
            }
            refreshRow.value = tokens.refreshToken
            try await refreshRow.save(on: tx)
            try await save(accessKey, tokens.accessToken, on: tx)
            return tokens.accessToken
        }
    }

    private static func save(_ key: String, _ value: String, on db: Database) async throws {
        if let row = try await Setting.find(key, on: db) {
            row.value = value
            try await row.save(on: db)
        } else {
            try await Setting(key: key, value: value).create(on: db)
        }
    }
}
