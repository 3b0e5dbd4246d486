import Foundation
import PropertyBased
import SwitchyardCore
import Testing

@testable import SwitchyardMigration

/// Every parser on randomly corrupted input (bytes replaced, deleted or inserted, from a set rich in separators,
/// quotes, brackets, control characters and multi-byte UTF-8): it either parses or throws its own error naming
/// the file and a line that exists; it never crashes or throws anything else.
@Suite struct CorruptedInputTests {
    static let alphabet: [UInt8] =
        Array(",;:=\"'{}[]\\\n\r\t #-0123456789.eE+xyzAZ".utf8) + [0, 0x7F, 0xC3, 0xA9, 0xE2]

    /// `text` with 1–8 random edits.
    static func corrupt(_ text: String, _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = Array(text.utf8)
        for _ in 0..<(1 + Int(rng.next() % 8)) {
            let at = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
            let byte = alphabet[Int(rng.next() % UInt64(alphabet.count))]
            switch rng.next() % 3 {
            case 0 where !bytes.isEmpty: bytes[at] = byte
            case 1 where !bytes.isEmpty: bytes.remove(at: at)
            default: bytes.insert(byte, at: at)
            }
        }
        return bytes
    }

    /// Checks that `error` is `code` at `file:LINE` with LINE a line of `bytes` (or one past the end).
    static func expectLocated(
        _ error: any Error, _ code: SwitchyardError.Code, file: String, _ bytes: [UInt8], seed: Int
    ) {
        expectLocated(error, code, in: [file: bytes], seed: seed)
    }

    /// Checks that `error` is `code` at `FILE:LINE`, FILE one of `files` and LINE one of its lines (or one past
    /// the end): a corrupted sheet may show as an error in another (a vNetwork row whose VM lost its vInfo row).
    static func expectLocated(
        _ error: any Error, _ code: SwitchyardError.Code, in files: [String: [UInt8]], seed: Int
    ) {
        guard let error = error as? SwitchyardError else {
            Issue.record("seed \(seed): not a SwitchyardError: \(error)")
            return
        }
        #expect(error.code == code, "seed \(seed): \(error)")
        let parts = error.message.split(separator: ":", maxSplits: 2)
        guard let file = parts.first.map(String.init), let bytes = files[file] else {
            Issue.record("seed \(seed): the error names no input file: \(error.message)")
            return
        }
        let lines = bytes.count { $0 == 10 } + 1
        let line = parts.count > 1 ? Int(parts[1]) : nil
        #expect(line.map { (1...lines + 1).contains($0) } == true, "seed \(seed): \(error.message) (\(lines) lines)")
    }

    @Test func govcJSON() async {
        let texts = [Fixtures.govcCamel, Fixtures.govcPascal]
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let bytes = Self.corrupt(texts[seed % 2], &rng)
            do {
                _ = try GovcParser.parse(String(decoding: bytes, as: UTF8.self), file: "vms.json")
            } catch {
                Self.expectLocated(error, .invalidInventory, file: "vms.json", bytes, seed: seed)
            }
        }
    }

    @Test func vmx() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let bytes = Self.corrupt(Fixtures.vmx, &rng)
            do {
                _ = try VMXParser.parse(String(decoding: bytes, as: UTF8.self), file: "a.vmx")
            } catch {
                Self.expectLocated(error, .invalidInventory, file: "a.vmx", bytes, seed: seed)
            }
        }
    }

    @Test func rvtoolsSheets() async {
        let synthetic = SyntheticEstate(.init(seed: 3, groups: 3, groupSize: 3...4, flowRecords: 50))
        let sheets = [synthetic.vInfoCSV(), synthetic.vNetworkCSV(), synthetic.vDiskCSV()]
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let which = seed % 3
            let bytes = Self.corrupt(sheets[which], &rng)
            var files = sheets.enumerated().map { ("s\($0.offset).csv", $0.element) }
            files[which].1 = String(decoding: bytes, as: UTF8.self)
            do {
                _ = try RVToolsParser.parse(files: files)
            } catch {
                let inputs = Dictionary(uniqueKeysWithValues: files.map { ($0.0, Array($0.1.utf8)) })
                Self.expectLocated(error, .invalidInventory, in: inputs, seed: seed)
            }
        }
    }

    /// Numbers too large for sizing arithmetic (a corrupted export can hold anything) are errors at their place.
    @Test func hugeNumbersAreRejectedWhereTheyAre() {
        let huge = ["9223372036854775807", "1e300", "-9223372036854775808", "281474976710657"]
        for number in huge {
            #expect(throws: SwitchyardError.self, "\(number)") {
                try RVToolsParser.parse(files: [("i.csv", "VM,CPUs,Memory\na,2,\(number)\n")])
            }
            #expect(throws: SwitchyardError.self, "\(number)") {
                try VMXParser.parse("displayName = \"a\"\nnumvcpus = \"\(number)\"\n", file: "a.vmx")
            }
        }
        let govc =
            #"{"virtualMachines": [{"config": {"name": "a", "hardware": {"numCPU": 9223372036854775807, "memoryMB": 1}}}]}"#
        #expect(throws: SwitchyardError.self) { try GovcParser.parse(govc, file: "g.json") }
        let estate = Estate([SourceVM(name: "a", cpus: 2, memoryMiB: 1024, source: "x")])
        #expect(throws: SwitchyardError.self) {
            try UsageParser.apply("vm,cpu_p95_cores,memory_p95_mib\na,1e300,512\n", file: "u.csv", to: estate)
        }
        do {
            _ = try RVToolsParser.parse(files: [("i.csv", "VM,CPUs,Memory\na,2,1e300\n")])
        } catch {
            #expect(error.message.hasPrefix("i.csv:2:3:") && error.message.contains("out of range"), "\(error)")
        }
    }

    @Test func flows() async {
        let synthetic = SyntheticEstate(.init(seed: 5, groups: 3, groupSize: 3...4, flowRecords: 40))
        let estate = try! InventoryLoader.load(texts: [("vInfo.csv", synthetic.vInfoCSV())])
        let csv = String(decoding: synthetic.flowsCSV(), as: UTF8.self)
        let vpc = """
            version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
            2 123456789012 eni-1 10.0.0.1 10.0.0.2 49152 8080 6 10 840 1620000000 1620000060 ACCEPT OK
            2 123456789012 eni-1 10.0.0.2 10.0.0.1 8080 49152 6 8 640 1620000000 1620000060 ACCEPT OK
            2 123456789012 eni-1 - - - - - - - 1620000000 1620000060 - NODATA

            """
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let bytes = Self.corrupt(seed % 2 == 0 ? csv : vpc, &rng)
            do {
                _ = try FlowParser.parse(bytes, file: "f.csv", addresses: AddressBook(estate))
            } catch {
                Self.expectLocated(error, .invalidFlows, file: "f.csv", bytes, seed: seed)
            }
        }
    }
}
