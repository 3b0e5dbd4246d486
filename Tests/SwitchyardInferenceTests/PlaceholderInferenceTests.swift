import Testing

@Test func placeholderInference() { #expect(Bool(true)) }
