/// Economic capital of a loss from its simulated paths (Scenarios/README.md, "Economic capital"):
/// VaR at 99.9% minus the expected loss, and the expected shortfall at 99%, each with its Monte
/// Carlo error, under the same path weights as every other statistic of the report.
public struct EconomicCapital: Sendable, Equatable {
    /// Level of the VaR measure.
    public static let varLevel = 0.999
    /// Level of the expected-shortfall measure.
    public static let esLevel = 0.99

    /// VaR_0.999 - EL.
    public var unexpectedLoss: Double
    /// 95% interval of VaR_0.999 - EL: the order-statistic interval of VaR (see `Summary.quantileInterval`)
    /// minus EL, widened on each side by 1.96 standard errors of EL; nil under importance sampling,
    /// where no order-statistic interval is computed.
    public var unexpectedLossCI95: (lower: Double, upper: Double)?
    /// ES_0.99.
    public var expectedShortfall: Double
    /// Monte Carlo standard error of ES_0.99 (`Summary.expectedShortfallStderr`).
    public var expectedShortfallStderr: Double
    /// EL and its standard error.
    public var expectedLoss: Double
    public var expectedLossStderr: Double
    /// Paths strictly above VaR_0.999: below about 100 the VaR measure is fragile.
    public var tailPaths: Int

    /// Economic capital from per-path losses.
    /// - Parameters:
    ///   - losses: the loss of each path (horizon total, scenario currency).
    ///   - weights: importance-sampling likelihood ratios, or nil.
    ///   - replicateSize: paths per randomised-QMC replicate, or nil.
    public init(losses: [Double], weights: [Double]? = nil, replicateSize: Int? = nil) {
        self.init(summary: Summary(values: losses, weights: weights, replicateSize: replicateSize))
    }

    /// Economic capital from a loss's statistics.
    public init(summary: Summary) {
        let var999 = summary.quantile(Self.varLevel)
        expectedLoss = summary.mean
        expectedLossStderr = summary.stderr
        unexpectedLoss = var999 - summary.mean
        unexpectedLossCI95 = summary.quantileInterval(Self.varLevel).map {
            ($0.lower - summary.mean - 1.959964 * summary.stderr, $0.upper - summary.mean + 1.959964 * summary.stderr)
        }
        expectedShortfall = summary.expectedShortfall(Self.esLevel)
        expectedShortfallStderr = summary.expectedShortfallStderr(Self.esLevel)
        tailPaths = summary.tailCount(Self.varLevel)
    }

    public static func == (a: EconomicCapital, b: EconomicCapital) -> Bool {
        a.unexpectedLoss == b.unexpectedLoss && a.unexpectedLossCI95?.lower == b.unexpectedLossCI95?.lower
            && a.unexpectedLossCI95?.upper == b.unexpectedLossCI95?.upper && a.expectedShortfall == b.expectedShortfall
            && a.expectedShortfallStderr == b.expectedShortfallStderr && a.expectedLoss == b.expectedLoss
            && a.expectedLossStderr == b.expectedLossStderr && a.tailPaths == b.tailPaths
    }
}

/// Economic capital of the bank before risk sharing (the gross loss) and after it (the bank's
/// retained loss), on the same paths: the report's `capital.economic.{before, after}`.
public struct EconomicCapitalComparison: Sendable, Equatable {
    public var before: EconomicCapital
    public var after: EconomicCapital

    /// From the run's per-path table: the `gross_loss` column, and the bank's retained loss
    /// `party.bank.loss` (the gross loss itself when the scenario has no risk sharing).
    public init(paths: PathTable) {
        before = EconomicCapital(summary: paths.summary("gross_loss"))
        after = EconomicCapital(summary: paths.summary(paths.has("party.bank.loss") ? "party.bank.loss" : "gross_loss"))
    }
}
