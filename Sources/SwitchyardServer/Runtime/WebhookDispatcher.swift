import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import SwitchyardCore
import SwitchyardRuntime

/// Delivers queued webhook events: POSTs each payload signed (``WebhookSignature``) with `X-Switchyard-Event` and
/// `X-Switchyard-Delivery` (the id, for receivers to drop repeats), and retries a failure with growing waits until
/// the attempts run out; every attempt goes into the delivery log. Runs as a service of `switchyard serve`.
public struct WebhookDispatcher: Service {
    let store: any WebhookStore
    let http: HTTPClient
    let logger: Logger
    /// The wait before each retry; its length is the number of retries.
    let backoff: [Duration]
    let pollInterval: Duration
    let timeout: Duration

    /// - Parameters:
    ///   - store: where deliveries are queued and logged.
    ///   - http: the client that POSTs.
    ///   - logger: where a failure to record an attempt is logged.
    ///   - backoff: waits before the 2nd, 3rd … attempt (default 1 s, 5 s, 30 s, 2 min, 10 min: six attempts).
    ///   - pollInterval: how often due deliveries are looked for.
    ///   - timeout: how long one POST may take.
    public init(
        store: any WebhookStore, http: HTTPClient = .shared, logger: Logger = Logger(label: "switchyard.webhooks"),
        backoff: [Duration] = [.seconds(1), .seconds(5), .seconds(30), .seconds(120), .seconds(600)],
        pollInterval: Duration = .milliseconds(500), timeout: Duration = .seconds(10)
    ) {
        self.store = store
        self.http = http
        self.logger = logger
        self.backoff = backoff
        self.pollInterval = pollInterval
        self.timeout = timeout
    }

    /// Delivers until a graceful shutdown, then returns (deliveries not yet made stay queued for the next start).
    /// - Throws: Nothing: cancellation ends the loop quietly and delivery errors are retried.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    let sent = (try? await deliverDue()) ?? 0
                    if sent == 0 { try await Task.sleep(for: pollInterval) }
                }
            }
        } catch is CancellationError {
            return
        }
    }

    /// Tries every delivery due now once; returns how many were tried.
    /// - Parameter now: The time deliveries are due by.
    /// - Throws: The store's errors when listing due deliveries (a failed delivery is recorded, not thrown).
    @discardableResult
    public func deliverDue(now: Date = Date()) async throws -> Int {
        let due = try await store.dueDeliveries(now: now, limit: 32)
        await withTaskGroup(of: Void.self) { group in
            for (delivery, webhook) in due { group.addTask { await deliver(delivery, to: webhook) } }
        }
        return due.count
    }

    func deliver(_ delivery: WebhookDelivery, to webhook: WebhookRecord) async {
        let body = delivery.payload.jsonText
        var request = HTTPClientRequest(url: webhook.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "switchyard-webhooks")
        request.headers.add(name: "X-Switchyard-Event", value: delivery.event)
        request.headers.add(name: "X-Switchyard-Delivery", value: delivery.id)
        request.headers.add(
            name: WebhookSignature.header,
            value: WebhookSignature.sign(body: body, secret: webhook.secret, time: Date()))
        request.body = .bytes(ByteBuffer(string: body))
        var statusCode: Int?
        var failure: String?
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.inSeconds * 1e9)))
            statusCode = Int(response.status.code)
            _ = try? await response.body.collect(upTo: 64 << 10)
            if !(200..<300).contains(statusCode ?? 0) { failure = "the receiver answered \(response.status)" }
        } catch {
            failure = "\(error)"
        }
        let attempt = delivery.attempts + 1
        let retryAt =
            failure == nil || attempt > backoff.count ? nil : Date().addingTimeInterval(backoff[attempt - 1].inSeconds)
        do {
            try await store.recordAttempt(
                delivery: delivery.id, statusCode: statusCode, error: failure, delivered: failure == nil,
                retryAt: retryAt, now: Date())
        } catch {
            logger.warning("could not log a webhook attempt", metadata: ["delivery": "\(delivery.id)"])
        }
        if let failure {
            logger.notice(
                "webhook delivery failed\(retryAt == nil ? "; giving up" : "; will retry")",
                metadata: ["delivery": "\(delivery.id)", "tenant": "\(delivery.tenant)", "error": "\(failure)"])
        }
    }
}
