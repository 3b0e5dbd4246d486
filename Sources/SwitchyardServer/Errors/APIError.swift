import Foundation
import Hummingbird
import SwitchyardCore
import SwitchyardModels

/// An error the HTTP API answers with: a status, a stable snake_case `code` and a message saying what to do,
/// rendered as OpenAI-style JSON `{"error": {"code": …, "message": …, "type": …}}`.
public struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    /// The HTTP status it is answered with.
    public var status: HTTPResponse.Status
    /// A stable code for scripts (`missing_tenant`, `unknown_model`, …).
    public var code: SwitchyardError.Code
    /// What went wrong and how to fix it, for a person.
    public var message: String
    /// Extra headers (for example `retry-after` on a 429).
    public var headers: HTTPFields

    /// An error.
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - code: The stable code.
    ///   - message: What went wrong and how to fix it.
    ///   - headers: Extra headers.
    public init(_ status: HTTPResponse.Status, code: SwitchyardError.Code, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The JSON body, in the shape OpenAI clients parse (`type` mirrors the code).
    public var body: JSONValue {
        ["error": ["code": .string(code.rawValue), "message": .string(message), "type": .string(code.rawValue)]]
    }

    /// Renders ``body`` as `application/json` with ``status`` and ``headers``.
    /// - Parameters:
    ///   - request: The request being answered (unused).
    ///   - context: Its context (unused).
    /// - Throws: Nothing in practice (`HTTPResponseError` requires `throws`).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body.jsonText)))
    }
}

extension APIError {
    /// No API key (and no tenant header in the development mode).
    static func missingTenant() -> APIError {
        APIError(
            .unauthorized, code: .missingTenant,
            message: "send an API key as 'Authorization: Bearer KEY' (create one with `switchyard keys create "
                + "--tenant NAME`); the \(ServerOptions.tenantHeader) header works only with `serve "
                + "--dev-tenant-header` on a loopback address")
    }

    /// Translates what the gateway threw into a status: unknown models are 404, budgets 402, limits 429,
    /// upstream failures 502, refused content 400.
    /// - Parameter error: What the gateway (or a route) threw.
    public static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as SwitchyardError:
            let text =
                error.details.isEmpty ? error.message : error.message + ": " + error.details.joined(separator: "; ")
            return APIError(error.code.httpStatus, code: error.code, message: text)
        case let error as ProviderError:
            if error.kind == .rateLimited {
                return APIError(.tooManyRequests, code: .rateLimited, message: error.description)
            }
            if error.kind == .rejected {
                return APIError(.badRequest, code: .providerRejected, message: error.description)
            }
            return APIError(.badGateway, code: .upstreamFailed, message: error.description)
        case is CancellationError:
            return APIError(
                HTTPResponse.Status(code: 499), code: .cancelled, message: "the request was cancelled")
        default:
            return APIError(.internalServerError, code: .internalError, message: String(describing: error))
        }
    }
}
