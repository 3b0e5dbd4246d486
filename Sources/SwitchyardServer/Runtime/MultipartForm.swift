import Foundation
import HTTPTypes
import MultipartKit
import NIOCore
import SwitchyardCore

/// A `multipart/form-data` body (RFC 7578), parsed with multipart-kit: its parts with their field names, file
/// names and bytes. A body cut short (no closing delimiter) or malformed is a 400 that says so; nothing is kept
/// from it.
struct MultipartForm {
    struct Part {
        /// The form field (`name` in Content-Disposition).
        var field: String
        /// The uploaded file's name, when the part is a file.
        var filename: String?
        var contentType: String?
        var body: ByteBuffer
    }

    var parts: [Part]

    /// Whether `contentType` announces a form.
    static func isForm(_ contentType: String?) -> Bool {
        contentType?.lowercased().hasPrefix("multipart/form-data") == true
    }

    /// Parses `body` sent with `contentType`.
    /// - Throws: 400 `invalid_request` for a missing boundary, a body without its closing delimiter (cut short),
    ///   a malformed part, or a part without a field name.
    init(_ body: ByteBuffer, contentType: String) throws {
        let boundary = try Self.boundary(contentType)
        // multipart-kit stops quietly at the end of its input: a body cut short would lose its last part.
        guard String(buffer: body).contains("--\(boundary)--") else {
            throw Self.bad(
                "the multipart body has no closing delimiter '--\(boundary)--': it was cut short or the boundary is "
                    + "wrong")
        }
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var headers: [(String, String)] = []
        var current = ByteBuffer()
        var failure: APIError?
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            defer {
                headers = []
                current = ByteBuffer()
            }
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            guard let field = Self.parameter("name", in: disposition) else {
                failure =
                    failure
                    ?? Self.bad(
                        "part \(parts.count + 1) has no field name (Content-Disposition: form-data; name=\"file\"; "
                            + "filename=\"…\")")
                return
            }
            parts.append(
                Part(
                    field: field, filename: Self.parameter("filename", in: disposition),
                    contentType: headers.first { $0.0.lowercased() == "content-type" }?.1, body: current))
        }
        do {
            try parser.execute(body)
        } catch {
            throw Self.bad("the multipart body is malformed (a part's headers could not be read)")
        }
        if let failure { throw failure }
        self.parts = parts
    }

    /// The `boundary` parameter of a `multipart/form-data` content type.
    static func boundary(_ contentType: String) throws -> String {
        guard let boundary = parameter("boundary", in: contentType), !boundary.isEmpty, boundary.count <= 70 else {
            throw bad("Content-Type multipart/form-data needs a boundary of 1 to 70 characters (RFC 2046)")
        }
        return boundary
    }

    /// A `key=value` or `key="value"` parameter of a header value (the first match, case-insensitive key).
    static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key.lowercased() else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            return value
        }
        return nil
    }

    static func bad(_ message: String) -> APIError {
        APIError(.badRequest, code: .invalidRequest, message: message)
    }
}
