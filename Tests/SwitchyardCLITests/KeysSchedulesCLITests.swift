import Foundation
import SwitchyardCore
import Testing

@Suite(.timeLimit(.minutes(2))) struct KeysSchedulesCLITests {
    @Test func keysAreShownOnceListedWithoutSecretsAndRevoked() throws {
        let cli = CLI()
        defer { try? FileManager.default.removeItem(atPath: cli.dataDir) }
        #expect(try cli.run("tenants", "create", "acme").status == 0)
        let noTenant = try cli.run("keys", "create", "--json")
        #expect(noTenant.status != 0 && noTenant.last?["error"]?["code"] == "missing_argument")
        let badScope = try cli.run("keys", "create", "--tenant", "acme", "--scope", "root", "--json")
        #expect(badScope.status != 0 && badScope.last?["error"]?["code"] == "invalid_argument")
        let unknown = try cli.run("keys", "create", "--tenant", "nobody", "--json")
        #expect(unknown.status != 0 && unknown.last?["error"]?["code"] == "unknown_tenant")

        let made = try cli.run(
            "keys", "create", "--tenant", "acme", "--scope", "runs", "--scope", "models", "--expires", "30d", "--json")
        #expect(made.status == 0)
        let key = try #require(made.last?["key"]?.stringValue)
        let id = try #require(made.last?["key_id"]?.stringValue)
        #expect(key.hasPrefix("sy_\(id)_"))
        #expect(made.last?["scopes"] == ["models", "runs"])
        let listed = try cli.run("keys", "list", "--json")
        #expect(listed.stdout.contains(id) && !listed.stdout.contains(key))
        #expect(try cli.run("keys", "revoke", id, "--json").last?["revoked_at"]?.stringValue != nil)
        // Another tenant cannot revoke it (it is not theirs to see).
        #expect(try cli.run("tenants", "create", "globex").status == 0)
        #expect(
            try cli.run("keys", "revoke", id, "--tenant", "globex", "--json").last?["error"]?["code"]
                == "api_key_not_found")
    }

    @Test func schedulesAreCreatedListedPausedFiredAndDeleted() throws {
        let cli = CLI()
        defer { try? FileManager.default.removeItem(atPath: cli.dataDir) }
        #expect(try cli.run("tenants", "create", "acme").status == 0)
        let bad = try cli.run(
            "schedules", "create", "agency", "--tenant", "acme", "--cron", "0 25 * * *", "--input",
            #"{"request": "weekly audit"}"#, "--json")
        #expect(bad.status != 0 && bad.last?["error"]?["code"] == "invalid_cron")
        let both = try cli.run(
            "schedules", "create", "agency", "--tenant", "acme", "--all-tenants", "--cron", "@daily", "--json")
        #expect(both.last?["error"]?["code"] == "invalid_argument")
        let made = try cli.run(
            "schedules", "create", "agency", "--tenant", "acme", "--id", "audit", "--cron", "0 9 * * MON", "--timezone",
            "Europe/Berlin", "--input", #"{"request": "the weekly SEO audit"}"#, "--json")
        #expect(made.status == 0 && made.last?["schedule_id"] == "audit" && made.last?["paused"] == false)
        #expect(try cli.run("schedules", "list", "--json").last?["schedules"]?.arrayValue?.count == 1)
        #expect(try cli.run("schedules", "pause", "audit", "--json").last?["paused"] == true)
        #expect(try cli.run("schedules", "resume", "audit", "--json").last?["paused"] == false)
        // Nothing is due yet: a tick fires nothing.
        #expect(try cli.run("schedules", "tick", "--json").last?["firings"]?.arrayValue?.isEmpty == true)
        #expect(try cli.run("schedules", "delete", "audit", "--json").last?["deleted"] == true)
        #expect(try cli.run("schedules", "delete", "audit", "--json").last?["error"]?["code"] == "schedule_not_found")
    }

    @Test func serveStopsOnSIGTERMWithExitZeroAndRefusesAnOpenAddressWithoutKeys() throws {
        let cli = CLI()
        defer { try? FileManager.default.removeItem(atPath: cli.dataDir) }
        let open = try cli.run("serve", "--host", "0.0.0.0", "--port", "0")
        #expect(open.status != 0 && open.stderr.contains("unsafe_listen"))
        let header = try cli.run("serve", "--host", "0.0.0.0", "--port", "0", "--dev-tenant-header")
        #expect(header.status != 0 && header.stderr.contains("unsafe_listen"))

        let (process, _, err) = cli.process(["serve", "--port", "0", "--workers", "1", "--log-format", "json"])
        try process.run()
        let started = Date()
        var log = ""
        while Date().timeIntervalSince(started) < 60 {
            Thread.sleep(forTimeInterval: 0.3)
            log += String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
            if log.contains("Server started") { break }
        }
        #expect(log.contains("Server started"), "\(log)")
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        log += String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        // --log-format json: every line is one JSON object with time, level, label and message.
        let lines = log.split(separator: "\n")
        #expect(lines.count >= 2)
        for line in lines {
            let object = try JSONValue(parsing: String(line))
            #expect(object["level"]?.stringValue != nil && object["message"]?.stringValue != nil, "\(line)")
        }
    }
}
