import Crypto
import Foundation
import SwitchyardCore

/// A tenant's subscription: the events it wants POSTed to its URL, signed with its secret.
public struct WebhookRecord: Sendable, Hashable {
    public var id: String
    public var tenant: TenantID
    public var url: String
    /// The signing secret (`whsec_…`), shown once when the webhook is made.
    public var secret: String
    /// Event names: `approval.waiting`, `run.succeeded`, `run.failed`.
    public var events: Set<String>
    public var created: Date

    /// A webhook.
    /// - Parameters:
    ///   - id: The webhook's id.
    ///   - tenant: The tenant it belongs to.
    ///   - url: Where events are POSTed.
    ///   - secret: The signing secret.
    ///   - events: The event names it subscribes to.
    ///   - created: When it was created.
    public init(id: String, tenant: TenantID, url: String, secret: String, events: Set<String>, created: Date) {
        self.id = id
        self.tenant = tenant
        self.url = url
        self.secret = secret
        self.events = events
        self.created = created
    }

    /// The events a webhook may subscribe to.
    public static let eventNames: Set<String> = ["approval.waiting", "run.succeeded", "run.failed"]

    /// The webhook as listings show it (no secret).
    public var json: JSONValue {
        [
            "webhook_id": .string(id), "url": .string(url), "events": .array(events.sorted().map(JSONValue.string)),
            "created_at": .string(created.iso8601),
        ]
    }
}

/// One event for one webhook, and how delivering it went.
public struct WebhookDelivery: Sendable, Hashable {
    public var id: String
    public var tenant: TenantID
    public var webhook: String
    public var event: String
    /// The JSON body POSTed.
    public var payload: JSONValue
    /// `pending` (to be tried at ``nextAttempt``), `delivered`, or `failed` (attempts exhausted).
    public var status: String
    public var attempts: Int
    public var lastStatusCode: Int?
    public var lastError: String?
    public var nextAttempt: Date
    public var created: Date
    public var delivered: Date?

    /// A delivery.
    /// - Parameters:
    ///   - id: The delivery's id.
    ///   - tenant: The tenant it belongs to.
    ///   - webhook: The webhook's id.
    ///   - event: The event's name.
    ///   - payload: The JSON body POSTed.
    ///   - status: `pending`, `delivered` or `failed`.
    ///   - attempts: Attempts made so far.
    ///   - lastStatusCode: The HTTP status of the last attempt, if it got one.
    ///   - lastError: Why the last attempt failed, if it did.
    ///   - nextAttempt: When it is tried next.
    ///   - created: When it was queued.
    ///   - delivered: When it was delivered, if it was.
    public init(
        id: String, tenant: TenantID, webhook: String, event: String, payload: JSONValue, status: String = "pending",
        attempts: Int = 0, lastStatusCode: Int? = nil, lastError: String? = nil, nextAttempt: Date, created: Date,
        delivered: Date? = nil
    ) {
        self.id = id
        self.tenant = tenant
        self.webhook = webhook
        self.event = event
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
        self.nextAttempt = nextAttempt
        self.created = created
        self.delivered = delivered
    }

    /// The delivery as its log shows it.
    public var json: JSONValue {
        [
            "delivery_id": .string(id), "webhook_id": .string(webhook), "event": .string(event),
            "status": .string(status), "attempts": .int(attempts),
            "last_status_code": lastStatusCode.map(JSONValue.int) ?? .null,
            "last_error": lastError.map(JSONValue.string) ?? .null, "next_attempt_at": .string(nextAttempt.iso8601),
            "created_at": .string(created.iso8601), "delivered_at": delivered.map { .string($0.iso8601) } ?? .null,
            "payload": payload,
        ]
    }
}

/// Where webhooks and their delivery log live (``SQLiteStore``). The store queues a delivery for every matching
/// webhook in the same transaction that ends or interrupts a run, so an event is queued exactly once whichever
/// worker finished the run.
public protocol WebhookStore: Sendable {
    /// Saves a webhook; `unknown_tenant` when its tenant does not exist.
    /// - Parameter webhook: The new webhook.
    /// - Throws: `unknown_tenant`; the backend's errors.
    func createWebhook(_ webhook: WebhookRecord) async throws
    /// The tenant's webhooks.
    /// - Parameter tenant: Whose webhooks.
    /// - Throws: The backend's errors.
    func webhooks(tenant: TenantID) async throws -> [WebhookRecord]
    /// Deletes the tenant's webhook and its pending deliveries; `false` when it has none by that id.
    /// - Parameters:
    ///   - tenant: The webhook's tenant.
    ///   - id: The webhook's id.
    /// - Throws: The backend's errors.
    func deleteWebhook(tenant: TenantID, id: String) async throws -> Bool
    /// The delivery log of the tenant's webhook, newest first; `nil` when the tenant has no such webhook.
    /// - Parameters:
    ///   - tenant: The webhook's tenant.
    ///   - webhook: The webhook's id.
    ///   - limit: Most deliveries returned.
    /// - Throws: The backend's errors.
    func deliveries(tenant: TenantID, webhook: String, limit: Int) async throws -> [WebhookDelivery]?
    /// Pending deliveries due at `now`, oldest first, with their webhooks (any tenant: the dispatcher's view).
    /// - Parameters:
    ///   - now: The current time.
    ///   - limit: Most deliveries returned.
    /// - Throws: The backend's errors.
    func dueDeliveries(now: Date, limit: Int) async throws -> [(WebhookDelivery, WebhookRecord)]
    /// Records an attempt: delivered, or failed with the next try at `retryAt` (`nil`: give up).
    /// - Parameters:
    ///   - delivery: The delivery's id.
    ///   - statusCode: The HTTP status, if the request got an answer.
    ///   - error: Why it failed, if it did.
    ///   - delivered: Whether it was delivered.
    ///   - retryAt: When to try again; nil gives up.
    ///   - now: The attempt's time.
    /// - Throws: The backend's errors.
    func recordAttempt(
        delivery: String, statusCode: Int?, error: String?, delivered: Bool, retryAt: Date?, now: Date
    ) async throws
}

/// Signing: `X-Switchyard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, the scheme
/// Stripe's webhooks use, so a receiver can check both the body and its age.
public enum WebhookSignature {
    public static let header = "X-Switchyard-Signature"

    /// The header value for `body` sent at `time`.
    /// - Parameters:
    ///   - body: The JSON body.
    ///   - secret: The webhook's signing secret.
    ///   - time: The send time, signed with the body.
    public static func sign(body: String, secret: String, time: Date) -> String {
        let stamp = Int(time.timeIntervalSince1970)
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(stamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(stamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `header` signs `body` with `secret` and is at most `tolerance` old at `now`.
    /// - Parameters:
    ///   - header: The signature header (`t=…,v1=…`).
    ///   - body: The body received.
    ///   - secret: The webhook's signing secret.
    ///   - now: The current time.
    ///   - tolerance: The oldest signature accepted, in seconds.
    public static func verify(
        header: String, body: String, secret: String, now: Date = Date(), tolerance: TimeInterval = 300
    ) -> Bool {
        var stamp: Int?
        var signature: String?
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { stamp = Int(pair[1]) }
            if pair[0] == "v1" { signature = pair[1] }
        }
        guard let stamp, let signature, abs(now.timeIntervalSince1970 - Double(stamp)) <= tolerance else {
            return false
        }
        let expected = sign(body: body, secret: secret, time: Date(timeIntervalSince1970: Double(stamp)))
        return APIKeys.constantTimeEqual(Array(expected.utf8), Array("t=\(stamp),v1=\(signature)".utf8))
    }

    /// A new signing secret: `whsec_` and 32 random bytes in hex.
    public static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return "whsec_"
            + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
