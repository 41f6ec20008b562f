/// Turns the scenario's segments into a `LoanBook`: generated loans get their exposures from their
/// segment's own random stream keyed by `portfolio.seed` (so the book depends neither on the
/// number of paths nor on `simulation.seed`: two Monte Carlo seeds compare the same book), tape loans
/// keep their own values; loans are grouped for simulation. First-loan flags take no draws: the
/// first round(share × count) loans of a segment are flagged.
public enum PortfolioBuilder {
    /// PD band width for heterogeneous groups: the highest PD is at most this multiple of the lowest,
    /// so that thinning from the band's highest conditional PD rejects few candidates.
    static let bandRatio = 2.0

    public static func build(_ scenario: Scenario) -> LoanBook {
        var book = LoanBook(
            exposure: [], pd: [], lgd: [], term: [], firstLoan: [], segment: [], product: [],
            stage: [], interestRate: [], segmentNames: scenario.portfolio.segments.map(\.name), groups: [])
        // Reserved once: arrays grown by doubling would hold up to twice the loans at their peak.
        book.reserveCapacity(scenario.portfolio.loanCount)
        for (s, segment) in scenario.portfolio.segments.enumerated() {
            if let tape = segment.tape {
                appendTape(tape, segment: segment, index: s, to: &book)
            } else {
                appendGenerated(segment, index: s, seed: scenario.portfolio.seed, to: &book)
            }
        }
        return book
    }

    private static func segmentLGD(_ segment: SegmentSpec) -> LGDModel {
        LGDModel.fromMoments(mean: segment.lgdMean, sd: segment.lgdSD) ?? .fixed(segment.lgdMean)
    }

    private static func appendGenerated(_ segment: SegmentSpec, index s: Int, seed: UInt64, to book: inout LoanBook) {
        let n = segment.count
        guard n > 0 else { return }
        let firstCount = Int((segment.firstLoanShare * Double(n)).rounded())
        let lgd = segmentLGD(segment)
        var exposures = [Double](repeating: 0, count: n)
        switch segment.exposure {
        case .fixed(let x):
            exposures = Array(repeating: x, count: n)
        case .lognormal(let median, let sigma):
            let stream = RandomStream(seed: seed, identity: .portfolioExposures(segment: s))
            for i in 0..<n { exposures[i] = stream.logNormal(median: median, sigma: sigma) }
        }
        let homogeneous: Bool
        if case .fixed = segment.exposure { homogeneous = true } else { homogeneous = false }
        // First loans first, so each flag value is one contiguous group.
        for (range, isFirst) in [(0..<firstCount, true), (firstCount..<n, false)] where !range.isEmpty {
            let start = book.count
            for i in range {
                book.exposure.append(exposures[i])
                book.pd.append(segment.pd)
                book.lgd.append(lgd)
                book.term.append(segment.termYears)
                book.firstLoan.append(isFirst)
                book.segment.append(s)
                book.product.append(segment.product)
                book.stage.append(segment.stage)
                book.interestRate.append(segment.interestRate)
            }
            book.groups.append(
                LoanGroup(
                    range: start..<book.count, loadings: segment.loadings, term: segment.termYears,
                    maximumPD: segment.pd, isHomogeneous: homogeneous, segment: s))
        }
    }

    /// The tape rows of a tape segment in book order: sorted by term, then PD, then row, so that
    /// groups (one term, one PD band) are contiguous. The k-th loan of the segment in the book is
    /// tape row `tapeOrder(...)[k]`.
    static func tapeOrder(_ tape: LoanTape, segment: SegmentSpec) -> [Int] {
        let term = { (i: Int) in tape.termYears?[i] ?? segment.termYears }
        return (0..<tape.count).sorted { a, b in
            (term(a), tape.pd[a], a) < (term(b), tape.pd[b], b)
        }
    }

    private static func appendTape(_ tape: LoanTape, segment: SegmentSpec, index s: Int, to book: inout LoanBook) {
        let term = { (i: Int) in tape.termYears?[i] ?? segment.termYears }
        let order = tapeOrder(tape, segment: segment)
        let segmentLGDModel = segmentLGD(segment)
        // Without a first_loan column, the segment's share applies to the first loans in file order.
        let firstCount = Int((segment.firstLoanShare * Double(tape.count)).rounded())
        let firstLoan = { (i: Int) in tape.firstLoan?[i] ?? (i < firstCount) }
        var groupStart = book.count
        var bandLow = -1.0
        var groupTerm = -1
        func closeGroup() {
            guard book.count > groupStart else { return }
            let range = groupStart..<book.count
            let first = range.lowerBound
            let homogeneous = range.allSatisfy { i in
                book.exposure[i] == book.exposure[first] && book.pd[i] == book.pd[first] && book.lgd[i] == book.lgd[first]
                    && book.firstLoan[i] == book.firstLoan[first] && book.product[i] == book.product[first]
                    && book.interestRate[i] == book.interestRate[first] && book.stage[i] == book.stage[first]
            }
            book.groups.append(
                LoanGroup(
                    range: range, loadings: segment.loadings, term: groupTerm,
                    maximumPD: book.pd[range].max() ?? 0,
                    isHomogeneous: homogeneous, segment: s))
            groupStart = book.count
        }
        for i in order {
            let pd = tape.pd[i]
            if term(i) != groupTerm || (bandLow >= 0 && pd > bandLow * bandRatio && pd > 0) || bandLow < 0 {
                closeGroup()
                groupTerm = term(i)
                bandLow = pd
            }
            book.exposure.append(tape.exposure[i])
            book.pd.append(pd)
            if let means = tape.lgdMean {
                let sd = tape.lgdSD?[i] ?? segment.lgdSD
                book.lgd.append(LGDModel.fromMoments(mean: means[i], sd: sd) ?? .fixed(means[i]))
            } else if let sds = tape.lgdSD {
                book.lgd.append(LGDModel.fromMoments(mean: segment.lgdMean, sd: sds[i]) ?? .fixed(segment.lgdMean))
            } else {
                book.lgd.append(segmentLGDModel)
            }
            book.term.append(term(i))
            book.firstLoan.append(firstLoan(i))
            book.segment.append(s)
            book.product.append(tape.product?[i] ?? segment.product)
            book.stage.append(tape.stage?[i] ?? segment.stage)
            book.interestRate.append(tape.interestRate?[i] ?? segment.interestRate)
        }
        closeGroup()
    }
}
