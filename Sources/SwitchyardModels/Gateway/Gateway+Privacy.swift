import SwitchyardCore

extension Gateway {
    /// The personal-data redactor for `tenant`: the classes its `redact:` lists in the configuration, or nil when
    /// it lists none (tenants not in the configuration mask none). Applied only for remote providers.
    func piiRedactor(for tenant: TenantID) -> PIIRedactor? {
        guard let classes = router.config.tenants[tenant.rawValue]?.redact, !classes.isEmpty else { return nil }
        return PIIRedactor(classes: classes)
    }
}
