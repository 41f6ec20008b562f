/// A complete, validated scenario: the portfolio, the economy that drives its defaults, the
/// risk-sharing scheme and what to report. Built by `ScenarioLoader`; every value has been
/// range-checked, so the engine can trust it.
public struct Scenario: Sendable {
    /// Short identifier, also the default report folder name.
    public var name: String
    /// Free text shown in reports.
    public var description: String
    /// Currency code of every amount (e.g. CNY).
    public var currency: String
    public var simulation: SimulationSettings
    public var economy: Economy
    public var portfolio: PortfolioSpec
    public var riskSharing: RiskSharingSpec
    public var report: ReportSettings
    /// Where the scenario came from and its fingerprint.
    public var source: ScenarioSource
    /// How the bank's regulatory capital is computed; nil without a `capital` section.
    public var capital: CapitalSpec? = nil
}

/// How many paths to simulate, from which seed, over how many years.
public struct SimulationSettings: Sendable {
    /// Number of Monte Carlo paths, ≥ 1.
    public var paths: Int
    /// Master seed; with the scenario it determines every number of the report.
    public var seed: UInt64
    /// Years simulated, 1...50.
    public var horizonYears: Int
    /// Paths per block. Blocks are the unit of parallel work and of random streams: the report
    /// depends on this value, never on the number of threads.
    public var blockPaths: Int
    /// Plain Monte Carlo, importance sampling, quasi-Monte Carlo or semi-analytic.
    public var method: SimulationMethod = .monteCarlo

    /// Number of blocks the paths are cut into.
    public var blockCount: Int { (paths + blockPaths - 1) / blockPaths }

    /// Whether a run with `other` draws the same paths block by block (paths, seed, horizon,
    /// block size and method), the condition for replaying one run's defaults in another.
    func drawsSamePaths(as other: SimulationSettings) -> Bool {
        paths == other.paths && seed == other.seed && horizonYears == other.horizonYears && blockPaths == other.blockPaths
            && method == other.method
    }
}

/// The dependence structure of defaults.
public enum Copula: Sendable, Equatable {
    /// Gaussian factor copula (Vasicek / Basel).
    case gaussian
    /// Student-t factor copula: the whole latent variable is scaled by sqrt(dof / W), one
    /// W ~ χ²(dof) per path and year; thresholds are t quantiles so each PD is preserved.
    case studentT(dof: Double)
}

/// The systematic factors and their dynamics.
public struct Economy: Sendable {
    public var copula: Copula
    /// Factor names; loadings refer to them. Factors are independent standard normals each year.
    public var factors: [String]
    /// AR(1) correlation of each factor from one year to the next, in [0, 1).
    public var persistence: Double
    /// PD multiplier per year (length = horizon; 1 where not stressed).
    public var pdMultiplier: [Double]
}

/// The loan book as described in the scenario.
public struct PortfolioSpec: Sendable {
    /// The seed used when no `portfolio.seed` is given. It is fixed (not `simulation.seed`) so
    /// that runs with different `--seed` values simulate the same generated book.
    public static let defaultSeed: UInt64 = 20_251_122

    /// Whether a maturing loan is replaced by an identical new loan.
    public var renewal: Bool
    public var segments: [SegmentSpec]
    /// Seed of the random draws that generate the book (log-normal exposures), in [0, 2^53].
    /// Independent of `simulation.seed`, which drives the Monte Carlo paths only.
    public var seed: UInt64 = PortfolioSpec.defaultSeed

    /// Loans in the book: tape rows plus generated counts.
    public var loanCount: Int { segments.reduce(0) { $0 + ($1.tape?.count ?? $1.count) } }
}

/// What the report contains besides the fixed statistics.
public struct ReportSettings: Sendable {
    /// Quantile levels in (0, 1) for VaR and expected shortfall.
    public var quantiles: [Double]
    /// Loss thresholds x (currency) for P(gross loss > x).
    public var exceedance: [Double]
    /// Whether the report has risk contributions (and so the engine records each party's loss
    /// by allocation cell on every path).
    public var contributions: Bool = true
}

/// Provenance of a scenario.
public struct ScenarioSource: Sendable {
    /// Path as given by the user.
    public var file: String
    /// SHA-256 (hex) of the scenario file, its includes and loan tapes, and any overrides.
    public var sha256: String
    /// The merged document after includes and overrides, before validation.
    public var document: ScenarioNode
}
