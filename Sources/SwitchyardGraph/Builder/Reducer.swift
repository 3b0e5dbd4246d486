/// How a field merges a value written to it with the value it holds.
///
/// Reducers run in a fixed order (the order of the step's tasks), so they need not be commutative, but they
/// must be deterministic: checkpoints store the writes and replay them through the reducer.
public struct Reducer<Value: Sendable>: Sendable {
    let reduce: @Sendable (inout Value, Value) -> Void

    /// Wraps a merge function `(current, written) -> new`.
    /// - Parameter merge: Returns the new value from the current one and the written one.
    public static func custom(_ merge: @escaping @Sendable (Value, Value) -> Value) -> Reducer {
        Reducer { current, written in current = merge(current, written) }
    }

    /// The written value replaces the current one (the default).
    public static var replace: Reducer { Reducer { current, written in current = written } }

    init(_ reduce: @escaping @Sendable (inout Value, Value) -> Void) { self.reduce = reduce }
}

extension Reducer where Value: RangeReplaceableCollection {
    /// The written elements are appended: what chat histories and result lists need.
    public static var append: Reducer { Reducer { current, written in current.append(contentsOf: written) } }
}

extension Reducer where Value: AdditiveArithmetic {
    /// The written value is added: counters, token totals.
    public static var sum: Reducer { Reducer { current, written in current += written } }
}
