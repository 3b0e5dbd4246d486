import Foundation

/// A directory of fake `kubectl` / `virtctl` scripts standing in for a cluster: each call is appended to
/// `calls.log` (program and arguments), a `-f FILE` that does not exist fails the call (exit 3), and a call whose
/// arguments contain the text in `fail-on` fails with exit status 1 and an error on stderr. The scripts use shell
/// built-ins only, since the search path given to the executor holds nothing but them.
///
/// A test double of a Kubernetes cluster for the migration and blueprint tests.
public struct FakeCluster {
    /// The directory holding the scripts, `calls.log` and `kubeconfig`.
    public let directory: String

    /// Writes the scripts and an empty kubeconfig into a new temporary directory.
    /// - Parameter programs: The programs to fake.
    /// - Throws: When the directory or a script cannot be written.
    public init(programs: [String] = ["kubectl", "virtctl"]) throws {
        directory = NSTemporaryDirectory() + "switchyard-fake-cluster-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for program in programs {
            let script = """
                #!/bin/sh
                here="\(directory)"
                echo "\(program) $*" >> "$here/calls.log"
                prev=""
                for a in "$@"; do
                  if [ "$prev" = "-f" ] && [ ! -f "$a" ]; then echo "error: the path \\"$a\\" does not exist" >&2; exit 3; fi
                  prev="$a"
                done
                if [ -f "$here/fail-on" ]; then
                  read -r pattern < "$here/fail-on"
                  case "$*" in
                    *"$pattern"*) echo "error: timed out waiting for the condition" >&2; exit 1 ;;
                  esac
                fi
                echo "ok: \(program) $1"
                """
            let path = directory + "/" + program
            try Data((script + "\n").utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        try Data("apiVersion: v1\nkind: Config\n".utf8).write(to: URL(fileURLWithPath: kubeconfig))
    }

    /// A kubeconfig file for the fake cluster.
    public var kubeconfig: String { directory + "/kubeconfig" }

    /// Makes calls whose arguments contain `pattern` fail.
    /// - Parameter pattern: Text that, found in a call's arguments, makes it fail.
    /// - Throws: When the marker file cannot be written.
    public func fail(on pattern: String) throws {
        try Data((pattern + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/fail-on"))
    }

    /// The calls made so far, one per line.
    public var calls: [String] {
        let text = (try? String(contentsOfFile: directory + "/calls.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Deletes the directory.
    public func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
