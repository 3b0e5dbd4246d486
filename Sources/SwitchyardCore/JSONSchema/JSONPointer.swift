import Foundation

/// JSON Pointer (RFC 6901) helpers: escaping reference tokens and resolving pointers in a `JSONValue`.
public enum JSONPointer {
    /// Escapes one reference token: `~` becomes `~0` and `/` becomes `~1`.
    ///
    /// - Parameter token: One reference token, unescaped.
    public static func escape(_ token: String) -> String {
        guard token.contains(where: { $0 == "~" || $0 == "/" }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// Undoes `escape(_:)`.
    ///
    /// - Parameter token: One reference token as it stands in a pointer.
    public static func unescape(_ token: String) -> String {
        guard token.contains("~") else { return token }
        return token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }

    /// The unescaped reference tokens of `pointer` ("" is the whole document), or `nil` when it is not a pointer.
    ///
    /// - Parameter pointer: A JSON Pointer (RFC 6901), such as `/items/0/name`.
    public static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            unescape(String($0))
        }
    }

    /// The value `pointer` designates inside `document`, or `nil` when nothing is there.
    ///
    /// - Parameters:
    ///   - pointer: A JSON Pointer (RFC 6901); "" designates `document` itself.
    ///   - document: The document to look into.
    public static func resolve(_ pointer: String, in document: JSONValue) -> JSONValue? {
        guard let tokens = tokens(pointer) else { return nil }
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = arrayIndex(token), index < items.count else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// A token as an array index: decimal digits without a leading zero.
    static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if token.utf8.count > 1 && token.utf8.first == 48 { return nil }
        return Int(token)
    }
}

/// One step of a path through a JSON document: a member name or an array index.
enum PathToken: Sendable {
    case key(String)
    case index(Int)

    var escaped: String {
        switch self {
        case .key(let k): return JSONPointer.escape(k)
        case .index(let i): return String(i)
        }
    }
}

extension Array where Element == PathToken {
    /// The JSON Pointer these tokens spell.
    var pointer: String {
        var text = ""
        for token in self {
            text += "/"
            text += token.escaped
        }
        return text
    }
}
