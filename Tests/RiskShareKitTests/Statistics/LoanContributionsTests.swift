import Testing

@testable import RiskShareKit

/// Loan contributions to expected shortfall: the Euler allocation of `RiskContributions` with one
/// part per loan, computed from the tail paths alone. Checked against hand computation and
/// against the dense allocation over every path.
@Suite struct LoanContributionsTests {
    /// Ten paths; at q = 0.8 the tail is paths 3 and 7 with weight 0.1 each (VaR is the 8th
    /// smallest loss, 3, whose tie group gets no tail weight: 8/10 - max(7/10, 0.8) = 0).
    static let total: [Double] = [1, 2, 3, 10, 1, 2, 3, 9, 1, 2]
    /// Loan 0 alone, and a homogeneous group of loans 1 and 2; the two add up to the total.
    static let loanA: [Double] = [0.5, 1, 1, 4, 0, 2, 1, 2, 1, 1]
    static var groupB: [Double] { zip(total, loanA).map { $0 - $1 } }

    static func amounts(_ tail: [(Int, Double)]) -> (Int) -> [(loans: Range<Int>, amount: Double)] {
        { k in
            let j = tail[k].0
            return [(0..<1, loanA[j]), (1..<3, groupB[j])]
        }
    }

    @Test("the tail is the two largest paths, as computed by hand")
    func tailByHand() {
        let allocation = RiskContributions(total: Self.total, parts: [], weights: nil, levels: [0.8])
        #expect(allocation.tails[0].map(\.0) == [3, 7])
        #expect(allocation.tails[0].map(\.1) == [0.1, 0.1])
    }

    @Test("contributions and errors by hand: C = Σ t·L / (1 - q), se = sd(n·t·(L - C)) / (sqrt(n)·(1 - q))")
    func byHand() {
        let tail = [(3, 0.1), (7, 0.1)]
        let units = LoanContributions.units(tail: tail, paths: 10, level: 0.8, amounts: Self.amounts(tail))
        #expect(units.map(\.loans) == [0..<1, 1..<3])
        // A: (0.1·4 + 0.1·2) / 0.2 = 3; terms n·t·(L - C) = +1, -1 on the tail, 0 elsewhere.
        #expect(abs(units[0].expectedShortfall - 3) < 1e-12)
        let seA = (2.0 / 9).squareRoot() / 10.0.squareRoot() / 0.2
        #expect(abs(units[0].loanStderr - seA) < 1e-12 * seA)
        // B: (0.1·6 + 0.1·7) / 0.2 = 6.5, 3.25 per loan; terms -0.5, +0.5: se of the group is
        // sqrt(0.5/9)/sqrt(10)/0.2, halved per loan.
        #expect(abs(units[1].expectedShortfall - 6.5) < 1e-12)
        #expect(abs(units[1].perLoan - 3.25) < 1e-12)
        let seB = (0.5 / 9).squareRoot() / 10.0.squareRoot() / 0.2 / 2
        #expect(abs(units[1].loanStderr - seB) < 1e-12 * seB)
        // The units add up to the ES: (10 + 9) / 2.
        #expect(abs(units.reduce(0) { $0 + $1.expectedShortfall } - 9.5) < 1e-12)
    }

    @Test(
        "the sparse allocation equals the dense one over every path, value and error, with equal and importance-sampling weights",
        arguments: [
            (nil, 0.8), ([1.4, 0.9, 1.1, 0.3, 1.2, 0.8, 1.0, 0.5, 1.3, 1.5], 0.7),
        ] as [([Double]?, Double)])
    func agreesWithDenseAllocation(_ weights: [Double]?, _ q: Double) {
        let dense = RiskContributions(
            total: Self.total, parts: [("A", Self.loanA), ("B", Self.groupB)], weights: weights, levels: [q])
        let tail = dense.tails[0]
        let units = LoanContributions.units(tail: tail, paths: 10, level: q, amounts: Self.amounts(tail))
        for (unit, part) in zip(units, dense.parts) {
            #expect(abs(unit.expectedShortfall - part.expectedShortfall[0]) <= 1e-12 * part.expectedShortfall[0])
            let unitStderr = unit.loanStderr * Double(unit.loans.count)
            #expect(abs(unitStderr - part.expectedShortfallStderr[0]) <= 1e-12 * part.expectedShortfallStderr[0])
        }
    }

    @Test("the largest: per-loan order, a group's loans one by one, ties in book order, only eligible and positive ones")
    func largest() {
        let units = [
            LoanContributions.Unit(loans: 0..<1, expectedShortfall: 3, loanStderr: 0.1),
            LoanContributions.Unit(loans: 1..<4, expectedShortfall: 12, loanStderr: 0.2),  // 4 per loan
            LoanContributions.Unit(loans: 4..<5, expectedShortfall: 4, loanStderr: 0.3),  // ties with the group
            LoanContributions.Unit(loans: 5..<6, expectedShortfall: 0, loanStderr: 0),
            LoanContributions.Unit(loans: 6..<7, expectedShortfall: 5, loanStderr: 0.4),
        ]
        #expect(LoanContributions.largest(20, of: units).map(\.loan) == [6, 1, 2, 3, 4, 0])
        #expect(LoanContributions.largest(3, of: units).map(\.loan) == [6, 1, 2])
        #expect(LoanContributions.largest(20, of: units).map(\.expectedShortfall) == [5, 4, 4, 4, 4, 3])
        #expect(LoanContributions.largest(20, of: units, where: { $0.loans.lowerBound != 6 }).first?.loan == 1)
        #expect(LoanContributions.largest(0, of: units).isEmpty)
    }
}
