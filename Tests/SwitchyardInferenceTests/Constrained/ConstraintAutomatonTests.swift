import SwitchyardCore
import Testing

@testable import SwitchyardInference

/// The automata alone: which byte strings each constraint accepts, and what it refuses to compile.
@Suite("Constraint automata")
struct ConstraintAutomatonTests {
    func schema(_ json: String) throws -> DecodingConstraint {
        try DecodingConstraint.jsonSchema(parsing: json)
    }

    @Test func regexFullMatch() throws {
        let r = try DecodingConstraint.regex(#"[a-c]+\d{2,3}(x|yz)?"#)
        for ok in ["a12", "abc123", "cc99x", "b00yz"] { #expect(r.accepts(ok), "\(ok)") }
        for bad in ["", "a1", "abc1234", "d12", "a12y", "A12"] { #expect(!r.accepts(bad), "\(bad)") }
        let dot = try DecodingConstraint.regex(#"h.llo[^0-9\s]\w*\.?"#)
        #expect(
            dot.accepts("héllo!") && dot.accepts("hallo_ab12.") && !dot.accepts("hallo1") && !dot.accepts("h\nllo!"))
        #expect(try DecodingConstraint.regex("^ab$").accepts("ab"))
        #expect(try DecodingConstraint.regex(#"\u00e9{2}|\x41"#).accepts("éé"))
        #expect(try DecodingConstraint.regex(#"\u00e9{2}|\x41"#).accepts("A"))
    }

    @Test func regexRefusals() throws {
        for (pattern, code) in [
            (#"(a)\1"#, SwitchyardError.Code.unsupportedRegex), ("(?=a)a", .unsupportedRegex), (#"\bword"#, .unsupportedRegex),
            ("a^b", .unsupportedRegex), ("(ab", .invalidRegex), ("[ab", .invalidRegex),
            ("*a", .invalidRegex), ("a{3,1}", .invalidRegex), (#"\q"#, .invalidRegex),
            ("a++", .unsupportedRegex),
        ] {
            #expect(throws: SwitchyardError.self, "\(pattern)") { try DecodingConstraint.regex(pattern) }
            do { _ = try DecodingConstraint.regex(pattern) } catch {
                #expect(error.code == code, "\(pattern): \(error)")
            }
        }
    }

    @Test func choiceAcceptsExactlyTheOptions() throws {
        let c = try DecodingConstraint.choice(["positive", "negative", "neutral"])
        #expect(c.accepts("positive") && c.accepts("neutral") && !c.accepts("pos") && !c.accepts("positive "))
        var s = c.start()
        let advanced = s.advance(bytes: Array("negative".utf8))
        #expect(advanced && s.isComplete)
        var p = c.start()
        p.advance(bytes: Array("ne".utf8))
        #expect(!p.isAccepting && p.bytesToAccept == 5)
    }

    @Test func objectsWithRequiredOptionalAndEnums() throws {
        let c = try schema(
            #"{"type":"object","required":["name","kind"],"additionalProperties":false,"properties":{"name":{"type":"string","minLength":1,"maxLength":4},"kind":{"enum":["a","b",3,null]},"age":{"type":"integer","minimum":0,"maximum":120},"tags":{"type":"array","items":{"type":"string"},"maxItems":2}}}"#
        )
        for ok in [
            #"{"name":"x","kind":"a"}"#, #"{"name":"abcd","kind":3,"age":120}"#,
            #"{"name":"é\"","kind":null,"age":0,"tags":["",""]}"#, #"{"name":"x","kind":"b","tags":[]}"#,
        ] { #expect(c.accepts(ok), "\(ok)") }
        for bad in [
            #"{"kind":"a","name":"x"}"#, #"{"name":"","kind":"a"}"#, #"{"name":"abcde","kind":"a"}"#,
            #"{"name":"x","kind":"c"}"#, #"{"name":"x","kind":"a","age":121}"#, #"{"name":"x","kind":"a","age":-1}"#,
            #"{"name":"x","kind":"a","age":007}"#, #"{"name":"x","kind":"a","tags":["","",""]}"#,
            #"{"name":"x", "kind":"a"}"#, #"{"name":"x","kind":"a","zzz":1}"#,
        ] { #expect(!c.accepts(bad), "\(bad)") }
    }

    @Test func numberRanges() throws {
        let c = try schema(#"{"type":"number","minimum":-2.5,"exclusiveMaximum":3}"#)
        for ok in ["-2", "-1.5", "0", "2.999", "-0.5", "1", "2"] { #expect(c.accepts(ok), "\(ok)") }
        for bad in ["3", "3.5", "-3", "-2.6", "-0", "01", "1.0", "1e2"] { #expect(!c.accepts(bad), "\(bad)") }
        let i = try schema(#"{"type":"integer","exclusiveMinimum":-15,"maximum":1234}"#)
        for ok in ["-14", "0", "99", "1234", "1000"] { #expect(i.accepts(ok), "\(ok)") }
        for bad in ["-15", "1235", "2000", "1.5"] { #expect(!i.accepts(bad), "\(bad)") }
    }

    @Test func unionsAnyOfAndRecursion() throws {
        let u = try schema(#"{"type":["string","null"],"maxLength":2}"#)
        #expect(u.accepts("null") && u.accepts(#""ab""#) && !u.accepts(#""abc""#) && !u.accepts("1"))
        let a = try schema(#"{"anyOf":[{"type":"boolean"},{"type":"array","items":{"const":1},"minItems":2}]}"#)
        #expect(a.accepts("true") && a.accepts("[1,1]") && !a.accepts("[1]") && !a.accepts("[1,2]"))
        let tree = try schema(
            ##"{"$ref":"#/$defs/node","$defs":{"node":{"type":"object","required":["v"],"properties":{"v":{"type":"integer"},"kids":{"type":"array","items":{"$ref":"#/$defs/node"}}}}}}"##
        )
        #expect(tree.accepts(#"{"v":1,"kids":[{"v":2},{"v":3,"kids":[{"v":4}]}]}"#))
        #expect(!tree.accepts(#"{"v":1,"kids":[{"v":2,"kids":[{"v":3,"kids":[{"v":4}]}]}]}"#))  // depth 4 > 3
        let both = try schema(
            #"{"allOf":[{"anyOf":[{"type":"integer"},{"type":"string"}]},{"anyOf":[{"type":"integer","minimum":5},{"type":"null"}]}]}"#
        )
        #expect(both.accepts("7") && !both.accepts("3") && !both.accepts(#""a""#) && !both.accepts("null"))
        let one = try schema(#"{"oneOf":[{"type":"string","maxLength":1},{"type":"null"},{"type":"integer"}]}"#)
        #expect(one.accepts(#""a""#) && one.accepts("null") && one.accepts("4") && !one.accepts("true"))
        let fmt = try schema(#"{"type":"string","format":"date"}"#)
        #expect(fmt.accepts(#""2024-02-28""#) && !fmt.accepts(#""2024-13-01""#))
        let pat = try schema(#"{"type":"string","pattern":"^[A-Z]{2}-\\d+$"}"#)
        #expect(pat.accepts(#""AB-12""#) && !pat.accepts(#""AB-""#))
    }

    @Test func refusedKeywordsNameTheirPointer() throws {
        let cases: [(String, String)] = [
            (#"{"type":"array","uniqueItems":true}"#, "/uniqueItems"),
            (#"{"properties":{"n":{"type":"number","multipleOf":2}}}"#, "/properties/n/multipleOf"),
            (#"{"not":{"type":"string"}}"#, "/not"),
            (#"{"if":{},"then":{}}"#, "/if"),
            (#"{"type":"object","patternProperties":{"^a":{}}}"#, "/patternProperties"),
            (#"{"items":{"oneOf":[{"type":"number"},{"type":"integer"}]}}"#, "/items/oneOf"),
            (#"{"type":"string","format":"email"}"#, "/format"),
            (#"{"type":"array","contains":{"type":"string"}}"#, "/contains"),
            (#"{"dependentRequired":{"a":["b"]}}"#, "/dependentRequired"),
        ]
        for (text, pointer) in cases {
            do {
                _ = try DecodingConstraint.jsonSchema(parsing: text)
                Issue.record("\(text) compiled")
            } catch {
                #expect(error.code == .unsupportedSchemaKeyword, "\(text): \(error)")
                #expect(error.message.contains(pointer), "\(error.message)")
            }
        }
        #expect(throws: SwitchyardError.self) { try DecodingConstraint.jsonSchema(parsing: "{oops") }
        do { _ = try DecodingConstraint.jsonSchema(parsing: #"{"type":12}"#) } catch {
            #expect(error.code == .invalidSchema)
        }
        do { _ = try DecodingConstraint.jsonSchema(parsing: #"{"type":"integer","minimum":5,"maximum":1}"#) } catch {
            #expect(error.code == .constraintUnsatisfiable)
        }
    }

    @Test func tokenMasksFollowTheAutomaton() throws {
        let pieces: [[UInt8]] = ["{", "\"", "a", "ab", "}", "\"a\"", ":", "1", "12", "x", ""].map { Array($0.utf8) }
        let vocab = TokenVocabulary(pieces: pieces)
        let c = try DecodingConstraint.regex(#"\{"ab?"\}"#)
        var s = c.start()
        #expect(Set(ids(s.allowedTokens(vocab))) == [0])
        s.advance(bytes: Array("{".utf8))
        #expect(Set(ids(s.allowedTokens(vocab))) == [1, 5])
        s.advance(bytes: Array("\"".utf8))
        #expect(Set(ids(s.allowedTokens(vocab))) == [2, 3])
        s.advance(bytes: Array("a".utf8))
        #expect(s.bytesToAccept == 2)
        #expect(Set(ids(s.allowedTokens(vocab, completingWithin: 1))) == [1])
    }

    func ids(_ m: TokenMask) -> [Int32] {
        (0..<Int32(m.bits.count * 64)).filter { m.contains($0) }
    }
}
