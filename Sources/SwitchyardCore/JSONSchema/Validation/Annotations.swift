/// What the keywords that passed have evaluated of one instance: which properties and which items. Only
/// `unevaluatedProperties` and `unevaluatedItems` read it, so it is collected only under them.
struct Annotations {
    var allProperties = false
    var properties: Set<String> = []
    var allItems = false
    /// Leading items evaluated (by `prefixItems`).
    var prefixCount = 0
    var containsIndices: Set<Int> = []

    mutating func merge(_ other: Annotations) {
        allProperties = allProperties || other.allProperties
        properties.formUnion(other.properties)
        allItems = allItems || other.allItems
        prefixCount = max(prefixCount, other.prefixCount)
        containsIndices.formUnion(other.containsIndices)
    }

    func evaluated(property name: String) -> Bool { allProperties || properties.contains(name) }

    func evaluated(item index: Int) -> Bool { allItems || index < prefixCount || containsIndices.contains(index) }
}
