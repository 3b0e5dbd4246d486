import Foundation
import SwitchyardCore

extension CronExpression {
    /// How far (in seconds) a search looks past a found firing for an earlier one: more than any daylight-saving
    /// shift in the time zone database (the largest is 2 hours).
    static let shiftMargin = 3 * 3600
    /// How many days a search scans before it gives up (8 years covers every 29 February and weekday combination).
    static let searchDays = 366 * 8 + 2

    /// The first firing strictly after `after`, reading the fields as wall-clock time in `timeZone`; `nil` when
    /// the expression never matches (`0 0 30 2 *`).
    ///
    /// Across daylight-saving changes a job at fixed hours fires each of its wall-clock times once per day: a
    /// time skipped by a spring-forward gap fires at the end of the gap (03:00 for 02:30 in Europe/Berlin), and
    /// a time repeated by a fall-back overlap fires in its first pass only. A job that runs every hour follows
    /// real time instead: nothing in the gap, both passes of the repeated hour. Firings that coincide (several
    /// gap times ending at 03:00, and 03:00 itself) are one firing.
    /// - Parameters:
    ///   - after: the firing must be later than this instant.
    ///   - timeZone: the zone the fields are read in.
    public func nextFire(after: Date, in timeZone: TimeZone) -> Date? {
        let afterSeconds = after.timeIntervalSince1970
        let base = Int(afterSeconds.rounded(.down))
        let zone = ZoneOffsets(timeZone)
        let startWall = base + zone.offset(at: base) - Self.shiftMargin
        let firstDay = Self.floorDiv(startWall, 86400)
        var best: Int?
        var bestWall = Int.max
        for day in firstDay...(firstDay + Self.searchDays) {
            if day * 86400 > bestWall { break }
            let date = CivilDate(days: day)
            guard matchesDay(month: date.month, day: date.day, weekday: CivilDate.weekday(days: day)) else {
                continue
            }
            let steady = zone.steadyOffset(aroundDay: day)
            search: for hour in hours {
                for minute in minutes {
                    let wall = day * 86400 + hour * 3600 + minute * 60
                    if wall < startWall { continue }
                    if wall > bestWall { break search }
                    let instants = steady.map { [wall - $0] } ?? firingInstants(wall: wall, zone: zone)
                    for t in instants where Double(t) > afterSeconds && t < (best ?? .max) {
                        best = t
                        bestWall = t + zone.offset(at: t) + Self.shiftMargin
                    }
                }
            }
        }
        return best.map { Date(timeIntervalSince1970: Double($0)) }
    }

    /// The instants a wall-clock time (seconds since 1970-01-01 read as local time) fires at, near a
    /// daylight-saving change: one normally, none or the gap's end in a gap, one or two in an overlap.
    func firingInstants(wall: Int, zone: ZoneOffsets) -> [Int] {
        let before = zone.offset(at: wall - 86400)
        let after = zone.offset(at: wall + 86400)
        var valid: [Int] = []
        for offset in Set([before, after, zone.offset(at: wall)]) where zone.offset(at: wall - offset) == offset {
            valid.append(wall - offset)
        }
        valid.sort()
        if valid.isEmpty {
            return runsEveryHour
                ? [] : [zone.transition(from: wall - max(before, after), to: wall - min(before, after))]
        }
        return runsEveryHour ? valid : [valid[0]]
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// The time zone named `name` (IANA, e.g. `Europe/Berlin`, or `UTC`).
    /// - Parameter name: The zone's name.
    /// - Throws: `unknown_timezone` when the name is not in the time zone database.
    public static func timeZone(named name: String) throws(SwitchyardError) -> TimeZone {
        guard let zone = TimeZone(identifier: name) else {
            throw SwitchyardError(
                code: .unknownTimezone,
                message: "time zone \(quote(name)) is not in the time zone database; use an IANA name such as "
                    + "'Europe/Berlin', 'America/New_York' or 'UTC'")
        }
        return zone
    }
}

/// A time zone's UTC offsets by instant (seconds since 1970).
struct ZoneOffsets {
    let zone: TimeZone

    init(_ zone: TimeZone) { self.zone = zone }

    func offset(at instant: Int) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
    }

    /// The offset every wall time of `day` has, when no change falls within two days of it.
    func steadyOffset(aroundDay day: Int) -> Int? {
        let early = offset(at: (day - 2) * 86400)
        return early == offset(at: (day + 3) * 86400) ? early : nil
    }

    /// The first instant in `(low, high]` whose offset differs from `low`'s (binary search on whole seconds).
    func transition(from low: Int, to high: Int) -> Int {
        let initial = offset(at: low)
        var a = low
        var b = high
        while b - a > 1 {
            let mid = a + (b - a) / 2
            if offset(at: mid) == initial { a = mid } else { b = mid }
        }
        return b
    }
}
