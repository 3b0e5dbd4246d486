import SwitchyardCore

extension Discovery {
    /// A discovery rebuilt from the parts a workflow keeps between its steps: the dependency graph is rebuilt
    /// from the flows with the same shared-service threshold, so it is the graph the groups and waves came from.
    /// - Parameters:
    ///   - estate: the estate.
    ///   - flows: the aggregated flows.
    ///   - groups: the application groups found on them.
    ///   - waves: the waves planned from them.
    ///   - hubDegree: the shared-service threshold the graph was built with (`graph.hubDegree`).
    public init(estate: Estate, flows: FlowTable, groups: ApplicationGroups, waves: WavePlan, hubDegree: Int) {
        self.init(
            estate: estate, flows: flows,
            graph: DependencyGraph(vmCount: estate.count, flows: flows, hubDegree: hubDegree), groups: groups,
            waves: waves, timings: [])
    }
}
