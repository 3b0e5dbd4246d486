import Foundation
import SwitchyardCore

/// Writes detector output in NAB's results layout, `<out>/<detector>/<category>/<detector>_<file>.csv` with
/// `timestamp,anomaly_score` rows (timestamps as in the data file), so NAB's own scorer can read it.
public enum NABResultsWriter {
    /// Writes one results file per corpus file.
    /// - Parameters:
    ///   - corpus: The corpus the scores are for.
    ///   - scores: One array per corpus file, one score per row.
    ///   - detector: The detector's name (the top folder and the file prefix).
    ///   - out: The results folder.
    /// - Throws: `SwitchyardError` `write_failed` when a folder or file cannot be written.
    public static func write(corpus: NABCorpus, scores: [[Double]], detector: String, to out: String) throws {
        for (file, s) in zip(corpus.files, scores) {
            let folder = "\(out)/\(detector)/\(file.category)"
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw SwitchyardError(code: .writeFailed, message: "cannot create '\(folder)': \(error)")
            }
            var text = "timestamp,anomaly_score\n"
            let stamps = file.series.rawTimestamps
            for (i, score) in s.enumerated() {
                let stamp = i < stamps.count ? stamps[i] : Timestamp.iso8601(file.series.points[i].timestamp)
                text += "\(stamp),\(score)\n"
            }
            let path = "\(folder)/\(detector)_\(file.fileName)"
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw SwitchyardError(code: .writeFailed, message: "cannot write '\(path)'")
            }
        }
    }
}
