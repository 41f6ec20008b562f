import Foundation
import RiskShareTestSupport
import Testing

@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport

/// `contributions.<subject>.top_loans`: the tape loans with the largest ES contributions at the
/// highest report level. With a book of at most 20 loans every loan with a positive
/// contribution is listed, so the list must add up to the subject's ES; a party's loans are
/// those whose losses it bore; generated loans, which have no identifiers, are never listed.
@Suite struct TopLoansReportTests {
    /// 18 tape loans: 12 of varying size and PD (in two stages), and 6 identical ones (a
    /// homogeneous group).
    static var tape: String {
        var csv = "id,exposure,pd,stage\n"
        for i in 0..<12 { csv += "V\(i),\(1_000_000 + 250_000 * i),\(0.02 + 0.004 * Double(i)),\(i < 6 ? "startup" : "growth")\n" }
        for i in 0..<6 { csv += "H\(i),2000000,0.2,startup\n" }
        return csv
    }

    static func yaml(method: String = "", generated: Bool = false) -> String {
        """
        name: top-loans
        currency: CNY
        simulation: {paths: 3000, seed: 17, horizon_years: 2\(method)}
        economy: {factors: [economy], persistence: 0.2}
        portfolio:
          segments:
            - {name: tape, loans_file: loans.csv, lgd: 0.5, term_years: 3, loadings: {economy: 0.45}}
        \(generated ? "    - {name: gen, count: 40, exposure: 3.0e6, pd: 0.04, lgd: 0.5, loadings: {economy: 0.5}}" : "")
        risk_sharing:
          layers:
            - {name: fund_guarantee, type: guarantee, segments: [tape], shares: {bank: 0.3, fund: 0.7}, annual_cap_rate: {fund: 0.03}}
            - {type: compensation_pool, payer: pool, initial_balance: 2.0e6, ratio: 0.4, shortfall: pro_rata}
        report: {quantiles: [0.9, 0.99]}
        """
    }

    static func run(_ yaml: String) throws -> (Simulation, PathTable, Report) {
        let (simulation, table) = try TestScenarios.run(yaml, files: ["loans.csv": tape], threads: 2)
        return (simulation, table, ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 2, elapsedSeconds: 0)))
    }

    /// Every subject lists all its loans with a positive contribution, and they add up to its ES.
    static func checkAddsUp(_ report: Report) throws {
        let contributions = try #require(report.contributions)
        #expect(contributions.topLoansLevel == 0.99)
        for subject in contributions.subjects {
            let loans = try #require(subject.topLoans)
            #expect(!loans.isEmpty && loans.count <= 18, "\(subject.name)")
            let es = subject.expectedShortfall[1]
            let sum = loans.reduce(0) { $0 + $1.expectedShortfall.value }
            #expect(abs(sum - es) <= 1e-9 * es, "\(subject.name): \(sum) vs ES \(es)")
            #expect(abs(loans.reduce(0) { $0 + $1.share } - 1) <= 1e-9)
            #expect(zip(loans, loans.dropFirst()).allSatisfy { $0.expectedShortfall.value >= $1.expectedShortfall.value }, "largest first")
            #expect(loans.allSatisfy { $0.expectedShortfall.stderr > 0 && $0.segment == "tape" })
            // The homogeneous group's loans share their contribution equally.
            let group = loans.filter { $0.id.hasPrefix("H") }.map(\.expectedShortfall.value)
            #expect(group.allSatisfy { $0 == group.first }, "\(subject.name)")
        }
    }

    @Test("all loans with a positive contribution are listed, largest first, and add up to each subject's ES to 1e-9")
    func addsUp() throws {
        let (_, _, report) = try Self.run(Self.yaml())
        try Self.checkAddsUp(report)
        let gross = try #require(report.contributions?.subjects.first?.topLoans)
        #expect(Set(gross.map(\.id)).count == gross.count)
        #expect(gross.count == 18, "every tape loan defaults on some tail path at 99% of 3,000 paths")
    }

    @Test("the same under importance sampling, with the likelihood ratios in the tail weights")
    func importanceSampling() throws {
        let (_, table, report) = try Self.run(
            Self.yaml(method: ", method: importance_sampling, importance_sampling: {target_probability: 0.01}"))
        #expect(table.weights != nil)
        try Self.checkAddsUp(report)
    }

    @Test("a loan's gross contribution is E[its loss | gross loss in the tail], checked against the run's own loss column of that loan")
    func grossContributionIsTheTailMeanOfTheLoansLoss() throws {
        // Independent of the re-simulation: a book whose loans each form their own segment has
        // each loan's loss on every path in the run's own `gross_loss.seg.<name>` column.
        var segments = ""
        var csvs: [String: String] = [:]
        for i in 0..<6 {
            segments += "    - {name: l\(i), loans_file: l\(i).csv, lgd: 0.5, loadings: {economy: 0.4}}\n"
            csvs["l\(i).csv"] = "id,exposure,pd\nL\(i),\(1_000_000 * (i + 1)),\(0.02 * Double(i + 1))\n"
        }
        let text = """
            simulation: {paths: 5000, seed: 4}
            economy: {factors: [economy]}
            portfolio:
              segments:
            \(segments)
            report: {quantiles: [0.95]}
            """
        let (simulation, table) = try TestScenarios.run(text, files: csvs, threads: 2)
        let report = ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 2, elapsedSeconds: 0))
        let loans = try #require(report.contributions?.subjects.first?.topLoans)
        let tail = RiskContributions.tailWeights(table["gross_loss"], weights: nil, level: 0.95)
        for loan in loans {
            let column = table["gross_loss.seg.l\(loan.id.dropFirst())"]
            let expected = zip(tail, column).reduce(0) { $0 + $1.0 * $1.1 } / 0.05
            #expect(abs(loan.expectedShortfall.value - expected) <= 1e-9 * expected, "\(loan.id)")
            let segment = try #require(
                report.contributions?.subjects.first?.breakdown("segment")?.parts.first { $0.name == "l\(loan.id.dropFirst())" })
            #expect(abs(loan.expectedShortfall.stderr - segment.expectedShortfall[0].stderr) <= 1e-9 * segment.expectedShortfall[0].stderr)
        }
        #expect(loans.count == 6)
    }

    @Test("generated loans have no identifiers and are not listed; without any tape the list is null and the report says why")
    func generatedLoans() throws {
        let (_, _, mixed) = try Self.run(Self.yaml(generated: true))
        for subject in try #require(mixed.contributions).subjects {
            #expect(try #require(subject.topLoans).allSatisfy { $0.segment == "tape" })
        }
        let (_, table) = try TestScenarios.run(ContributionsReportTests.yaml(), threads: 2)
        let simulation = Simulation(scenario: try TestScenarios.load(ContributionsReportTests.yaml()))
        let report = ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: 2, elapsedSeconds: 0))
        let contributions = try #require(report.contributions)
        #expect(contributions.topLoansLevel == nil && contributions.subjects.allSatisfy { $0.topLoans == nil })
        let json = try JSONValue.parse(report.json.rendered())
        #expect(json["contributions"]?["bank"]?["top_loans"] == .null)
        #expect(MarkdownReport.render(report: report).contains("Top loans are not computed: no segment's loans come from a loan tape"))
    }

    @Test("top_loans is in report.json (schema-valid), report.csv and report.md in both languages, every number from the model")
    func everyFormat() throws {
        let (_, _, report) = try Self.run(Self.yaml())
        let json = try JSONValue.parse(report.json.rendered())
        let violations = try SchemaValidator(file: ReportFixtures.schemaFile).violations(of: json)
        #expect(violations.isEmpty, "\(violations.prefix(5).map(\.description))")
        let first = try #require(json["contributions"]?["pool"]?["top_loans"]?[0])
        let model = try #require(report.contributions?.subjects.first { $0.name == "pool" }?.topLoans?.first)
        #expect(first["id"] == .string(model.id) && first["segment"] == .string("tape"))
        #expect(first["level"]?.doubleValue == 0.99 && first["expected_shortfall"]?.doubleValue == model.expectedShortfall.value)
        #expect(
            first["expected_shortfall_stderr"]?.doubleValue == model.expectedShortfall.stderr && first["share"]?.doubleValue == model.share)
        let rows = CSVReport.rows(report: report).filter { $0.name == "pool/top_loans/\(model.id)" }
        #expect(rows.count == 1 && rows.first?.level == "0.99" && Double(rows.first!.value) == model.expectedShortfall.value)
        for language in ReportLanguage.allCases {
            let document = MarkdownReport.document(for: report, language: language)
            try ShownNumbersTests.check(text: document.markdown(), shown: document.shown, report: report, language: language)
            #expect(document.shown.contains { $0.pointer == "/contributions/pool/top_loans/0/expected_shortfall" })
        }
        #expect(MarkdownReport.render(report: report).contains("### Loans with the largest contributions"))
    }

    @Test("the printed summary names what drives each party's ES at 99%: its largest segments with shares, and its largest loan")
    func summaryDrivers() throws {
        let (_, _, report) = try Self.run(Self.yaml(generated: true))
        let contributions = try #require(report.contributions)
        for language in ReportLanguage.allCases {
            let (text, shown) = TextSummary.document(report: report, language: language)
            var names: [String] = [report.scenario.name, "tape", "gen"]
            names += report.parties.map(\.name)
            names += report.pools.map(\.name)
            names += report.caps.map(\.layer)
            try ShownNumbersTests.check(text: text, shown: shown, report: report, language: language, names: names)
            for party in ["bank", "fund", "pool"] {
                #expect(shown.contains { $0.pointer == "/contributions/\(party)/segment/tape/expected_shortfall/0.99" }, "\(party)")
                #expect(shown.contains { $0.pointer == "/contributions/\(party)/top_loans/0/share" }, "\(party)")
            }
        }
        let text = TextSummary.render(report: report)
        let bank = try #require(contributions.subjects.first { $0.name == "bank" })
        let tape = try #require(bank.breakdown("segment")?.parts.first { $0.name == "tape" }).expectedShortfall[1].value
        let gen = try #require(bank.breakdown("segment")?.parts.first { $0.name == "gen" }).expectedShortfall[1].value
        // Largest first.
        #expect(text.contains(tape > gen ? "bank ES 99% by segment: tape" : "bank ES 99% by segment: gen"))
        #expect(text.contains("pool: pays"))
    }
}
