import Foundation
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import Testing

@Suite struct RedactorTests {
    static let secrets: [(String, String)] = [
        ("openai_key", "sk-proj-" + String(repeating: "a1B2", count: 10)),
        ("anthropic_key", "sk-ant-api03-" + String(repeating: "x9Y8", count: 8)),
        ("aws_access_key", "AKIAIOSFODNN7EXAMPLE"),
        ("github_token", "ghp_" + String(repeating: "Ab1", count: 12)),
        ("slack_token", "xoxb-1234567890-abcdefghij"),
        ("google_api_key", "AIza" + String(repeating: "Q", count: 35)),
        ("stripe_key", "sk_live_" + String(repeating: "9z", count: 10)),
        ("jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
        ("private_key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"),
    ]

    @Test(arguments: secrets)
    func masksEachKind(_ kind: String, _ secret: String) throws {
        let text = "before \(secret) after"
        let masked = try Redactor(policy: .mask).apply(to: text, field: "prompt")
        #expect(masked == "before [REDACTED:\(kind)] after")
        #expect(!masked.contains(secret))
    }

    @Test func masksPasswordsInURLsAndAssignments() throws {
        let r = Redactor(policy: .mask)
        #expect(
            try r.apply(to: "db at postgres://app:s3cr3t-pw@db.local/x", field: "p")
                == "db at postgres://app:[REDACTED:url_password]@db.local/x")
        #expect(try r.apply(to: "password = hunter22!", field: "p") == "password = [REDACTED:assigned_secret]")
        #expect(try r.apply(to: "API_KEY: 'abcdef123456'", field: "p") == "API_KEY: '[REDACTED:assigned_secret]'")
    }

    @Test func leavesOrdinaryTextAlone() throws {
        let text =
            "The token bucket refills at 60 per minute; skip-list and ask-me are words; password policy is strict."
        #expect(try Redactor(policy: .mask).apply(to: text, field: "p") == text)
    }

    @Test func blockPolicyRefusesAndNamesKinds() throws {
        let request = ChatRequest(messages: [.system("be nice"), .user("my key is AKIAIOSFODNN7EXAMPLE")])
        #expect {
            try Redactor(policy: .block).apply(to: request)
        } throws: { error in
            guard let e = error as? SwitchyardError else { return false }
            return e.code == .secretDetected && e.message.contains("aws_access_key")
                && e.message.contains("message 1")
                && !e.message.contains("AKIAIOSFODNN7EXAMPLE")
        }
    }
}

@Suite struct CostLedgerTests {
    let acme = try! TenantID("acme")

    @Test func pricesUsage() {
        let price = ModelPrice(inputPerMillion: 3, outputPerMillion: 15)
        #expect(abs(price.cost(of: Usage(promptTokens: 1000, completionTokens: 200)) - 0.006) < 1e-12)
        #expect(ModelPrice.free.cost(of: Usage(promptTokens: 10_000, completionTokens: 10_000)) == 0)
    }

    @Test func budgetIsAHardStopBeforeTheCall() throws {
        let ledger = CostLedger()
        ledger.setBudget(.init(limit: 0.01, period: .seconds(3600)), for: acme)
        try ledger.reserve(0.006, for: acme)
        ledger.record(
            .init(
                tenant: acme, run: "r1", model: "m", usage: Usage(promptTokens: 1000, completionTokens: 200),
                cost: 0.006, at: Date()), reserved: 0.006)
        #expect(abs(ledger.spent(by: acme) - 0.006) < 1e-12)
        #expect { try ledger.reserve(0.005, for: acme) } throws: { ($0 as? SwitchyardError)?.code == .budgetExceeded }
        try ledger.reserve(0.004, for: acme)
        #expect { try ledger.reserve(0.0001, for: acme) } throws: {
            ($0 as? SwitchyardError)?.code == .budgetExceeded
        }
        ledger.release(0.004, for: acme)
        try ledger.reserve(0.001, for: acme)
        // Other tenants are unaffected.
        try ledger.reserve(100, for: try TenantID("globex"))
    }

    @Test func budgetPeriodRollsOverAndTheLedgerKeepsNoPerCallList() throws {
        let ledger = CostLedger()
        ledger.setBudget(.init(limit: 1, period: .seconds(3600)), for: acme)
        let now = Date()
        let usage = Usage(promptTokens: 1, completionTokens: 1)
        ledger.record(.init(tenant: acme, run: nil, model: "gpt", usage: usage, cost: 0.7, at: now - 7200))
        ledger.record(.init(tenant: acme, run: nil, model: "gpt", usage: usage, cost: 0.2, at: now - 1800))
        #expect(abs(ledger.spent(by: acme, now: now) - 0.2) < 1e-12)
        try ledger.reserve(0.8, for: acme, now: now)
        #expect(throws: SwitchyardError.self) { try ledger.reserve(0.01, for: acme, now: now) }
        ledger.release(0.8, for: acme)
        // An hour later the 0.2 has left the window too.
        #expect(ledger.spent(by: acme, now: now + 3600) == 0)
        // Many calls: totals stay exact (no per-call list to scan or keep).
        for _ in 0..<10_000 {
            ledger.record(.init(tenant: acme, run: "bulk", model: "gpt", usage: usage, cost: 0.00001, at: now))
        }
        #expect(ledger.totals(tenant: acme, run: "bulk")["gpt"]?.usage.totalTokens == 20_000)
        #expect(ledger.totals(tenant: acme)["gpt"]?.usage.promptTokens == 10_002)
    }

    @Test func totalsByModelAndRun() {
        let ledger = CostLedger()
        let now = Date()
        ledger.record(
            .init(
                tenant: acme, run: "r1", model: "local", usage: Usage(promptTokens: 10, completionTokens: 5), cost: 0,
                at: now))
        ledger.record(
            .init(
                tenant: acme, run: "r2", model: "gpt", usage: Usage(promptTokens: 100, completionTokens: 50), cost: 0.5,
                at: now))
        ledger.record(
            .init(
                tenant: acme, run: "r2", model: "gpt", usage: Usage(promptTokens: 1, completionTokens: 1), cost: 0.1,
                at: now))
        let all = ledger.totals(tenant: acme)
        #expect(all["local"]?.usage.totalTokens == 15)
        #expect(abs((all["gpt"]?.cost ?? 0) - 0.6) < 1e-12)
        #expect(ledger.totals(tenant: acme, run: "r1").keys.sorted() == ["local"])
        #expect(ledger.totals(tenant: try! TenantID("other")).isEmpty)
    }
}
