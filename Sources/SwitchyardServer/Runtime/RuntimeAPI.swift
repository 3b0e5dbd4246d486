import Foundation
import Hummingbird
import Synchronization
import SwitchyardCore
import SwitchyardKnowledge
import SwitchyardRuntime

/// What the runtime's routes serve: the runtime (store, checkpoints, workflows), the API keys and the knowledge
/// base.
public struct RuntimeAPI: Sendable {
    public var runtime: Runtime
    public var keys: any APIKeyStore
    public var knowledge: KnowledgeBase?
    public var webhooks: (any WebhookStore)?
    /// The server's own workers, for `GET /readyz`; nil when this process runs none.
    public var workers: WorkerStatus?
    /// Workflows compiled to read threads' checkpoints, by name (LangGraph's state routes).
    let stateGraphs = StateGraphCache()

    /// - Parameters:
    ///   - runtime: runs, approvals, schedules and workflows.
    ///   - keys: the API keys requests authenticate with; looked up through a ``CachedAPIKeyStore`` (a key
    ///     revoked by another process is refused within a second; through this API, at once).
    ///   - knowledge: the tenants' documents and search; without it the knowledge routes are not served.
    ///   - webhooks: the tenants' webhooks and delivery logs; without it the webhook routes are not served.
    ///   - workers: the server's own workers (`GET /readyz` says whether they run); nil when it runs none.
    public init(
        runtime: Runtime, keys: any APIKeyStore, knowledge: KnowledgeBase? = nil, webhooks: (any WebhookStore)? = nil,
        workers: WorkerStatus? = nil
    ) {
        self.runtime = runtime
        self.keys = keys is CachedAPIKeyStore ? keys : CachedAPIKeyStore(keys)
        self.knowledge = knowledge
        self.webhooks = webhooks
        self.workers = workers
    }

    var store: any RunStore { runtime.store }

    /// Adds every runtime route under `/v1`, each group behind the scope it needs.
    func addRoutes(to v1: RouterGroup<TenantRequestContext>) {
        RunsController(api: self).addRoutes(to: v1.group().add(middleware: RequireScope(.runs)))
        AdminController(api: self).addRoutes(to: v1.group().add(middleware: RequireScope(.admin)))
        if let webhooks {
            WebhooksController(store: webhooks).addRoutes(to: v1.group().add(middleware: RequireScope(.runs)))
        }
        if let knowledge {
            KnowledgeController(knowledge: knowledge).addRoutes(
                to: v1.group().add(middleware: RequireScope(.knowledge)))
        }
    }
}

/// Refuses a request whose credentials lack `scope` with 403 `insufficient_scope` (the caller's own key: saying
/// so leaks nothing about other tenants).
struct RequireScope: RouterMiddleware {
    typealias Context = TenantRequestContext
    let scope: APIKeyScope

    init(_ scope: APIKeyScope) { self.scope = scope }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard context.caller.scopes.contains(scope) else {
            throw APIError(
                .forbidden, code: .insufficientScope,
                message:
                    "this API key lacks the '\(scope)' scope; create one with `switchyard keys create --scope \(scope)`"
            )
        }
        return try await next(request, context)
    }
}

/// Idempotency keys whose first request is still being accepted: a repeat meanwhile is a 409.
final class InFlightKeys: Sendable {
    private let keys = Mutex<Set<String>>([])

    /// Runs `body` holding `key`, or throws 409 `idempotency_in_flight` when another request holds it.
    func holding<T: Sendable>(_ key: String?, _ body: () async throws -> T) async throws -> T {
        guard let key else { return try await body() }
        let taken = keys.withLock { $0.insert(key).inserted }
        guard taken else {
            throw APIError(
                .conflict, code: .idempotencyInFlight,
                message: "a request with this Idempotency-Key is still being accepted; retry when it has answered")
        }
        defer { _ = keys.withLock { $0.remove(key) } }
        return try await body()
    }
}

/// Whether the server's workers are working the queue: `GET /readyz` answers 503 while they are not (before they
/// start, after they stop, or when they failed).
public final class WorkerStatus: Sendable {
    /// Runs the workers execute at once.
    public let concurrency: Int
    private let state = Atomic<Bool>(false)

    /// The status of `concurrency` workers, not running yet.
    /// - Parameter concurrency: Runs the workers execute at once.
    public init(concurrency: Int) { self.concurrency = concurrency }

    /// Whether the workers are working the queue.
    public var running: Bool { state.load(ordering: .acquiring) }

    /// Records whether the workers are working the queue.
    /// - Parameter running: True once they work it, false once they stop.
    public func set(running: Bool) { state.store(running, ordering: .releasing) }
}
