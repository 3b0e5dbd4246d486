extension CallContext {
    /// The call a provider is serving: the gateway binds it around each upstream call, so a provider that keeps
    /// per-tenant state (the local engine's prompt-prefix cache) or orders work by tier can tell whose call it is
    /// without a wider `ProviderClient` protocol. Nil outside a gateway call (a provider used directly).
    @TaskLocal public static var current: CallContext?
}
