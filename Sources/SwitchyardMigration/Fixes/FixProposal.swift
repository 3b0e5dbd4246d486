import SwitchyardCore

/// A fix a model proposed for one lint or policy finding: a JSON Patch on the finding's manifest.
public struct FixProposal: Sendable, Hashable {
    /// The finding's index in the list the model was shown (0-based).
    public var finding: Int
    /// The JSON Patch (RFC 6902) as the model wrote it.
    public var patch: JSONValue
    /// The model's one-line reason.
    public var why: String

    /// Makes a proposal.
    /// - Parameters:
    ///   - finding: The finding's index in the list the model was shown (0-based).
    ///   - patch: The JSON Patch (RFC 6902) as the model wrote it.
    ///   - why: The model's one-line reason.
    public init(finding: Int, patch: JSONValue, why: String = "") {
        self.finding = finding
        self.patch = patch
        self.why = why
    }
}

/// What re-linting made of a set of proposals: the ones that fix their finding without breaking anything
/// else, and the ones dropped, each with the reason.
public struct FixReview: Sendable {
    /// A proposal that passed: its finding is gone and re-linting found nothing new.
    public struct Accepted: Sendable, Hashable, Codable {
        /// The finding it fixes.
        public var finding: LintFinding
        /// The manifest it patches (its path).
        public var manifest: String
        /// The patch.
        public var patch: JSONValue
        /// The model's reason.
        public var why: String
    }

    /// A proposal that was not shown.
    public struct Dropped: Sendable, Hashable, Codable {
        /// The finding index the proposal named.
        public var finding: Int
        /// Why it was dropped.
        public var reason: String
    }

    /// The proposals that passed, in the order they were applied.
    public var accepted: [Accepted]
    /// The proposals that did not.
    public var dropped: [Dropped]
    /// The manifests with every accepted patch applied.
    public var manifests: [Manifest]
    /// The findings left on `manifests` (schema and policy).
    public var findings: [LintFinding]
}

/// Re-lints proposed fixes: each is applied to its manifest and the whole set is checked again against the
/// schemas and the policy; a proposal is kept only when its finding is gone and no new finding appears.
/// Proposals are taken in order, each on top of the ones accepted before it.
public struct FixValidator: Sendable {
    let linter: ManifestLinter
    let policy: PolicyEngine
    let expectedVMs: [String]

    /// Fields a fix may not touch: they name the object and place it in its wave.
    static let protectedPaths = [
        "/apiVersion", "/kind", "/metadata/name", "/metadata/namespace",
        "/metadata/labels/" + JSONPointer.escape(KubeVirtTranspiler.Labels.wave),
        "/metadata/labels/" + JSONPointer.escape(KubeVirtTranspiler.Labels.sourceVM),
    ]

    /// Facts about the source a fix may not set, replace or remove (`*` is any one token): a model cannot know a
    /// VM's UUID, a disk's backing file or the vCenter, and replacing a disk's source (say with `blank`) or the
    /// whole disk would let a finding go away by losing the disk's data.
    static let sourceFacts = [
        "/spec/dataVolumeTemplates/*/spec/source/vddk/uuid",
        "/spec/dataVolumeTemplates/*/spec/source/vddk/backingFile",
        "/spec/dataVolumeTemplates/*/spec/source/vddk/url",
        "/spec/dataVolumeTemplates/*/spec/source/vddk/thumbprint",
        "/spec/template/spec/domain/firmware/uuid",
    ].map { $0.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init) }

    /// Whether `pointer` is a source fact, inside one or above one.
    static func touchesSourceFact(_ pointer: String) -> Bool {
        let tokens = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        return sourceFacts.contains { fact in
            zip(tokens, fact).allSatisfy { token, pattern in pattern == "*" || token == pattern }
        }
    }

    /// Makes a validator.
    /// - Parameters:
    ///   - linter: the schema linter.
    ///   - policy: the policy the findings came from.
    ///   - expectedVMs: the target VM names, for the policy's one-wave-per-VM rule.
    public init(linter: ManifestLinter, policy: PolicyEngine, expectedVMs: [String]) {
        self.linter = linter
        self.policy = policy
        self.expectedVMs = expectedVMs
    }

    /// Every finding in `manifests`: schema and naming first, then policy.
    /// - Parameter manifests: The manifests to check.
    public func findings(_ manifests: [Manifest]) -> [LintFinding] {
        linter.lint(manifests) + policy.evaluate(manifests, expectedVMs: expectedVMs)
    }

    /// Reviews `proposals` against `findings` (the list the model was shown) on `manifests`.
    /// - Parameters:
    ///   - proposals: The model's proposals, applied in order.
    ///   - shown: The findings the model was shown (proposals name them by index).
    ///   - manifests: The manifests the findings are about.
    public func review(_ proposals: [FixProposal], findings shown: [LintFinding], manifests: [Manifest]) -> FixReview {
        var working = manifests
        var current = findings(working)
        var accepted: [FixReview.Accepted] = []
        var dropped: [FixReview.Dropped] = []
        for proposal in proposals {
            func drop(_ reason: String) { dropped.append(FixReview.Dropped(finding: proposal.finding, reason: reason)) }
            guard shown.indices.contains(proposal.finding) else {
                drop("it names finding \(proposal.finding), but there are \(shown.count) (0-based)")
                continue
            }
            let target = shown[proposal.finding]
            guard current.contains(target) else {
                drop("finding \(proposal.finding) (\(target.rule)) is already fixed by an earlier proposal")
                continue
            }
            let path = String(target.object.split(separator: "#").first ?? "")
            guard let index = working.firstIndex(where: { $0.path == path }) else {
                drop(
                    "finding \(proposal.finding) (\(target.rule)) is about the plan, not one manifest a patch can change"
                )
                continue
            }
            let patch: JSONPatch
            let patched: JSONValue
            do {
                patch = try JSONPatch(proposal.patch)
                patched = try patch.apply(to: working[index].object)
            } catch {
                drop("the patch cannot be applied: \(error.message)")
                continue
            }
            if let touched = patch.paths.first(where: { p in
                p.isEmpty || Self.protectedPaths.contains { p == $0 || p.hasPrefix($0 + "/") || $0.hasPrefix(p + "/") }
            }) {
                drop(
                    "the patch changes \(touched.isEmpty ? "the whole object" : touched), which names the object or its wave"
                )
                continue
            }
            if let touched = patch.paths.first(where: Self.touchesSourceFact) {
                drop(
                    "the patch changes \(touched), which holds a fact about the source VM or its disks: correct it in "
                        + "the inventory, not in the manifest")
                continue
            }
            var candidate = working
            candidate[index].object = patched
            let after = findings(candidate)
            if after.contains(target) {
                drop("re-lint: finding \(proposal.finding) (\(target.rule) at \(target.pointer)) is still there")
                continue
            }
            let introduced = after.filter { !current.contains($0) }
            if let first = introduced.first {
                drop(
                    "re-lint: the patch introduces \(introduced.count) finding\(introduced.count == 1 ? "" : "s"), "
                        + "first \(first.rule) at \(first.pointer.isEmpty ? first.object : first.pointer): \(first.message)"
                )
                continue
            }
            accepted.append(
                FixReview.Accepted(finding: target, manifest: path, patch: proposal.patch, why: proposal.why))
            working = candidate
            current = after
        }
        return FixReview(accepted: accepted, dropped: dropped, manifests: working, findings: current)
    }
}
