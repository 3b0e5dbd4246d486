import Foundation
import Logging
import Synchronization
import SwitchyardCore

/// A swift-log handler that writes one JSON object per line to standard error: `time`, `level`, `label`,
/// `message`, `source` and every metadata value (the request id Hummingbird sets, `tenant`, `key_id`, `run.id` …).
/// `switchyard serve --log-format json` bootstraps it. Nothing Switchyard logs holds a key or a prompt: requests
/// are logged by key id, runs by id.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String

    static let output = Mutex(FileHandle.standardError)

    /// A handler for the logger `label`.
    /// - Parameters:
    ///   - label: The logger's label.
    ///   - level: The lowest level written.
    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        self.logLevel = level
    }

    /// The handler's own metadata value for `key`, merged into every entry.
    /// - Parameter key: The metadata key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one entry as a JSON line.
    /// - Parameter event: The entry: level, message, metadata of this entry (over the handler's) and source.
    public func log(event: LogEvent) {
        let explicit = event.metadata
        let (level, message, source) = (event.level, event.message, event.source)
        var fields: [String: JSONValue] = [:]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { _, new in new }) {
            fields[key] = Self.json(value)
        }
        fields["time"] = .string(Date().iso8601)
        fields["level"] = .string(level.rawValue)
        fields["label"] = .string(label)
        fields["message"] = .string(message.description)
        fields["source"] = .string(source)
        let text = JSONValue.object(fields).jsonText + "\n"
        Self.output.withLock { $0.write(Data(text.utf8)) }
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let items): .array(items.map(json))
        case .dictionary(let members): .object(members.mapValues(json))
        }
    }
}
