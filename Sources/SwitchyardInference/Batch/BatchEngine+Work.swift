import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import Synchronization

extension BatchEngine {
    /// The worker: admits, steps and retires sequences until nothing runs or waits.
    func work() {
        var active: [BatchSequence] = []
        while true {
            let cancelled = state.withLock { s in
                let ids = s.cancelled
                s.cancelled = []
                return ids
            }
            if !cancelled.isEmpty {
                let now = DispatchTime.now().uptimeNanoseconds
                for seq in active where cancelled.contains(seq.id) {
                    seq.loop.cancel()
                    retire(seq, now: now, cancelled: true)
                }
                active.removeAll { cancelled.contains($0.id) }
            }
            let admitted: [AdmissionQueue<Pending>.Entry]? = state.withLock { s in
                var out: [AdmissionQueue<Pending>.Entry] = []
                while let e = s.queue.admit(&s.load) { out.append(e) }
                if out.isEmpty && s.load.sequences == 0 {
                    s.running = false
                    return nil
                }
                return out
            }
            guard let admitted else { return }
            for entry in admitted {
                if let seq = makeSequence(entry) { active.append(seq) }
            }
            if active.isEmpty { continue }
            step(&active)
        }
    }

    private func makeSequence(_ entry: AdmissionQueue<Pending>.Entry) -> BatchSequence? {
        let r = entry.request
        let loop: DecodeLoop
        do {
            loop = try DecodeLoop(
                prompt: r.prompt, options: r.options, tokenizer: languageModel.tokenizer,
                vocabularySize: core.vocabularySize, contextLimit: contextLength)
        } catch {
            r.continuation.finish(throwing: error)
            state.withLock { $0.load.remove(entry.tenant, kvBytes: entry.kvBytes) }
            return nil
        }
        let cache = KVCache(layers: core.layers, rowWidth: core.rowWidth, capacity: contextLength)
        let reused = core.prefixes?.restore(tenant: entry.tenant, prompt: r.prompt, into: cache) ?? 0
        if reused > 0 {
            state.withLock { s in
                s.stats.prefixHits += 1
                s.stats.prefixTokensReused += reused
            }
        }
        let seq = BatchSequence(
            id: entry.id, tenant: entry.tenant, kvBytes: entry.kvBytes, prompt: r.prompt, cache: cache,
            reused: reused, loop: loop, continuation: r.continuation)
        seq.prefillStart = DispatchTime.now().uptimeNanoseconds
        return seq
    }

    /// One forward pass: a decode token of every sequence past its prompt, then prompt chunks up to the budget.
    private func step(_ active: inout [BatchSequence]) {
        let chunk = Self.prefillChunk
        var segments: [ForwardSegment] = []
        var owners: [(seq: BatchSequence, count: Int)] = []
        for seq in active where !seq.prefilling {
            guard let token = seq.pending else { continue }
            segments.append(ForwardSegment(tokens: [token], start: seq.evaluated, cache: seq.cache, logits: true))
            owners.append((seq, 1))
        }
        let budget = max(chunk, options.prefillTokensPerStep)
        var used = 0
        prefill: for seq in active where seq.prefilling {
            var at = seq.evaluated
            while at < seq.prompt.count {
                let n = min(chunk, seq.prompt.count - at)
                if used + n > budget { break prefill }
                let last = at + n == seq.prompt.count
                segments.append(
                    ForwardSegment(tokens: seq.prompt[at..<(at + n)], start: at, cache: seq.cache, logits: last))
                owners.append((seq, n))
                used += n
                at += n
            }
        }
        languageModel.model.forward(segments, ws: core.workspace, logits: core.logits)
        let now = DispatchTime.now().uptimeNanoseconds
        var row = 0
        var done: Set<Int> = []
        let wasPrefilling = Set(owners.filter { $0.seq.prefilling }.map { $0.seq.id })
        for (i, (seq, count)) in owners.enumerated() {
            seq.evaluated += count
            guard segments[i].logits else { continue }
            var logits = Array(
                UnsafeBufferPointer(start: core.logits + row * core.vocabularySize, count: core.vocabularySize))
            row += 1
            if wasPrefilling.contains(seq.id) {
                seq.prefillEnd = now
                core.prefixes?.store(tenant: seq.tenant, prompt: seq.prompt, from: seq.cache)
            } else {
                seq.decodeEvals += 1
            }
            seq.pending = seq.loop.step(&logits, evaluated: seq.evaluated, emit: seq.emit)
            if seq.pending == nil {
                retire(seq, now: now, cancelled: false)
                done.insert(seq.id)
            }
        }
        active.removeAll { done.contains($0.id) }
        let sequences = Set(owners.map { $0.seq.id }).count
        let prefixEntries = core.prefixes?.count ?? 0, prefixBytes = core.prefixes?.bytes ?? 0
        state.withLock { s in
            s.stats.steps += 1
            s.stats.largestBatch = max(s.stats.largestBatch, sequences)
            s.stats.prefixEntries = prefixEntries
            s.stats.prefixBytes = prefixBytes
        }
    }

    /// Frees a sequence's place, then ends its stream (so a consumer that saw the end sees the place free).
    private func retire(_ seq: BatchSequence, now: UInt64, cancelled: Bool) {
        state.withLock { s in
            s.load.remove(seq.tenant, kvBytes: seq.kvBytes)
            if cancelled { s.stats.cancelled += 1 }
        }
        seq.finish(now: now)
    }
}
