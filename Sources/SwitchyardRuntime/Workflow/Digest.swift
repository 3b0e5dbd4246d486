import Crypto

/// Content hashes for provenance: a run records the hashes of the workflow and prompts it used.
enum Digest {
    /// The SHA-256 of `text`'s UTF-8 bytes, as 64 lowercase hex digits.
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
