import RiskShareKit
import RiskShareSupport

/// One year of the horizon (report.json `years[i]`).
public struct YearSummary: Sendable, Equatable {
    /// 1-based year.
    public var year: Int
    /// Gross loss of the defaults of the year (currency).
    public var grossLoss: DistributionSummary
    /// Defaults in the year; nil when not computed (semi-analytic).
    public var defaults: DistributionSummary?
    /// Principal defaulting in the year / principal outstanding at its start; nil when not computed.
    public var nplRatio: DistributionSummary?

    public init(year: Int, grossLoss: DistributionSummary, defaults: DistributionSummary?, nplRatio: DistributionSummary?) {
        self.year = year
        self.grossLoss = grossLoss
        self.defaults = defaults
        self.nplRatio = nplRatio
    }
}
