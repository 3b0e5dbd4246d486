/// The automaton `LazyDFA` walks: a copy of the root template, grown by a copy of a called template the first
/// time a path reaches the call (`entry(ofCall:)`).
///
/// A nested object, an array element or a referenced definition compiles to its own template once; a schema
/// whose objects nest deep or whose arrays allow many elements then costs the states generation actually
/// visits, not the product of every nesting level up front. Each call site gets its own copy (the copy
/// continues at that site), so the DFA stays an ordinary DFA without a stack. A copy's distances to
/// acceptance are the template's distances to its exit plus the call site's distance.
struct ExpandingNFA: Sendable {
    let templates: [FrozenNFA]
    private(set) var edgeStart: [Int32] = [0]
    private(set) var edgeLo: [UInt8] = []
    private(set) var edgeHi: [UInt8] = []
    private(set) var edgeTo: [Int32] = []
    private(set) var epsStart: [Int32] = [0]
    private(set) var epsTo: [Int32] = []
    /// Fewest bytes from each state to acceptance; `Int32.max` for dead states.
    private(set) var distance: [Int32] = []
    private var callTemplate: [Int32] = []
    private var callReturn: [Int32] = []
    /// The entry of a call's copy once made, else -1.
    private var callEntry: [Int32] = []
    private(set) var start: Int32 = 0
    private(set) var accept: Int32 = 0

    /// The automaton of template `root` (its exit accepts).
    init(templates: [FrozenNFA], root: Int32) {
        self.templates = templates
        start = instantiate(root, returnTo: -1, base: 0)
        accept = templates[Int(root)].end
    }

    var stateCount: Int { distance.count }

    func isLive(_ s: Int32) -> Bool { distance[Int(s)] != .max }

    /// Whether `s` is a call state (no edges of its own; follow `entry(ofCall:)`).
    func isCall(_ s: Int32) -> Bool { callTemplate[Int(s)] >= 0 }

    /// The first state of call `s`'s copy, made now if this is the first time.
    mutating func entry(ofCall s: Int32) -> Int32 {
        let i = Int(s)
        if callEntry[i] >= 0 { return callEntry[i] }
        let back = callReturn[i]
        let entry = instantiate(callTemplate[i], returnTo: back, base: distance[Int(back)])
        callEntry[i] = entry
        return entry
    }

    /// Appends a copy of template `t` whose exit continues at `returnTo` (-1: none); returns its start.
    private mutating func instantiate(_ t: Int32, returnTo: Int32, base: Int32) -> Int32 {
        let template = templates[Int(t)]
        let offset = Int32(stateCount)
        for s in 0..<template.stateCount {
            for e in Int(template.edgeStart[s])..<Int(template.edgeStart[s + 1]) {
                edgeLo.append(template.edgeLo[e])
                edgeHi.append(template.edgeHi[e])
                edgeTo.append(template.edgeTo[e] + offset)
            }
            edgeStart.append(Int32(edgeLo.count))
            for k in Int(template.epsStart[s])..<Int(template.epsStart[s + 1]) {
                epsTo.append(template.epsTo[k] + offset)
            }
            if s == Int(template.end) && returnTo >= 0 { epsTo.append(returnTo) }
            epsStart.append(Int32(epsTo.count))
            let local = template.distance[s]
            distance.append(local == .max || base == .max ? .max : local.addingSaturating(base))
            callTemplate.append(template.callTemplate[s])
            callReturn.append(template.callReturn[s] >= 0 ? template.callReturn[s] + offset : -1)
            callEntry.append(-1)
        }
        return template.start + offset
    }
}
