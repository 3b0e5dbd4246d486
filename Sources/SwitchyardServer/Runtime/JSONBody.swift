import Foundation
import Hummingbird
import NIOCore
import SwitchyardCore

/// Reading JSON request bodies and writing JSON responses for the runtime API.
enum JSONBody {
    /// A JSON response with `status`.
    static func response(
        _ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: value.jsonText)))
    }

    /// The request's body as a JSON object whose members are all in `allowed`.
    /// - Throws: 413 `body_too_large` over `limit` bytes; 400 `invalid_json` for a body that is not JSON; 400
    ///   `invalid_request` for a body that is not an object or names a member not in `allowed`.
    static func object(_ request: Request, limit: Int, allowed: Set<String>) async throws -> Members {
        let buffer = try await collect(request, limit: limit)
        let value: JSONValue
        do {
            value = try JSONValue(parsing: String(buffer: buffer))
        } catch {
            throw APIError(.badRequest, code: .invalidJSON, message: "the request body is not valid JSON: \(error)")
        }
        guard case .object(let members) = value else {
            throw APIError(.badRequest, code: .invalidRequest, message: "the request body must be a JSON object")
        }
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError(
                .badRequest, code: .invalidRequest,
                message: "unknown field \(unknown.quotedExcerpt(limit: 40)); known fields: "
                    + allowed.sorted().joined(separator: ", "))
        }
        return Members(values: members)
    }

    /// The whole body: 413 `body_too_large` over `limit` bytes (by Content-Length before reading, or while reading).
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        let tooLarge = APIError(
            .contentTooLarge, code: .bodyTooLarge, message: "the request body is over the limit of \(limit) bytes")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// A body's members with typed access: a member of the wrong type is a 400 naming it.
    struct Members {
        let values: [String: JSONValue]

        func string(_ key: String) throws -> String? {
            guard let value = values[key], value != .null else { return nil }
            guard let text = value.stringValue else { throw wrongType(key, "a string") }
            return text
        }

        func requiredString(_ key: String) throws -> String {
            guard let text = try string(key), !text.isEmpty else {
                throw APIError(.badRequest, code: .missingArgument, message: "the field '\(key)' is required")
            }
            return text
        }

        func object(_ key: String) throws -> JSONValue? {
            guard let value = values[key], value != .null else { return nil }
            guard value.objectValue != nil else { throw wrongType(key, "an object") }
            return value
        }

        func number(_ key: String) throws -> Double? {
            guard let value = values[key], value != .null else { return nil }
            guard let number = value.numberValue, number.isFinite else { throw wrongType(key, "a number") }
            return number
        }

        func int(_ key: String) throws -> Int? {
            guard let value = values[key], value != .null else { return nil }
            guard let number = value.intValue else { throw wrongType(key, "an integer") }
            return number
        }

        func strings(_ key: String) throws -> [String]? {
            guard let value = values[key], value != .null else { return nil }
            guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
                throw wrongType(key, "an array of strings")
            }
            return items.compactMap(\.stringValue)
        }

        private func wrongType(_ key: String, _ expected: String) -> APIError {
            APIError(.badRequest, code: .invalidRequest, message: "the field '\(key)' must be \(expected)")
        }
    }
}

extension Request {
    /// A query parameter, or `nil` when absent or empty.
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }

    /// An integer query parameter within `range`.
    /// - Throws: 400 `invalid_argument` naming the parameter and the range.
    func query(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = query(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError(
                .badRequest, code: .invalidArgument,
                message:
                    "the query parameter '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A time query parameter: ISO 8601 (`2026-12-01T00:00:00Z`) or a span back from now (`7d`, `12h`, `30m`).
    /// - Throws: 400 `invalid_argument`.
    func queryTime(_ name: String, now: Date = Date()) throws -> Date? {
        guard let text = query(name) else { return nil }
        if let date = Date(iso8601: text) { return date }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800]
        if let unit = text.last, let scale = units[unit], let value = Double(text.dropLast()), value >= 0,
            value.isFinite
        {
            return now.addingTimeInterval(-value * scale)
        }
        throw APIError(
            .badRequest, code: .invalidArgument,
            message: "the query parameter '\(name)' must be an ISO 8601 time or a span such as 7d, 12h, 30m")
    }
}

extension TenantRequestContext {
    /// The path parameter `name` (present by the route's shape).
    func path(_ name: String) throws -> String {
        guard let value = parameters.get(name), !value.isEmpty else {
            throw APIError(.badRequest, code: .invalidArgument, message: "the path needs a '\(name)'")
        }
        return value
    }
}
