import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardMigration

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The Graphviz and SVG pictures of a discovery: every VM, group and link is in them, names are quoted or
/// escaped, and the SVG is well-formed XML.
@Suite struct GraphExportTests {
    /// Four VMs, one with characters Graphviz and XML must escape, in two applications linked once.
    static func discovery() throws -> Discovery {
        let estate = Estate([
            SourceVM(name: #"web "a"\1"#, ipAddresses: ["10.0.0.1"], source: "hand"),
            SourceVM(name: "db<&>1", ipAddresses: ["10.0.0.2"], source: "hand"),
            SourceVM(name: "crm-1", ipAddresses: ["10.0.0.3"], source: "hand"),
            SourceVM(name: "crm-db", ipAddresses: ["10.0.0.4"], source: "hand"),
        ])
        let flows = """
            src,dst,port,protocol,bytes,count
            10.0.0.1,10.0.0.2,5432,tcp,900000,40
            10.0.0.3,10.0.0.4,3306,tcp,900000,40
            10.0.0.3,10.0.0.2,5432,tcp,100,1

            """
        let table = try FlowParser.parse(Array(flows.utf8), file: "f.csv", addresses: AddressBook(estate))
        return try Discovery.run(estate: estate, flows: table, options: .init(waveCap: 10))
    }

    @Test func dotHasEveryVMOnceEveryLinkAndEscapedNames() throws {
        let d = try Self.discovery()
        let dot = GraphExport.dot(d)
        #expect(dot.hasPrefix("digraph estate {") && dot.hasSuffix("}\n"))
        #expect(dot.components(separatedBy: "subgraph cluster_").count - 1 == d.groups.groups.count)
        let nodeLines = dot.split(separator: "\n").filter { !$0.contains("->") && $0.hasPrefix("    \"") }
        #expect(nodeLines.count == d.estate.count, "\(nodeLines)")
        #expect(dot.contains(#""web \"a\"\\1""#), "\(dot)")
        #expect(dot.contains(#""db<&>1" [shape"#) || dot.contains(#""db<&>1";"#))
        let edges = dot.split(separator: "\n").filter { $0.contains(" -> ") }
        #expect(edges.count == d.flows.links.count)
        #expect(edges.contains { $0.contains(#""crm-1" -> "db<&>1" [label="5432"]"#) }, "\(edges)")
        for group in d.groups.groups {
            let wave = d.waves.waveOf[group.members[0]]
            #expect(dot.contains("label=\"\(group.name) (wave \(wave))\""))
        }
    }

    @Test func svgIsWellFormedWithABoxPerGroup() throws {
        let d = try Self.discovery()
        let svg = GraphExport.svg(d)
        final class Counter: NSObject, XMLParserDelegate {
            var elements: [String: Int] = [:]
            var text = ""
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) { elements[name, default: 0] += 1 }
            func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        }
        let counter = Counter()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "") \(svg)")
        #expect(counter.elements["svg"] == 1)
        #expect(counter.elements["rect"] == d.groups.groups.count)
        // One line per pair of groups with links between them.
        var pairs = Set<[Int]>()
        for link in d.flows.links {
            let (a, b) = (d.groups.groupOf[link.client], d.groups.groupOf[link.server])
            if a != b { pairs.insert([min(a, b), max(a, b)]) }
        }
        #expect(counter.elements["line", default: 0] == pairs.count)
        for group in d.groups.groups {
            #expect(counter.text.contains(String(group.name.prefix(20))), "\(group.name) not in \(counter.text)")
            let count = "\(group.members.count) VM\(group.members.count == 1 ? "" : "s")"
            #expect(counter.text.contains("\(count) · wave \(d.waves.waveOf[group.members[0]])"))
        }
    }

    @Test func picturesAreTheSameWhateverTheInputOrder() throws {
        let d = try Self.discovery()
        #expect(GraphExport.dot(d) == GraphExport.dot(try Self.discovery()))
        #expect(GraphExport.svg(d) == GraphExport.svg(try Self.discovery()))
    }
}
