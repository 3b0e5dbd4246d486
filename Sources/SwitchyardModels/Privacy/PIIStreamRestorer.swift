/// Fills a streamed answer back, delta by delta, where a placeholder may arrive in pieces (`<EMA`, `IL_1`, `>`):
/// the end of what has come that could still become a placeholder is held back until the next delta completes or
/// rules it out, and flushed by ``finish()``. What it emits, joined, is exactly ``PIIMapping/restore(_:)-(String)``
/// of the whole text. A pure state machine: no I/O, tested on every split of a text.
public struct PIIStreamRestorer: Sendable {
    private let mapping: PIIMapping
    private var held = ""

    /// A restorer for one answer.
    /// - Parameter mapping: The request's mapping (empty: text passes through unchanged and nothing is held).
    public init(mapping: PIIMapping) {
        self.mapping = mapping
    }

    /// The text that can go out now, given the next delta's text.
    /// - Parameter text: The next delta's text.
    public mutating func next(_ text: String) -> String {
        guard !mapping.isEmpty else { return text }
        held += text
        guard let open = held.lastIndex(of: "<"),
            PIIPlaceholder.couldContinue(held[held.index(after: open)...])
        else {
            defer { held = "" }
            return mapping.restore(held)
        }
        let ready = String(held[..<open])
        held = String(held[open...])
        return mapping.restore(ready)
    }

    /// What is still held (a `<…` that never became a placeholder), when the answer ends.
    public mutating func finish() -> String {
        defer { held = "" }
        return mapping.restore(held)
    }
}
