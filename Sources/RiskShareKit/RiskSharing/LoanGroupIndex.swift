/// Finds the loan group of a loan and sums per-loan quantities over the groups still on the
/// book. Several mechanisms need a *balance* at the start of each year (guaranteed principal for
/// fees and annual caps, subsidised interest): the book's scheduled amount for the year less what
/// belongs to loans that defaulted earlier on the path. Tracking it per group (not per loan)
/// keeps the per-path memory at O(groups) and mirrors exactly how the engine computes the
/// outstanding principal (a group is on the book in year t when renewal is on or t ≤ its term;
/// defaulted loans are not replaced).
struct LoanGroupIndex: Sendable {
    /// First loan of each group, ascending.
    let starts: [Int]
    /// Term of each group, years.
    let terms: [Int]
    let renewal: Bool

    init(book: LoanBook, renewal: Bool) {
        starts = book.groups.map(\.range.lowerBound)
        terms = book.groups.map(\.term)
        self.renewal = renewal
    }

    var count: Int { starts.count }

    /// Group holding `loan`: branch-free binary search, O(log groups). Default events arrive in
    /// time order, so their groups are unpredictable and a branchy search would mispredict.
    @inline(__always) func group(ofLoan loan: Int) -> Int {
        starts.withUnsafeBufferPointer { s in
            var base = 0
            var n = s.count
            while n > 1 {
                let half = n >> 1
                base = s[base + half] <= loan ? base + half : base
                n -= half
            }
            return base
        }
    }

    /// Whether group `g` is on the book in 1-based `year`.
    @inline(__always) func isActive(_ g: Int, year: Int) -> Bool { LoanGroup.isActive(term: terms[g], year: year, renewal: renewal) }
}

/// A per-loan quantity summed by group (e.g. min(principal, per-loan cap) of covered loans).
struct GroupBalance: Sendable, Equatable {
    /// Sum of the quantity over each group's loans.
    let totals: [Double]
    /// Groups with a non-zero total, the only ones worth visiting.
    let relevant: [Int]

    init(book: LoanBook, quantity: (Int) -> Double) {
        var totals = [Double](repeating: 0, count: book.groups.count)
        for (g, group) in book.groups.enumerated() {
            var sum = 0.0
            for loan in group.range { sum += quantity(loan) }
            totals[g] = sum
        }
        self.totals = totals
        relevant = totals.indices.filter { totals[$0] != 0 }
    }

    /// Scheduled amount in `year` less `defaulted` (per group, from earlier years of the path).
    func balance(year: Int, groups: LoanGroupIndex, defaulted: [Double]) -> Double {
        var sum = 0.0
        for g in relevant where groups.isActive(g, year: year) { sum += totals[g] - defaulted[g] }
        return max(sum, 0)
    }
}
