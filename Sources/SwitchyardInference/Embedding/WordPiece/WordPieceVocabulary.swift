import Foundation
import SwitchyardCore

/// A WordPiece vocabulary: token string ↔ id, as in BERT's `vocab.txt` (one token per line, id = line
/// number from 0).
public struct WordPieceVocabulary: Sendable {
    /// Tokens by id.
    public let tokens: [String]
    private let ids: [String: Int32]
    /// The longest token, in Unicode scalars (bounds the greedy search).
    let longestToken: Int

    /// A vocabulary from its tokens in id order. Duplicate tokens keep their first id.
    ///
    /// - Parameter tokens: The word pieces, by id.
    public init(tokens: [String]) {
        self.tokens = tokens
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(tokens.count)
        var longest = 0
        for (i, t) in tokens.enumerated() where ids[t] == nil {
            ids[t] = Int32(i)
            longest = max(longest, t.unicodeScalars.count)
        }
        self.ids = ids
        self.longestToken = longest
    }

    /// Reads `vocab.txt` (UTF-8, one token per line; a trailing newline is allowed).
    ///
    /// - Parameter path: The `vocab.txt` file.
    /// - Throws: `SwitchyardError`: `vocabulary_unreadable`, or `vocabulary_corrupt` for a file that is not UTF-8 or
    ///   holds no tokens.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SwitchyardError(
                code: .vocabularyUnreadable, message: "cannot read the WordPiece vocabulary \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SwitchyardError(code: .vocabularyCorrupt, message: "\(path) is not UTF-8 text")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else {
            throw SwitchyardError(code: .vocabularyCorrupt, message: "\(path) holds no tokens")
        }
        self.init(tokens: lines)
    }

    /// Number of tokens.
    public var count: Int { tokens.count }

    /// The id of `token`, if it is in the vocabulary.
    ///
    /// - Parameter token: A word piece (`##` marks a continuation).
    public func id(_ token: String) -> Int32? { ids[token] }

    /// The id of `token`, or a `vocabulary_missing_token` error (for the special tokens a model needs).
    func requiredID(_ token: String) throws -> Int32 {
        guard let id = ids[token] else {
            throw SwitchyardError(code: .vocabularyMissingToken, message: "the vocabulary has no \(token) token")
        }
        return id
    }
}
