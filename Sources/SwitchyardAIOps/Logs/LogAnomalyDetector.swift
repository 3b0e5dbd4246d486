/// Log anomalies over fixed time windows: a template seen for the first time (after a warm-up), a rare template
/// (under `rareFraction` of the lines so far), and a burst (a template's count in a window far above its robust
/// typical count in recent windows).
public struct LogAnomalyDetector: Sendable {
    /// What was unusual.
    public struct Finding: Sendable, Equatable {
        public struct Kind: Sendable, Hashable, CustomStringConvertible {
            let raw: String
            public var description: String { raw }
            public static let newTemplate = Kind(raw: "new_template")
            public static let rareTemplate = Kind(raw: "rare_template")
            public static let burst = Kind(raw: "burst")
        }
        public var kind: Kind
        public var templateID: Int
        /// The window's start (Unix seconds) or, for line-numbered input, the first line number.
        public var windowStart: Double
        /// The line numbers (1-based) the finding rests on (at most 5).
        public var lines: [Int]
        /// Why, for people.
        public var reason: String
    }

    public var miner = DrainMiner()
    public var window: Double
    public var warmupLines: Int
    public var rareFraction: Double
    public var burstFactor: Double
    private var lineCount = 0
    private var currentWindow: Double?
    private var counts: [Int: Int] = [:]
    private var firstLines: [Int: [Int]] = [:]
    private var history: [Int: RingBuffer] = [:]
    public private(set) var findings: [Finding] = []

    /// A detector.
    /// - Parameters:
    ///   - window: Window length in seconds for bursts.
    ///   - warmupLines: Lines before new and rare templates are reported.
    ///   - rareFraction: A template seen a second time under this share of the lines is rare.
    ///   - burstFactor: A window's count above this many times the typical one is a burst.
    public init(window: Double = 60, warmupLines: Int = 200, rareFraction: Double = 0.001, burstFactor: Double = 5) {
        self.window = window
        self.warmupLines = warmupLines
        self.rareFraction = rareFraction
        self.burstFactor = burstFactor
    }

    /// Adds one line at `timestamp` (Unix seconds, or the line number when the log has none).
    /// - Parameters:
    ///   - line: The log line.
    ///   - timestamp: Its time.
    public mutating func add(_ line: Substring, timestamp: Double) {
        lineCount += 1
        let start = (timestamp / window).rounded(.down) * window
        if let current = currentWindow, start != current { closeWindow() }
        currentWindow = start
        let parsed = miner.add(line)
        counts[parsed.templateID, default: 0] += 1
        if firstLines[parsed.templateID, default: []].count < 5 {
            firstLines[parsed.templateID, default: []].append(lineCount)
        }
        let template = miner.templates[parsed.templateID]
        if parsed.isNewTemplate, lineCount > warmupLines {
            findings.append(
                Finding(
                    kind: .newTemplate, templateID: parsed.templateID, windowStart: start, lines: [lineCount],
                    reason:
                        "template \(parsed.templateID) first seen at line \(lineCount): \(Quote.short(template.text, limit: 120))"
                ))
        } else if !parsed.isNewTemplate, lineCount > warmupLines, template.count == 2,
            Double(template.count) < rareFraction * Double(lineCount)
        {
            findings.append(
                Finding(
                    kind: .rareTemplate, templateID: parsed.templateID, windowStart: start, lines: [lineCount],
                    reason: "template \(parsed.templateID) seen only \(template.count) times in \(lineCount) lines"))
        }
    }

    /// Closes the last window (call at the end of input).
    public mutating func finish() {
        if currentWindow != nil { closeWindow() }
        currentWindow = nil
    }

    private mutating func closeWindow() {
        for (id, count) in counts {
            var past = history[id] ?? RingBuffer(capacity: 30)
            let values = past.values
            if values.count >= 5 {
                let median = values.median()
                let mad = values.map { abs($0 - median) }.median()
                let limit = max(median + burstFactor * max(1.4826 * mad, 1), burstFactor * max(median, 1))
                if Double(count) > limit {
                    findings.append(
                        Finding(
                            kind: .burst, templateID: id, windowStart: currentWindow ?? 0, lines: firstLines[id] ?? [],
                            reason: "template \(id): \(count) lines in one window, typical \(median) (limit \(limit))"))
                }
            }
            past.append(Double(count))
            history[id] = past
        }
        for id in history.keys where counts[id] == nil { history[id]!.append(0) }
        counts = [:]
        firstLines = [:]
    }
}
