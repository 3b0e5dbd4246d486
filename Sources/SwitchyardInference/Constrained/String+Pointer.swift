import SwitchyardCore

extension String {
    /// A JSON Pointer for an error message: as is when short and printable, else quoted, escaped and cut
    /// (`quotedExcerpt`), since pointers carry property names taken from the schema.
    var shownPointer: String {
        var count = 0
        for scalar in unicodeScalars {
            count += 1
            if count > 160 || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                return quotedExcerpt(limit: 160)
            }
        }
        return isEmpty ? "(root)" : self
    }
}
