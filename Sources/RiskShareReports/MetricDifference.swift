/// A metric's difference from the baseline variant of a sweep, with the standard error of the
/// *paired* difference.
///
/// Variants of a sweep run on common random numbers: block b of paths of every variant draws
/// from the same random stream. Their estimates are therefore strongly correlated, and the
/// difference of two variants is far more precise than the two per-variant standard errors
/// suggest. With ψᵢ the per-path contribution of the metric (`PathEstimator`), the per-path
/// differences dᵢ = ψᵢ(variant) − ψᵢ(baseline), their mean d̄ over the n paths, and Sᵦ the sum of
/// dᵢ − d̄ over the nᵦ paths of random-number block b (B blocks), the standard error is
///
///     s.e.(Δ) = √( B / (B − 1) · Σᵦ Sᵦ² ) / n.
///
/// The block, not the path, is the unit: within a block the paths draw one after another from
/// one stream, so when a parameter changes how many random numbers a path uses, the later paths
/// of that block are no longer matched one to one between the variants, while the blocks always
/// are. With blocks of one path this is √(Σ (dᵢ − d̄)² / (n (n − 1))), the plain paired formula.
/// The difference itself is the difference of the two reported values. Defined in
/// Scenarios/README.md ("Sweeps: differences from a baseline").
public struct MetricDifference: Sendable, Equatable {
    /// Metric of the variant minus metric of the baseline, in the metric's units.
    public var value: Double
    /// Standard error of the paired difference; nil when not computed: the metric has no
    /// per-path form (a spread, an extreme, a count or a fact of the book: see `PathEstimator`),
    /// the run has a single random-number block, or the two variants use different block sizes.
    public var stderr: Double?

    public init(value: Double, stderr: Double?) {
        self.value = value
        self.stderr = stderr
    }
}
