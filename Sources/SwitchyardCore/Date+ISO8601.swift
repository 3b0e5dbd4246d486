import Foundation

extension Date {
    /// The date as an ISO 8601 string in UTC (`2026-12-07T09:00:00Z`), as JSON output and APIs show it.
    public var iso8601: String { ISO8601DateFormatter().string(from: self) }
}
