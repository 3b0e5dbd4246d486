import Foundation

/// Graphviz and SVG pictures of a discovery.
public enum GraphExport {
    /// A Graphviz `digraph`: one cluster per group (labelled with its wave), client → server edges with their
    /// ports, shared services as boxes.
    /// - Parameter d: The discovery: estate, groups, waves and flows.
    public static func dot(_ d: Discovery) -> String {
        let names = d.estate.vms.map(\.name)
        func quote(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var out = "digraph estate {\n  rankdir=LR;\n  node [shape=ellipse, fontsize=10];\n"
        for (gi, group) in d.groups.groups.enumerated() {
            let wave = d.waves.waveOf[group.members[0]]
            out += "  subgraph cluster_\(gi) {\n    label=\(quote("\(group.name) (wave \(wave))"));\n"
            for vm in group.members {
                out += "    \(quote(names[vm]))\(group.isSharedService ? " [shape=box]" : "");\n"
            }
            out += "  }\n"
        }
        for link in d.flows.links {
            let ports = link.ports.map(String.init).joined(separator: ",")
            out += "  \(quote(names[link.client])) -> \(quote(names[link.server])) [label=\(quote(ports))];\n"
        }
        return out + "}\n"
    }

    /// An SVG of the groups: one box per group in a grid, coloured by wave, with the group's name and size and
    /// lines for links between groups (thicker for more links).
    /// - Parameter d: The discovery: estate, groups, waves and flows.
    public static func svg(_ d: Discovery) -> String {
        let groups = d.groups.groups
        let columns = max(1, Int(Double(groups.count).squareRoot().rounded(.up)))
        let cell = 150.0
        let rows = (groups.count + columns - 1) / columns
        let width = Double(columns) * cell + 20
        let height = Double(rows) * cell + 20
        func center(_ g: Int) -> (Double, Double) {
            (10 + (Double(g % columns) + 0.5) * cell, 10 + (Double(g / columns) + 0.5) * cell)
        }
        let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7"]
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        var between: [[Int]: Int] = [:]
        for link in d.flows.links {
            let a = d.groups.groupOf[link.client]
            let b = d.groups.groupOf[link.server]
            if a != b { between[[min(a, b), max(a, b)], default: 0] += 1 }
        }
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "font-family=\"sans-serif\" font-size=\"11\">\n"
        for (pair, count) in between.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let (x1, y1) = center(pair[0])
            let (x2, y2) = center(pair[1])
            out +=
                "  <line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"#999\" stroke-opacity=\"0.5\" "
                + "stroke-width=\(String(format: "\"%.1f\"", min(6, 0.5 + log2(Double(count)))))/>\n"
        }
        for (g, group) in groups.enumerated() {
            let (x, y) = center(g)
            let wave = d.waves.waveOf[group.members[0]]
            let size = 40 + min(60, Double(group.members.count) * 4)
            out +=
                "  <rect x=\"\(x - size / 2)\" y=\"\(y - size / 2)\" width=\"\(size)\" height=\"\(size)\" rx=\"8\" "
                + "fill=\"\(palette[(wave - 1) % palette.count])\"/>\n"
            out +=
                "  <text x=\"\(x)\" y=\"\(y - 4)\" text-anchor=\"middle\" fill=\"#fff\">\(escape(String(group.name.prefix(20))))</text>\n"
            out +=
                "  <text x=\"\(x)\" y=\"\(y + 10)\" text-anchor=\"middle\" fill=\"#fff\">\(group.members.count) VM\(group.members.count == 1 ? "" : "s") · wave \(wave)</text>\n"
        }
        return out + "</svg>\n"
    }
}
