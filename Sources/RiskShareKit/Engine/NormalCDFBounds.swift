import Foundation

/// A table of lower and upper bounds on the standard normal CDF Φ (GSL's `gsl_cdf_ugaussian_P`)
/// over fixed cells of x, so that a comparison `u < Φ(x)` is settled without evaluating Φ unless
/// u falls between the bounds of x's cell.
///
/// The thinning step of the skipping algorithm accepts a candidate when a uniform u (times the
/// group's highest PD) is below the candidate's conditional PD Φ(x). With cells of width 1/128,
/// u falls between the bounds in about 1-3% of the comparisons (the relative width of a cell's
/// bounds is about |x|/128 in the lower tail), and only then is Φ evaluated: the decision, and so
/// every draw, is the one the exact comparison gives.
///
/// Cell k covers x in [g_k, g_{k+1}) with g_k = `lowest` + k/128, k = 0 ..< 2048 (x in [-8, 8)).
/// Its bounds are `Φ(g_k - δ)·(1 - m)` and `Φ(g_{k+1} + δ)·(1 + m)` with δ = 2⁻²⁰ and m = 2⁻³⁰.
/// Φ is increasing, so these enclose Φ(x) for every x of the cell; δ covers the rounding of the
/// cell index (at most about 10⁻¹² of a cell), and m covers GSL's departures from an exactly
/// increasing function (its relative error is a few units in the last place, about 10⁻¹⁵). The
/// tests check the enclosure against GSL at x drawn at random and at every cell edge.
struct NormalCDFBounds {
    /// Cells per unit of x: a power of two, so that the cell edges are exact.
    static let cellsPerUnit = 128.0
    /// The lower edge of cell 0; x below it (or at or above `-lowest`) has no cell.
    static let lowest = -8.0
    static let cellCount = 2048
    /// The margin on x (δ) and the relative margin on Φ (m) described above.
    static let edgeMargin = 0x1p-20
    static let valueMargin = 0x1p-30

    /// lower bound of cell k at 2k, upper bound at 2k + 1: both read from one cache line.
    private let storage: WorkingBuffer<Double>
    /// A lower bound on log(1 - Φ(x)) over cell k, `log(1 - upper)·(1 + m)`, for cells whose
    /// upper bound is below 1/2 and lower bound above 0; NaN for the others.
    private let logSurvivalStorage: WorkingBuffer<Double>

    init() {
        let h = 1 / Self.cellsPerUnit
        var bounds = [Double](repeating: 0, count: 2 * Self.cellCount)
        for k in 0..<Self.cellCount {
            let left = Self.lowest + Double(k) * h, right = Self.lowest + Double(k + 1) * h
            bounds[2 * k] = GSL.normalCDF(left - Self.edgeMargin) * (1 - Self.valueMargin)
            bounds[2 * k + 1] = min(1, GSL.normalCDF(right + Self.edgeMargin) * (1 + Self.valueMargin))
        }
        storage = WorkingBuffer(bounds)
        logSurvivalStorage = WorkingBuffer(
            (0..<Self.cellCount).map { k in
                let lower = bounds[2 * k], upper = bounds[2 * k + 1]
                return lower > 0 && upper < 0.5 ? log1p(-upper) * (1 + Self.valueMargin) : .nan
            })
    }

    /// The position of x in cells from `lowest`, `x × cellsPerUnit - lowest × cellsPerUnit`,
    /// computed as `(c·s - a) × factor + offset` with `factor` = cellsPerUnit / w: the form the
    /// conditional PD Φ((c·s - a)/w) takes, without its division.
    @inline(__always) static func position(numerator: Double, factor: Double) -> Double {
        numerator * factor - lowest * cellsPerUnit
    }

    /// Bounds (lower, upper) on Φ(x) for x at `position` (see `position(numerator:factor:)`),
    /// or nil when x has no cell (outside [-8, 8), or not a number).
    @inline(__always) func bounds(atPosition position: Double) -> (lower: Double, upper: Double)? {
        // Written so that NaN fails the test.
        guard position >= 0 && position < Double(Self.cellCount) else { return nil }
        let k = Int(position)
        return (storage.base[2 * k], storage.base[2 * k + 1])
    }

    /// Whether u < Φ(x) for x at `position`, when the bounds settle it: true when u is below the
    /// cell's lower bound, false when it is at or above its upper bound, nil otherwise (or when x
    /// has no cell), in which case Φ must be evaluated.
    @inline(__always) func isBelow(_ u: Double, atPosition position: Double) -> Bool? {
        guard let bounds = bounds(atPosition: position) else { return nil }
        if u < bounds.lower { return true }
        if u >= bounds.upper { return false }
        return nil
    }

    /// A lower bound on log(1 - Φ(x)) for x at `position`, when x has a cell on which
    /// 0 < Φ < 1/2 (nil otherwise). Φ(x) is then strictly between 0 and 1, and
    /// log(1 - Φ(x)) ≥ the bound by a relative margin of m = 2⁻³⁰ beyond the rounding of
    /// log1p: n × the bound is below n·log(1 - Φ(x)) whatever the rounding of the product.
    @inline(__always) func logSurvivalLowerBound(atPosition position: Double) -> Double? {
        guard position >= 0 && position < Double(Self.cellCount) else { return nil }
        let bound = logSurvivalStorage.base[Int(position)]
        return bound.isNaN ? nil : bound
    }

    /// Bounds on Φ(x) (for tests and callers that have x itself).
    func bounds(of x: Double) -> (lower: Double, upper: Double)? {
        bounds(atPosition: Self.position(numerator: x, factor: Self.cellsPerUnit))
    }
}
