/// A probability estimated from paths, with its Monte Carlo standard error.
public struct Probability: Sendable {
    public var p: Double
    public var stderr: Double

    /// Share of paths where `indicator` is true, weighted when the table carries weights.
    public init(indicator: [Bool], weights: [Double]? = nil) {
        let n = Double(indicator.count)
        guard n > 0 else { p = 0; stderr = 0; return }
        if let weights {
            let terms = zip(indicator, weights).map { $0 ? $1 : 0 }
            p = GSL.mean(terms)
            stderr = indicator.count > 1 ? GSL.standardDeviation(terms, mean: p) / n.squareRoot() : 0
        } else {
            p = Double(indicator.lazy.filter { $0 }.count) / n
            stderr = (p * (1 - p) / n).squareRoot()
        }
    }
}
