import Synchronization

/// A flag one thread or task sets and others poll: a generation's cancel request, a stream's "first delta
/// arrived", a deadline that fired. Once set it stays set.
public final class AtomicFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func set() { flag.store(true, ordering: .relaxed) }
    public var isSet: Bool { flag.load(ordering: .relaxed) }
}
