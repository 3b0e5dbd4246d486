import SwitchyardCore
import Testing

@testable import SwitchyardAIOps

@Suite struct TimestampTests {
    @Test func parsesNABAndISOForms() throws {
        #expect(try Timestamp.parse("2014-04-01 00:00:00") == 1_396_310_400)
        #expect(try Timestamp.parse("2014-04-01T00:00:00Z") == 1_396_310_400)
        #expect(try Timestamp.parse("2014-04-01T02:00:00+02:00") == 1_396_310_400)
        #expect(try Timestamp.parse("2011-07-11 04:00:01.000000") == Timestamp.parse("2011-07-11 04:00:01"))
        #expect(try Timestamp.parse("1396310400") == 1_396_310_400)
        #expect(try Timestamp.parse("1396310400000") == 1_396_310_400)
        #expect(Timestamp.iso8601(1_396_310_400) == "2014-04-01T00:00:00Z")
    }

    @Test func refusesZoneNamesAndGarbage() {
        #expect(throws: SwitchyardError.self) { try Timestamp.parse("2014-04-01 00:00:00 PST") }
        do {
            _ = try Timestamp.parse("2014-04-01 00:00:00 Europe/Atlantis")
            Issue.record("expected an error")
        } catch let error as SwitchyardError {
            #expect(error.code == .unknownTimezone)
        } catch {}
        do {
            _ = try Timestamp.parse("yesterday")
            Issue.record("expected an error")
        } catch let error as SwitchyardError {
            #expect(error.code == .invalidTimestamp)
        } catch {}
    }
}
