import HTTPTypes
import SwitchyardCore

extension SwitchyardError.Code {
    /// The HTTP status an error with this code is answered with: what the caller named does not exist → 404,
    /// what the caller sent is wrong → 400 (413 when too large, 422 for an idempotency key reused with another body),
    /// missing or bad credentials → 401, a key without the scope → 403, budgets → 402, limits → 429, a busy resource
    /// or a state that does not allow the change → 409,
    /// upstream failures → 502, a stopped service → 503; anything else is the server's fault → 500.
    public var httpStatus: HTTPResponse.Status {
        switch self {
        case .unknownModel, .threadNotFound, .checkpointNotFound, .documentNotFound, .unknownGraph, .modelNotFound,
            .fileNotFound, .runNotFound, .scheduleNotFound, .apiKeyNotFound, .unknownWorkflow, .unknownTenant,
            .notFound:
            .notFound
        case .noRoute, .secretDetected, .invalidTenant, .providerRejected, .invalidArgument, .invalidArguments,
            .invalidJSON, .malformedJSON, .invalidSchema, .schemaValidationFailed, .invalidToolCall, .invalidToolSchema,
            .invalidFilter, .invalidK, .invalidMode, .invalidRegex, .unsupportedRegex, .unsupportedSchemaKeyword,
            .constraintUnsatisfiable, .constraintTooLarge, .contextLengthExceeded, .emptyInput, .emptyPrompt,
            .missingArgument, .invalidStateEdit, .unknownNode, .unknownInterrupt, .unknownChannel, .invalidInput,
            .invalidCron, .unknownTimezone, .invalidDecision, .invalidCursor, .invalidRequest, .invalidValue,
            .unsupportedFileType, .emptyFile, .malformedRecord, .recordWithoutText, .binaryFile,
            .unsupportedOption:
            .badRequest
        case .missingTenant, .invalidAPIKey, .invalidToken, .apiKeyExpired, .apiKeyRevoked:
            .unauthorized
        case .insufficientScope:
            .forbidden
        case .idempotencyConflict:
            .unprocessableContent
        case .requestTooLarge, .bodyTooLarge:
            .contentTooLarge
        case .budgetExceeded:
            HTTPResponse.Status(code: 402, reasonPhrase: "Payment Required")
        case .rateLimited, .rateLimitWaitExceeded:
            .tooManyRequests
        case .threadBusy, .threadConflict, .threadExists, .idempotencyInFlight, .runFinished, .runNotInterrupted,
            .scheduleExists, .tenantExists, .runExists:
            .conflict
        case .allDeploymentsFailed, .upstreamFailed, .providerUnavailable:
            .badGateway
        case .serviceNotRunning, .embedderUnavailable, .knowledgeUnavailable:
            .serviceUnavailable
        case .cancelled:
            HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")
        default:
            .internalServerError
        }
    }
}
