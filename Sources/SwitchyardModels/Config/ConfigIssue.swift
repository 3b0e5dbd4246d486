/// A problem in a configuration: where (a path of keys and indices, which the parser turns into a line) and what.
struct ConfigIssue: CustomStringConvertible {
    /// One step of a path: a mapping key or a sequence index.
    enum Step {
        case key(String)
        case index(Int)

        init(_ key: any CodingKey) {
            self = key.intValue.map(Step.index) ?? .key(key.stringValue)
        }
    }

    var path: [Step]
    var message: String

    init(_ path: [Step], _ message: String) {
        self.path = path
        self.message = message
    }

    /// `providers.a.kind: …`.
    var description: String { "\(Self.dotted(path)): \(message)" }

    /// `models[0].provider`.
    static func dotted(_ path: [Step]) -> String {
        var out = ""
        for step in path {
            switch step {
            case .key(let key): out += out.isEmpty ? key : ".\(key)"
            case .index(let i): out += "[\(i)]"
            }
        }
        return out
    }
}
