import SwitchyardCore

extension OpenAPIDocument {
    /// LangGraph's Agent Server routes (``LangGraphController``): the shapes `langgraph-sdk` sends and parses.
    static let langGraphOperations: [Operation] = [
        Operation(
            method: "post", path: "/assistants/search", summary: "LangGraph: the workflows as assistants",
            scope: "runs", body: ref("LangGraphAssistantSearch"),
            success: ("200", ["type": "array", "items": ref("LangGraphAssistant")]), errors: ["400", "413"]),
        Operation(
            method: "get", path: "/assistants/{assistant_id}",
            summary: "LangGraph: one workflow as an assistant (its id is the workflow's name)", scope: "runs",
            success: ("200", ref("LangGraphAssistant")), errors: ["404"]),
        Operation(
            method: "post", path: "/threads", summary: "LangGraph: create a thread", scope: "runs",
            body: ref("LangGraphThreadRequest"), success: ("200", ref("LangGraphThread")),
            errors: ["400", "409", "413"]),
        Operation(
            method: "get", path: "/threads/{thread_id}", summary: "LangGraph: a thread with its status and values",
            scope: "runs", success: ("200", ref("LangGraphThread")), errors: ["404"]),
        Operation(
            method: "get", path: "/threads/{thread_id}/state", summary: "LangGraph: the thread's state at its head",
            scope: "runs", success: ("200", ref("LangGraphThreadState")), errors: ["404"]),
        Operation(
            method: "post", path: "/threads/{thread_id}/history",
            summary: "LangGraph: the thread's states, newest first", scope: "runs",
            body: ref("LangGraphHistoryRequest"),
            success: ("200", ["type": "array", "items": ref("LangGraphThreadState")]),
            errors: ["400", "404", "413"]),
        Operation(
            method: "post", path: "/threads/{thread_id}/runs", summary: "LangGraph: start a run in the background",
            scope: "runs", body: ref("LangGraphRunRequest"), success: ("200", ref("LangGraphRun")),
            errors: ["400", "404", "409", "413"]),
        Operation(
            method: "post", path: "/threads/{thread_id}/runs/wait",
            summary: "LangGraph: start a run and answer its final state values (with __interrupt__ when it stops "
                + "for a person)",
            scope: "runs", body: ref("LangGraphRunRequest"), success: ("200", object),
            errors: ["400", "404", "409", "413"]),
        Operation(
            method: "post", path: "/threads/{thread_id}/runs/stream",
            summary: "LangGraph: start a run and stream it (metadata, values, updates, messages, end)", scope: "runs",
            body: ref("LangGraphRunRequest"), success: ("200", string), errors: ["400", "404", "409", "413"]),
        Operation(
            method: "get", path: "/threads/{thread_id}/runs/{run_id}", summary: "LangGraph: a run", scope: "runs",
            success: ("200", ref("LangGraphRun")), errors: ["404"]),
        Operation(
            method: "get", path: "/threads/{thread_id}/runs/{run_id}/join",
            summary: "LangGraph: wait for a run to finish or stop for a person; its state values", scope: "runs",
            success: ("200", object), errors: ["404"]),
        Operation(
            method: "post", path: "/threads/{thread_id}/runs/{run_id}/cancel", summary: "LangGraph: cancel a run",
            scope: "runs",
            query: [
                Query(
                    name: "wait", schema: ["type": "string", "enum": ["0", "1", "true", "false"]],
                    description: "Answer once the run has stopped"),
                Query(
                    name: "action", schema: ["type": "string", "enum": ["interrupt"]],
                    description: "interrupt (rollback is not served)"),
            ],
            success: ("204", object), errors: ["400", "404", "409"]),
    ]

    static let langGraphSchemas: [String: JSONValue] = [
        "LangGraphAssistantSearch": [
            "type": "object", "additionalProperties": false,
            "properties": [
                "limit": ["type": "integer", "minimum": 1, "maximum": 1000],
                "offset": ["type": "integer", "minimum": 0],
                "metadata": object, "graph_id": string, "name": string, "sort_by": string, "sort_order": string,
                "select": ["type": "array", "items": string],
            ],
        ],
        "LangGraphAssistant": [
            "type": "object", "required": ["assistant_id", "graph_id", "name", "version"],
            "properties": [
                "assistant_id": string, "graph_id": string, "name": string, "description": nullableString,
                "config": object, "context": object, "metadata": object, "version": ["type": "integer"],
                "created_at": string, "updated_at": string,
            ],
        ],
        "LangGraphThreadRequest": [
            "type": "object", "additionalProperties": false,
            "properties": [
                "thread_id": string, "metadata": object,
                "if_exists": ["type": "string", "enum": ["raise", "do_nothing"]], "supersteps": [:], "ttl": [:],
            ],
        ],
        "LangGraphThread": [
            "type": "object", "required": ["thread_id", "status", "values"],
            "properties": [
                "thread_id": string, "created_at": string, "updated_at": string, "metadata": object,
                "status": ["type": "string", "enum": ["idle", "busy", "interrupted", "error"]], "values": object,
                "interrupts": object,
            ],
        ],
        "LangGraphThreadState": [
            "type": "object", "required": ["values", "next", "checkpoint"],
            "properties": [
                "values": object, "next": ["type": "array", "items": string],
                "tasks": ["type": "array", "items": object], "interrupts": ["type": "array", "items": object],
                "checkpoint": object, "parent_checkpoint": ["type": ["object", "null"]], "metadata": object,
                "created_at": nullableString,
            ],
        ],
        "LangGraphHistoryRequest": [
            "type": "object", "additionalProperties": false,
            "properties": [
                "limit": ["type": "integer", "minimum": 1, "maximum": 1000], "before": ["type": ["string", "object"]],
                "metadata": object, "checkpoint": object, "select": ["type": "array", "items": string],
            ],
        ],
        "LangGraphRunRequest": [
            "type": "object", "required": ["assistant_id"], "additionalProperties": false,
            "properties": [
                "assistant_id": string, "input": ["type": ["object", "null"]],
                "command": [
                    "type": "object",
                    "properties": [
                        "resume": [
                            "description": "\"approve\" | \"reject\" | \"edit\", or {decision, comment, text}"
                        ]
                    ],
                ],
                "metadata": object, "config": object, "context": object,
                "stream_mode": [
                    "oneOf": [
                        ["type": "string", "enum": ["values", "updates", "messages", "messages-tuple"]],
                        [
                            "type": "array",
                            "items": ["type": "string", "enum": ["values", "updates", "messages", "messages-tuple"]],
                        ],
                    ]
                ],
                "multitask_strategy": ["type": "string", "enum": ["reject", "enqueue", "interrupt", "rollback"]],
                "if_not_exists": ["type": "string", "enum": ["reject", "create"]],
                "stream_subgraphs": ["type": "boolean", "const": false],
                "stream_resumable": ["type": "boolean", "const": false], "on_disconnect": string,
                "durability": string, "checkpoint_during": ["type": "boolean"], "strict_resume": ["type": "boolean"],
                "feedback_keys": ["type": "array", "maxItems": 0], "langsmith_tracer": [:],
                "interrupt_before": ["type": "null"], "interrupt_after": ["type": "null"], "webhook": ["type": "null"],
                "checkpoint": ["type": "null"], "checkpoint_id": ["type": "null"], "after_seconds": ["type": "null"],
                "on_completion": ["type": "null"],
            ],
        ],
        "LangGraphRun": [
            "type": "object", "required": ["run_id", "thread_id", "assistant_id", "status"],
            "properties": [
                "run_id": string, "thread_id": string, "assistant_id": string, "created_at": string,
                "updated_at": string,
                "status": ["type": "string", "enum": ["pending", "running", "error", "success", "interrupted"]],
                "metadata": object, "multitask_strategy": string, "kwargs": object,
            ],
        ],
    ]
}
