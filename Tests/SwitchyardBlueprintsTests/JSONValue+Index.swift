import SwitchyardCore

extension JSONValue {
    /// The element at `index` of an array; nil for anything else or out of range (tests only).
    subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
