/// A probability estimated from paths, with its Monte Carlo standard error.
///
/// With equal weights: p = k/n, the share of the n paths where the event happened, with the
/// binomial standard error sqrt(p(1-p)/n). With importance-sampling likelihood ratios w: p is
/// the mean of w·1{event} over the paths and its standard error is that series' sample standard
/// deviation over sqrt(n), computed as every weighted mean of a summary is (`ColumnMoments`).
public struct Probability: Sendable {
    public var p: Double
    public var stderr: Double

    public init(p: Double, stderr: Double) {
        self.p = p
        self.stderr = stderr
    }

    /// Share of paths where `indicator` is true, weighted when `weights` (one per path) are given.
    public init(indicator: [Bool], weights: [Double]? = nil) {
        let n = indicator.count
        guard n > 0 else { self.init(p: 0, stderr: 0); return }
        if let weights {
            let moments = ColumnMoments(values: indicator.map { $0 ? 1 : 0 }, weights: weights, excessOver: [], thresholds: [0.5])
            self.init(p: moments.indicatorMean[0], stderr: n > 1 ? moments.indicatorDeviation[0] / Double(n).squareRoot() : 0)
        } else {
            self = Probability.binomial(count: indicator.lazy.filter { $0 }.count, of: n)
        }
    }

    /// `count` of `n` equally weighted paths (n ≥ 1).
    static func binomial(count: Int, of n: Int) -> Probability {
        let total = Double(n)
        let p = Double(count) / total
        return Probability(p: p, stderr: (p * (1 - p) / total).squareRoot())
    }
}
