import SwitchyardCore

/// The sub-automata of one compilation: each subschema (property value, array element, referenced
/// definition) is compiled once into a template; a use of it becomes a call state that generation enters
/// lazily, or a copy when the template is small.
struct TemplateTable {
    /// Templates smaller than this are copied into their user instead of called.
    static let inlineLimit = 40

    private(set) var frozen: [FrozenNFA] = []
    /// The source of each small template, for copying.
    private var small: [Int32: (nfa: ByteNFA, fragment: ByteNFA.Fragment)] = [:]
    /// Templates by key (pointer and recursion context), with the schema each was compiled from.
    private var index: [String: [(schema: JSONValue, template: Int32)]] = [:]
    /// States in all templates together.
    private(set) var stateCount = 0

    func lookup(_ key: String, _ schema: JSONValue) -> Int32? {
        index[key]?.first { $0.schema == schema }?.template
    }

    mutating func add(_ nfa: ByteNFA, _ fragment: ByteNFA.Fragment, key: String, schema: JSONValue) -> Int32 {
        let template = FrozenNFA(nfa, fragment) { frozen[Int($0)].minimumLength }
        let id = Int32(frozen.count)
        frozen.append(template)
        stateCount += template.stateCount
        if template.stateCount < Self.inlineLimit { small[id] = (nfa, fragment) }
        index[key, default: []].append((schema, id))
        return id
    }

    /// `template`'s language in `nfa`: a copy when it is small, else a call.
    func use(_ template: Int32, in nfa: inout ByteNFA) -> ByteNFA.Fragment {
        if let (source, fragment) = small[template] { return nfa.append(source, fragment) }
        return nfa.call(template)
    }
}

extension JSONSchemaCompiler {
    /// The fragment for `schema`, found at `pointer` (for error messages): compiled once per schema, pointer
    /// and recursion context into a template, then called (or copied when small).
    mutating func compile(_ schema: JSONValue, at pointer: String) throws(SwitchyardError) -> ByteNFA.Fragment {
        try template(for: schema, key: pointer) { (c: inout JSONSchemaCompiler) throws(SwitchyardError) in
            try c.compileHere(schema, at: pointer)
        }
    }

    /// The template keyed by `key` and `schema` (built by `build` into a fresh NFA the first time), used here.
    mutating func template(
        for schema: JSONValue, key: String,
        build: (inout JSONSchemaCompiler) throws(SwitchyardError) -> ByteNFA.Fragment
    ) throws(SwitchyardError) -> ByteNFA.Fragment {
        let fullKey = keyPrefix + key + "|" + recursionContext()
        if let known = templates.lookup(fullKey, schema) { return templates.use(known, in: &nfa) }
        var outer = ByteNFA()
        swap(&outer, &nfa)
        let fragment: ByteNFA.Fragment
        do throws(SwitchyardError) {
            fragment = try build(&self)
        } catch {
            swap(&outer, &nfa)
            throw error
        }
        swap(&outer, &nfa)
        let id = templates.add(outer, fragment, key: fullKey, schema: schema)
        return templates.use(id, in: &nfa)
    }

    /// The expansion counts of the recursive references being expanded: all the compiled form of a
    /// subschema can depend on besides the subschema itself.
    private mutating func recursionContext() -> String {
        var parts: [String] = []
        for (ref, count) in expanding where count > 0 && isRecursive(ref) { parts.append("\(ref)=\(count)") }
        return parts.sorted().joined(separator: ",")
    }

    /// Whether the target of local reference `ref` can reach `ref` again through its own references.
    mutating func isRecursive(_ ref: String) -> Bool {
        if let known = recursiveRefs[ref] { return known }
        var seen: Set<String> = []
        var todo = references(of: ref)
        var found = false
        while let next = todo.popLast() {
            if next == ref {
                found = true
                break
            }
            guard seen.insert(next).inserted else { continue }
            todo += references(of: next)
        }
        recursiveRefs[ref] = found
        return found
    }

    /// The references inside the target of `ref` (memoized).
    private mutating func references(of ref: String) -> [String] {
        if let known = referencesInside[ref] { return known }
        let found = Self.references(in: target(of: ref))
        referencesInside[ref] = found
        return found
    }

    private func target(of ref: String) -> JSONValue {
        guard ref.hasPrefix("#"), let value = JSONPointer.resolve(String(ref.dropFirst()), in: root) else {
            return .null
        }
        return value
    }

    /// Every `$ref` string inside `value`.
    static func references(in value: JSONValue) -> [String] {
        var out: [String] = []
        func walk(_ v: JSONValue) {
            switch v {
            case .object(let o):
                if case .string(let r)? = o["$ref"] { out.append(r) }
                for child in o.values { walk(child) }
            case .array(let a):
                for child in a { walk(child) }
            default: break
            }
        }
        walk(value)
        return out
    }

    /// Keywords that only annotate for this compiler: the listed ones and any extension keyword (`x-…`,
    /// such as Kubernetes' `x-kubernetes-*`), which 2020-12 treats as an annotation.
    static func isAnnotation(_ keyword: String) -> Bool {
        annotations.contains(keyword) || keyword.hasPrefix("x-")
    }
}
