import PropertyBased
import SwitchyardCore
import Testing

@testable import SwitchyardInference

@Suite("GGUF reader")
struct GGUFReaderTests {
    @Test func parsesSyntheticFile() throws {
        let g = try GGUFFile(bytes: GGUFBuilder.sample())
        #expect(g.version == 3)
        #expect(g.architecture == "llama")
        #expect(g.int("llama.block_count") == 2)
        #expect(g.float("llama.rope.freq_base") == 10000)
        #expect(g.stringArray("tokenizer.ggml.tokens") == ["<s>", "a", "b", "ab"])
        #expect(g.floatArray("tokenizer.ggml.scores") == [0, -1, -2, -3])
        let t = try #require(g.tensorInfo("w.f32"))
        #expect(t.shape == [4, 2] && t.type == .f32 && t.byteCount == 32)
        let p = g.data(of: t)
        #expect(p.loadUnaligned(fromByteOffset: 12, as: Float.self) == 3)
        #expect(g.tensorInfo("w.q8")?.byteCount == 34)
    }

    @Test func rejectsBadMagicAndVersion() throws {
        var bytes = GGUFBuilder.sample()
        bytes[0] = 0x47 + 1
        #expect(errorCode { try GGUFFile(bytes: bytes) } == .ggufBadMagic)
        bytes = GGUFBuilder.sample()
        bytes[4] = 1
        #expect(errorCode { try GGUFFile(bytes: bytes) } == .ggufUnsupportedVersion)
    }

    @Test func everyTruncationIsAnError() throws {
        let bytes = GGUFBuilder.sample()
        let full = try GGUFFile(bytes: bytes)
        let end = full.tensors.map { $0.fileOffset + $0.byteCount }.max()!  // trailing padding may go
        for n in 0..<end {
            let code = errorCode { try GGUFFile(bytes: Array(bytes.prefix(n))) }
            #expect(code != nil, "prefix of \(n) bytes was accepted")
        }
    }

    @Test func aCorruptKeyIsQuotedAndCutInTheError() throws {
        // A 60 KB key of control characters and quotes whose type is unknown: the message must stay readable.
        var b = GGUFBuilder()
        let key = String(repeating: "\u{1}\u{7}\"\n", count: 15_000)
        b.kvs.append((key, GGUFBuilder.u32(77)))
        do {
            _ = try GGUFFile(bytes: b.build())
            Issue.record("a key with an unknown type was accepted")
        } catch let error as SwitchyardError {
            #expect(error.code == .ggufCorrupt)
            #expect(error.message.count < 400, "message of \(error.message.count) characters")
            #expect(!error.message.contains("\u{1}") && !error.message.contains("\n"))
            #expect(error.message.contains("(60000 characters)"))
        }
    }

    @Test func hostileCountsDoNotAllocate() throws {
        var b = GGUFBuilder()
        // An array claiming 2^60 strings.
        b.kvs.append(("x", GGUFBuilder.u32(9) + GGUFBuilder.u32(8) + GGUFBuilder.u64(1 << 60)))
        #expect(errorCode { try GGUFFile(bytes: b.build()) } == .ggufTruncated)
        var c = GGUFBuilder()
        c.kvs.append(("s", GGUFBuilder.u32(8) + GGUFBuilder.u64(UInt64.max)))
        #expect(errorCode { try GGUFFile(bytes: c.build()) } == .ggufCorrupt)
        var d = GGUFBuilder()
        d.tensors.append(("t", [1 << 30, 1 << 30], 0, []))
        #expect(errorCode { try GGUFFile(bytes: d.build()) } != nil)
        var e = GGUFBuilder()
        e.tensors.append(("t", [33], 8, []))  // not a multiple of the Q8_0 block
        #expect(errorCode { try GGUFFile(bytes: e.build()) } == .ggufCorrupt)
        var f = GGUFBuilder()
        f.tensors.append(("t", [4], 99, []))
        #expect(errorCode { try GGUFFile(bytes: f.build()) } == .ggufUnsupportedTensorType)
    }

    /// Fuzz: random byte mutations of a valid file must parse or throw, never crash.
    @Test func fuzzMutations() async throws {
        let base = GGUFBuilder.sample()
        await propertyCheck(count: 3000, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            var bytes = base
            let edits = Int(rng.next() % 8) + 1
            for _ in 0..<edits {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes[i] ^= 0x80
                case 2: bytes[i] = 0xFF
                default: bytes = Array(bytes.prefix(i))
                }
                if bytes.isEmpty { break }
            }
            if let g = try? GGUFFile(bytes: bytes) {
                for t in g.tensors { #expect(t.fileOffset + t.byteCount <= bytes.count) }
            }
        }
    }

    @Test func readsSmolLM2Metadata() throws {
        let g = try GGUFFile(path: ModelFiles.path(ModelFiles.smollm2))
        #expect(g.architecture == "llama")
        #expect(g.int("llama.block_count") == 30)
        #expect(g.int("llama.embedding_length") == 576)
        #expect(g.stringArray("tokenizer.ggml.tokens")?.count == 49152)
        #expect(g.stringArray("tokenizer.ggml.merges")?.count == 48900)
        #expect(g.dataOffset == 1_785_664)
        #expect(g.tensors.count == 272)
        #expect(g.tensorInfo("token_embd.weight")?.type == .q8_0)
        #expect(g.tensorInfo("output.weight") == nil)
    }

    @Test func readsGemma3Metadata() throws {
        let g = try GGUFFile(path: ModelFiles.path(ModelFiles.gemma3))
        #expect(g.architecture == "gemma3")
        #expect(g.dataOffset == 6_525_120)
        #expect(g.tensors.count == 236)
        #expect(g.floatArray("tokenizer.ggml.scores")?.count == 262_144)
        #expect(g.intArray("tokenizer.ggml.token_type")?.count == 262_144)
    }
}

func errorCode(_ body: () throws -> Any) -> SwitchyardError.Code? {
    do {
        _ = try body()
        return nil
    } catch let e as SwitchyardError {
        return e.code
    } catch {
        Issue.record("not a SwitchyardError: \(error)")
        return nil
    }
}
