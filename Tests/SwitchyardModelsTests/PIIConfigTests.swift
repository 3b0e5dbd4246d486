import SwitchyardCore
import SwitchyardModels
import Testing

/// `redact:` per tenant in switchyard.yaml: typed classes, a typo is an error naming the line, and so is a
/// misspelt key under a tenant.
@Suite struct PIIConfigTests {
    @Test func tenantsListTheirClasses() throws {
        let config = try GatewayConfig.parse(
            yaml: """
                providers: {o: {kind: openai, base_url: "http://127.0.0.1:1/v1"}}
                models: [{name: m, provider: o}]
                tenants:
                  acme: {tier: 2, redact: [email, phone, card, iban, ip]}
                  initech:
                    redact: [email]
                  globex: {tier: 1}
                """)
        #expect(config.tenants["acme"]?.redact == [.email, .phone, .card, .iban, .ip])
        #expect(config.tenants["initech"]?.redact == [.email])
        #expect(config.tenants["globex"]?.redact == nil)
        #expect(PIIClass(rawValue: "iban") == .iban)
        #expect(PIIClass(rawValue: "IBAN") == nil)
        #expect(PIIClass.ip.label == "IP")
    }

    @Test func aTypoInAClassNamesTheLineAndTheAcceptedClasses() {
        let yaml = """
            providers: {o: {kind: openai, base_url: "http://127.0.0.1:1/v1"}}
            models: [{name: m, provider: o}]
            tenants:
              acme:
                tier: 2
                redact: [email, phnoe, ip]
            """
        #expect {
            try GatewayConfig.parse(yaml: yaml, file: "conf/switchyard.yaml")
        } throws: { error in
            guard let e = error as? SwitchyardError, e.code == .invalidConfig else { return false }
            return e.message
                == #"conf/switchyard.yaml:6:21: tenants.acme.redact[1]: "phnoe" is not one of email, phone, card, iban, ip"#
        }
    }

    @Test func aMisspeltKeyUnderATenantIsAnErrorNotASilentNoOp() {
        let yaml = """
            providers: {o: {kind: openai, base_url: "http://127.0.0.1:1/v1"}}
            models: [{name: m, provider: o}]
            tenants:
              acme:
                redcat: [email]
              globex: {tier: 1, redact: [card, emial]}
            """
        #expect {
            try GatewayConfig.parse(yaml: yaml)
        } throws: { error in
            guard let e = error as? SwitchyardError, e.code == .invalidConfig else { return false }
            return e.details.count == 2
                && e.details.contains(
                    #"switchyard.yaml:5:13: tenants.acme.redcat: unknown key "redcat"; a tenant takes tier, budget, limits, redact"#
                )
                && e.details.contains(
                    #"switchyard.yaml:6:36: tenants.globex.redact[1]: "emial" is not one of email, phone, card, iban, ip"#
                )
        }
    }
}
