import RiskShareKit
import RiskShareSupport

/// Everything a report says about one run, as typed values: the single source of report.json
/// (its encoding), report.csv, report.md, report.html and the terminal summary.
///
/// Sections that a run does not have are `nil` or empty (no risk sharing: no pools, caps,
/// tolerance or fiscal section), so a renderer can only show what was computed. Amounts are in
/// `scenario.currency`; probabilities and ratios are fractions in [0, 1].
///
/// Adding a section: a struct in `Model/`, its member here, its encoding in
/// `ReportJSONEncoding`, a builder step, and a part in each renderer.
public struct Report: Sendable, Equatable {
    /// Layout version of report.json (`ReportSchema.version`).
    public var schemaVersion: Int
    public var scenario: ScenarioFacts
    public var run: RunFacts
    public var portfolio: PortfolioSummary
    /// Gross loss over the horizon, before risk sharing.
    public var grossLoss: DistributionSummary
    /// Number of defaults over the horizon; nil when not computed (semi-analytic).
    public var defaults: DistributionSummary?
    public var years: [YearSummary]
    /// The parties that bear loss, `bank` first. Parties that only pay subsidies are under `fiscal`.
    public var parties: [PartySummary]
    public var pools: [PoolSummary]
    public var caps: [CapSummary]
    public var tolerance: ToleranceSummary?
    /// Present when the scenario has a `risk_sharing` section.
    public var fiscal: FiscalSummary?
    /// Present for `simulation.method: importance_sampling`.
    public var importanceSampling: ImportanceSamplingDiagnostics?
    /// Present for `simulation.method: semi_analytic`.
    public var semiAnalytic: SemiAnalyticDetails?
    /// Present when the scenario has a `capital` section.
    public var capital: CapitalSummary?
    /// Euler allocation of EL and ES to segments, stages, products and clusters, per party;
    /// nil when not computed (semi-analytic, or more allocation cells than the engine records).
    public var contributions: ContributionsSummary?
    /// Set when a simulated run has no `contributions` because the book has too many cells.
    public var contributionsOmitted: ContributionsOmission?
    /// The scheme's terms and the model's assumptions, restated from the scenario.
    public var terms: SchemeTerms

    public init(
        schemaVersion: Int = ReportSchema.version, scenario: ScenarioFacts, run: RunFacts, portfolio: PortfolioSummary,
        grossLoss: DistributionSummary, defaults: DistributionSummary?, years: [YearSummary], parties: [PartySummary],
        pools: [PoolSummary] = [], caps: [CapSummary] = [], tolerance: ToleranceSummary? = nil,
        fiscal: FiscalSummary? = nil, importanceSampling: ImportanceSamplingDiagnostics? = nil,
        semiAnalytic: SemiAnalyticDetails? = nil, capital: CapitalSummary? = nil, contributions: ContributionsSummary? = nil,
        terms: SchemeTerms
    ) {
        self.schemaVersion = schemaVersion
        self.scenario = scenario
        self.run = run
        self.portfolio = portfolio
        self.grossLoss = grossLoss
        self.defaults = defaults
        self.years = years
        self.parties = parties
        self.pools = pools
        self.caps = caps
        self.tolerance = tolerance
        self.fiscal = fiscal
        self.importanceSampling = importanceSampling
        self.semiAnalytic = semiAnalytic
        self.capital = capital
        self.contributions = contributions
        self.terms = terms
    }

    /// The party named `name`, if it bears loss.
    public func party(_ name: String) -> PartySummary? { parties.first { $0.name == name } }
}

/// Version of the report.json layout.
public enum ReportSchema {
    /// Bumped when a key changes meaning or disappears (history in Scenarios/README.md):
    /// 1, first release; 2, `parties` lists loss-bearing parties only (subsidy-only payers moved
    /// to `fiscal.subsidies`) and `caps.<layer>` gains the layer, its limited parties and years.
    public static let version = 2
}
