import RiskShareKit

/// The standard error of a paired difference between two variants of a sweep, clustered by
/// random-number block (see `MetricDifference` and Scenarios/README.md, "Sweeps: differences from
/// a baseline").
enum PairedDifference {
    /// The standard error of the mean of `variant − baseline` path by path, with blocks of
    /// `block` consecutive paths (the last may be shorter) as independent units; nil with fewer
    /// than two blocks.
    /// - Parameters:
    ///   - variant: ψᵢ of the variant, one per path.
    ///   - baseline: ψᵢ of the baseline, same paths in the same order.
    ///   - block: paths per random-number block (`simulation.block_paths`), ≥ 1.
    /// - Returns: the standard error in the units of ψ, or nil with fewer than two blocks.
    static func standardError(_ variant: [Double], _ baseline: [Double], block: Int) -> Double? {
        precondition(variant.count == baseline.count && block >= 1, "paired samples must have the same paths")
        let n = variant.count
        let blocks = (n + block - 1) / block
        guard blocks > 1 else { return nil }
        var mean = 0.0
        for i in 0..<n { mean += variant[i] - baseline[i] }
        mean /= Double(n)
        var squares = 0.0
        var start = 0
        while start < n {
            let end = min(start + block, n)
            var sum = 0.0
            for i in start..<end { sum += (variant[i] - baseline[i]) - mean }
            squares += sum * sum
            start = end
        }
        return (Double(blocks) / Double(blocks - 1) * squares).squareRoot() / Double(n)
    }
}
