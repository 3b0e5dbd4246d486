import Foundation
import SwitchyardCore
import SwitchyardRuntime
import Testing

/// Firings across daylight-saving changes, with fixed instants. In 2026 Europe/Berlin springs forward on 29 March
/// (02:00 CET → 03:00 CEST, 01:00 UTC) and falls back on 25 October (03:00 CEST → 02:00 CET, 01:00 UTC);
/// America/New_York springs forward on 8 March (02:00 EST → 03:00 EDT, 07:00 UTC) and falls back on 1 November
/// (02:00 EDT → 01:00 EST, 06:00 UTC).
@Suite struct NextFireDaylightSavingTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let newYork = TimeZone(identifier: "America/New_York")!

    static func utc(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    /// The firings in `[from, to)`.
    static func firings(_ cron: String, in zone: TimeZone, from: String, to: String) throws -> [Date] {
        let expression = try CronExpression(parsing: cron)
        var result: [Date] = []
        var cursor = utc(from).addingTimeInterval(-1)
        while let next = expression.nextFire(after: cursor, in: zone), next < utc(to) {
            result.append(next)
            cursor = next
        }
        return result
    }

    @Test func berlinSpringForwardFiresASkippedTimeOnceAtTheEndOfTheGap() throws {
        let got = try Self.firings(
            "30 2 * * *", in: Self.berlin, from: "2026-03-27T12:00:00Z", to: "2026-03-31T00:00:00Z")
        #expect(
            got == [
                Self.utc("2026-03-28T01:30:00Z"),  // 02:30 CET
                Self.utc("2026-03-29T01:00:00Z"),  // 02:30 does not exist: 03:00 CEST
                Self.utc("2026-03-30T00:30:00Z"),  // 02:30 CEST
            ])
    }

    @Test func berlinFallBackFiresARepeatedTimeOnlyInItsFirstPass() throws {
        let got = try Self.firings(
            "30 2 * * *", in: Self.berlin, from: "2026-10-24T00:00:00Z", to: "2026-10-27T00:00:00Z")
        #expect(
            got == [
                Self.utc("2026-10-24T00:30:00Z"),  // 02:30 CEST
                Self.utc("2026-10-25T00:30:00Z"),  // 02:30 CEST, first pass; not 01:30 UTC (02:30 CET)
                Self.utc("2026-10-26T01:30:00Z"),  // 02:30 CET
            ])
    }

    @Test func severalTimesInTheGapAreOneFiring() throws {
        let got = try Self.firings(
            "*/15 2 * * *", in: Self.berlin, from: "2026-03-28T23:00:00Z", to: "2026-03-30T00:01:00Z")
        #expect(got == [Self.utc("2026-03-29T01:00:00Z"), Self.utc("2026-03-30T00:00:00Z")])
    }

    @Test func newYorkSpringForwardAndFallBack() throws {
        let spring = try Self.firings(
            "30 2 * * *", in: Self.newYork, from: "2026-03-07T00:00:00Z", to: "2026-03-10T00:00:00Z")
        #expect(
            spring == [
                Self.utc("2026-03-07T07:30:00Z"),  // 02:30 EST
                Self.utc("2026-03-08T07:00:00Z"),  // 03:00 EDT, the end of the gap
                Self.utc("2026-03-09T06:30:00Z"),  // 02:30 EDT
            ])
        let fall = try Self.firings(
            "30 1 * * *", in: Self.newYork, from: "2026-10-31T00:00:00Z", to: "2026-11-03T00:00:00Z")
        #expect(
            fall == [
                Self.utc("2026-10-31T05:30:00Z"),  // 01:30 EDT
                Self.utc("2026-11-01T05:30:00Z"),  // 01:30 EDT, first pass only
                Self.utc("2026-11-02T06:30:00Z"),  // 01:30 EST
            ])
    }

    @Test func mondayAtNineStaysAtNineLocalTimeAcrossTheChanges() throws {
        let got = try Self.firings(
            "0 9 * * MON", in: Self.berlin, from: "2026-03-16T00:00:00Z", to: "2026-04-07T00:00:00Z")
        #expect(
            got == [
                Self.utc("2026-03-16T08:00:00Z"), Self.utc("2026-03-23T08:00:00Z"), Self.utc("2026-03-30T07:00:00Z"),
                Self.utc("2026-04-06T07:00:00Z"),
            ])
    }

    /// Fixed-time jobs fire exactly once a day all year, in both zones: no day skipped, none doubled.
    @Test(arguments: ["30 2 * * *", "0 2 * * *", "59 1 * * *", "30 1 * * *", "0 3 * * *", "45 23 * * *"])
    func dailyJobsFireOncePerDayForAWholeYear(_ cron: String) throws {
        for zone in [Self.berlin, Self.newYork] {
            let got = try Self.firings(cron, in: zone, from: "2026-01-01T12:00:00Z", to: "2027-01-01T12:00:00Z")
            #expect(got.count == 365, "\(cron) in \(zone.identifier): \(got.count) firings")
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let days = Set(got.map { calendar.dateComponents([.year, .month, .day], from: $0) })
            #expect(days.count == 365, "\(cron) in \(zone.identifier): \(days.count) distinct local days")
        }
    }

    /// Jobs that run every hour follow real time: exactly an hour (or 15 minutes) apart all year.
    @Test(arguments: [("0 * * * *", 3600.0), ("30 * * * *", 3600.0), ("*/15 * * * *", 900.0)])
    func everyHourJobsKeepRealTimeSpacing(_ cron: String, _ spacing: Double) throws {
        for zone in [Self.berlin, Self.newYork] {
            for (from, to) in [
                ("2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z"), ("2026-03-28T00:00:00Z", "2026-03-30T12:00:00Z"),
                ("2026-10-24T00:00:00Z", "2026-10-26T12:00:00Z"), ("2026-10-31T00:00:00Z", "2026-11-02T12:00:00Z"),
            ] {
                let got = try Self.firings(cron, in: zone, from: from, to: to)
                let gaps = Set(zip(got, got.dropFirst()).map { $1.timeIntervalSince($0) })
                #expect(gaps == [spacing], "\(cron) in \(zone.identifier) from \(from): gaps \(gaps)")
            }
        }
    }

    @Test func anExpressionThatNeverMatchesHasNoFiring() throws {
        #expect(
            try CronExpression(parsing: "0 0 30 2 *").nextFire(after: Self.utc("2026-01-01T00:00:00Z"), in: Self.berlin)
                == nil)
        let leap = try CronExpression(parsing: "0 12 29 2 *").nextFire(
            after: Self.utc("2026-01-01T00:00:00Z"), in: Self.berlin)
        #expect(leap == Self.utc("2028-02-29T11:00:00Z"))
    }
}
