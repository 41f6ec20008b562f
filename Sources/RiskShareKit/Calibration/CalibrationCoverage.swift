import Foundation
import RiskShareSupport

/// A coverage study of the calibration: simulate many default histories from known (PD, ρ),
/// fit each, and count how often the 95% profile-likelihood intervals contain the truth. Run by
/// the hidden command `riskshare calibration-coverage`; too slow for the unit suite.
public enum CalibrationCoverage {
    /// What to simulate.
    public struct Design: Sendable {
        /// True PD, in (0, 1).
        public var pd: Double
        /// True asset correlation, in (0, 1).
        public var rho: Double
        /// Years per history, ≥ 2.
        public var years: Int
        /// Loans per year (counts, binomial-mixture fit), or nil for large-portfolio rates.
        public var loans: Int?
        /// Number of simulated histories.
        public var replicates: Int
        /// Seed of replicate r's stream (seed, r).
        public var seed: UInt64

        public init(pd: Double, rho: Double, years: Int, loans: Int?, replicates: Int, seed: UInt64) {
            self.pd = pd
            self.rho = rho
            self.years = years
            self.loans = loans
            self.replicates = replicates
            self.seed = seed
        }
    }

    /// The counts of the study; coverages are fractions of the fitted replicates.
    public struct Result: Sendable {
        public var design: Design
        /// Replicates fitted (the others failed numerically or had constant rates).
        public var fitted: Int
        /// Replicates whose fit threw, with the first message.
        public var failed: Int
        public var firstFailure: String?
        /// Fitted replicates whose PD / ρ interval contains the true value.
        public var pdCovered: Int
        public var rhoCovered: Int
        /// Fitted replicates where ρ was declared not identified, and of the identified ones
        /// those whose ρ interval covers.
        public var notIdentified: Int
        public var rhoCoveredWhenIdentified: Int
        /// Means of the estimates over the fitted replicates.
        public var meanPD: Double
        public var meanRho: Double

        public var pdCoverage: Double { Double(pdCovered) / Double(max(fitted, 1)) }
        public var rhoCoverage: Double { Double(rhoCovered) / Double(max(fitted, 1)) }
        /// Binomial standard error of a coverage fraction near 0.95.
        public var coverageStderr: Double { (0.95 * 0.05 / Double(max(fitted, 1))).squareRoot() }
    }

    /// One simulated history: each year a factor z ~ N(0, 1), the conditional PD
    /// p(z) = Φ((Φ⁻¹(PD) - sqrt(ρ)·z) / sqrt(1-ρ)), and with `loans` a Binomial(loans, p(z)) count.
    public static func simulate(_ design: Design, replicate: Int) -> DefaultRateSeries {
        let stream = RandomStream(seed: design.seed, identity: .calibrationHistory(replicate: replicate))
        let c = GSL.normalQuantile(design.pd)
        var rates: [Double] = [], defaults: [Int] = []
        for _ in 0..<design.years {
            let p = GSL.normalCDF((c - design.rho.squareRoot() * stream.gaussian()) / (1 - design.rho).squareRoot())
            if let loans = design.loans { defaults.append(stream.binomial(n: loans, p: p)) } else { rates.append(p) }
        }
        let observations: DefaultRateSeries.Observations
        if let loans = design.loans {
            observations = .counts(defaults: defaults, loans: Array(repeating: loans, count: design.years))
        } else {
            observations = .rates(rates)
        }
        return DefaultRateSeries(
            file: "replicate \(replicate)", years: Array(2000..<(2000 + design.years)),
            observations: observations, convertedFromNPL: false)
    }

    /// Runs the study on `threads` workers; the result does not depend on the thread count.
    public static func run(_ design: Design, threads: Int, progress: (@Sendable (Int) -> Void)? = nil) -> Result {
        let box = ResultsBox<VasicekFit?>(fits: Array(repeating: nil, count: design.replicates))
        let failures = ResultsBox<String?>(fits: Array(repeating: nil, count: design.replicates))
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, design.replicates))) { worker in
            var r = worker
            while r < design.replicates {
                do {
                    box.set(r, try VasicekCalibration.fit(simulate(design, replicate: r)))
                } catch {
                    failures.set(r, "\(error)")
                }
                progress?(r)
                r += max(1, min(threads, design.replicates))
            }
        }
        let results = box.values()
        let fitted = results.compactMap { $0 }
        let messages = failures.values().compactMap { $0 }
        func covers(_ i: ProfileInterval, _ x: Double) -> Bool { i.lower <= x && x <= i.upper }
        return Result(
            design: design, fitted: fitted.count, failed: messages.count, firstFailure: messages.first,
            pdCovered: fitted.filter { covers($0.pdInterval, design.pd) }.count,
            rhoCovered: fitted.filter { covers($0.rhoInterval, design.rho) }.count,
            notIdentified: fitted.filter { !$0.identification.isIdentified }.count,
            rhoCoveredWhenIdentified: fitted.filter { $0.identification.isIdentified && covers($0.rhoInterval, design.rho) }.count,
            meanPD: fitted.reduce(0) { $0 + $1.pd } / Double(max(fitted.count, 1)),
            meanRho: fitted.reduce(0) { $0 + $1.rho } / Double(max(fitted.count, 1)))
    }
}

/// Per-replicate results written by the workers, each slot by exactly one worker.
private final class ResultsBox<Value: Sendable>: @unchecked Sendable {
    private var storage: [Value]
    private let lock = NSLock()
    init(fits: [Value]) { storage = fits }
    func set(_ index: Int, _ value: Value) { lock.lock(); storage[index] = value; lock.unlock() }
    func values() -> [Value] { lock.lock(); defer { lock.unlock() }; return storage }
}
