/// Splits a byte stream into server-sent events (the `data:` lines of each event, joined), as OpenAI and
/// Anthropic stream. Handles events split across chunks and `\r\n` line ends.
struct ServerSentEventParser: Sendable {
    private var buffer: [UInt8] = []
    private var data: [String] = []
    private var event: String?

    /// An event: its `event:` name (if any) and its data.
    struct Event: Sendable, Hashable {
        var name: String?
        var data: String
    }

    /// Feeds bytes; returns the events they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [Event] {
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        var start = 0
        while let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var line = buffer[start..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            start = newline + 1
            if line.isEmpty {
                if !data.isEmpty { events.append(Event(name: event, data: data.joined(separator: "\n"))) }
                data = []
                event = nil
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            if text.hasPrefix(":") { continue }
            let (field, value) = Self.split(text)
            switch field {
            case "data": data.append(value)
            case "event": event = value
            default: break
            }
        }
        buffer.removeFirst(start)
        return events
    }

    private static func split(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        var value = line[line.index(after: colon)...]
        if value.first == " " { value = value.dropFirst() }
        return (String(line[..<colon]), String(value))
    }
}
