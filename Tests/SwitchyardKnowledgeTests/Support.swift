import Foundation
import SwitchyardModelAPI
import Synchronization
import SwitchyardCore
import SwitchyardModels
import SwitchyardStorage
@testable import SwitchyardKnowledge

/// The test double of the embedding model: signed feature hashing of the analyzer's terms into 64 dimensions,
/// L2-normalized. Deterministic, and texts sharing terms get similar vectors.
struct HashingEmbedder: EmbeddingModel {
    let dimensions = 64
    let identifier = "test-hashing-64"

    func embed(_ texts: [String]) async throws -> [[Float]] { texts.map(Self.vector) }

    static func vector(_ text: String) -> [Float] {
        var v = [Float](repeating: 0, count: 64)
        for term in KeywordAnalyzer().terms(text) {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in term.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            v[Int(h % 64)] += (h >> 32) & 1 == 0 ? 1 : -1
        }
        if v.allSatisfy({ $0 == 0 }) { v[0] = 1 }
        return VectorMath.normalized(v)
    }
}

/// Which backend a parameterized test runs against.
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case memory, sqlite
    var description: String { rawValue }

    func make(directory: String = temporaryDirectory()) throws -> any KnowledgeStore {
        switch self {
        case .memory: return InMemoryKnowledgeStore()
        case .sqlite: return try SQLiteStore(directory: directory)
        }
    }
}

func temporaryDirectory() -> String {
    let dir = NSTemporaryDirectory() + "switchyard-kb-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Writes `text` to `name` in `dir`; returns the path.
@discardableResult
func write(_ text: String, to name: String, in dir: String) -> String {
    let path = dir + "/" + name
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

func tenant(_ name: String) -> TenantID { try! TenantID(name) }

/// Catches the SwitchyardError code an expression throws (nil when it does not throw one).
func errorCode(_ body: () throws -> Void) -> SwitchyardError.Code? {
    do {
        try body()
        return nil
    } catch let e as SwitchyardError {
        return e.code
    } catch {
        return "\(error)"
    }
}

func errorCode(_ body: () async throws -> Void) async -> SwitchyardError.Code? {
    do {
        try await body()
        return nil
    } catch let e as SwitchyardError {
        return e.code
    } catch {
        return "\(error)"
    }
}

/// A hashing embedder that records the size of every batch it was given.
final class RecordingEmbedder: EmbeddingModel, Sendable {
    let dimensions = 64
    let identifier = "test-hashing-64"
    private let sizes = Mutex<[Int]>([])

    func embed(_ texts: [String]) async throws -> [[Float]] {
        sizes.withLock { $0.append(texts.count) }
        return texts.map(HashingEmbedder.vector)
    }

    func batches() -> [Int] { sizes.withLock { $0 } }
}

/// The last progress report seen.
final class Counter: Sendable {
    private let value = Mutex<[Int]>([])
    func record(_ done: Int, _ total: Int) { value.withLock { $0 = [done, total] } }
    func last() -> [Int] { value.withLock { $0 } }
}
