import SwitchyardCore

@testable import SwitchyardInference

/// Random JSON Schemas within what constrained decoding enforces: objects with required and optional
/// properties, enums, nested arrays with item bounds, strings with length bounds, integer and number
/// ranges, unions with null, anyOf, and recursive `$ref`s.
enum RandomSchemas {
    static func schema(using rng: inout SeededGenerator) -> JSONValue {
        if Int.random(in: 0..<5, using: &rng) == 0 {
            // A recursive list/tree through $defs.
            let leaf = value(depth: 0, using: &rng)
            return [
                "$defs": [
                    "node": [
                        "type": "object", "required": ["value"], "additionalProperties": false,
                        "properties": [
                            "value": leaf,
                            "next": ["anyOf": [["$ref": "#/$defs/node"], ["type": "null"]]],
                        ],
                    ]
                ],
                "$ref": "#/$defs/node",
            ]
        }
        return value(depth: 2, using: &rng)
    }

    static func value(depth: Int, using rng: inout SeededGenerator) -> JSONValue {
        let kinds = depth > 0 ? 12 : 9
        switch Int.random(in: 0..<kinds, using: &rng) {
        case 0:
            let lo = Int.random(in: 0...3, using: &rng)
            return [
                "type": "string", "minLength": .int(lo), "maxLength": .int(lo + Int.random(in: 0...8, using: &rng)),
            ]
        case 1:
            let lo = Int.random(in: -50...50, using: &rng)
            return ["type": "integer", "minimum": .int(lo), "maximum": .int(lo + Int.random(in: 0...200, using: &rng))]
        case 2:
            let lo = Double(Int.random(in: -20...20, using: &rng)) / 4
            return ["type": "number", "exclusiveMinimum": .double(lo), "maximum": .double(lo + 10)]
        case 3:
            return ["enum": ["red", "green", "blue", 7, .null]]
        case 4:
            return ["type": ["string", "null"], "maxLength": .int(Int.random(in: 1...6, using: &rng))]
        case 5:
            return ["type": "boolean"]
        case 6:
            return ["anyOf": [["type": "integer", "minimum": 0, "maximum": 9], ["const": "none"]]]
        case 7:
            // A Kubernetes-style name: an RFC 1123 label pattern intersected with length bounds.
            let hi = Int.random(in: 1...12, using: &rng)
            return [
                "type": "string", "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "minLength": .int(min(hi, 2)),
                "maxLength": .int(hi),
            ]
        case 8:
            // Kubernetes' IntOrString: the branches overlap in null only.
            return [
                "oneOf": [
                    ["type": ["string", "null"], "maxLength": 4],
                    ["type": ["integer", "null"], "minimum": 0, "maximum": 99],
                ]
            ]
        case 9:
            let lo = Int.random(in: 0...2, using: &rng)
            return [
                "type": "array", "items": value(depth: depth - 1, using: &rng), "minItems": .int(lo),
                "maxItems": .int(lo + Int.random(in: 0...2, using: &rng)),
            ]
        default:
            var props: [String: JSONValue] = [:]
            var required: [JSONValue] = []
            for k in 0..<Int.random(in: 1...3, using: &rng) {
                let name = ["id", "name", "score", "tags", "kind"][k]
                props[name] = value(depth: depth - 1, using: &rng)
                if Bool.random(using: &rng) { required.append(.string(name)) }
            }
            return [
                "type": "object", "properties": .object(props), "required": .array(required),
                "additionalProperties": false,
            ]
        }
    }
}
