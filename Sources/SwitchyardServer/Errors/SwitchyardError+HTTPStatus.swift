import HTTPTypes
import SwitchyardCore

extension SwitchyardError.Code {
    /// The HTTP status an error with this code is answered with: what the caller named does not exist → 404,
    /// what the caller sent is wrong → 400 (413 when too large), budgets → 402, limits → 429, a busy resource → 409,
    /// upstream failures → 502; anything else is the server's fault → 500.
    public var httpStatus: HTTPResponse.Status {
        switch self {
        case .unknownModel, .threadNotFound, .checkpointNotFound, .documentNotFound, .unknownGraph, .modelNotFound,
            .fileNotFound:
            .notFound
        case .noRoute, .secretDetected, .invalidTenant, .providerRejected, .invalidArgument, .invalidArguments,
            .invalidJSON, .malformedJSON, .invalidSchema, .schemaValidationFailed, .invalidToolCall, .invalidToolSchema,
            .invalidFilter, .invalidK, .invalidMode, .invalidRegex, .unsupportedRegex, .unsupportedSchemaKeyword,
            .constraintUnsatisfiable, .constraintTooLarge, .contextLengthExceeded, .emptyInput, .emptyPrompt,
            .missingArgument, .invalidStateEdit, .unknownNode, .unknownInterrupt, .unknownChannel:
            .badRequest
        case .missingTenant, .invalidAPIKey, .invalidToken:
            .unauthorized
        case .requestTooLarge, .bodyTooLarge:
            .contentTooLarge
        case .budgetExceeded:
            HTTPResponse.Status(code: 402, reasonPhrase: "Payment Required")
        case .rateLimited, .rateLimitWaitExceeded:
            .tooManyRequests
        case .threadBusy, .threadConflict, .threadExists:
            .conflict
        case .allDeploymentsFailed, .upstreamFailed, .providerUnavailable:
            .badGateway
        case .cancelled:
            HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")
        default:
            .internalServerError
        }
    }
}
