/// Online log template mining after Drain (He, Zhu, Zheng, Lyu, "Drain: An Online Log Parsing Approach with
/// Fixed Depth Tree", ICWS 2017): lines are masked (numbers, hex, IPs become `<*>`), routed by token count and
/// their first tokens through a fixed-depth tree, and merged into the most similar template of the leaf when
/// at least `similarity` of the tokens agree; otherwise they start a new template.
///
/// Memory is bounded: at most `maxChildren` branches per tree node and `maximumTemplates` templates (past that,
/// lines go to the closest template of their leaf even under the similarity threshold).
public struct DrainMiner: Sendable {
    public var depth: Int
    public var similarity: Double
    public var maxChildren: Int
    public var maximumTemplates: Int
    /// Lines are cut to this many bytes before mining (a 1 MB line costs no more than this).
    public var maximumLineBytes: Int
    /// At most this many tokens of a line are mined; the rest become one `<*>`.
    public var maximumTokens: Int
    public private(set) var templates: [LogTemplate] = []
    /// length → prefix path → template ids.
    private var leaves: [Int: [String: [Int]]] = [:]
    private var branchCount: [String: Int] = [:]

    /// A miner.
    /// - Parameters:
    ///   - depth: Depth of the routing tree (its first depth − 2 tokens route a line).
    ///   - similarity: Share of equal tokens from which a line joins a template.
    ///   - maxChildren: Branches per tree node.
    ///   - maximumTemplates: Templates kept at most.
    ///   - maximumLineBytes: Lines are cut to this many bytes.
    ///   - maximumTokens: Tokens of a line mined at most.
    public init(
        depth: Int = 4, similarity: Double = 0.5, maxChildren: Int = 100, maximumTemplates: Int = 10_000,
        maximumLineBytes: Int = 16_384, maximumTokens: Int = 256
    ) {
        self.depth = depth
        self.similarity = similarity
        self.maxChildren = maxChildren
        self.maximumTemplates = maximumTemplates
        self.maximumLineBytes = maximumLineBytes
        self.maximumTokens = maximumTokens
    }

    /// Mines one line and returns its template id and parameters.
    /// - Parameter line: One log line (without its timestamp).
    public mutating func add(_ line: Substring) -> ParsedLogLine {
        var text = line
        var truncated = false
        if text.utf8.count > maximumLineBytes {
            var end = text.utf8.index(text.utf8.startIndex, offsetBy: maximumLineBytes)
            while end > text.startIndex, !text.indices.contains(end) { end = text.utf8.index(before: end) }
            text = text[..<end]
            truncated = true
        }
        var raw = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if raw.count > maximumTokens {
            raw = Array(raw.prefix(maximumTokens - 1)) + ["<*>"]
        }
        let masked = raw.map(Self.mask)
        let path = routePath(masked)
        var candidates = leaves[masked.count]?[path] ?? []
        var best: (id: Int, score: Double)? = nil
        for id in candidates {
            let s = Self.similarity(templates[id].tokens, masked)
            if s > (best?.score ?? -1) { best = (id, s) }
        }
        if let best, best.score >= similarity || templates.count >= maximumTemplates {
            var template = templates[best.id]
            for i in template.tokens.indices where template.tokens[i] != masked[i] { template.tokens[i] = "<*>" }
            template.count += 1
            templates[best.id] = template
            return ParsedLogLine(
                templateID: best.id, parameters: Self.parameters(template.tokens, raw), isNewTemplate: false,
                truncated: truncated)
        }
        let id = templates.count
        templates.append(LogTemplate(id: id, tokens: masked, count: 1))
        candidates.append(id)
        leaves[masked.count, default: [:]][path] = candidates
        return ParsedLogLine(
            templateID: id, parameters: Self.parameters(masked, raw), isNewTemplate: true, truncated: truncated)
    }

    /// The tree path of a line: its first `depth − 2` tokens, a token with digits routed as `<*>`, and a node
    /// that already has `maxChildren` branches sending new tokens to `<*>`.
    private mutating func routePath(_ tokens: [String]) -> String {
        var path = "\(tokens.count)"
        for token in tokens.prefix(max(0, depth - 2)) {
            var step = token.contains(where: \.isNumber) ? "<*>" : token
            let key = path + "\u{1}" + step
            if branchCount[key] == nil {
                let children = branchCount[path, default: 0]
                if children >= maxChildren {
                    step = "<*>"
                } else {
                    branchCount[path] = children + 1
                    branchCount[key] = 0
                }
            }
            path += "\u{1}" + step
        }
        return path
    }

    static func similarity(_ template: [String], _ tokens: [String]) -> Double {
        guard !template.isEmpty else { return 1 }
        var same = 0
        for (a, b) in zip(template, tokens) where a == b || a == "<*>" { same += 1 }
        return Double(same) / Double(template.count)
    }

    static func parameters(_ template: [String], _ raw: [String]) -> [String] {
        zip(template, raw).compactMap { $0 == "<*>" ? $1 : nil }
    }

    /// Masks variable-looking tokens: numbers, hex ids, IPv4 addresses (with ports), UUIDs.
    static func mask(_ token: String) -> String {
        let digits = token.filter(\.isNumber).count
        if digits == 0 { return token }
        let body = token.trimmingCharacters(in: .init(","))
        if Double(body) != nil { return "<*>" }
        if body.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) { return "<*>" }
        if body.count >= 8, body.allSatisfy({ $0.isHexDigit || $0 == "-" }) { return "<*>" }
        if digits * 2 >= body.count { return "<*>" }
        return token
    }
}
