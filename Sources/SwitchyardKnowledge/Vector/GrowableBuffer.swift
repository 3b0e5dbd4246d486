/// A manually managed, contiguous, growable buffer of trivial values: the index's storage, so that a node
/// costs no allocation of its own and the search loops read raw memory.
///
/// The owner frees it with ``free()``; it is not copied on write (it is a pointer, not a value).
struct GrowableBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 16) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// Appends `n` copies of `value`, growing by doubling.
    mutating func append(repeating value: Element, count n: Int) {
        reserve(count + n)
        (base + count).initialize(repeating: value, count: n)
        count += n
    }

    /// Appends the elements at `source`.
    mutating func append(_ source: UnsafePointer<Element>, count n: Int) {
        reserve(count + n)
        (base + count).initialize(from: source, count: n)
        count += n
    }

    mutating func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    /// Declares the first `n` elements (already written through `base`) as in use.
    mutating func setCount(_ n: Int) {
        precondition(n <= capacity)
        count = n
    }

    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    /// The bytes in use, for serialization.
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base, count: count * MemoryLayout<Element>.stride)
    }

    func free() { base.deallocate() }
}
