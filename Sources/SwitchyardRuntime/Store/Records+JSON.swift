import Foundation
import SwitchyardCore

// The JSON shapes of the runtime's records, shared by the CLI's `--json` output and the HTTP API.

extension RunRecord {
    /// The run as scripts see it.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "run_id": .string(id), "tenant": .string(tenant.rawValue), "workflow": .string(workflow),
            "workflow_version": .string(workflowVersion), "workflow_hash": .string(workflowHash),
            "thread_id": .string(thread), "status": .string(status.rawValue), "input": input,
            "metadata": metadata, "multitask": .string(multitask.rawValue), "attempts": .int(attempts),
            "created_at": .string(created.iso8601),
        ]
        if let started { object["started_at"] = .string(started.iso8601) }
        if let finished { object["finished_at"] = .string(finished.iso8601) }
        if let interrupt { object["interrupt"] = interrupt }
        if let output { object["output"] = output }
        if let errorCode { object["error"] = ["code": .string(errorCode), "message": .string(errorMessage ?? "")] }
        if let idempotencyKey { object["idempotency_key"] = .string(idempotencyKey) }
        return .object(object)
    }
}

extension TenantRecord {
    public var json: JSONValue {
        [
            "tenant": .string(id.rawValue), "tier": .int(tier), "budget_usd": budgetUSD.map(JSONValue.double) ?? .null,
            "budget_period_s": budgetPeriodSeconds.map(JSONValue.double) ?? .null,
            "max_concurrent_runs": .int(maxConcurrentRuns), "created_at": .string(created.iso8601),
        ]
    }
}

extension ScheduleRecord {
    /// The schedule as scripts and the API see it.
    public var json: JSONValue {
        [
            "schedule_id": .string(id), "tenant": tenant.map { .string($0.rawValue) } ?? .null,
            "workflow": .string(workflow), "cron": .string(cron), "timezone": .string(timezone), "input": input,
            "paused": .bool(paused), "next_fire_at": .string(nextFire.iso8601), "created_at": .string(created.iso8601),
        ]
    }
}

extension WorkflowDefinition {
    /// The workflow as listings show it: name, version, hash, input schema, nodes and prompt versions.
    public var summary: JSONValue {
        [
            "name": .string(name), "version": .string(version), "description": .string(description),
            "file": .string(file), "hash": .string(hash), "input_schema": inputSchema ?? .null, "entry": .string(entry),
            "nodes": .array(nodes.map { ["name": .string($0.name), "kind": .string($0.kind)] }),
            "prompts": .object(prompts.mapValues { ["version": .string($0.version), "hash": .string($0.hash)] }),
        ]
    }
}

extension UsageTotal {
    /// One usage row, its group under the grouping's name (`model`, `run`, `node`, `day`).
    /// - Parameter grouping: How the totals were grouped.
    public func json(by grouping: UsageGrouping) -> JSONValue {
        [
            grouping.rawValue: .string(group), "calls": .int(calls), "prompt_tokens": .int(promptTokens),
            "completion_tokens": .int(completionTokens), "cost_usd": .double(costUSD),
        ]
    }
}
