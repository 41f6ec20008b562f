import Foundation

/// Draws each year's systematic factor innovations for one path, under the run's method:
/// plain Gaussian draws; Gaussian draws shifted by μ for importance sampling (accumulating the
/// log likelihood ratio -μ·ε + |μ|²/2); or coordinates of a randomly shifted Sobol point
/// mapped through Φ⁻¹ for quasi-Monte Carlo.
struct FactorSampler {
    private let factorCount: Int
    private let dof: Double?
    private let shift: [Double]?
    private let halfShiftSquared: Double
    private var sobol: SobolSequence?
    private var point: [Double] = []
    /// Log of the path's likelihood ratio so far (0 without importance sampling).
    private(set) var logWeight = 0.0

    init(simulation: Simulation, block: Int) {
        let scenario = simulation.scenario
        factorCount = scenario.economy.factors.count
        if case .studentT(let d) = scenario.economy.copula { dof = d } else { dof = nil }
        shift = simulation.importanceShift
        halfShiftSquared = (shift ?? []).reduce(0) { $0 + $1 * $1 } / 2
        if scenario.simulation.method == .quasiMonteCarlo {
            let dimension = SobolSequence.dimensions(
                factors: factorCount, years: scenario.simulation.horizonYears,
                studentT: dof != nil)
            // One independent uniform shift per block: each block is an unbiased replicate.
            let shiftStream = RandomStream(seed: scenario.simulation.seed, identity: .quasiMonteCarloShift(block: block))
            sobol = SobolSequence(dimension: dimension, shift: (0..<dimension).map { _ in shiftStream.uniform() })
        }
    }

    /// Starts a path: the next Sobol point, and a zero log weight.
    mutating func beginPath() {
        logWeight = 0
        if let sobol { point = sobol.next() }
    }

    /// The innovation of `factor` in `year` (1-based).
    mutating func innovation(year: Int, factor: Int, stream: RandomStream) -> Double {
        if sobol != nil {
            return GSL.normalQuantile(point[(year - 1) * (factorCount + (dof == nil ? 0 : 1)) + factor])
        }
        let draw = stream.gaussian()
        guard let shift else { return draw }
        let shifted = draw + shift[factor]
        logWeight += -shift[factor] * shifted
        if factor == factorCount - 1 { logWeight += halfShiftSquared }
        return shifted
    }

    /// sqrt(W / dof) for the t copula's mixing variable W ~ χ²(dof) in `year`; 1 for Gaussian.
    func thresholdScale(year: Int, stream: RandomStream) -> Double {
        guard let dof else { return 1 }
        let w: Double
        if sobol != nil {
            w = GSL.chiSquareQuantile(point[(year - 1) * (factorCount + 1) + factorCount], dof: dof)
        } else {
            w = stream.chiSquare(dof)
        }
        return (w / dof).squareRoot()
    }
}
