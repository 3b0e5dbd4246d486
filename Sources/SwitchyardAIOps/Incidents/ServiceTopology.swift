/// Which service calls which: a fault in a dependency shows up in the services that call it, directly or
/// through others, so the probable root cause of an incident is the anomalous service furthest down the calls.
public struct ServiceTopology: Sendable, Equatable {
    /// Each service's direct dependencies (the services it calls).
    public private(set) var dependencies: [String: Set<String>]

    /// A topology from `(caller, callee)` pairs.
    /// - Parameter calls: Who calls whom.
    public init(calls: [(caller: String, callee: String)]) {
        var dependencies: [String: Set<String>] = [:]
        for (caller, callee) in calls {
            dependencies[caller, default: []].insert(callee)
            dependencies[callee, default: []].formUnion([])
        }
        self.dependencies = dependencies
    }

    /// Whether `service` appears in the topology.
    /// - Parameter service: A service name.
    public func contains(_ service: String) -> Bool { dependencies[service] != nil }

    /// Every service `service` calls, directly or through others (not itself, even in a cycle).
    /// - Parameter service: A service name.
    public func transitiveDependencies(of service: String) -> Set<String> {
        var seen: Set<String> = []
        var stack = Array(dependencies[service] ?? [])
        while let next = stack.popLast() {
            guard next != service, seen.insert(next).inserted else { continue }
            stack.append(contentsOf: dependencies[next] ?? [])
        }
        return seen
    }

    /// The shortest number of calls from `caller` down to `callee`, or nil when `caller` does not depend on it.
    /// - Parameters:
    ///   - caller: The calling service.
    ///   - callee: The service it may depend on.
    public func hops(from caller: String, to callee: String) -> Int? {
        var frontier: Set<String> = [caller]
        var seen: Set<String> = [caller]
        var depth = 0
        while !frontier.isEmpty {
            depth += 1
            var next: Set<String> = []
            for service in frontier {
                for dependency in dependencies[service] ?? [] where seen.insert(dependency).inserted {
                    if dependency == callee { return depth }
                    next.insert(dependency)
                }
            }
            frontier = next
        }
        return nil
    }
}
