import Testing

@Test func placeholderGraph() { #expect(Bool(true)) }
