import SwitchyardCore

/// A five-field cron expression (`minute hour day-of-month month day-of-week`), read as Vixie cron reads it.
///
/// Each field takes `*`, numbers, ranges (`1-5`), steps (`*/15`, `0-30/10`, `5/20` = from 5 to the end every 20)
/// and comma lists of these; months and weekdays also take names (`JAN`–`DEC`, `SUN`–`SAT`, any case); a weekday
/// of `7` is Sunday, as `0` is. `@hourly`, `@daily` (`@midnight`), `@weekly`, `@monthly` and `@yearly`
/// (`@annually`) stand for their usual expressions. As in cron, when both day-of-month and day-of-week are
/// restricted (neither starts with `*`) a day matches if either does; otherwise both must.
///
/// Parse with ``init(parsing:)``; find firings with ``nextFire(after:in:)``.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text it was parsed from.
    public let source: String
    /// Matching minutes (0–59), ascending.
    public let minutes: [Int]
    /// Matching hours (0–23), ascending.
    public let hours: [Int]
    /// Matching days of the month (1–31), ascending.
    public let daysOfMonth: [Int]
    /// Matching months (1–12), ascending.
    public let months: [Int]
    /// Matching weekdays (0 = Sunday … 6 = Saturday), ascending.
    public let daysOfWeek: [Int]
    /// Whether the day-of-month field is restricted (does not start with `*`).
    public let restrictsDayOfMonth: Bool
    /// Whether the day-of-week field is restricted (does not start with `*`).
    public let restrictsDayOfWeek: Bool

    let minuteSet: Set<Int>
    let monthSet: Set<Int>
    let domSet: Set<Int>
    let dowSet: Set<Int>

    init(
        source: String, minutes: Set<Int>, hours: Set<Int>, daysOfMonth: Set<Int>, months: Set<Int>,
        daysOfWeek: Set<Int>, restrictsDayOfMonth: Bool, restrictsDayOfWeek: Bool
    ) {
        self.source = source
        self.minutes = minutes.sorted()
        self.hours = hours.sorted()
        self.daysOfMonth = daysOfMonth.sorted()
        self.months = months.sorted()
        self.daysOfWeek = daysOfWeek.sorted()
        self.restrictsDayOfMonth = restrictsDayOfMonth
        self.restrictsDayOfWeek = restrictsDayOfWeek
        self.minuteSet = minutes
        self.monthSet = months
        self.domSet = daysOfMonth
        self.dowSet = daysOfWeek
    }

    public var description: String { source }

    /// Whether the job runs every hour of the day: such a job follows real time across daylight-saving changes
    /// (it fires in both passes of a repeated hour and not in a skipped one), while a job at fixed hours fires
    /// each of its wall-clock times once per day.
    public var runsEveryHour: Bool { hours.count == 24 }

    /// Whether the calendar day (`month` 1–12, `day` 1–31, `weekday` 0 = Sunday) matches the day fields.
    /// - Parameters:
    ///   - month: 1–12.
    ///   - day: Day of the month, 1–31.
    ///   - weekday: 0 (Sunday) to 6.
    public func matchesDay(month: Int, day: Int, weekday: Int) -> Bool {
        guard monthSet.contains(month) else { return false }
        let domMatch = domSet.contains(day)
        let dowMatch = dowSet.contains(weekday)
        if restrictsDayOfMonth && restrictsDayOfWeek { return domMatch || dowMatch }
        return domMatch && dowMatch
    }

    /// Whether the wall-clock time matches every field.
    /// - Parameters:
    ///   - month: 1–12.
    ///   - day: Day of the month, 1–31.
    ///   - weekday: 0 (Sunday) to 6.
    ///   - hour: 0–23.
    ///   - minute: 0–59.
    public func matches(month: Int, day: Int, weekday: Int, hour: Int, minute: Int) -> Bool {
        matchesDay(month: month, day: day, weekday: weekday) && hours.contains(hour) && minuteSet.contains(minute)
    }
}
