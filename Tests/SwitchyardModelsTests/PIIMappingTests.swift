import PropertyBased
import SwitchyardCore
import SwitchyardModelAPI
import SwitchyardModels
import Testing

/// Masking and filling back: stable placeholders within a request, tool-call arguments both ways, and a stream
/// whose placeholders arrive in pieces.
@Suite struct PIIMappingTests {
    let all = PIIRedactor(classes: [.email, .phone, .card, .iban, .ip])

    @Test func theSameValueGetsTheSamePlaceholderAcrossMessages() {
        let request = ChatRequest(messages: [
            .system("Support desk. Escalations to boss@corp.example."),
            .user("I am ana@example.com, card 4111 1111 1111 1111; my friend bo@example.com."),
            .assistant("Noted, Ana@Example.com."),
            .user("Again: card 4111111111111111, from 10.0.0.7, call +44 20 7946 0958."),
        ])
        let (masked, mapping) = all.mask(request)
        #expect(masked.messages[0].content == "Support desk. Escalations to <EMAIL_1>.")
        #expect(masked.messages[1].content == "I am <EMAIL_2>, card <CARD_1>; my friend <EMAIL_3>.")
        #expect(masked.messages[2].content == "Noted, <EMAIL_2>.")
        #expect(masked.messages[3].content == "Again: card <CARD_1>, from <IP_1>, call <PHONE_1>.")
        #expect(mapping.count == 6)
        // Filled back with the first spelling seen.
        #expect(
            mapping.restore("Write to <EMAIL_2> about <CARD_1> and <PHONE_1>.")
                == "Write to ana@example.com about 4111 1111 1111 1111 and +44 20 7946 0958.")
    }

    @Test func placeholdersTheUserTypedAreNeverHandedOutOrFilled() {
        let request = ChatRequest(messages: [.user("Template <EMAIL_1> and <EMAIL_2>; mine is ana@example.com.")])
        let (masked, mapping) = all.mask(request)
        #expect(masked.messages[0].content == "Template <EMAIL_1> and <EMAIL_2>; mine is <EMAIL_3>.")
        #expect(
            mapping.restore("<EMAIL_1>, <EMAIL_3>, <EMAIL_9>, <NAME_1>")
                == "<EMAIL_1>, ana@example.com, <EMAIL_9>, <NAME_1>")
    }

    @Test func toolCallArgumentsAreMaskedInTheRequestAndFilledBackInTheAnswer() throws {
        let earlier = ToolCall(
            id: "call_1", name: "pay",
            arguments: [
                "iban": "DE89 3704 0044 0532 0130 00", "card": .int(4_111_111_111_111_111), "amount": 12,
                "notes": ["cc": "ana@example.com"],
            ])
        let request = ChatRequest(messages: [
            .user("Pay from ana@example.com"), .assistant("", toolCalls: [earlier]), .tool("done", callID: "call_1"),
        ])
        let (masked, mapping) = all.mask(request)
        let sent = masked.messages[1].toolCalls[0].arguments
        #expect(sent["iban"] == "<IBAN_1>")
        #expect(sent["card"] == "<CARD_1>")
        #expect(sent["amount"] == 12)
        #expect(sent["notes"]?["cc"] == "<EMAIL_1>")
        #expect(!sent.jsonText.contains("ana@") && !sent.jsonText.contains("4111"))
        let answer = ChatResponse(
            model: "m",
            message: .assistant(
                "Sent to <EMAIL_1>.",
                toolCalls: [
                    ToolCall(id: "c", name: "mail", arguments: ["to": "<EMAIL_1>", "<IBAN_1>": ["<CARD_1>"]]),
                    ToolCall(id: "d", name: "raw", arguments: .string(#"{"to": "<EMAIL_1>""#)),
                ]),
            finishReason: .toolCalls, usage: Usage(promptTokens: 1, completionTokens: 1))
        let restored = mapping.restore(answer)
        #expect(restored.message.content == "Sent to ana@example.com.")
        #expect(restored.message.toolCalls[0].arguments["to"] == "ana@example.com")
        #expect(restored.message.toolCalls[0].arguments["DE89 3704 0044 0532 0130 00"] == ["4111111111111111"])
        #expect(restored.message.toolCalls[1].arguments == .string(#"{"to": "ana@example.com""#))
    }

    @Test func theMappingNeverPrintsAnOriginal() {
        let (_, mapping) = all.mask(ChatRequest(messages: [.user("ana@example.com 4111 1111 1111 1111")]))
        var dumped = ""
        dump(mapping, to: &dumped)
        for text in [String(describing: mapping), String(reflecting: mapping), "\(mapping)", dumped] {
            #expect(!text.contains("ana@") && !text.contains("4111"), "\(text)")
        }
        #expect(String(describing: mapping) == "PIIMapping(2 masked values)")
    }

    @Test func noClassesOrNothingFoundLeavesTheRequestAsItIs() {
        let request = ChatRequest(messages: [.user("ana@example.com, nothing else")])
        let (same, empty) = PIIRedactor(classes: []).mask(request)
        #expect(same == request && empty.isEmpty)
        let (untouched, none) = PIIRedactor(classes: [.card]).mask(request)
        #expect(untouched == request && none.isEmpty)
        #expect(none.restore("<EMAIL_1>") == "<EMAIL_1>")
    }

    // MARK: Streams

    func mapping() -> PIIMapping {
        all.mask(ChatRequest(messages: [.user("ana@example.com +44 20 7946 0958 10.0.0.1")])).1
    }

    /// Runs `pieces` through a restorer: what it emits, delta by delta.
    func stream(_ pieces: [String], _ mapping: PIIMapping) -> [String] {
        var restorer = PIIStreamRestorer(mapping: mapping)
        var out = pieces.map { restorer.next($0) }
        out.append(restorer.finish())
        return out
    }

    @Test func aPlaceholderSplitAcrossDeltasIsHeldBackThenFilled() {
        let out = stream(["Write to <EM", "AIL_", "1", "> or <", "PHONE_1> now <", "3 <IP_1", ">"], mapping())
        #expect(out == ["Write to ", "", "", "ana@example.com or ", "+44 20 7946 0958 now ", "<3 ", "10.0.0.1", ""])
        // A stream that ends inside a would-be placeholder lets it out as it is.
        #expect(stream(["see <IP_1"], mapping()) == ["see ", "<IP_1"])
        // Nothing that could still be a placeholder is let out early, and nothing else is held.
        #expect(stream(["a < b", " <x", "<EMAIL_1>"], mapping()) == ["a < b", " <x", "ana@example.com", ""])
        #expect(stream(["<EMAIL_12345678901>"], mapping()) == ["<EMAIL_12345678901>", ""])
    }

    @Test func everySplitOfATextEmitsTheWholeRestoredText() {
        let map = mapping()
        let text = "Hi <EMAIL_1>, call <PHONE_1> from <IP_1>; <EMAIL_2> <EMAIL_> <<EMAIL_1>> <IP_1"
        let whole = map.restore(text)
        #expect(
            whole
                == "Hi ana@example.com, call +44 20 7946 0958 from 10.0.0.1; <EMAIL_2> <EMAIL_> <ana@example.com> <IP_1"
        )
        let characters = Array(text)
        for i in 0...characters.count {
            for j in i...characters.count {
                let pieces = [String(characters[..<i]), String(characters[i..<j]), String(characters[j...])]
                #expect(stream(pieces, map).joined() == whole)
            }
        }
    }

    /// On generated texts mixing placeholders, their pieces and other text, cut anywhere: the stream emits the
    /// restored whole, and no emitted piece ends in the start of a placeholder of the mapping.
    @Test func streamedRestoreEqualsWholeRestoreOnGeneratedTexts() async {
        let map = mapping()
        let fragments = [
            "<EMAIL_1>", "<PHONE_1>", "<IP_1>", "<EM", "AIL", "_1", ">", "<", " ", "x", "1", "<IP_",
            "<CARD_1>", "é", "_",
        ]
        await propertyCheck(
            input: Gen.int(in: 0..<fragments.count).array(of: 0...30), Gen.int(in: 1...6).array(of: 0...30)
        ) { picks, cuts in
            let text = picks.map { fragments[$0] }.joined()
            let characters = Array(text)
            var pieces: [String] = []
            var at = 0
            for cut in cuts where at < characters.count {
                let end = min(characters.count, at + cut)
                pieces.append(String(characters[at..<end]))
                at = end
            }
            pieces.append(String(characters[at...]))
            let out = stream(pieces, map)
            #expect(out.joined() == map.restore(text))
            #expect(out.allSatisfy { !$0.contains("<EMAIL_1>") && !$0.contains("<PHONE_1>") })
        }
    }

    @Test func anEmptyMappingPassesTextThroughAtOnce() {
        #expect(stream(["<EM", "AIL_1>"], PIIMapping()) == ["<EM", "AIL_1>", ""])
    }
}
