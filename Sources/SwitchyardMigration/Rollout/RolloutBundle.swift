import Foundation
import SwitchyardCore

/// One command of a rollout or rollback, in the order it is to be run.
public struct RolloutStep: Sendable, Hashable, Codable {
    /// The command line (kubectl, virtctl, govc, terraform), shell-quoted.
    public var command: String
    /// What it does and why it is at this point.
    public var purpose: String
    /// `cluster` (the target Kubernetes cluster) or `source` (vCenter).
    public var side: String

    /// Makes a step.
    /// - Parameters:
    ///   - command: The command line (kubectl, virtctl, govc), shell-quoted.
    ///   - purpose: What it does and why it is at this point.
    ///   - side: `cluster` (the target Kubernetes cluster) or `source` (vCenter).
    public init(_ command: String, _ purpose: String, side: String = "cluster") {
        self.command = command
        self.purpose = purpose
        self.side = side
    }
}

/// The files and the ordered commands of one wave's rollout or rollback. Nothing here is run: it is written
/// for a person (or a pipeline) to run.
public struct RolloutBundle: Sendable, Hashable, Codable {
    /// The resources to apply, by path relative to the bundle.
    public var files: [Manifest]
    /// The commands, in order.
    public var steps: [RolloutStep]

    /// Makes a bundle.
    /// - Parameters:
    ///   - files: The resources to apply, by path relative to the bundle.
    ///   - steps: The commands, in order.
    public init(files: [Manifest] = [], steps: [RolloutStep] = []) {
        self.files = files
        self.steps = steps
    }

    /// The steps as a POSIX shell script that stops at the first failure.
    /// - Parameter title: The script's title comment.
    public func script(title: String) -> String {
        var lines = ["#!/bin/sh", "# \(title)", "# Written by switchyard; nothing has been run.", "set -eu", ""]
        for (i, step) in steps.enumerated() {
            lines.append("# \(i + 1). [\(step.side)] \(step.purpose)")
            lines.append(step.command)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The bundle as JSON: `files` (path → YAML text), `steps` and `script`.
    /// - Parameter title: The script's title comment.
    public func json(title: String) -> JSONValue {
        [
            "files": .object(
                Dictionary(
                    uniqueKeysWithValues: files.map { ($0.path, JSONValue.string($0.text)) })
            ),
            "order": .array(files.map { .string($0.path) }),
            "steps": .array(
                steps.map {
                    ["command": .string($0.command), "purpose": .string($0.purpose), "side": .string($0.side)]
                }),
            "script": .string(script(title: title)),
        ]
    }
}

/// Shell quoting for names that come from an inventory.
enum Shell {
    /// `text` as one shell word: unchanged when it is plain, single-quoted otherwise.
    static func quote(_ text: String) -> String {
        let plain =
            !text.isEmpty
            && text.utf8.allSatisfy { b in
                (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || "-_./:=@".utf8.contains(b)
            }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
