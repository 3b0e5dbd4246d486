import SwitchyardCore

extension StateGraph {
    /// Checks the graph and returns a runnable one; every problem found is reported at once in the error's
    /// `details`: unknown nodes in edges, no entry, unreachable nodes, nodes with no path to the end, bad channels.
    ///
    /// A node with no outgoing edge ends its branch (an implicit edge to ``END``).
    /// - Parameters:
    ///   - checkpointer: Where the graph's threads keep their checkpoints.
    ///   - name: The graph's name, stored with each thread.
    /// - Throws: `invalid_graph`, with every problem in `details`.
    public func compile(checkpointer: any Checkpointer, name: String) throws -> CompiledGraph<State> {
        let found = validate()
        guard found.isEmpty else {
            throw SwitchyardError(
                code: .invalidGraph,
                message: "graph '\(name)' has \(found.count) problem\(found.count == 1 ? "" : "s")",
                details: found)
        }
        return CompiledGraph(graph: self, checkpointer: checkpointer, name: name)
    }

    /// Checks the graph and returns a runnable one that keeps no checkpoints, like a LangGraph graph compiled
    /// without a checkpointer: each `invoke` starts a new state from its input, runs to the end and returns it;
    /// no thread is stored, so there is no resume, history or fork, and a node that calls `interrupt` (or a
    /// breakpoint) fails the run with `checkpointer_required`. Retries, timeouts, events and the recursion limit
    /// work as usual. For graphs that need no durability: the fastest way to run them.
    /// - Parameter name: The graph's name, for errors and events.
    /// - Throws: `invalid_graph`, with every problem in `details`.
    public func compile(name: String) throws -> CompiledGraph<State> {
        let found = validate()
        guard found.isEmpty else {
            throw SwitchyardError(
                code: .invalidGraph,
                message: "graph '\(name)' has \(found.count) problem\(found.count == 1 ? "" : "s")",
                details: found)
        }
        return CompiledGraph(graph: self, checkpointer: nil, name: name)
    }

    /// Every problem in the graph, in a stable order; empty when it compiles.
    func validate() -> [String] {
        var found = problems
        found += channelProblems()
        let known = Set(nodes.keys)
        for edge in edges {
            if edge.from == END { found.append("edge from END to '\(edge.to)': END has no outgoing edges") }
            if edge.to == START { found.append("edge from '\(edge.from)' to START: START has no incoming edges") }
            if edge.from != START, edge.from != END, !known.contains(edge.from) {
                found.append("edge from unknown node '\(edge.from)' to '\(edge.to)'")
            }
            if edge.to != END, edge.to != START, !known.contains(edge.to) {
                found.append("edge from '\(edge.from)' to unknown node '\(edge.to)'")
            }
        }
        for edge in conditionalEdges {
            if edge.source != START, !known.contains(edge.source) {
                found.append("conditional edge from unknown node '\(edge.source)'")
            }
            if edge.targets.isEmpty {
                found.append("conditional edge from '\(edge.source)' declares no targets")
            }
            for target in edge.targets where target != END && !known.contains(target) {
                found.append("conditional edge from '\(edge.source)' to unknown node '\(target)'")
            }
        }
        let successors = successorMap()
        if (successors[START] ?? []).isEmpty {
            found.append("no entry: add an edge from START (setEntry) to the first node")
        } else {
            let reachable = reach(from: START, in: successors)
            for node in nodeOrder where !reachable.contains(node) {
                found.append("node '\(node)' is unreachable from START")
            }
        }
        var predecessors: [String: [String]] = [:]
        for (from, targets) in successors {
            for to in targets { predecessors[to, default: []].append(from) }
        }
        let reachesEnd = reach(from: END, in: predecessors)
        for node in nodeOrder where !reachesEnd.contains(node) {
            found.append("node '\(node)' has no path to END (a cycle with no exit?)")
        }
        return found
    }

    /// Each node's possible next nodes; a node without outgoing edges goes to END.
    func successorMap() -> [String: [String]] {
        var map: [String: [String]] = [:]
        for edge in edges { map[edge.from, default: []].append(edge.to) }
        for edge in conditionalEdges { map[edge.source, default: []] += edge.targets }
        for node in nodeOrder where (map[node] ?? []).isEmpty { map[node] = [END] }
        return map
    }

    private func reach(from start: String, in graph: [String: [String]]) -> Set<String> {
        var seen: Set<String> = [start]
        var stack = [start]
        while let next = stack.popLast() {
            for n in graph[next] ?? [] where seen.insert(n).inserted { stack.append(n) }
        }
        return seen
    }

    private func channelProblems() -> [String] {
        var found: [String] = []
        var names: Set<String> = []
        var paths: Set<StateKeyPath> = []
        for channel in State.channels {
            if !ChannelName.isValid(channel.name) {
                found.append("channel name '\(channel.name)' must be 1–64 characters of letters, digits, '_', '.', '-'")
            }
            if !names.insert(channel.name).inserted { found.append("channel '\(channel.name)' is declared twice") }
            if !paths.insert(channel.keyPath).inserted {
                found.append("channel '\(channel.name)' uses a field another channel already declares")
            }
        }
        return found
    }
}

enum ChannelName {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.unicodeScalars.allSatisfy {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0))
            }
    }
}
