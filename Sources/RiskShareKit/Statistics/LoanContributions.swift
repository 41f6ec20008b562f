/// Expected-shortfall contributions of single loans: C_ℓ(q) = Σ_j t_j·L_ℓj / (1 - q), the Euler
/// allocation of `RiskContributions` with one part per loan, where t_j are the tail weights of
/// the loss being allocated at level q and L_ℓj is the part of path j's loss that loan ℓ bore.
///
/// Only the tail's paths enter (t_j = 0 elsewhere), so the allocation needs the loans' losses
/// on those paths alone (`Simulation.loanLosses(onPaths:)`). Loans are handled in units: one
/// loan, or a homogeneous group whose loss is spread over its loans equally (its loans are
/// exchangeable). The standard error is that of the ES contributions in `RiskContributions`:
/// sd_j(n·t_j·(L_ℓj - C_ℓ)) / (sqrt(n)·(1 - q)), with VaR held at its estimate.
public enum LoanContributions {
    /// The contribution of one unit of loans: the unit's total, so each of its loans has
    /// `expectedShortfall / loans.count`.
    public struct Unit: Sendable, Equatable {
        /// Book positions of the unit's loans.
        public var loans: Range<Int>
        /// The unit's ES contribution (currency).
        public var expectedShortfall: Double
        /// Standard error of one loan's contribution (the unit's divided by its size).
        public var loanStderr: Double
        /// One loan's contribution.
        public var perLoan: Double { expectedShortfall / Double(loans.count) }
    }

    /// One loan and its contribution.
    public struct Loan: Sendable, Equatable {
        /// Book position.
        public var loan: Int
        /// ES contribution (currency) and its standard error.
        public var expectedShortfall: Double
        public var stderr: Double
    }

    /// The contribution of every unit with a loss on a tail path.
    /// - Parameters:
    ///   - tail: (row, t_j) of every path with a nonzero tail weight at `level`; Σ t_j = 1 - q.
    ///   - n: the number of paths of the run.
    ///   - q: the level, in (0, 1).
    ///   - amounts: for the k-th tail entry, the loss each unit bore on that path.
    /// - Returns: the units in ascending order of their first loan.
    public static func units(
        tail: [(Int, Double)], paths n: Int, level q: Double, amounts: (Int) -> [(loans: Range<Int>, amount: Double)]
    ) -> [Unit] {
        // Per unit: Σ t·a, Σ (n·t)²·a and Σ (n·t)²·a²; and Σ t, Σ (n·t)² over the whole tail.
        var sums: [Int: (loans: Range<Int>, ta: Double, t2a: Double, t2a2: Double)] = [:]
        var tailMass = 0.0, squaredMass = 0.0
        for (k, (_, t)) in tail.enumerated() {
            let nt = Double(n) * t
            tailMass += t
            squaredMass += nt * nt
            for (loans, a) in amounts(k) {
                var s = sums[loans.lowerBound] ?? (loans, 0, 0, 0)
                precondition(s.loans == loans, "a unit is always the same loans")
                s.ta += t * a
                s.t2a += nt * nt * a
                s.t2a2 += nt * nt * a * a
                sums[loans.lowerBound] = s
            }
        }
        return sums.keys.sorted().map { start in
            let s = sums[start]!
            let c = s.ta / (1 - q)
            // x_j = n·t_j·(a_j - C) on the tail, 0 elsewhere: Σx and Σx² from the sums above.
            let sumX = Double(n) * (s.ta - c * tailMass)
            let sumX2 = s.t2a2 - 2 * c * s.t2a + c * c * squaredMass
            let squares = max(sumX2 - sumX * sumX / Double(n), 0)
            let stderr = n > 1 ? (squares / Double(n - 1)).squareRoot() / Double(n).squareRoot() / (1 - q) : 0
            let size = Double(s.loans.count)
            return Unit(loans: s.loans, expectedShortfall: c, loanStderr: stderr / size)
        }
    }

    /// The `count` loans with the largest positive contributions, largest first; equal
    /// contributions in book order.
    /// - Parameters:
    ///   - count: how many loans, at least 0.
    ///   - units: `units(...)`.
    ///   - isEligible: whether a unit's loans may be listed (e.g. only loans with identifiers).
    /// - Returns: at most `count` loans, each with its unit's per-loan contribution and error.
    public static func largest(_ count: Int, of units: [Unit], where isEligible: (Unit) -> Bool = { _ in true }) -> [Loan] {
        let ranked = units.filter { $0.perLoan > 0 && isEligible($0) }.sorted {
            ($0.perLoan, -$0.loans.lowerBound) > ($1.perLoan, -$1.loans.lowerBound)
        }
        var result: [Loan] = []
        for unit in ranked {
            for loan in unit.loans {
                if result.count == count { return result }
                result.append(Loan(loan: loan, expectedShortfall: unit.perLoan, stderr: unit.loanStderr))
            }
        }
        return result
    }
}
