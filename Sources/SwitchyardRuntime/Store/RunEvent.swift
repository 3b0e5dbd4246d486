import Foundation
import SwitchyardCore

/// One thing that happened in a run, in order: `run.created`, `node.start`, `node.end`, `token`, `interrupt`,
/// `run.succeeded` … Each has a sequence number unique within the run, so a client that reconnects after `seq`
/// misses nothing and sees nothing twice.
public struct RunEvent: Codable, Sendable, Hashable {
    /// 1, 2, 3 … within the run.
    public var seq: Int
    public var run: String
    public var kind: String
    public var data: JSONValue
    public var time: Date

    /// An event.
    /// - Parameters:
    ///   - seq: Its sequence number within the run.
    ///   - run: The run's id.
    ///   - kind: `run.created`, `node.start`, `token`, …
    ///   - data: The event's payload.
    ///   - time: When it happened.
    public init(seq: Int, run: String, kind: String, data: JSONValue, time: Date = Date()) {
        self.seq = seq
        self.run = run
        self.kind = kind
        self.data = data
        self.time = time
    }
}

/// A named output of a run kept for people and scripts: the deliverable, the classification, the sources, each
/// critic review, the per-node metrics.
public struct Artifact: Codable, Sendable, Hashable {
    public var run: String
    /// The artifact's name (`deliverable`, `review-1`, `sources`, `metrics` …); writing a name again replaces it.
    public var name: String
    public var value: JSONValue
    public var created: Date

    /// An artifact.
    /// - Parameters:
    ///   - run: The run's id.
    ///   - name: The artifact's name.
    ///   - value: Its content, as JSON.
    ///   - created: When it was written.
    public init(run: String, name: String, value: JSONValue, created: Date = Date()) {
        self.run = run
        self.name = name
        self.value = value
        self.created = created
    }
}

/// One model call's cost, recorded once: `key` is the node attempt's idempotency key, so a call replayed after
/// a crash is not charged twice.
public struct UsageRecord: Codable, Sendable, Hashable {
    public var key: String
    public var tenant: TenantID
    public var run: String?
    public var node: String?
    public var model: String
    public var promptTokens: Int
    public var completionTokens: Int
    public var costUSD: Double
    public var cached: Bool
    public var latencySeconds: Double
    public var time: Date

    /// A usage record.
    /// - Parameters:
    ///   - key: The node attempt's idempotency key.
    ///   - tenant: Who made the call.
    ///   - run: The run it was made for, if any.
    ///   - node: The node that made it, if any.
    ///   - model: The model that answered.
    ///   - promptTokens: Prompt tokens.
    ///   - completionTokens: Completion tokens.
    ///   - costUSD: Its cost in US dollars.
    ///   - cached: Whether the answer came from the cache.
    ///   - latencySeconds: How long the call took.
    ///   - time: When it was made.
    public init(
        key: String, tenant: TenantID, run: String?, node: String?, model: String, promptTokens: Int,
        completionTokens: Int, costUSD: Double, cached: Bool, latencySeconds: Double, time: Date = Date()
    ) {
        self.key = key
        self.tenant = tenant
        self.run = run
        self.node = node
        self.model = model
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costUSD = costUSD
        self.cached = cached
        self.latencySeconds = latencySeconds
        self.time = time
    }
}

/// Usage summed over a group (a model, a run, a node or a day).
public struct UsageTotal: Codable, Sendable, Hashable {
    public var group: String
    public var calls: Int
    public var promptTokens: Int
    public var completionTokens: Int
    public var costUSD: Double

    /// A total.
    /// - Parameters:
    ///   - group: The group's value (a model name, run id, node name or day).
    ///   - calls: Model calls.
    ///   - promptTokens: Prompt tokens.
    ///   - completionTokens: Completion tokens.
    ///   - costUSD: Cost in US dollars.
    public init(group: String, calls: Int, promptTokens: Int, completionTokens: Int, costUSD: Double) {
        self.group = group
        self.calls = calls
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costUSD = costUSD
    }
}

/// How usage is grouped.
public struct UsageGrouping: RawRepresentable, Sendable, Hashable {
    public let rawValue: String
    public init?(rawValue: String) {
        guard ["model", "run", "node", "day"].contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }
    private init(_ rawValue: String) { self.rawValue = rawValue }
    public static let model = UsageGrouping("model")
    public static let run = UsageGrouping("run")
    public static let node = UsageGrouping("node")
    public static let day = UsageGrouping("day")
}
