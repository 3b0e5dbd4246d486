import Foundation
import GRDB
import SwitchyardCore
import SwitchyardRuntime

extension SQLiteStore {
    /// The side-effect journal: a node attempt's recorded results (a model's answer), keyed per tenant.
    static let journalSchema = """
        CREATE TABLE journal (
            tenant TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, created_at REAL NOT NULL,
            PRIMARY KEY (tenant, key)
        ) WITHOUT ROWID;
        """

    public func journal(tenant: TenantID, key: String) async throws -> JSONValue? {
        let text = try await pool.read { db in
            try String.fetchOne(
                db.cachedStatement(sql: "SELECT value FROM journal WHERE tenant = ? AND key = ?"),
                arguments: [tenant.rawValue, key])
        }
        guard let text else { return nil }
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw SwitchyardError(
                code: .journalCorrupt,
                message:
                    "journal entry \(key.quotedExcerpt()) in \(Self.fileName) is not JSON; the database was changed by hand",
                cause: error)
        }
    }

    public func putJournal(tenant: TenantID, key: String, value: JSONValue) async throws {
        try await write { db in
            try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO journal (tenant, key, value, created_at) VALUES (?, ?, ?, ?)"
            ).execute(arguments: [tenant.rawValue, key, value.jsonText, Date().timeIntervalSince1970])
        }
    }
}
