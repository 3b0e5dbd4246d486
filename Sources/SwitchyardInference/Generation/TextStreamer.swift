/// Turns token bytes into text safe to show: never splits a UTF-8 character and holds back text that could be
/// the start of a stop sequence. Works on bytes, so stop sequences match across token boundaries.
struct TextStreamer {
    private let stops: [[UInt8]]
    private var pending: [UInt8] = []  // bytes not yet emitted
    private(set) var emitted: [UInt8] = []
    private(set) var stopped = false

    init(stops: [String]) {
        self.stops = stops.filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    /// Adds a token's bytes; returns the text that can be shown now.
    mutating func push(_ bytes: [UInt8]) -> String {
        guard !stopped else { return "" }
        pending += bytes
        // Earliest complete stop sequence.
        var cut: Int? = nil
        for s in stops {
            if let i = Self.find(s, in: pending), cut == nil || i < cut! { cut = i }
        }
        if let cut {
            stopped = true
            return emit(cut)
        }
        // Hold back an incomplete UTF-8 tail and any suffix that starts a stop sequence.
        var safe = Self.completeUTF8Prefix(pending)
        for s in stops {
            let maxK = min(s.count - 1, pending.count)
            if maxK <= 0 { continue }
            for k in stride(from: maxK, to: 0, by: -1) where pending.suffix(k).elementsEqual(s.prefix(k)) {
                safe = min(safe, pending.count - k)
                break
            }
        }
        return emit(safe)
    }

    /// Everything still held (end of generation without a stop sequence).
    mutating func flush() -> String {
        guard !stopped else { return "" }
        return emit(pending.count)
    }

    private mutating func emit(_ n: Int) -> String {
        let out = Array(pending.prefix(n))
        pending.removeFirst(n)
        if stopped { pending = [] }
        emitted += out
        return String(decoding: out, as: UTF8.self)
    }

    /// The text emitted so far.
    var text: String { String(decoding: emitted, as: UTF8.self) }

    static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard needle.count <= hay.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            if hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }

    /// Length of the longest prefix that does not end inside a UTF-8 sequence.
    static func completeUTF8Prefix(_ b: [UInt8]) -> Int {
        var i = b.count - 1
        var back = 0
        while i >= 0 && back < 4 {
            let c = b[i]
            if c & 0xC0 != 0x80 {
                let need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
                return back + 1 >= need ? b.count : i
            }
            i -= 1
            back += 1
        }
        return b.count
    }
}
