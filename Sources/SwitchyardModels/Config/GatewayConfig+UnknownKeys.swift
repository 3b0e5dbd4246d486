import SwitchyardCore
import Yams

extension GatewayConfig {
    /// Keys under a tenant that the gateway does not know, each as an issue at its place in the file. Checked for
    /// tenants because their settings guard data (a misspelt `redact` would leave personal data unmasked without a
    /// word); other sections may carry keys that other parts of the product read.
    static func unknownTenantKeys(in root: Node) -> [ConfigIssue] {
        guard case .mapping(let tenants)? = root["tenants"] else { return [] }
        var found: [ConfigIssue] = []
        for (nameNode, tenantNode) in tenants {
            guard let name = nameNode.string, case .mapping(let fields) = tenantNode else { continue }
            for (keyNode, _) in fields {
                guard let key = keyNode.string, !Tenant.keys.contains(key) else { continue }
                found.append(
                    .init(
                        [.key("tenants"), .key(name), .key(key)],
                        "unknown key \(key.quotedExcerpt(limit: 60)); a tenant takes "
                            + Tenant.keys.joined(separator: ", ")))
            }
        }
        return found
    }
}
