import Foundation
import SwitchyardCore

/// The OpenAPI 3.1 document served at `GET /openapi.json`: every route the server answers, with its parameters,
/// request body, responses and the scope its key needs. A test checks it against the router's routes.
enum OpenAPIDocument {
    /// One operation: method, path in OpenAPI form (`/v1/runs/{id}`), what it does and its shapes.
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var scope: String?
        var query: [Query] = []
        var body: JSONValue? = nil
        /// A `multipart/form-data` body accepted beside the JSON one.
        var form: JSONValue? = nil
        var success: (status: String, schema: JSONValue)
        var errors: [String] = []
    }

    /// A query parameter.
    struct Query {
        var name: String
        var schema: JSONValue
        var description: String
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static let string: JSONValue = ["type": "string"]
    static let object: JSONValue = ["type": "object"]
    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let runStatus: JSONValue = [
        "type": "string", "enum": ["queued", "running", "interrupted", "succeeded", "failed", "cancelled"],
    ]

    /// An object with one required array member `key` of `item`s, and `extra` members.
    static func list(_ key: String, of item: JSONValue, extra: [String: JSONValue] = [:]) -> JSONValue {
        var properties: [String: JSONValue] = [key: ["type": "array", "items": item]]
        properties.merge(extra) { first, _ in first }
        return ["type": "object", "required": [.string(key)], "properties": .object(properties)]
    }

    static let operations: [Operation] =
        [
            Operation(method: "get", path: "/health", summary: "Alive", scope: nil, success: ("200", ref("Status"))),
            Operation(method: "get", path: "/healthz", summary: "Alive", scope: nil, success: ("200", ref("Status"))),
            Operation(
                method: "get", path: "/readyz", summary: "Ready: the store answers, models are loaded, the workers run",
                scope: nil, success: ("200", ref("Status")), errors: ["503"]),
            Operation(
                method: "get", path: "/openapi.json", summary: "This document", scope: nil, success: ("200", object)),
            Operation(
                method: "post", path: "/v1/chat/completions",
                summary: "OpenAI-compatible chat completion (or a stream of server-sent events)", scope: "models",
                body: object, success: ("200", object), errors: ["400", "402", "404", "413", "429", "502"]),
            Operation(
                method: "get", path: "/v1/models", summary: "The models this server routes to", scope: "models",
                success: ("200", object)),
            Operation(
                method: "post", path: "/v1/embeddings", summary: "OpenAI-compatible embeddings", scope: "models",
                body: object, success: ("200", object), errors: ["400", "404", "413"]),
        ] + runtimeOperations + langGraphOperations

    static let runtimeOperations: [Operation] = [
        Operation(
            method: "get", path: "/v1/workflows", summary: "Workflows (built in and the server's own)", scope: "runs",
            success: ("200", list("workflows", of: ref("Workflow")))),
        Operation(
            method: "get", path: "/v1/workflows/{name}", summary: "One workflow with its input schema",
            scope: "runs", success: ("200", ref("Workflow")), errors: ["404"]),
        Operation(
            method: "post", path: "/v1/runs",
            summary: "Queue a run (Idempotency-Key: a repeat with the same body returns the first run)",
            scope: "runs", body: ref("RunRequest"), success: ("202", ref("Run")),
            errors: ["400", "404", "409", "413", "422"]),
        Operation(
            method: "get", path: "/v1/runs", summary: "The tenant's runs, newest first (cursor pagination)",
            scope: "runs",
            query: [
                Query(name: "status", schema: runStatus, description: "Only runs in this status"),
                Query(name: "workflow", schema: string, description: "Only runs of this workflow"),
                Query(name: "thread", schema: string, description: "Only runs on this thread"),
                Query(
                    name: "since", schema: string,
                    description: "Created since: ISO 8601, or a span back from now (7d, 12h)"),
                Query(
                    name: "limit", schema: ["type": "integer", "minimum": 1, "maximum": 200],
                    description: "Page size (default 50)"),
                Query(name: "cursor", schema: string, description: "next_cursor of the previous page"),
            ],
            success: ("200", list("runs", of: ref("Run"), extra: ["next_cursor": nullableString])),
            errors: ["400"]),
        Operation(
            method: "get", path: "/v1/runs/{id}", summary: "One run", scope: "runs", success: ("200", ref("Run")),
            errors: ["404"]),
        Operation(
            method: "post", path: "/v1/runs/{id}/cancel", summary: "Cancel a queued, running or waiting run",
            scope: "runs", success: ("200", ref("Run")), errors: ["404", "409"]),
        Operation(
            method: "get", path: "/v1/runs/{id}/wait",
            summary: "Long-poll until the run stops for a person or finishes (or the timeout passes)", scope: "runs",
            query: [
                Query(
                    name: "timeout", schema: ["type": "integer", "minimum": 0, "maximum": 300],
                    description: "Seconds to wait (default 30)")
            ],
            success: ("200", ref("Run")), errors: ["400", "404"]),
        Operation(
            method: "get", path: "/v1/runs/{id}/events",
            summary: "Server-sent events of the run; reconnect with Last-Event-ID to miss nothing", scope: "runs",
            query: [
                Query(
                    name: "after", schema: ["type": "integer", "minimum": 0],
                    description: "Only events after this id (as Last-Event-ID)")
            ],
            success: ("200", string), errors: ["400", "404"]),
        Operation(
            method: "get", path: "/v1/runs/{id}/artifacts",
            summary: "The run's artifacts: deliverable, sources, reviews, metrics", scope: "runs",
            success: ("200", list("artifacts", of: ref("Artifact"), extra: ["run_id": string])), errors: ["404"]),
        Operation(
            method: "get", path: "/v1/threads/{id}",
            summary: "A thread: its status, newest runs and state at the head", scope: "runs",
            success: (
                "200",
                [
                    "type": "object", "required": ["thread_id", "status", "runs", "state"],
                    "properties": [
                        "thread_id": string, "status": string, "created_at": string, "updated_at": string,
                        "runs": ["type": "array", "items": string], "state": ref("LangGraphThreadState"),
                    ],
                ]
            ), errors: ["404"]),
        Operation(
            method: "get", path: "/v1/threads/{id}/history", summary: "A thread's states, newest first",
            scope: "runs",
            query: [
                Query(
                    name: "limit", schema: ["type": "integer", "minimum": 1, "maximum": 1000],
                    description: "At most this many (default 10)"),
                Query(name: "before", schema: string, description: "Only states older than this checkpoint id"),
            ],
            success: ("200", list("states", of: ref("LangGraphThreadState"), extra: ["thread_id": string])),
            errors: ["400", "404"]),
        Operation(
            method: "get", path: "/v1/approvals", summary: "Runs waiting for a person", scope: "runs",
            success: ("200", list("approvals", of: ref("Approval")))),
        Operation(
            method: "post", path: "/v1/approvals/{id}",
            summary: "Approve, reject (with a comment) or edit a waiting run", scope: "runs", body: ref("Decision"),
            success: ("200", ref("Run")), errors: ["400", "404", "409"]),
        Operation(
            method: "post", path: "/v1/schedules", summary: "Run a workflow on a cron schedule", scope: "runs",
            body: ref("ScheduleRequest"), success: ("201", ref("Schedule")), errors: ["400", "404", "409"]),
        Operation(
            method: "get", path: "/v1/schedules", summary: "The tenant's schedules", scope: "runs",
            success: ("200", list("schedules", of: ref("Schedule")))),
        Operation(
            method: "post", path: "/v1/schedules/{id}/pause", summary: "Stop a schedule from firing", scope: "runs",
            success: ("200", ref("Schedule")), errors: ["404"]),
        Operation(
            method: "post", path: "/v1/schedules/{id}/resume", summary: "Let a paused schedule fire", scope: "runs",
            success: ("200", ref("Schedule")), errors: ["404"]),
        Operation(
            method: "delete", path: "/v1/schedules/{id}", summary: "Delete a schedule", scope: "runs",
            success: ("204", object), errors: ["404"]),
        Operation(
            method: "get", path: "/v1/usage", summary: "Model usage and cost, grouped", scope: "runs",
            query: [
                Query(
                    name: "by", schema: ["type": "string", "enum": ["model", "run", "node", "day"]],
                    description: "Grouping (default model)"),
                Query(name: "since", schema: string, description: "ISO 8601, or a span back from now (default 30d)"),
            ],
            success: ("200", list("usage", of: object, extra: ["by": string, "since": string])), errors: ["400"]),
        Operation(
            method: "get", path: "/v1/tenants", summary: "Every tenant", scope: "admin",
            success: ("200", list("tenants", of: ref("Tenant")))),
        Operation(
            method: "post", path: "/v1/tenants", summary: "Create a tenant", scope: "admin", body: ref("TenantRequest"),
            success: ("201", ref("Tenant")), errors: ["400", "409"]),
        Operation(
            method: "get", path: "/v1/keys", summary: "API keys (never their secrets)", scope: "admin",
            query: [Query(name: "tenant", schema: string, description: "Only this tenant's keys")],
            success: ("200", list("keys", of: ref("Key"))), errors: ["400"]),
        Operation(
            method: "post", path: "/v1/keys", summary: "Create an API key (answered once, in `key`)", scope: "admin",
            body: ref("KeyRequest"), success: ("201", ref("Key")), errors: ["400", "404"]),
        Operation(
            method: "delete", path: "/v1/keys/{id}", summary: "Revoke an API key", scope: "admin",
            success: ("200", ref("Key")), errors: ["404"]),
    ]

    static let schemas: [String: JSONValue] = [
        "Status": ["type": "object", "required": ["status"], "properties": ["status": string]],
        "Error": [
            "type": "object", "required": ["error"],
            "properties": [
                "error": [
                    "type": "object", "required": ["code", "message"],
                    "properties": ["code": string, "message": string, "type": string],
                ]
            ],
        ],
        "Workflow": [
            "type": "object", "required": ["name", "version", "hash", "nodes"],
            "properties": [
                "name": string, "version": string, "description": string, "file": string, "hash": string,
                "input_schema": ["type": ["object", "boolean", "null"]], "entry": string,
                "nodes": ["type": "array", "items": object], "prompts": object,
            ],
        ],
        "RunRequest": [
            "type": "object", "required": ["workflow"], "additionalProperties": false,
            "properties": [
                "workflow": ["type": "string", "minLength": 1], "input": object, "thread": string, "metadata": object,
                "multitask_strategy": ["type": "string", "enum": ["reject", "enqueue", "interrupt", "rollback"]],
            ],
        ],
        "Run": [
            "type": "object",
            "required": ["run_id", "thread_id", "tenant", "workflow", "status", "input", "metadata", "created_at"],
            "properties": [
                "run_id": string, "thread_id": string, "tenant": string, "workflow": string,
                "workflow_version": string, "workflow_hash": string, "status": runStatus, "input": [:],
                "metadata": [:], "multitask": string, "attempts": ["type": "integer"], "created_at": string,
                "started_at": string, "finished_at": string, "interrupt": [:], "output": [:], "error": object,
                "idempotency_key": string,
            ],
        ],
        "Artifact": [
            "type": "object", "required": ["name", "value", "created_at"],
            "properties": ["name": string, "value": [:], "created_at": string],
        ],
        "Approval": [
            "type": "object", "required": ["run_id", "thread_id", "workflow"],
            "properties": [
                "run_id": string, "thread_id": string, "workflow": string, "interrupt": [:], "created_at": string,
            ],
        ],
        "Decision": [
            "type": "object", "required": ["decision"], "additionalProperties": false,
            "properties": [
                "decision": ["type": "string", "enum": ["approve", "reject", "edit"]], "comment": string,
                "text": string,
            ],
        ],
        "ScheduleRequest": [
            "type": "object", "required": ["workflow", "cron"], "additionalProperties": false,
            "properties": ["id": string, "workflow": string, "cron": string, "timezone": string, "input": object],
        ],
        "Schedule": [
            "type": "object", "required": ["schedule_id", "workflow", "cron", "timezone", "paused", "next_fire_at"],
            "properties": [
                "schedule_id": string, "tenant": nullableString, "workflow": string, "cron": string,
                "timezone": string, "input": [:], "paused": ["type": "boolean"], "next_fire_at": string,
                "created_at": string,
            ],
        ],
        "TenantRequest": [
            "type": "object", "required": ["tenant"], "additionalProperties": false,
            "properties": [
                "tenant": string, "tier": ["type": "integer", "minimum": 1],
                "budget_usd": ["type": "number", "minimum": 0],
                "budget_period_s": ["type": "number", "exclusiveMinimum": 0],
                "max_concurrent_runs": ["type": "integer", "minimum": 1],
            ],
        ],
        "Tenant": [
            "type": "object", "required": ["tenant", "tier"],
            "properties": [
                "tenant": string, "tier": ["type": "integer"], "budget_usd": ["type": ["number", "null"]],
                "budget_period_s": ["type": ["number", "null"]], "max_concurrent_runs": ["type": "integer"],
                "created_at": string,
            ],
        ],
        "KeyRequest": [
            "type": "object", "required": ["tenant"], "additionalProperties": false,
            "properties": [
                "tenant": string,
                "scopes": [
                    "type": "array", "items": ["type": "string", "enum": ["runs", "knowledge", "models", "admin"]],
                ],
                "expires_in_s": ["type": "number", "exclusiveMinimum": 0], "name": string,
            ],
        ],
        "DocumentsUpload": [
            "type": "object", "required": ["documents"], "additionalProperties": false,
            "properties": [
                "documents": [
                    "type": "array", "minItems": 1,
                    "items": [
                        "type": "object", "required": ["source", "text"], "additionalProperties": false,
                        "properties": [
                            "source": ["type": "string", "minLength": 1, "maxLength": 512], "text": string,
                            "type": [
                                "type": "string",
                                "enum": ["md", "markdown", "txt", "text", "html", "htm", "json", "jsonl", "ndjson"],
                            ],
                        ],
                    ],
                ]
            ],
        ],
        "WebhookRequest": [
            "type": "object", "required": ["url"], "additionalProperties": false,
            "properties": [
                "url": ["type": "string", "format": "uri"],
                "events": [
                    "type": "array", "minItems": 1,
                    "items": ["type": "string", "enum": ["approval.waiting", "run.succeeded", "run.failed"]],
                ],
            ],
        ],
        "Webhook": [
            "type": "object", "required": ["webhook_id", "url", "events", "created_at"],
            "properties": [
                "webhook_id": string, "url": string, "events": ["type": "array", "items": string],
                "created_at": string, "secret": string,
            ],
        ],
        "SearchRequest": [
            "type": "object", "required": ["query"], "additionalProperties": false,
            "properties": [
                "query": ["type": "string", "minLength": 1], "k": ["type": "integer", "minimum": 1, "maximum": 100],
                "mode": ["type": "string", "enum": ["vector", "keyword", "hybrid"]],
                "filter": ["type": "object", "additionalProperties": ["type": "string"]],
            ],
        ],
        "Key": [
            "type": "object", "required": ["key_id", "tenant", "scopes", "created_at"],
            "properties": [
                "key_id": string, "key": string, "tenant": string, "name": nullableString,
                "scopes": ["type": "array", "items": string], "created_at": string, "expires_at": nullableString,
                "revoked_at": nullableString,
            ],
        ],
    ]

    static let knowledgeOperations: [Operation] = [
        Operation(
            method: "post", path: "/v1/documents",
            summary:
                "Upload documents (JSON: {documents: [{source, text, type?}]}, or a form of 'file' parts); "
                + "re-uploading a source replaces it",
            scope: "knowledge", body: ref("DocumentsUpload"),
            form: [
                "type": "object", "required": ["file"],
                "properties": [
                    "file": ["type": "array", "items": ["type": "string", "contentMediaType": "text/plain"]],
                    "type": string,
                ],
            ],
            success: ("201", object), errors: ["400", "413"]),
        Operation(
            method: "get", path: "/v1/documents", summary: "The tenant's documents", scope: "knowledge",
            success: ("200", list("documents", of: object))),
        Operation(
            method: "delete", path: "/v1/documents/{id}", summary: "Delete a document (its id percent-encoded)",
            scope: "knowledge", success: ("204", object), errors: ["404"]),
        Operation(
            method: "post", path: "/v1/search", summary: "Hybrid, keyword or vector search with citations",
            scope: "knowledge", body: ref("SearchRequest"),
            success: ("200", list("results", of: object, extra: ["query": string, "mode": string])),
            errors: ["400", "503"]),
    ]

    static let webhookOperations: [Operation] = [
        Operation(
            method: "post", path: "/v1/webhooks",
            summary:
                "Subscribe a URL to approval.waiting, run.succeeded, run.failed (signed; the secret is answered once)",
            scope: "runs", body: ref("WebhookRequest"), success: ("201", ref("Webhook")), errors: ["400"]),
        Operation(
            method: "get", path: "/v1/webhooks", summary: "The tenant's webhooks", scope: "runs",
            success: ("200", list("webhooks", of: ref("Webhook")))),
        Operation(
            method: "delete", path: "/v1/webhooks/{id}", summary: "Delete a webhook (and its pending deliveries)",
            scope: "runs", success: ("204", object), errors: ["404"]),
        Operation(
            method: "get", path: "/v1/webhooks/{id}/deliveries", summary: "The delivery log, newest first",
            scope: "runs",
            query: [
                Query(
                    name: "limit", schema: ["type": "integer", "minimum": 1, "maximum": 500],
                    description: "How many (default 100)")
            ], success: ("200", list("deliveries", of: object)), errors: ["400", "404"]),
    ]

    static let metricsOperation = Operation(
        method: "get", path: "/metrics",
        summary: "Prometheus metrics: request latency by route and status, queue depth and age, model tokens and cost, "
            + "cache lookups, rate-limit waits", scope: "admin", success: ("200", string))

    /// The document; `runtime: false` leaves out the runtime's routes (a server without a data dir), `metrics:
    /// false` the metrics route, `knowledge: false` the knowledge routes.
    static func json(
        runtime: Bool = true, metrics: Bool = false, knowledge: Bool = false, webhooks: Bool = false
    )
        -> JSONValue
    {
        var paths: [String: JSONValue] = [:]
        let runtimePaths = Set((runtimeOperations + langGraphOperations).map(\.path))
        for operation in operations + (metrics ? [metricsOperation] : []) + (knowledge ? knowledgeOperations : [])
            + (webhooks ? webhookOperations : [])
        where runtime || !runtimePaths.contains(operation.path) {
            var path = paths[operation.path]?.objectValue ?? [:]
            path[operation.method] = entry(operation)
            paths[operation.path] = .object(path)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Switchyard", "version": "1",
                "description": .string(
                    "Runs, approvals, schedules and usage of a multi-tenant agent platform, and OpenAI-compatible "
                        + "models. Authenticate with 'Authorization: Bearer KEY' (or 'x-api-key: KEY'); every "
                        + "resource belongs to the key's tenant, and another tenant's resource is a 404."),
            ],
            "paths": .object(paths),
            "components": [
                "schemas": .object(schemas.merging(langGraphSchemas) { first, _ in first }),
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer"],
                    "apiKey": ["type": "apiKey", "in": "header", "name": "x-api-key"],
                ],
            ],
        ]
    }

    static func entry(_ operation: Operation) -> JSONValue {
        var parameters: [JSONValue] = pathParameters(operation.path).map { name in
            ["name": .string(name), "in": "path", "required": true, "schema": string]
        }
        for query in operation.query {
            parameters.append([
                "name": .string(query.name), "in": "query", "required": false, "schema": query.schema,
                "description": .string(query.description),
            ])
        }
        let streams = operation.path.hasSuffix("/events") || operation.path.hasSuffix("/runs/stream")
        let media = streams ? "text/event-stream" : operation.path == "/metrics" ? "text/plain" : "application/json"
        var responses: [String: JSONValue] = [
            operation.success.status: operation.success.status == "204"
                ? ["description": "Done"]
                : ["description": "OK", "content": .object([media: ["schema": operation.success.schema]])]
        ]
        var errors = operation.errors
        if operation.scope != nil { errors += ["401", "403"] }
        for status in Set(errors) {
            responses[status] = ["description": "Error", "content": ["application/json": ["schema": ref("Error")]]]
        }
        var entry: [String: JSONValue] = [
            "summary": .string(operation.summary), "operationId": .string(operationID(operation)),
            "responses": .object(responses),
        ]
        if !parameters.isEmpty { entry["parameters"] = .array(parameters) }
        if let body = operation.body {
            var content: [String: JSONValue] = ["application/json": ["schema": body]]
            if let form = operation.form { content["multipart/form-data"] = ["schema": form] }
            entry["requestBody"] = ["required": true, "content": .object(content)]
        }
        if let scope = operation.scope {
            entry["security"] = [["bearer": []], ["apiKey": []]]
            entry["x-scope"] = .string(scope)
        } else {
            entry["security"] = []
        }
        return .object(entry)
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }

    /// `get_v1_runs_by_id`: the method and the path's parts.
    static func operationID(_ operation: Operation) -> String {
        let parts = operation.path.split(separator: "/").map { part in
            part.replacingOccurrences(of: "{", with: "by_").replacingOccurrences(of: "}", with: "")
                .replacingOccurrences(of: ".", with: "_")
        }
        return ([operation.method] + parts).joined(separator: "_")
    }
}
