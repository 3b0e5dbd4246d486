import SwitchyardCore

/// Errors from reading inventories and flows: each names the file, the line or row, and the column.
enum ParseError {
    /// `invalid_inventory` at `file:line:column`.
    static func inventory(_ file: String, line: Int, column: Int? = nil, _ message: String) -> SwitchyardError {
        SwitchyardError(code: .invalidInventory, message: "\(place(file, line, column)): \(message)")
    }

    /// `invalid_flows` at `file:line:column`.
    static func flows(_ file: String, line: Int, column: Int? = nil, _ message: String) -> SwitchyardError {
        SwitchyardError(code: .invalidFlows, message: "\(place(file, line, column)): \(message)")
    }

    /// The largest count or size (MiB, KiB, cores) an inventory may give: 2^48. Anything larger is an error, so that
    /// sizing arithmetic downstream cannot overflow.
    static let maxNumber = 1 << 48

    static func place(_ file: String, _ line: Int, _ column: Int?) -> String {
        column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
    }

    /// `text` quoted for a message: escaped and cut to 40 characters.
    static func quote(_ text: some StringProtocol) -> String {
        var s = String(text.prefix(40)).debugDescription
        if text.count > 40 { s.insert(contentsOf: "…", at: s.index(before: s.endIndex)) }
        return s
    }
}
