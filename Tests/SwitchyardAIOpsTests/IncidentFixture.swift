import Foundation
import SwitchyardCore

@testable import SwitchyardAIOps

/// A small microservice estate on disk with one injected fault: frontend → checkout → payment → db, db's latency
/// jumps at `fault` and each caller follows a minute per hop later; db logs connection errors from the fault on.
/// Ten hours of one-minute samples, so the detector is past its warm-up when the fault comes.
struct IncidentFixture {
    static let start = 1_700_000_000.0
    static let fault = start + 480 * 60
    static let chain = ["db", "payment", "checkout", "frontend"]

    let directory: String
    /// CSV files named after their service (`db.csv`, …), except frontend's, a JSONL series with a service label.
    let series: [String]
    let dbLog: String
    let topology: String

    init() throws {
        directory = NSTemporaryDirectory() + "aiops-incidents-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var random = SplitMix64(seed: 7)
        var files: [String] = []
        for (hop, service) in Self.chain.enumerated() {
            let onset = Self.fault + Double(hop) * 60
            var csv = "timestamp,latency_ms\n"
            var jsonl = ""
            for step in 0..<600 {
                let t = Self.start + Double(step) * 60
                let base = 100 + Double(hop) * 20 + Double.random(in: -5...5, using: &random)
                let value = t >= onset && t < onset + 1800 ? base * 6 : base
                csv += "\(Timestamp.iso8601(t)),\(value)\n"
                jsonl +=
                    #"{"timestamp": \#(Int(t)), "value": \#(value), "name": "latency_ms", "labels": {"service": "\#(service)"}}"#
                    + "\n"
            }
            let name = service == "frontend" ? "edge-latency.jsonl" : "\(service).csv"
            let path = directory + "/" + name
            try (service == "frontend" ? jsonl : csv).write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        series = files
        var log = ""
        for step in 0..<1200 {
            let t = Self.start + Double(step) * 30
            log += "\(Timestamp.iso8601(t)) INFO query served in \(Int.random(in: 2...9, using: &random)) ms\n"
            if t >= Self.fault && t < Self.fault + 600 {
                log += "\(Timestamp.iso8601(t + 1)) ERROR connection pool exhausted for 10.0.0.5:5432\n"
            }
        }
        dbLog = directory + "/db.log"
        try log.write(toFile: dbLog, atomically: true, encoding: .utf8)
        topology = directory + "/topology.yaml"
        try """
        calls:
          - {caller: frontend, callee: checkout}
          - {caller: checkout, callee: payment}
          - {caller: payment, callee: db}
          - {caller: batch, callee: mailer}
        """.write(toFile: topology, atomically: true, encoding: .utf8)
    }
}
