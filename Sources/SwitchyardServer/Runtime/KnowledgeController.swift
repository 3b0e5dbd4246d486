import Foundation
import Hummingbird
import SwitchyardCore
import SwitchyardKnowledge

/// The tenant's knowledge base over HTTP (scope `knowledge`): upload, list, delete and search documents, with the
/// same results as `switchyard ingest`, `documents` and `search`.
struct KnowledgeController: Sendable {
    let knowledge: KnowledgeBase

    func addRoutes(to group: RouterGroup<TenantRequestContext>) {
        group.post("documents", use: upload)
        group.get("documents", use: list)
        group.delete("documents/:id", use: delete)
        group.post("search", use: search)
    }

    /// `{"documents": [{"source": "brand-guide.md", "text": "…", "type": "md"}]}`: each document's type comes from
    /// `type`, else from the source's extension, else `txt`. Re-uploading a source replaces its documents. Every
    /// document is checked before anything is stored.
    ///
    /// Or `multipart/form-data` (as `curl -F file=@brand-guide.md` sends): each `file` part is a document named
    /// by its filename, typed by its extension (or by a `type` field for every file), UTF-8 text.
    @Sendable func upload(_ request: Request, context: TenantRequestContext) async throws -> Response {
        if MultipartForm.isForm(request.headers[.contentType]) {
            return try await uploadForm(request, context: context)
        }
        let body = try await JSONBody.object(request, limit: context.maxUploadSize, allowed: ["documents"])
        guard let items = body.values["documents"]?.arrayValue, !items.isEmpty else {
            throw APIError(
                .badRequest, code: .invalidRequest,
                message: "'documents' must be a non-empty array of {source, text, type?} objects")
        }
        var documents: [LoadedDocument] = []
        for (index, item) in items.enumerated() {
            guard case .object(let fields) = item else {
                throw APIError(.badRequest, code: .invalidRequest, message: "documents[\(index)] must be an object")
            }
            if let unknown = fields.keys.sorted().first(where: { !["source", "text", "type"].contains($0) }) {
                throw APIError(
                    .badRequest, code: .invalidRequest,
                    message:
                        "documents[\(index)]: unknown field \(unknown.quotedExcerpt(limit: 40)); use source, text, type"
                )
            }
            guard let source = fields["source"]?.stringValue, !source.isEmpty, source.count <= 512 else {
                throw APIError(
                    .badRequest, code: .invalidRequest,
                    message: "documents[\(index)].source must be a name of 1 to 512 characters (brand-guide.md)")
            }
            guard let text = fields["text"]?.stringValue else {
                throw APIError(.badRequest, code: .invalidRequest, message: "documents[\(index)].text must be a string")
            }
            if let type = fields["type"], type.stringValue == nil {
                throw APIError(.badRequest, code: .invalidRequest, message: "documents[\(index)].type must be a string")
            }
            let ext = URL(fileURLWithPath: source).pathExtension
            let type = fields["type"]?.stringValue ?? (ext.isEmpty ? "txt" : ext)
            documents += try DocumentLoader().load(text: text, source: source, type: type)
        }
        let report = try await knowledge.ingest(documents: documents, tenant: context.caller.tenant)
        return JSONBody.response(report.json(tenant: context.caller.tenant), status: .created)
    }

    /// The multipart upload: every part is checked before anything is stored.
    func uploadForm(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await JSONBody.collect(request, limit: context.maxUploadSize)
        let form = try MultipartForm(body, contentType: request.headers[.contentType] ?? "")
        if let unknown = form.parts.first(where: { !["file", "type"].contains($0.field) }) {
            throw MultipartForm.bad(
                "unknown form field \(unknown.field.quotedExcerpt(limit: 40)); send each document as a 'file' part "
                    + "(and optionally one 'type' field)")
        }
        let type = form.parts.first { $0.field == "type" }.map { String(buffer: $0.body) }
        let files = form.parts.filter { $0.field == "file" }
        guard !files.isEmpty else {
            throw MultipartForm.bad("the form has no 'file' part; send documents as file=@NAME")
        }
        var documents: [LoadedDocument] = []
        for (index, file) in files.enumerated() {
            guard let source = file.filename, !source.isEmpty, source.count <= 512 else {
                throw MultipartForm.bad(
                    "file part \(index + 1) needs a filename of 1 to 512 characters (Content-Disposition: form-data; "
                        + "name=\"file\"; filename=\"brand-guide.md\")")
            }
            guard let text = String(bytes: file.body.readableBytesView, encoding: .utf8) else {
                throw MultipartForm.bad(
                    "file \(source.quotedExcerpt(limit: 80)) is not UTF-8 text; upload text documents (md, txt, html, "
                        + "csv, json)")
            }
            let ext = URL(fileURLWithPath: source).pathExtension
            documents += try DocumentLoader().load(
                text: text, source: source, type: type ?? (ext.isEmpty ? "txt" : ext))
        }
        let report = try await knowledge.ingest(documents: documents, tenant: context.caller.tenant)
        return JSONBody.response(report.json(tenant: context.caller.tenant), status: .created)
    }

    @Sendable func list(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let documents = try await knowledge.documents(tenant: context.caller.tenant)
        return JSONBody.response(["documents": .array(documents.map(\.json))])
    }

    /// `DELETE /v1/documents/{id}`, the id percent-encoded (file ids are paths).
    @Sendable func delete(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let raw = try context.path("id")
        let id = raw.removingPercentEncoding ?? raw
        guard try await knowledge.deleteDocument(id, tenant: context.caller.tenant) else {
            throw APIError(
                .notFound, code: .documentNotFound,
                message: "there is no document \(id.quotedExcerpt(limit: 80)) for this tenant; list them with GET "
                    + "/v1/documents")
        }
        return Response(status: .noContent)
    }

    /// `{"query": "…", "k": 10, "mode": "hybrid", "filter": {"type": "markdown"}}`.
    @Sendable func search(_ request: Request, context: TenantRequestContext) async throws -> Response {
        let body = try await JSONBody.object(
            request, limit: context.maxUploadSize, allowed: ["query", "k", "mode", "filter"])
        let query = try body.requiredString("query")
        let k = try body.int("k") ?? 10
        guard (1...100).contains(k) else {
            throw APIError(.badRequest, code: .invalidK, message: "k must be from 1 to 100")
        }
        let modeName = try body.string("mode") ?? "hybrid"
        guard let mode = SearchMode(modeName) else {
            throw APIError(.badRequest, code: .invalidMode, message: "mode must be vector, keyword or hybrid")
        }
        var conditions: [String: String] = [:]
        for (key, value) in try body.object("filter")?.objectValue ?? [:] {
            guard let text = value.stringValue else {
                throw APIError(.badRequest, code: .invalidFilter, message: "filter.\(key) must be a string")
            }
            conditions[key] = text
        }
        let results = try await knowledge.search(
            query, tenant: context.caller.tenant, k: k, mode: mode, filter: SearchFilter(conditions))
        return JSONBody.response([
            "query": .string(query), "mode": .string(mode.name), "results": .array(results.map(\.json)),
        ])
    }
}
