import Foundation
import SwitchyardCore

/// Reads network flow records and maps their ends to VMs.
///
/// Two formats, recognised by the header line:
/// - CSV `src,dst,port,protocol,bytes,count` (any column order; `count` optional, default 1): `src` is the
///   client, `dst` the server and `port` the server port.
/// - VPC flow log (AWS default format v2, space-separated): `version account-id interface-id srcaddr dstaddr
///   srcport dstport protocol packets bytes start end action log-status`. The header line may be absent. Lines
///   with `action` REJECT or `log-status` NODATA/SKIPDATA are skipped; the client is the side with the higher
///   port (the ephemeral one).
///
/// Addresses are IPv4 dotted quads, other address text, or VM names; ends that are no VM count as external.
public enum FlowParser {
    /// Parses one flow file.
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - file: Its path, for errors.
    ///   - addresses: Maps each record's ends to VMs.
    /// - Throws: `invalid_flows` naming the file, line and column of a record with the wrong number of fields
    ///   or a number that is not one, or a header without the needed columns.
    public static func parse(
        _ data: [UInt8], file: String, addresses: AddressBook
    ) throws(SwitchyardError)
        -> FlowTable
    {
        var start = 0
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        // First non-empty line decides the format.
        var firstEnd = start
        while firstEnd < data.count && data[firstEnd] != 10 { firstEnd += 1 }
        let firstLine = String(decoding: data[start..<firstEnd], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        var parser = Parser(data: data, file: file, addresses: addresses)
        if firstLine.contains(",") {
            let names = firstLine.lowercased().split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            func col(_ n: String...) -> Int? { n.lazy.compactMap { names.firstIndex(of: $0) }.first }
            guard let src = col("src", "srcaddr", "source"), let dst = col("dst", "dstaddr", "destination"),
                let port = col("port", "dstport", "dst_port"), let bytes = col("bytes")
            else {
                throw ParseError.flows(
                    file, line: 1,
                    "a CSV flow file needs a header with src, dst, port and bytes (and optionally protocol, count): "
                        + "got \(ParseError.quote(firstLine))")
            }
            parser.layout = .csv(fields: names.count, src: src, dst: dst, port: port, bytes: bytes, count: col("count"))
            return try parser.run(from: firstEnd + 1, firstLine: 2)
        }
        let words = firstLine.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words.contains(where: { $0 == "srcaddr" }) {
            let names = words.map { String($0) }
            func col(_ n: String) -> Int? { names.firstIndex(of: n) }
            guard let src = col("srcaddr"), let dst = col("dstaddr"), let sport = col("srcport"),
                let dport = col("dstport"), let bytes = col("bytes")
            else {
                throw ParseError.flows(
                    file, line: 1, "a VPC flow log header needs srcaddr, dstaddr, srcport, dstport and bytes")
            }
            parser.layout = .vpc(
                fields: names.count, src: src, dst: dst, srcPort: sport, dstPort: dport, bytes: bytes,
                action: col("action"), status: col("log-status"))
            return try parser.run(from: firstEnd + 1, firstLine: 2)
        }
        if words.count == 14 {
            parser.layout = .vpc(
                fields: 14, src: 3, dst: 4, srcPort: 5, dstPort: 6, bytes: 9, action: 12, status: 13)
            return try parser.run(from: start, firstLine: 1)
        }
        throw ParseError.flows(
            file, line: 1,
            "unknown flow format: expected a CSV header (src,dst,port,protocol,bytes,count) or a VPC flow log "
                + "line (14 space-separated fields)")
    }

    /// Reads and parses a flow file.
    /// - Parameters:
    ///   - path: The flow file.
    ///   - addresses: Maps each record's ends to VMs.
    /// - Throws: `file_not_found` when the file cannot be read; what ``parse(_:file:addresses:)`` throws.
    public static func load(path: String, addresses: AddressBook) throws(SwitchyardError) -> FlowTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(code: .fileNotFound, message: "cannot read '\(path)': no such readable file")
        }
        return try parse([UInt8](data), file: path, addresses: addresses)
    }

    enum Layout {
        case csv(fields: Int, src: Int, dst: Int, port: Int, bytes: Int, count: Int?)
        case vpc(fields: Int, src: Int, dst: Int, srcPort: Int, dstPort: Int, bytes: Int, action: Int?, status: Int?)
    }

    struct Parser {
        let data: [UInt8]
        let file: String
        let addresses: AddressBook
        var layout: Layout = .csv(fields: 0, src: 0, dst: 0, port: 0, bytes: 0, count: nil)

        func run(from start: Int, firstLine: Int) throws(SwitchyardError) -> FlowTable {
            var slot: [Int64: Int] = [:]
            var links: [FlowTable.Link] = []
            var records = 0
            var matched = 0
            var external = 0
            var skipped = 0
            var bounds = [Int](repeating: 0, count: 64)
            let (expected, separator): (Int, UInt8)
            switch layout {
            case .csv(let f, _, _, _, _, _): (expected, separator) = (f, UInt8(ascii: ","))
            case .vpc(let f, _, _, _, _, _, _, _): (expected, separator) = (f, UInt8(ascii: " "))
            }
            guard expected < 31 else {
                throw ParseError.flows(file, line: 1, "too many columns (\(expected)); at most 30 are supported")
            }
            var i = start
            var line = firstLine
            let n = data.count
            try data.withUnsafeBufferPointer { (buffer) throws(SwitchyardError) in
                while i < n {
                    // Split one line into fields (bounds holds start/end pairs).
                    var fieldCount = 0
                    var fieldStart = i
                    var end = i
                    while end < n && buffer[end] != 10 { end += 1 }
                    var lineEnd = end
                    if lineEnd > i && buffer[lineEnd - 1] == 13 { lineEnd -= 1 }
                    if lineEnd == i {
                        i = end + 1
                        line += 1
                        continue
                    }
                    var k = i
                    while k <= lineEnd {
                        if k == lineEnd || buffer[k] == separator || (separator == 32 && buffer[k] == 9) {
                            if separator == 32 && k == fieldStart {
                                // Runs of spaces separate one field.
                                k += 1
                                fieldStart = k
                                continue
                            }
                            if fieldCount < 31 {
                                bounds[2 * fieldCount] = fieldStart
                                bounds[2 * fieldCount + 1] = k
                            }
                            fieldCount += 1
                            fieldStart = k + 1
                        }
                        k += 1
                    }
                    if fieldCount != expected {
                        throw ParseError.flows(
                            file, line: line, column: min(fieldCount, expected) + 1,
                            "record has \(fieldCount) fields, expected \(expected)")
                    }
                    records += 1
                    func field(_ f: Int) -> ArraySlice<UInt8> { data[bounds[2 * f]..<bounds[2 * f + 1]] }
                    func number(_ f: Int, _ what: String) throws(SwitchyardError) -> Int {
                        var v = 0
                        let s = bounds[2 * f]
                        let e = bounds[2 * f + 1]
                        if s == e {
                            throw ParseError.flows(file, line: line, column: f + 1, "\(what) is empty")
                        }
                        for p in s..<e {
                            let b = buffer[p]
                            guard b >= 48 && b <= 57, v < Int.max / 20 else {
                                throw ParseError.flows(
                                    file, line: line, column: f + 1,
                                    "\(what) is \(ParseError.quote(String(decoding: field(f), as: UTF8.self))), "
                                        + "not a non-negative integer")
                            }
                            v = v * 10 + Int(b - 48)
                        }
                        return v
                    }
                    let client: Int32?
                    let server: Int32?
                    let port: Int
                    let bytes: Int
                    var count = 1
                    switch layout {
                    case .csv(_, let src, let dst, let p, let b, let c):
                        port = try number(p, "port")
                        bytes = try number(b, "bytes")
                        if let c { count = try number(c, "count") }
                        client = addresses.lookup(field(src))
                        server = addresses.lookup(field(dst))
                    case .vpc(_, let src, let dst, let sp, let dp, let b, let action, let status):
                        if let status, buffer[bounds[2 * status]] != UInt8(ascii: "O") {  // not "OK"
                            skipped += 1
                            i = end + 1
                            line += 1
                            continue
                        }
                        if let action, buffer[bounds[2 * action]] == UInt8(ascii: "R") {  // REJECT
                            skipped += 1
                            i = end + 1
                            line += 1
                            continue
                        }
                        let srcPort = try number(sp, "srcport")
                        let dstPort = try number(dp, "dstport")
                        bytes = try number(b, "bytes")
                        let a = addresses.lookup(field(src))
                        let z = addresses.lookup(field(dst))
                        if srcPort < dstPort {
                            (client, server, port) = (z, a, srcPort)
                        } else {
                            (client, server, port) = (a, z, dstPort)
                        }
                    }
                    if let client, let server {
                        if client == server {
                            skipped += 1
                        } else {
                            matched += 1
                            let key = Int64(client) << 32 | Int64(server)
                            if let s = slot[key] {
                                links[s].bytes = FlowTable.saturatingSum(links[s].bytes, bytes)
                                links[s].count = FlowTable.saturatingSum(links[s].count, count)
                                if links[s].ports.count < 8 && !links[s].ports.contains(port) {
                                    links[s].ports.append(port)
                                }
                            } else {
                                slot[key] = links.count
                                links.append(
                                    FlowTable.Link(
                                        client: Int(client), server: Int(server), bytes: bytes, count: count,
                                        ports: [port]))
                            }
                        }
                    } else {
                        external += 1
                    }
                    i = end + 1
                    line += 1
                }
            }
            for index in links.indices { links[index].ports.sort() }
            links.sort { ($0.client, $0.server) < ($1.client, $1.server) }
            return FlowTable(links: links, records: records, matched: matched, external: external, skipped: skipped)
        }
    }
}
