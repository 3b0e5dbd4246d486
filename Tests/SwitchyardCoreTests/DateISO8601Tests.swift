import Foundation
import SwitchyardCore
import Testing

@Suite("ISO 8601 dates")
struct DateISO8601Tests {
    @Test("parses what ISO8601DateFormatter parsed, with offsets and fractional seconds; nothing else")
    func parsing() {
        let nine = Date(timeIntervalSince1970: 1_796_634_000)  // 2026-12-07T09:00:00Z
        #expect(Date(iso8601: "2026-12-07T09:00:00Z") == nine)
        #expect(Date(iso8601: "2026-12-07T10:00:00+01:00") == nine)
        #expect(Date(iso8601: "2026-12-07T09:00:00.250Z").map { $0.timeIntervalSince(nine) } == 0.25)
        for bad in ["2026-12-07", "2026-12-07T09:00:00", "garbage", "", "2026-13-07T09:00:00Z"] {
            #expect(Date(iso8601: bad) == nil, "\(bad)")
        }
        #expect(nine.iso8601 == "2026-12-07T09:00:00Z")
        #expect(Date(iso8601: nine.iso8601) == nine)
    }
}
