/// Maps addresses (IPv4 fast, anything else by exact text) and VM names to estate indices.
public struct AddressBook: Sendable {
    private var ipv4: [UInt32: Int32] = [:]
    private var text: [String: Int32] = [:]

    /// Indexes every IP address and name of every VM in `estate`. A name or address shared by two VMs maps to
    /// the first (by name).
    /// - Parameter estate: the VMs whose addresses and names to index.
    public init(_ estate: Estate) {
        for (index, vm) in estate.vms.enumerated() {
            for ip in vm.ipAddresses {
                if let v4 = AddressBook.parseIPv4(Array(ip.utf8)[...]) {
                    if ipv4[v4] == nil { ipv4[v4] = Int32(index) }
                } else if text[ip.lowercased()] == nil {
                    text[ip.lowercased()] = Int32(index)
                }
            }
            if text[vm.name.lowercased()] == nil { text[vm.name.lowercased()] = Int32(index) }
        }
    }

    /// The VM with address or name `bytes`, or nil.
    @inline(__always)
    func lookup(_ bytes: ArraySlice<UInt8>) -> Int32? {
        if let v4 = AddressBook.parseIPv4(bytes) { return ipv4[v4] }
        if text.isEmpty { return nil }
        return text[String(decoding: bytes, as: UTF8.self).lowercased()]
    }

    /// The VM with address or name `address`, or nil.
    /// - Parameter address: an IP address or a VM name.
    public func lookup(_ address: String) -> Int? { lookup(Array(address.utf8)[...]).map(Int.init) }

    /// Dotted-quad IPv4 to a 32-bit value; nil when `bytes` is not exactly four decimal octets.
    @inline(__always)
    static func parseIPv4(_ bytes: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        for b in bytes {
            if b >= 48 && b <= 57 {
                octet = octet * 10 + UInt32(b - 48)
                digits += 1
                if digits > 3 || octet > 255 { return nil }
            } else if b == 46 {
                if digits == 0 || dots == 3 { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }
}
