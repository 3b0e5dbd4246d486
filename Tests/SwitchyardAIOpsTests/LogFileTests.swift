import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

/// Log files for incidents: timestamps at the start of lines, continuation lines, services, bad input.
@Suite struct LogFileTests {
    @Test func readsTimestampFormsAndContinuationLines() throws {
        let text = """
            Traceback before any time
            2024-01-01T10:00:00Z INFO started
            2024-01-01 10:00:05.5 WARN slow
            [2024-01-01T10:00:07+01:00] ERROR failed
              at Foo.bar(Foo.java:12)
            1704103210 INFO unix seconds
            1704103211000 INFO unix milliseconds

            """
        let log = try LogFile.parse(text, path: "app.log", service: "app")
        #expect(log.lines.map(\.number) == [1, 2, 3, 4, 5, 6, 7])
        let base = 1_704_103_200.0
        #expect(
            log.lines.map(\.timestamp) == [
                base, base, base + 5.5, base + 7 - 3600, base + 7 - 3600, base + 10, base + 11,
            ])
        #expect(log.lines[1].text == "INFO started")
        #expect(log.lines[3].text == "ERROR failed")
        #expect(log.lines[4].text == "at Foo.bar(Foo.java:12)")
    }

    @Test func serviceFromTheArgumentOrTheFileName() throws {
        let path = AIOpsTestFiles.write("2024-01-01T10:00:00Z hello\n", name: "cart.prod.log")
        #expect(try LogFile.read(path).service == "cart")
        #expect(try LogFile.read("checkout=" + path).service == "checkout")
    }

    @Test func refusesLogsWithoutTimestampsOrLines() {
        #expect(
            DetectBadInputTests.code { _ = try LogFile.parse("200 OK\nhello\n", path: "a.log", service: "a") }
                == .invalidTimestamp)
        #expect(DetectBadInputTests.code { _ = try LogFile.parse("\n\n", path: "a.log", service: "a") } == .emptyInput)
        #expect(DetectBadInputTests.code { _ = try LogFile.read("/no/such.log") } == .fileNotFound)
        do {
            _ = try LogFile.parse("no time here\n", path: "a.log", service: "a")
        } catch let error as SwitchyardError {
            #expect(error.message.contains("a.log: no line starts with a timestamp"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func aOneMegabyteLineIsCutNotFatal() throws {
        let long = "2024-01-01T10:00:00Z " + String(repeating: "x", count: 1 << 20)
        let log = try LogFile.parse(long + "\n2024-01-01T10:00:01Z ok\n", path: "big.log", service: "big")
        #expect(log.lines.count == 2)
        #expect(log.lines[0].text.utf8.count <= LogFile.maximumLineBytes)
        #expect(log.anomalies().isEmpty)
    }
}
