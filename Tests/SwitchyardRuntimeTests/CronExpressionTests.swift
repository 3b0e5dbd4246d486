import Foundation
import PropertyBased
import SwitchyardCore
import SwitchyardRuntime
import Testing

@Suite struct CronExpressionTests {
    @Test func parsesListsRangesStepsAndNames() throws {
        let cron = try CronExpression(parsing: "0,30 9-17/2 1-7 jan,Jul-SEP mon-FRI")
        #expect(cron.minutes == [0, 30])
        #expect(cron.hours == [9, 11, 13, 15, 17])
        #expect(cron.daysOfMonth == Array(1...7))
        #expect(cron.months == [1, 7, 8, 9])
        #expect(cron.daysOfWeek == [1, 2, 3, 4, 5])
        #expect(cron.restrictsDayOfMonth && cron.restrictsDayOfWeek)
        #expect(cron.description == "0,30 9-17/2 1-7 jan,Jul-SEP mon-FRI")
    }

    @Test func starsStepsAndOpenEndedSteps() throws {
        let cron = try CronExpression(parsing: "*/15 5/6 */10 * *")
        #expect(cron.minutes == [0, 15, 30, 45])
        #expect(cron.hours == [5, 11, 17, 23])
        #expect(cron.daysOfMonth == [1, 11, 21, 31])
        #expect(cron.months == Array(1...12))
        #expect(cron.daysOfWeek == Array(0...6))
        #expect(!cron.restrictsDayOfMonth && !cron.restrictsDayOfWeek)
        #expect(cron.runsEveryHour == false)
        #expect(try CronExpression(parsing: "0 * * * *").runsEveryHour)
    }

    @Test func sundayIsZeroOrSeven() throws {
        #expect(try CronExpression(parsing: "0 0 * * 7").daysOfWeek == [0])
        #expect(try CronExpression(parsing: "0 0 * * 5-7").daysOfWeek == [0, 5, 6])
        #expect(try CronExpression(parsing: "0 0 * * SUN,sat").daysOfWeek == [0, 6])
        #expect(try CronExpression(parsing: "0 0 * * 1/2").daysOfWeek == [1, 3, 5])
    }

    @Test(arguments: [
        ("@hourly", "0 * * * *"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@weekly", "0 0 * * 0"),
        ("@monthly", "0 0 1 * *"), ("@yearly", "0 0 1 1 *"), ("@ANNUALLY", "0 0 1 1 *"),
    ])
    func macrosStandForTheirExpressions(_ macro: String, _ expanded: String) throws {
        let a = try CronExpression(parsing: macro)
        let b = try CronExpression(parsing: expanded)
        #expect(a.minutes == b.minutes && a.hours == b.hours && a.daysOfMonth == b.daysOfMonth)
        #expect(a.months == b.months && a.daysOfWeek == b.daysOfWeek)
    }

    @Test func eitherDayFieldMatchesWhenBothAreRestricted() throws {
        // 13th of the month or any Friday.
        let either = try CronExpression(parsing: "0 0 13 * FRI")
        #expect(either.matchesDay(month: 1, day: 13, weekday: 2))
        #expect(either.matchesDay(month: 1, day: 9, weekday: 5))
        #expect(!either.matchesDay(month: 1, day: 10, weekday: 6))
        // With a star in day-of-week both must match (Vixie's rule: a field starting with '*').
        let both = try CronExpression(parsing: "0 0 13 * */1")
        #expect(both.matchesDay(month: 1, day: 13, weekday: 2))
        #expect(!both.matchesDay(month: 1, day: 9, weekday: 5))
    }

    @Test(arguments: [
        ("", "0 fields"), ("* * * *", "4 fields"), ("* * * * * *", "6 fields"), ("60 * * * *", "60 in the minute"),
        ("* 24 * * *", "outside 0–23"), ("* * 0 * *", "day of month"), ("* * * 13 *", "month"),
        ("* * * * 8", "day of week"), ("*/0 * * * *", "step '0'"), ("5-1 * * * *", "backwards"),
        ("1,,2 * * * *", "empty list item"), ("* * * FOO *", "'FOO'"), ("* * * * MONDAY", "'MONDAY'"),
        ("1-2-3 * * * *", "malformed range"), ("*/5/2 * * * *", "more than one '/'"), ("a * * * *", "'a'"),
        ("* * * * 1-SUNDAY", "'SUNDAY'"), ("@weird", "1 field"),
    ])
    func badExpressionsSayWhatIsWrong(_ text: String, _ expected: String) {
        do {
            _ = try CronExpression(parsing: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == .invalidCron)
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func errorsNameTheColumnAndQuoteTheInput() {
        do {
            _ = try CronExpression(parsing: "0 9 * * MON,FUNDAY\u{7}")
            Issue.record("accepted")
        } catch {
            #expect(error.message.contains("column 13"), "\(error.message)")
            #expect(error.message.contains("\\u{07}"), "\(error.message)")
        }
    }

    @Test func unknownTimeZonesAreRefused() {
        #expect(throws: SwitchyardError.self) { try CronExpression.timeZone(named: "Mars/Olympus") }
        do {
            _ = try CronExpression.timeZone(named: "Mars/Olympus")
        } catch {
            #expect(error.code == .unknownTimezone)
        }
    }

    /// In UTC (no daylight saving) the next firing is the first matching minute: checked against a minute scan.
    @Test func nextFireInUTCIsTheFirstMatchingMinute() async {
        let utc = TimeZone(identifier: "UTC")!
        await propertyCheck(
            input: Gen.int(in: 0...1_000_000).array(of: 10), Gen.int(in: 1_700_000_000...1_900_000_000)
        ) { picks, start in
            let text = randomCron(picks)
            guard let cron = try? CronExpression(parsing: text) else {
                Issue.record("generated an invalid expression \(text)")
                return
            }
            let after = Date(timeIntervalSince1970: Double(start) + 0.5)
            let expected = scanForFirstMatch(cron, after: start, days: 366 * 8 + 2)
            let next = cron.nextFire(after: after, in: utc).map { Int($0.timeIntervalSince1970) }
            #expect(next == expected, "\(text) after \(start)")
        }
    }

    /// A cron expression from random picks: each field a list of stars, steps, values and ranges.
    func randomCron(_ picks: [Int]) -> String {
        let fields: [(ClosedRange<Int>, [String])] = [
            (0...59, []), (0...23, []), (1...31, []),
            (1...12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
            (0...6, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
        ]
        return fields.enumerated().map { index, field in
            let (range, names) = field
            let a = picks[2 * index]
            let b = picks[2 * index + 1]
            let low = range.lowerBound + a % range.count
            let high = low + b % (range.upperBound - low + 1)
            let name = { (v: Int) in names.isEmpty || a % 3 != 0 ? "\(v)" : names[v - range.lowerBound] }
            switch (a / 7) % 6 {
            case 0: return "*"
            case 1: return "*/\(1 + b % 6)"
            case 2: return name(low)
            case 3: return "\(name(low))-\(name(high))"
            case 4: return "\(low)-\(high)/\(1 + b % 5)"
            default: return "\(name(low)),\(name(high))"
            }
        }.joined(separator: " ")
    }

    /// The first whole minute after `start` (seconds since 1970, UTC) that matches, by scanning days, then minutes.
    func scanForFirstMatch(_ cron: CronExpression, after start: Int, days: Int) -> Int? {
        let calendar = { () -> Calendar in
            var c = Calendar(identifier: .gregorian)
            c.timeZone = TimeZone(identifier: "UTC")!
            return c
        }()
        let firstDay = start / 86400
        for day in firstDay...(firstDay + days) {
            let date = Date(timeIntervalSince1970: Double(day * 86400))
            let parts = calendar.dateComponents([.month, .day, .weekday], from: date)
            guard cron.matchesDay(month: parts.month!, day: parts.day!, weekday: parts.weekday! - 1) else { continue }
            for minute in 0..<1440 {
                let t = day * 86400 + minute * 60
                if t > start && cron.hours.contains(minute / 60) && cron.minutes.contains(minute % 60) { return t }
            }
        }
        return nil
    }
}
