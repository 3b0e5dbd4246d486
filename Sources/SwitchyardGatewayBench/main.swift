import Foundation
import SwitchyardServer

/// `SwitchyardGatewayBench upstream --port P` serves the fast fake provider;
/// `SwitchyardGatewayBench serve --config F --port P` runs Switchyard's HTTP server (as `switchyard serve`);
/// `SwitchyardGatewayBench load --url U --requests N --concurrency C --mode miss|hit [--header 'k: v']…
/// [--model M] [--warmup W] [--rss-pid PID --rss-every K] [--run-id ID]` drives load and prints one JSON line.
/// Used by bench/gateway/run.
func option(_ name: String, in args: [String]) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("SwitchyardGatewayBench: \(message)\n".utf8))
    exit(2)
}

let args = Array(CommandLine.arguments.dropFirst())
switch args.first {
case "upstream":
    try await Upstream.run(
        host: option("--host", in: args) ?? "127.0.0.1", port: Int(option("--port", in: args) ?? "") ?? 8090)
case "serve":
    // The same library call as `switchyard serve`, in a binary that skips the CLI's unrelated targets.
    try await serve(
        configPath: option("--config", in: args) ?? "switchyard.yaml",
        options: ServerOptions(
            host: option("--host", in: args) ?? "127.0.0.1", port: Int(option("--port", in: args) ?? "") ?? 8080,
            apiKeys: try ServerOptions.apiKeys(), tenantHeader: true),
        logLevel: option("--log-level", in: args) ?? "warning")
case "load":
    guard let url = option("--url", in: args) else { fail("load needs --url") }
    var headers: [(String, String)] = []
    for (i, a) in args.enumerated() where a == "--header" && i + 1 < args.count {
        let parts = args[i + 1].split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2 { headers.append((parts[0], parts[1])) }
    }
    let settings = LoadDriver.Settings(
        url: url, requests: Int(option("--requests", in: args) ?? "") ?? 1000,
        concurrency: Int(option("--concurrency", in: args) ?? "") ?? 1, mode: option("--mode", in: args) ?? "miss",
        model: option("--model", in: args) ?? "bench-model", headers: headers,
        warmup: Int(option("--warmup", in: args) ?? "") ?? 50,
        rssPID: option("--rss-pid", in: args).flatMap { Int($0) },
        rssEvery: Int(option("--rss-every", in: args) ?? "") ?? 25_000,
        runID: option("--run-id", in: args) ?? UUID().uuidString, overheadHeader: option("--overhead-header", in: args))
    let report = try await LoadDriver(settings: settings).run()
    let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
default:
    fail("usage: SwitchyardGatewayBench upstream --port P | load --url U [options]")
}
