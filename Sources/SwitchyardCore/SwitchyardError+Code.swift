/// The stable codes a `SwitchyardError` carries.
extension SwitchyardError {
    /// A stable error code: compare it with the static members (`error.code == .threadNotFound`), switch over it,
    /// and print or encode its snake_case `rawValue` (`thread_not_found`) for scripts and HTTP bodies.
    ///
    /// A struct wrapping a private enum (as swift-service-lifecycle's `ServiceRunnerError.Code` and postgres-nio's
    /// `PSQLError.Code` are), so adding a code breaks no one's exhaustive `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible, Codable {
        fileprivate enum Base: String, CaseIterable, Sendable {
            case allDeploymentsFailed = "all_deployments_failed"
            case ambiguousResume = "ambiguous_resume"
            case binaryFile = "binary_file"
            case bodyTooLarge = "body_too_large"
            case budgetExceeded = "budget_exceeded"
            case cancelled = "cancelled"
            case chatTemplateMissing = "chat_template_missing"
            case chatTemplateUnsupported = "chat_template_unsupported"
            case checkpointNotFound = "checkpoint_not_found"
            case configNotFound = "config_not_found"
            case constraintTooLarge = "constraint_too_large"
            case constraintUnsatisfiable = "constraint_unsatisfiable"
            case contextLengthExceeded = "context_length_exceeded"
            case corruptCacheEntry = "corrupt_cache_entry"
            case corruptCheckpoint = "corrupt_checkpoint"
            case corruptVectorIndex = "corrupt_vector_index"
            case dataDirMissing = "data_dir_missing"
            case dataDirNotDirectory = "data_dir_not_directory"
            case dataDirReadOnly = "data_dir_read_only"
            case dataDirUnwritable = "data_dir_unwritable"
            case documentNotFound = "document_not_found"
            case duplicateRecordId = "duplicate_record_id"
            case embedderUnavailable = "embedder_unavailable"
            case embeddingFailed = "embedding_failed"
            case embeddingInputInvalid = "embedding_input_invalid"
            case embeddingInputUnreadable = "embedding_input_unreadable"
            case emptyFile = "empty_file"
            case emptyInput = "empty_input"
            case emptyPrompt = "empty_prompt"
            case emptySeries = "empty_series"
            case fileNotFound = "file_not_found"
            case foreignDatabase = "foreign_database"
            case ggufBadMagic = "gguf_bad_magic"
            case ggufCorrupt = "gguf_corrupt"
            case ggufTruncated = "gguf_truncated"
            case ggufUnsupportedTensorType = "gguf_unsupported_tensor_type"
            case ggufUnsupportedVersion = "gguf_unsupported_version"
            case graphMismatch = "graph_mismatch"
            case idempotencyConflict = "idempotency_conflict"
            case inputTooLarge = "input_too_large"
            case internalError = "internal_error"
            case invalidAPIKey = "invalid_api_key"
            case invalidAPIKeys = "invalid_api_keys"
            case invalidArgument = "invalid_argument"
            case invalidArguments = "invalid_arguments"
            case invalidConfig = "invalid_config"
            case invalidCron = "invalid_cron"
            case invalidDecision = "invalid_decision"
            case invalidFilter = "invalid_filter"
            case invalidFlows = "invalid_flows"
            case invalidGraph = "invalid_graph"
            case invalidInput = "invalid_input"
            case invalidInventory = "invalid_inventory"
            case invalidJSON = "invalid_json"
            case invalidJunit = "invalid_junit"
            case invalidK = "invalid_k"
            case invalidLabels = "invalid_labels"
            case invalidMode = "invalid_mode"
            case invalidPolicy = "invalid_policy"
            case invalidRegex = "invalid_regex"
            case invalidRequest = "invalid_request"
            case invalidRoute = "invalid_route"
            case invalidSchema = "invalid_schema"
            case invalidSeries = "invalid_series"
            case invalidStateEdit = "invalid_state_edit"
            case invalidTemplate = "invalid_template"
            case invalidTenant = "invalid_tenant"
            case invalidTimestamp = "invalid_timestamp"
            case invalidToken = "invalid_token"
            case invalidToolCall = "invalid_tool_call"
            case invalidToolSchema = "invalid_tool_schema"
            case invalidValue = "invalid_value"
            case invalidWorkflow = "invalid_workflow"
            case invalidWrite = "invalid_write"
            case journalCorrupt = "journal_corrupt"
            case knowledgeUnavailable = "knowledge_unavailable"
            case leaseLost = "lease_lost"
            case localGenerationIncomplete = "local_generation_incomplete"
            case localStructuredOutputUnavailable = "local_structured_output_unavailable"
            case malformedJSON = "malformed_json"
            case malformedQrels = "malformed_qrels"
            case malformedRecord = "malformed_record"
            case missingArgument = "missing_argument"
            case missingTenant = "missing_tenant"
            case modelConfigInvalid = "model_config_invalid"
            case modelFileUnreadable = "model_file_unreadable"
            case modelMetadataInvalid = "model_metadata_invalid"
            case modelMetadataMissing = "model_metadata_missing"
            case modelMissing = "model_missing"
            case modelNotFound = "model_not_found"
            case modelOutputInvalid = "model_output_invalid"
            case modelShapeMismatch = "model_shape_mismatch"
            case modelTensorMissing = "model_tensor_missing"
            case modelUnsupported = "model_unsupported"
            case newerDatabase = "newer_database"
            case noPendingInterrupt = "no_pending_interrupt"
            case noRoute = "no_route"
            case nodeFailed = "node_failed"
            case nodeTimeout = "node_timeout"
            case pdfUnreadable = "pdf_unreadable"
            case pdftotextFailed = "pdftotext_failed"
            case pdftotextMissing = "pdftotext_missing"
            case policyMissing = "policy_missing"
            case probeEmpty = "probe_empty"
            case probeStream = "probe_stream"
            case probeTools = "probe_tools"
            case probeUsage = "probe_usage"
            case providerRejected = "provider_rejected"
            case providerUnavailable = "provider_unavailable"
            case rateLimitWaitExceeded = "rate_limit_wait_exceeded"
            case rateLimited = "rate_limited"
            case recordWithoutText = "record_without_text"
            case recursionLimit = "recursion_limit"
            case requestTooLarge = "request_too_large"
            case revisionsExhausted = "revisions_exhausted"
            case routeFailed = "route_failed"
            case runExists = "run_exists"
            case runFinished = "run_finished"
            case runNotFound = "run_not_found"
            case runNotInterrupted = "run_not_interrupted"
            case safetensorsCorrupt = "safetensors_corrupt"
            case safetensorsMissingTensor = "safetensors_missing_tensor"
            case safetensorsShapeMismatch = "safetensors_shape_mismatch"
            case safetensorsUnreadable = "safetensors_unreadable"
            case safetensorsUnsupportedDtype = "safetensors_unsupported_dtype"
            case scheduleExists = "schedule_exists"
            case scheduleNotFound = "schedule_not_found"
            case schemaMissing = "schema_missing"
            case schemaValidationFailed = "schema_validation_failed"
            case secretDetected = "secret_detected"
            case serviceNotRunning = "service_not_running"
            case stateMismatch = "state_mismatch"
            case storeOpenFailed = "store_open_failed"
            case tenantExists = "tenant_exists"
            case threadBusy = "thread_busy"
            case threadConflict = "thread_conflict"
            case threadExists = "thread_exists"
            case threadNotFound = "thread_not_found"
            case tokenizerMetadataInvalid = "tokenizer_metadata_invalid"
            case tokenizerUnsupported = "tokenizer_unsupported"
            case unknownChannel = "unknown_channel"
            case unknownDetector = "unknown_detector"
            case unknownGraph = "unknown_graph"
            case unknownInterrupt = "unknown_interrupt"
            case unknownModel = "unknown_model"
            case unknownNode = "unknown_node"
            case unknownTenant = "unknown_tenant"
            case unknownTimezone = "unknown_timezone"
            case unknownWorkflow = "unknown_workflow"
            case unsupportedArchitecture = "unsupported_architecture"
            case unsupportedFileType = "unsupported_file_type"
            case unsupportedRegex = "unsupported_regex"
            case unsupportedSchemaKeyword = "unsupported_schema_keyword"
            case unsupportedTensorType = "unsupported_tensor_type"
            case upstreamFailed = "upstream_failed"
            case vectorDimensionMismatch = "vector_dimension_mismatch"
            case vocabularyCorrupt = "vocabulary_corrupt"
            case vocabularyMissingToken = "vocabulary_missing_token"
            case vocabularyUnreadable = "vocabulary_unreadable"
            case writeFailed = "write_failed"
        }

        fileprivate let base: Base
        fileprivate init(_ base: Base) { self.base = base }

        /// The snake_case identifier used in JSON, HTTP bodies and CLI output.
        public var rawValue: String { base.rawValue }
        public var description: String { base.rawValue }

        /// Parses a snake_case code (as received in a JSON error body); `nil` for an unknown one.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.base = base
        }

        /// Every code, for documentation and tests.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let code = Code(rawValue: text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "unknown error code \(text)"))
            }
            self = code
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }

        public static let allDeploymentsFailed = Code(.allDeploymentsFailed)
        public static let ambiguousResume = Code(.ambiguousResume)
        public static let binaryFile = Code(.binaryFile)
        public static let bodyTooLarge = Code(.bodyTooLarge)
        public static let budgetExceeded = Code(.budgetExceeded)
        public static let cancelled = Code(.cancelled)
        public static let chatTemplateMissing = Code(.chatTemplateMissing)
        public static let chatTemplateUnsupported = Code(.chatTemplateUnsupported)
        public static let checkpointNotFound = Code(.checkpointNotFound)
        public static let configNotFound = Code(.configNotFound)
        public static let constraintTooLarge = Code(.constraintTooLarge)
        public static let constraintUnsatisfiable = Code(.constraintUnsatisfiable)
        public static let contextLengthExceeded = Code(.contextLengthExceeded)
        public static let corruptCacheEntry = Code(.corruptCacheEntry)
        public static let corruptCheckpoint = Code(.corruptCheckpoint)
        public static let corruptVectorIndex = Code(.corruptVectorIndex)
        public static let dataDirMissing = Code(.dataDirMissing)
        public static let dataDirNotDirectory = Code(.dataDirNotDirectory)
        public static let dataDirReadOnly = Code(.dataDirReadOnly)
        public static let dataDirUnwritable = Code(.dataDirUnwritable)
        public static let documentNotFound = Code(.documentNotFound)
        public static let duplicateRecordId = Code(.duplicateRecordId)
        public static let embedderUnavailable = Code(.embedderUnavailable)
        public static let embeddingFailed = Code(.embeddingFailed)
        public static let embeddingInputInvalid = Code(.embeddingInputInvalid)
        public static let embeddingInputUnreadable = Code(.embeddingInputUnreadable)
        public static let emptyFile = Code(.emptyFile)
        public static let emptyInput = Code(.emptyInput)
        public static let emptyPrompt = Code(.emptyPrompt)
        public static let emptySeries = Code(.emptySeries)
        public static let fileNotFound = Code(.fileNotFound)
        public static let foreignDatabase = Code(.foreignDatabase)
        public static let ggufBadMagic = Code(.ggufBadMagic)
        public static let ggufCorrupt = Code(.ggufCorrupt)
        public static let ggufTruncated = Code(.ggufTruncated)
        public static let ggufUnsupportedTensorType = Code(.ggufUnsupportedTensorType)
        public static let ggufUnsupportedVersion = Code(.ggufUnsupportedVersion)
        public static let graphMismatch = Code(.graphMismatch)
        public static let idempotencyConflict = Code(.idempotencyConflict)
        public static let inputTooLarge = Code(.inputTooLarge)
        public static let internalError = Code(.internalError)
        public static let invalidAPIKey = Code(.invalidAPIKey)
        public static let invalidAPIKeys = Code(.invalidAPIKeys)
        public static let invalidArgument = Code(.invalidArgument)
        public static let invalidArguments = Code(.invalidArguments)
        public static let invalidConfig = Code(.invalidConfig)
        public static let invalidCron = Code(.invalidCron)
        public static let invalidDecision = Code(.invalidDecision)
        public static let invalidFilter = Code(.invalidFilter)
        public static let invalidFlows = Code(.invalidFlows)
        public static let invalidGraph = Code(.invalidGraph)
        public static let invalidInput = Code(.invalidInput)
        public static let invalidInventory = Code(.invalidInventory)
        public static let invalidJSON = Code(.invalidJSON)
        public static let invalidJunit = Code(.invalidJunit)
        public static let invalidK = Code(.invalidK)
        public static let invalidLabels = Code(.invalidLabels)
        public static let invalidMode = Code(.invalidMode)
        public static let invalidPolicy = Code(.invalidPolicy)
        public static let invalidRegex = Code(.invalidRegex)
        public static let invalidRequest = Code(.invalidRequest)
        public static let invalidRoute = Code(.invalidRoute)
        public static let invalidSchema = Code(.invalidSchema)
        public static let invalidSeries = Code(.invalidSeries)
        public static let invalidStateEdit = Code(.invalidStateEdit)
        public static let invalidTemplate = Code(.invalidTemplate)
        public static let invalidTenant = Code(.invalidTenant)
        public static let invalidTimestamp = Code(.invalidTimestamp)
        public static let invalidToken = Code(.invalidToken)
        public static let invalidToolCall = Code(.invalidToolCall)
        public static let invalidToolSchema = Code(.invalidToolSchema)
        public static let invalidValue = Code(.invalidValue)
        public static let invalidWorkflow = Code(.invalidWorkflow)
        public static let invalidWrite = Code(.invalidWrite)
        public static let journalCorrupt = Code(.journalCorrupt)
        public static let knowledgeUnavailable = Code(.knowledgeUnavailable)
        public static let leaseLost = Code(.leaseLost)
        public static let localGenerationIncomplete = Code(.localGenerationIncomplete)
        public static let localStructuredOutputUnavailable = Code(.localStructuredOutputUnavailable)
        public static let malformedJSON = Code(.malformedJSON)
        public static let malformedQrels = Code(.malformedQrels)
        public static let malformedRecord = Code(.malformedRecord)
        public static let missingArgument = Code(.missingArgument)
        public static let missingTenant = Code(.missingTenant)
        public static let modelConfigInvalid = Code(.modelConfigInvalid)
        public static let modelFileUnreadable = Code(.modelFileUnreadable)
        public static let modelMetadataInvalid = Code(.modelMetadataInvalid)
        public static let modelMetadataMissing = Code(.modelMetadataMissing)
        public static let modelMissing = Code(.modelMissing)
        public static let modelNotFound = Code(.modelNotFound)
        public static let modelOutputInvalid = Code(.modelOutputInvalid)
        public static let modelShapeMismatch = Code(.modelShapeMismatch)
        public static let modelTensorMissing = Code(.modelTensorMissing)
        public static let modelUnsupported = Code(.modelUnsupported)
        public static let newerDatabase = Code(.newerDatabase)
        public static let noPendingInterrupt = Code(.noPendingInterrupt)
        public static let noRoute = Code(.noRoute)
        public static let nodeFailed = Code(.nodeFailed)
        public static let nodeTimeout = Code(.nodeTimeout)
        public static let pdfUnreadable = Code(.pdfUnreadable)
        public static let pdftotextFailed = Code(.pdftotextFailed)
        public static let pdftotextMissing = Code(.pdftotextMissing)
        public static let policyMissing = Code(.policyMissing)
        public static let probeEmpty = Code(.probeEmpty)
        public static let probeStream = Code(.probeStream)
        public static let probeTools = Code(.probeTools)
        public static let probeUsage = Code(.probeUsage)
        public static let providerRejected = Code(.providerRejected)
        public static let providerUnavailable = Code(.providerUnavailable)
        public static let rateLimitWaitExceeded = Code(.rateLimitWaitExceeded)
        public static let rateLimited = Code(.rateLimited)
        public static let recordWithoutText = Code(.recordWithoutText)
        public static let recursionLimit = Code(.recursionLimit)
        public static let requestTooLarge = Code(.requestTooLarge)
        public static let revisionsExhausted = Code(.revisionsExhausted)
        public static let routeFailed = Code(.routeFailed)
        public static let runExists = Code(.runExists)
        public static let runFinished = Code(.runFinished)
        public static let runNotFound = Code(.runNotFound)
        public static let runNotInterrupted = Code(.runNotInterrupted)
        public static let safetensorsCorrupt = Code(.safetensorsCorrupt)
        public static let safetensorsMissingTensor = Code(.safetensorsMissingTensor)
        public static let safetensorsShapeMismatch = Code(.safetensorsShapeMismatch)
        public static let safetensorsUnreadable = Code(.safetensorsUnreadable)
        public static let safetensorsUnsupportedDtype = Code(.safetensorsUnsupportedDtype)
        public static let scheduleExists = Code(.scheduleExists)
        public static let scheduleNotFound = Code(.scheduleNotFound)
        public static let schemaMissing = Code(.schemaMissing)
        public static let schemaValidationFailed = Code(.schemaValidationFailed)
        public static let secretDetected = Code(.secretDetected)
        public static let serviceNotRunning = Code(.serviceNotRunning)
        public static let stateMismatch = Code(.stateMismatch)
        public static let storeOpenFailed = Code(.storeOpenFailed)
        public static let tenantExists = Code(.tenantExists)
        public static let threadBusy = Code(.threadBusy)
        public static let threadConflict = Code(.threadConflict)
        public static let threadExists = Code(.threadExists)
        public static let threadNotFound = Code(.threadNotFound)
        public static let tokenizerMetadataInvalid = Code(.tokenizerMetadataInvalid)
        public static let tokenizerUnsupported = Code(.tokenizerUnsupported)
        public static let unknownChannel = Code(.unknownChannel)
        public static let unknownDetector = Code(.unknownDetector)
        public static let unknownGraph = Code(.unknownGraph)
        public static let unknownInterrupt = Code(.unknownInterrupt)
        public static let unknownModel = Code(.unknownModel)
        public static let unknownNode = Code(.unknownNode)
        public static let unknownTenant = Code(.unknownTenant)
        public static let unknownTimezone = Code(.unknownTimezone)
        public static let unknownWorkflow = Code(.unknownWorkflow)
        public static let unsupportedArchitecture = Code(.unsupportedArchitecture)
        public static let unsupportedFileType = Code(.unsupportedFileType)
        public static let unsupportedRegex = Code(.unsupportedRegex)
        public static let unsupportedSchemaKeyword = Code(.unsupportedSchemaKeyword)
        public static let unsupportedTensorType = Code(.unsupportedTensorType)
        public static let upstreamFailed = Code(.upstreamFailed)
        public static let vectorDimensionMismatch = Code(.vectorDimensionMismatch)
        public static let vocabularyCorrupt = Code(.vocabularyCorrupt)
        public static let vocabularyMissingToken = Code(.vocabularyMissingToken)
        public static let vocabularyUnreadable = Code(.vocabularyUnreadable)
        public static let writeFailed = Code(.writeFailed)
    }
}
