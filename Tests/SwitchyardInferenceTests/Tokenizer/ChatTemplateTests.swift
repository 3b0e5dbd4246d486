import SwitchyardCore
import Testing

@testable import SwitchyardInference

@Suite("Chat template")
struct ChatTemplateTests {
    static let smolSystem = "You are a helpful AI assistant named SmolLM, trained by Hugging Face"

    @Test func smolLM2UsesChatMLWithItsDefaultSystemLine() throws {
        let tokenizer = try TokenizerCache.tokenizer(ModelFiles.smollm2)
        let template = try ChatTemplate(tokenizer: tokenizer)
        #expect(template.format == .chatML)
        #expect(template.defaultSystem == Self.smolSystem)
        let text = template.render(messages: [.user("What is the capital of France?")], addGenerationPrompt: true)
        #expect(
            text == "<|im_start|>system\n\(Self.smolSystem)<|im_end|>\n<|im_start|>user\nWhat is the capital of France?"
                + "<|im_end|>\n<|im_start|>assistant\n")
        // The same prompt ids the forward-pass test feeds llama.cpp and the engine.
        let ids = tokenizer.encode(text, parseSpecial: true)
        #expect(
            ids == [
                1, 9690, 198, 2683, 359, 253, 5356, 5646, 11173, 3365, 3511, 308, 34519, 28, 7018, 411, 407, 19712,
                8182, 2, 198, 1, 4093, 198, 1780, 314, 260, 3575, 282, 4649, 47, 2, 198, 1, 520, 9531, 198,
            ])
    }

    @Test func explicitSystemReplacesTheDefault() throws {
        let template = try ChatTemplate(tokenizer: TokenizerCache.tokenizer(ModelFiles.smollm2))
        let text = template.render(
            messages: [.system("Be brief."), .user("Hi"), .assistant("Hello!"), .user("Bye")],
            addGenerationPrompt: false)
        #expect(
            text == "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                + "<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n")
        #expect(template.render(messages: [], addGenerationPrompt: true) == "<|im_start|>assistant\n")
    }

    @Test func gemmaBaseHasNoTemplate() throws {
        let tokenizer = try TokenizerCache.tokenizer(ModelFiles.gemma3)
        #expect(tokenizer.chatTemplateSource == nil)
        do {
            _ = try ChatTemplate(tokenizer: tokenizer)
            Issue.record("expected chat_template_missing")
        } catch let e as SwitchyardError {
            #expect(e.code == .chatTemplateMissing)
        }
    }

    @Test func gemmaTurnFormat() throws {
        let template = try ChatTemplate(source: "{{ bos_token }}{% for m in messages %}<start_of_turn>{% endfor %}")
        #expect(template.format == .gemma)
        #expect(
            template.render(
                messages: [.system("Be kind."), .user("Hi"), .assistant("Hello")], addGenerationPrompt: true)
                == "<bos><start_of_turn>user\nBe kind.\n\nHi<end_of_turn>\n<start_of_turn>model\nHello<end_of_turn>\n"
                + "<start_of_turn>model\n")
    }

    @Test func unknownTemplatesAreRejected() {
        #expect(throws: SwitchyardError.self) { try ChatTemplate(source: "{{ messages }}") }
    }
}
