import SwitchyardModels
import Testing

/// Each class of personal data is found, and what only looks like it is not: Luhn and mod-97 negatives, dates,
/// times, version strings, MAC addresses, bare digit runs.
@Suite struct PIIDetectionTests {
    /// The pieces of `text` the redactor for `classes` finds, with their class.
    func found(_ text: String, _ classes: [PIIClass] = [.email, .phone, .card, .iban, .ip]) -> [String] {
        PIIRedactor(classes: classes).findings(in: text).map { "\($0.type):\(text[$0.range])" }
    }

    static let positives: [(PIIClass, String)] = [
        (.email, "ana.lopez+news@example.co.uk"),
        (.email, "J.Doe@Mail.Example.com"),
        (.email, "x_1@sub.example.io"),
        (.phone, "+44 20 7946 0958"),
        (.phone, "+1 (415) 555-0132"),
        (.phone, "+4930123456"),
        (.phone, "(415) 555-0132"),
        (.phone, "415-555-0132"),
        (.phone, "415.555.0132"),
        (.phone, "1-415-555-0132"),
        (.phone, "030 1234 5678"),
        (.phone, "06 12 34 56 78"),
        (.phone, "0176-12345678"),
        (.phone, "030/1234567"),
        (.card, "4111 1111 1111 1111"),
        (.card, "4111-1111-1111-1111"),
        (.card, "4111111111111111"),
        (.card, "5500 0000 0000 0004"),
        (.card, "3782 822463 10005"),
        (.card, "6011111111111117"),
        (.card, "2221 0000 0000 0009"),
        (.iban, "DE89 3704 0044 0532 0130 00"),
        (.iban, "DE89370400440532013000"),
        (.iban, "GB82 WEST 1234 5698 7654 32"),
        (.iban, "FR14 2004 1010 0505 0001 3M02 606"),
        (.iban, "NL91ABNA0417164300"),
        (.iban, "NO93 8601 1117 947"),
        (.ip, "192.168.1.20"),
        (.ip, "8.8.8.8"),
        (.ip, "0.0.0.0"),
        (.ip, "2001:db8::1"),
        (.ip, "2001:0db8:85a3:0000:0000:8a2e:0370:7334"),
        (.ip, "fe80::1ff:fe23:4567:890a"),
        (.ip, "::1"),
        (.ip, "::ffff:192.0.2.1"),
    ]

    @Test(arguments: positives)
    func findsEachClassInASentence(_ type: PIIClass, _ value: String) {
        #expect(found("Please note: \(value), thanks.") == ["\(type):\(value)"])
        #expect(found(value) == ["\(type):\(value)"])
        #expect(found("(\(value))") == ["\(type):\(value)"])
        // A redactor for that class alone finds it too; one for no class finds nothing.
        #expect(found(value, [type]) == ["\(type):\(value)"])
        #expect(found(value, []) == [])
    }

    static let negatives: [String] = [
        // Cards: the Luhn check digit is wrong, or no network starts with the first digit.
        "4111 1111 1111 1112", "4111111111111110", "5500 0000 0000 0005", "1234 5678 9012 3452",
        "order 7400 1234 5678 9012 ready",
        // IBANs: the mod-97 check fails, an unknown country, too short, too long in the last group.
        "DE89 3704 0044 0532 0130 01", "DE98 3704 0044 0532 0130 00", "XX89 3704 0044 0532 0130 00",
        "DE89 3704 0044 0532 0130", "DE8937040044053201300099",
        // IPs: octets over 255, leading zeros, too few or too many parts, versions, MACs, times, C++.
        "999.1.1.1", "1.2.3", "1.2.3.4.5", "01.02.03.04", "v1.2.3.4", "version 1.2.3.4", "Release: 10.0.0.1",
        "build 4.4.0.19", "00:1A:2B:3C:4D:5E", "10:30:45", "std::vector", "dead::beef", "1:2:3:4:5:6:7:8:9",
        // Phones: dates, decimals, grouped thousands, bare digit runs, too short or too long.
        "2024-01-15", "15.01.2024", "01/02/2024", "3.14159", "12 345 678", "1234567890", "+12 34",
        "+1234567890123456", "ISBN 978-3-16-148410-0", "room 101", "call ext. 4411",
        // E-mail-like: no domain, no top-level domain, a handle.
        "user@localhost", "@handle", "name@domain.c", "a@b",
    ]

    @Test(arguments: negatives)
    func leavesLookAlikesAlone(_ text: String) {
        #expect(found("see \(text) here") == [])
    }

    @Test func findingsDoNotOverlapAndTheStrongerClassWins() {
        // The card-like run inside an IBAN stays part of the IBAN; digits in an address stay in the address.
        #expect(found("IBAN DE89 3704 0044 0532 0130 00.") == ["iban:DE89 3704 0044 0532 0130 00"])
        #expect(found("mail 4155550132@example.com") == ["email:4155550132@example.com"])
        // An IBAN printed before an upper-case word ends at its country's length.
        #expect(found("BE68 5390 0754 7034 ABCD") == ["iban:BE68 5390 0754 7034"])
        #expect(
            found("ana@example.com, +44 20 7946 0958, 4111 1111 1111 1111, 10.0.0.1")
                == ["email:ana@example.com", "phone:+44 20 7946 0958", "card:4111 1111 1111 1111", "ip:10.0.0.1"])
        // A card number followed by a year: the card is the 16 digits.
        #expect(found("card 4111 1111 1111 1111 2027") == ["card:4111 1111 1111 1111"])
        // Ports and prefixes are not part of the address.
        #expect(
            found("10.0.0.1:8080 and 10.0.0.0/8 and [2001:db8::1]:443") == [
                "ip:10.0.0.1", "ip:10.0.0.0", "ip:2001:db8::1",
            ])
    }
}
