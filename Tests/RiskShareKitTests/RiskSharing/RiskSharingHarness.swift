import Foundation
@testable import RiskShareKit
@testable import RiskShareSupport
import RiskShareTestSupport

/// A hand-made loan for waterfall tests.
struct TestLoan {
    var segment = 0
    var exposure = 100.0
    var firstLoan = false
    var product = "credit"
    var interestRate = 0.05
    var term = 10
}

/// Builds a `LoanBook` with one group per loan (so every loan is its own group).
func makeBook(_ loans: [TestLoan], segments: [String] = ["tech"]) -> LoanBook {
    var book = LoanBook(exposure: [], pd: [], lgd: [], term: [], firstLoan: [], segment: [], product: [], stage: [],
                        interestRate: [], segmentNames: segments, groups: [])
    for (i, loan) in loans.enumerated() {
        book.exposure.append(loan.exposure)
        book.pd.append(0.05)
        book.lgd.append(.fixed(0.5))
        book.term.append(loan.term)
        book.firstLoan.append(loan.firstLoan)
        book.segment.append(loan.segment)
        book.product.append(loan.product)
        book.stage.append("startup")
        book.interestRate.append(loan.interestRate)
        book.groups.append(LoanGroup(range: i..<(i + 1), loadings: [], term: loan.term, maximumPD: 0.05,
                                     isHomogeneous: true, segment: loan.segment))
    }
    return book
}

/// Parses the `risk_sharing` section of a YAML text.
func parseRiskSharing(_ yaml: String, segments: [String] = ["tech"], horizon: Int = 3) throws -> RiskSharingSpec {
    let root = try ScenarioNode.parse(text: yaml, file: "test.yaml")
    let reader = root["risk_sharing"].map { NodeReader(node: $0, file: "test.yaml", path: "risk_sharing") }
    return try RiskSharingSpec.parse(reader, context: RiskSharingContext(file: "test.yaml", segments: segments, horizonYears: horizon))
}

/// Drives a `RiskSharingPlan` year by year over hand-made defaults, computing the year context
/// (outstanding principal, defaulted principal, NPL ratio) as the engine does.
struct WaterfallHarness {
    let book: LoanBook
    let plan: RiskSharingPlan
    let horizon: Int
    var state: RiskSharingState
    private var defaulted: Set<Int> = []
    private var year = 0

    init(_ yaml: String, book: LoanBook, horizon: Int = 3, renewal: Bool = false) throws {
        self.book = book
        self.horizon = horizon
        let spec = try parseRiskSharing(yaml, segments: book.segmentNames, horizon: horizon)
        plan = RiskSharingPlan(spec: spec, book: book, horizonYears: horizon, renewal: renewal)
        state = plan.makeState()
        plan.beginPath(&state)
    }

    /// Simulates the next year with defaults of `loans` (in this time order) at loss = exposure × lgd.
    mutating func year(defaults loans: [Int], lgd: Double = 1.0) {
        year += 1
        let segments = book.segmentNames.count
        var outstanding = [Double](repeating: 0, count: segments)
        for loan in 0..<book.count where !defaulted.contains(loan) && year <= book.term[loan] {
            outstanding[book.segment[loan]] += book.exposure[loan]
        }
        var defaultedPrincipal = [Double](repeating: 0, count: segments)
        var events: [DefaultEvent] = []
        for (k, loan) in loans.enumerated() {
            precondition(!defaulted.contains(loan), "loan \(loan) defaulted twice")
            defaulted.insert(loan)
            defaultedPrincipal[book.segment[loan]] += book.exposure[loan]
            events.append(DefaultEvent(loan: loan, time: Double(k) / Double(loans.count + 1),
                                       exposure: book.exposure[loan], loss: book.exposure[loan] * lgd))
        }
        let gross = events.reduce(0) { $0 + $1.loss }
        let start = outstanding.reduce(0, +)
        let context = YearContext(year: year, outstandingStart: outstanding, defaultedPrincipal: defaultedPrincipal,
                                  grossLoss: gross, nplRatio: start > 0 ? defaultedPrincipal.reduce(0, +) / start : 0)
        plan.allocate(events: events, context: context, state: &state)
    }

    /// Runs the remaining years without defaults and returns the path record by column name.
    mutating func finish() -> [String: Double] {
        while year < horizon { self.year(defaults: []) }
        var record: [Double] = []
        plan.endPath(state, into: &record)
        precondition(record.count == plan.columns.count)
        return Dictionary(uniqueKeysWithValues: zip(plan.columns, record))
    }
}

/// Writes `yaml` as a scenario file in a fresh temporary folder (with the shipped schemes copied
/// next to it under `schemes/`) and loads it.
func loadScenario(_ yaml: String) throws -> Scenario {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("riskshare-rs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let schemes = schemesFolder()
    try? FileManager.default.copyItem(at: schemes, to: folder.appendingPathComponent("schemes"))
    let file = folder.appendingPathComponent("scenario.yaml")
    try yaml.write(to: file, atomically: true, encoding: .utf8)
    return try ScenarioLoader.load(file: file.path)
}

/// Scenarios/schemes in the source tree.
func schemesFolder() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scenarios/schemes")
}

/// A small two-segment scenario with the given risk_sharing YAML (indented under the key).
func scenarioYAML(riskSharing: String, paths: Int = 200, seed: Int = 7, horizon: Int = 3, pd: Double = 0.08,
                  extra: String = "") -> String {
    """
    name: rs-test
    \(extra)
    simulation: {paths: \(paths), seed: \(seed), horizon_years: \(horizon), block_paths: 50}
    economy: {factors: [economy], persistence: 0.3}
    portfolio:
      segments:
        - {name: startup-credit, stage: startup, product: credit, count: 300, exposure: {distribution: lognormal, median: 2.0e6, sigma: 0.8}, pd: \(pd), lgd: {mean: 0.6, sd: 0.2}, term_years: 2, first_loan_share: 0.4, interest_rate: 0.045, loadings: {economy: 0.4}}
        - {name: growth-ip, stage: growth, product: ip_pledge, count: 200, exposure: 5.0e6, pd: \(pd / 2), lgd: 0.5, term_years: 3, interest_rate: 0.04, loadings: {economy: 0.3}}
    \(riskSharing)
    """
}

extension PathTable {
    /// Value of `column` on path `row`.
    func value(_ column: String, _ row: Int) -> Double { self[column][row] }
}
