import RiskShareKit
import RiskShareSupport

/// How the run was made (report.json `run`): enough, with the scenario file, to reproduce it.
public struct RunFacts: Sendable, Equatable {
    /// Monte Carlo paths (0 for the semi-analytic method, which draws none).
    public var paths: Int
    /// Master seed.
    public var seed: UInt64
    /// Years simulated.
    public var horizonYears: Int
    /// Paths per random-number block; nil when the method has no blocks (semi-analytic).
    public var blockPaths: Int?
    /// `simulation.method`: monte_carlo, importance_sampling, qmc or semi_analytic.
    public var method: String
    /// Worker threads; results do not depend on it.
    public var threads: Int
    /// RiskShare version.
    public var version: String
    /// GSL version.
    public var gslVersion: String
    /// Wall-clock seconds (rounded to milliseconds); the only value that changes between identical runs.
    public var elapsedSeconds: Double
    /// Every `--set PATH=VALUE` in the order given (`--paths` and `--seed` are in `paths` and `seed`).
    public var overrides: [String]

    public init(
        paths: Int, seed: UInt64, horizonYears: Int, blockPaths: Int?, method: String, threads: Int,
        version: String, gslVersion: String, elapsedSeconds: Double, overrides: [String]
    ) {
        self.paths = paths
        self.seed = seed
        self.horizonYears = horizonYears
        self.blockPaths = blockPaths
        self.method = method
        self.threads = threads
        self.version = version
        self.gslVersion = gslVersion
        self.elapsedSeconds = elapsedSeconds
        self.overrides = overrides
    }
}
