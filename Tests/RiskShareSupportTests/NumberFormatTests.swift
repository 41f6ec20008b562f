import Testing
@testable import RiskShareSupport

/// Short money amounts (terminal summary, chart legends, sweep legends) read as a person writes
/// them: three significant digits in k, m or bn, never an exponent.
@Suite struct NumberFormatTests {
    @Test("money picks the unit the rounded amount reaches and keeps three significant digits",
          arguments: [
              (2.4e9, "2.4bn"), (25.8e6, "25.8m"), (923_400, "923k"), (58_512_345, "58.5m"), (950, "950"), (0.5, "0.5"),
              (1.234e12, "1234bn"), (-4.56e6, "-4.56m"), (0, "0"), (-0.0, "0"), (1e-7, "0"),
          ])
    func moneyUnits(amount: Double, text: String) {
        #expect(NumberFormat.money(amount) == text)
    }

    @Test("amounts that round up to the next unit move to it instead of showing 1e+03",
          arguments: [(999_960_000, "1bn"), (999_600, "1m"), (999.7, "1k"), (-999_999_999, "-1bn"), (99_960, "100k")])
    func roundingAcrossUnits(amount: Double, text: String) {
        #expect(NumberFormat.money(amount) == text)
    }

    @Test("no money text has an exponent, over magnitudes from 1e-9 to 1e15")
    func noExponent() {
        var x = 1e-9
        while x < 1e15 {
            for v in [x, x * 0.99951, x * 9.99951, -x] {
                let text = NumberFormat.money(v)
                #expect(!text.contains("e"), "\(v) -> \(text)")
            }
            x *= 1.7
        }
    }
}
