import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardMigration

@Suite struct FlowParserTests {
    let estate = Estate([
        SourceVM(name: "web", ipAddresses: ["10.0.0.1"]), SourceVM(name: "app", ipAddresses: ["10.0.0.2"]),
        SourceVM(name: "db", ipAddresses: ["10.0.0.3", "fd00::3"]),
    ])

    func parse(_ text: String) throws -> FlowTable {
        try FlowParser.parse(Array(text.utf8), file: "f", addresses: AddressBook(estate))
    }

    @Test func csvAggregatesPerDirectedPair() throws {
        let table = try parse(
            "src,dst,port,protocol,bytes,count\n10.0.0.1,10.0.0.2,8080,tcp,100,2\n10.0.0.1,10.0.0.2,8080,tcp,50,1\n"
                + "app,fd00::3,5432,tcp,10,1\n8.8.8.8,10.0.0.1,443,tcp,5,1\n10.0.0.2,10.0.0.2,1,tcp,1,1\n")
        let web = estate.index(of: "web")!
        let app = estate.index(of: "app")!
        let db = estate.index(of: "db")!
        #expect(table.records == 5 && table.matched == 3 && table.external == 1 && table.skipped == 1)
        let links = Dictionary(uniqueKeysWithValues: table.links.map { ([$0.client, $0.server], $0) })
        #expect(links[[web, app]]?.bytes == 150 && links[[web, app]]?.count == 3)
        #expect(links[[app, db]]?.ports == [5432])
    }

    @Test func vpcFlowLogsPickTheServerByPortAndSkipRejects() throws {
        let text = """
            version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
            2 123456789012 eni-1 10.0.0.1 10.0.0.2 49152 8080 6 10 840 1620000000 1620000060 ACCEPT OK
            2 123456789012 eni-1 10.0.0.2 10.0.0.1 8080 49152 6 8 640 1620000000 1620000060 ACCEPT OK
            2 123456789012 eni-1 10.0.0.1 10.0.0.3 49153 5432 6 1 40 1620000000 1620000060 REJECT OK
            2 123456789012 eni-1 - - - - - - - 1620000000 1620000060 - NODATA
            """
        let table = try parse(text)
        #expect(table.records == 4 && table.matched == 2 && table.skipped == 2)
        #expect(table.links.count == 1)
        #expect(table.links[0].client == estate.index(of: "web") && table.links[0].bytes == 1480)
        #expect(table.links[0].ports == [8080])
        // Headerless lines work too.
        let headerless = try parse(text.split(separator: "\n").dropFirst().joined(separator: "\n"))
        #expect(headerless.matched == 2)
    }

    @Test func errorsNameLineAndColumn() {
        let e1 = #expect(throws: SwitchyardError.self) {
            try parse(
                "src,dst,port,protocol,bytes,count\n10.0.0.1,10.0.0.2,8080,tcp,100,1\n10.0.0.1,10.0.0.2,80,tcp,12x,1\n")
        }
        #expect(e1?.code == .invalidFlows)
        #expect(e1?.message.hasPrefix("f:3:5:") == true, "\(e1?.message ?? "")")
        let e2 = #expect(throws: SwitchyardError.self) {
            try parse("src,dst,port,protocol,bytes\n10.0.0.1,10.0.0.2,80\n")
        }
        #expect(e2?.message.hasPrefix("f:2:4:") == true, "\(e2?.message ?? "")")
        let e3 = #expect(throws: SwitchyardError.self) { try parse("a,b,c\n1,2,3\n") }
        #expect(e3?.message.hasPrefix("f:1:") == true)
        let e4 = #expect(throws: SwitchyardError.self) { try parse("hello world\n") }
        #expect(e4?.code == .invalidFlows)
    }

    @Test func ipv4ParsingRejectsNonAddresses() {
        #expect(AddressBook.parseIPv4(Array("10.0.0.1".utf8)[...]) == 0x0A00_0001)
        for bad in ["10.0.0", "10.0.0.256", "1..2.3", "10.0.0.1.5", "a.b.c.d", ""] {
            #expect(AddressBook.parseIPv4(Array(bad.utf8)[...]) == nil, "\(bad)")
        }
    }
}

@Suite struct FlowCounterTests {
    @Test func countersSaturateInsteadOfOverflowing() throws {
        let estate = Estate([
            SourceVM(name: "a", ipAddresses: ["10.0.0.1"]), SourceVM(name: "b", ipAddresses: ["10.0.0.2"]),
        ])
        let big = Int.max / 20 - 1
        let text = "src,dst,port,protocol,bytes,count\n" + String(repeating: "a,b,80,tcp,\(big),\(big)\n", count: 30)
        let table = try FlowParser.parse(Array(text.utf8), file: "f", addresses: AddressBook(estate))
        #expect(table.links.count == 1 && table.links[0].bytes == Int.max && table.links[0].count == Int.max)
        let merged = FlowTable.merged([table, table])
        #expect(merged.links[0].bytes == Int.max)
    }
}
