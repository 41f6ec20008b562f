import Foundation
import RiskShareKit
import RiskShareSupport
import Synchronization

/// Version of RiskShare recorded in every report.
public enum RiskShareVersion {
    public static let current = "0.1.0"
    /// Version of the report.json layout (`ReportSchema.version`).
    public static var schema: Int { ReportSchema.version }
}

/// Facts about a run that are not statistics.
public struct RunInfo: Sendable {
    public var threads: Int
    public var elapsedSeconds: Double
    /// Every `--set PATH=VALUE` of the run, in the order given.
    public var overrides: [String]

    public init(threads: Int, elapsedSeconds: Double, overrides: [String] = []) {
        self.threads = threads
        self.elapsedSeconds = elapsedSeconds
        self.overrides = overrides
    }
}

/// Builds the report model of a finished run from its per-path table: every statistic is
/// computed here, once, and the renderers only format what the model holds.
public enum ReportBuilder {
    public static func build(simulation: Simulation, table: PathTable, run: RunInfo) -> Report {
        // The contributions section (its tail weights, allocations and re-simulated tail paths)
        // needs nothing from the rest of the report, so with more than one thread it is built
        // beside it. Both read the same table and share its summaries, and no number depends on
        // which finishes first.
        var (report, contributions) = both(parallel: run.threads > 1) {
            summaries(simulation: simulation, table: table, run: run)
        } and: {
            ContributionsSection.build(simulation: simulation, table: table)
        }
        let scenario = simulation.scenario
        report.contributions = contributions
        if report.contributions == nil, scenario.report.contributions, simulation.plan.cellCount > 0 {
            report.contributionsOmitted = ContributionsOmission(
                cells: simulation.plan.cellCount, parties: simulation.plan.cellParties.count, limit: Simulation.segmentColumnLimit)
        }
        if let spec = scenario.capital {
            report.capital = CapitalSection.build(
                spec: spec, scenario: scenario, book: simulation.book, expectedPublicCost: report.fiscal?.cost.mean.value, table: table)
        }
        return report
    }

    /// `first()` and `second()`, side by side on two threads when `parallel`; GSL failures on
    /// either thread are recorded where the caller's are.
    private static func both<A: Sendable, B: Sendable>(
        parallel: Bool, _ first: @Sendable () -> A, and second: @Sendable () -> B
    ) -> (A, B) {
        guard parallel else { return (first(), second()) }
        let record = GSL.currentRecord
        let a = Mutex<A?>(nil), b = Mutex<B?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            GSL.recording(into: record) {
                if part == 0 {
                    let value = first()
                    a.withLock { $0 = value }
                } else {
                    let value = second()
                    b.withLock { $0 = value }
                }
            }
        }
        return (a.withLock { $0 }!, b.withLock { $0 }!)
    }

    /// The report without its contributions and capital sections: the distributions of the
    /// losses, counts and NPL ratios, and the risk-sharing sections.
    private static func summaries(simulation: Simulation, table: PathTable, run: RunInfo) -> Report {
        let scenario = simulation.scenario
        let settings = scenario.report
        let horizon = scenario.simulation.horizonYears
        let isWeighted = table.weights != nil
        let rule: SamplingCoverage? = isWeighted ? .standard : nil
        func loss(_ column: String) -> DistributionSummary {
            StatisticsBuilder.distribution(
                table.summary(column), levels: settings.quantiles, thresholds: settings.exceedance,
                coverage: rule)
        }
        func count(_ column: String) -> DistributionSummary {
            StatisticsBuilder.distribution(table.summary(column), levels: settings.quantiles, thresholds: [], coverage: rule)
        }
        var report = Report(
            scenario: scenarioFacts(scenario),
            run: RunFacts(
                paths: table.rowCount, seed: scenario.simulation.seed, horizonYears: horizon,
                blockPaths: scenario.simulation.blockPaths, method: scenario.simulation.method.name,
                threads: run.threads, version: RiskShareVersion.current, gslVersion: GSL.version,
                elapsedSeconds: (run.elapsedSeconds * 1000).rounded() / 1000, overrides: run.overrides),
            portfolio: portfolio(simulation.book),
            grossLoss: loss("gross_loss"),
            defaults: count("defaults"),
            years: (1...horizon).map { year in
                YearSummary(
                    year: year, grossLoss: loss("gross_loss.y\(year)"), defaults: count("defaults.y\(year)"),
                    nplRatio: count("npl_ratio.y\(year)"))
            },
            parties: [],
            terms: terms(scenario))
        RiskSharingSections.add(to: &report, plan: simulation.plan, table: table, loss: loss)
        if let weights = table.weights { report.importanceSampling = importanceSampling(weights) }
        return report
    }

    /// The report's `scenario` section: what was run and its fingerprint.
    public static func scenarioFacts(_ scenario: Scenario) -> ScenarioFacts {
        ScenarioFacts(
            name: scenario.name, file: scenario.source.file, sha256: scenario.source.sha256,
            description: scenario.description, currency: scenario.currency)
    }

    /// The book at the start: loans, exposure, unstressed first-year expected loss, and per segment.
    public static func portfolio(_ book: LoanBook) -> PortfolioSummary {
        let total = book.exposure.reduce(0, +)
        let expectedLoss = book.exposure.indices.reduce(0.0) { $0 + book.exposure[$1] * book.pd[$1] * book.lgd[$1].mean }
        return PortfolioSummary(
            loans: book.count, exposure: total, expectedLossFirstYearUnstressed: expectedLoss,
            segments: book.segmentNames.indices.map { s in
                let loans = book.segment.indices.filter { book.segment[$0] == s }
                let exposure = loans.reduce(0.0) { $0 + book.exposure[$1] }
                let weightedPD = exposure > 0 ? loans.reduce(0.0) { $0 + book.exposure[$1] * book.pd[$1] } / exposure : nil
                return SegmentFacts(
                    name: book.segmentNames[s], loans: loans.count, exposure: exposure,
                    exposureWeightedPD: weightedPD, firstLoans: loans.filter { book.firstLoan[$0] }.count)
            })
    }

    /// Effective sample size (Σw)² / Σw² and mean weight Σw / n of importance-sampling weights.
    static func importanceSampling(_ weights: [Double]) -> ImportanceSamplingDiagnostics {
        let sum = weights.reduce(0, +)
        let sumOfSquares = weights.reduce(0) { $0 + $1 * $1 }
        return ImportanceSamplingDiagnostics(
            effectiveSampleSize: sumOfSquares > 0 ? sum * sum / sumOfSquares : 0,
            meanWeight: weights.isEmpty ? 0 : sum / Double(weights.count), coverage: .standard)
    }

    /// The scheme's terms and the model's assumptions.
    public static func terms(_ scenario: Scenario) -> SchemeTerms {
        let segments = scenario.portfolio.segments.map(\.name)
        let spec = scenario.riskSharing
        return SchemeTerms(
            layers: spec.layerTerms(segments: segments), subsidies: spec.subsidyTerms(segments: segments),
            tolerance: spec.toleranceTerms(segments: segments), model: ModelTerms.model(scenario),
            segments: ModelTerms.segments(scenario))
    }
}
