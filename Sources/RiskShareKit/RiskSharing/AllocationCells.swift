/// The units a loss is allocated back to for risk contributions: the loans that share a
/// segment, a stage and a product (a segment's loans all share its stage and product unless its
/// loan tape gives them per loan). Every report breakdown (segment, stage, product, cluster) is a
/// union of cells, so recording each party's loss per cell and path is enough for all of them.
///
/// Cells are numbered segment by segment, in the order their first loan appears in the book.
public struct AllocationCells: Sendable, Equatable {
    /// One cell: its segment (index into `LoanBook.segmentNames`), stage and product.
    public struct Cell: Sendable, Equatable {
        public var segment: Int
        public var stage: String
        public var product: String
    }

    public let cells: [Cell]
    /// Cell of each loan group, or -1 for a group whose loans lie in several cells (a tape with
    /// per-loan stages or products); those loans are looked up in `cellOfLoan`.
    let cellOfGroup: [Int]
    /// Cell of each loan, kept only when some group spans several cells (empty otherwise).
    let cellOfLoan: [Int32]

    public var count: Int { cells.count }

    public init(book: LoanBook) {
        var cells: [Cell] = []
        var index: [Int: [String: Int]] = [:]
        func cell(of loan: Int) -> Int {
            let key = book.stage[loan] + "\u{0}" + book.product[loan]
            if let c = index[book.segment[loan]]?[key] { return c }
            cells.append(Cell(segment: book.segment[loan], stage: book.stage[loan], product: book.product[loan]))
            index[book.segment[loan], default: [:]][key] = cells.count - 1
            return cells.count - 1
        }
        // Segment by segment, so that cells of one segment are adjacent.
        var byGroup = [Int](repeating: -1, count: book.groups.count)
        var mixed = false
        for s in book.segmentNames.indices {
            for (g, group) in book.groups.enumerated() where group.segment == s {
                let start = group.range.lowerBound
                let first = cell(of: start)
                var uniform = true
                for loan in group.range where book.stage[loan] != book.stage[start] || book.product[loan] != book.product[start] {
                    uniform = false
                    break
                }
                byGroup[g] = uniform ? first : -1
                if !uniform { mixed = true }
            }
        }
        var byLoan: [Int32] = []
        if mixed {
            byLoan = [Int32](repeating: 0, count: book.count)
            for loan in 0..<book.count { byLoan[loan] = Int32(cell(of: loan)) }
        }
        self.cells = cells
        cellOfGroup = byGroup
        cellOfLoan = byLoan
    }

    /// Cell of a default event's loan in group `group`.
    @inline(__always) func cell(loan: Int, group: Int) -> Int {
        let c = cellOfGroup[group]
        return c >= 0 ? c : Int(cellOfLoan[loan])
    }

    /// Runs `body` with a lookup (loan, group) → cell over the tables' storage, for hot loops.
    @inline(__always) func withLookup<R>(_ body: ((Int, Int) -> Int) -> R) -> R {
        cellOfGroup.withUnsafeBufferPointer { byGroup in
            cellOfLoan.withUnsafeBufferPointer { byLoan in
                body { loan, group in
                    let c = byGroup[group]
                    return c >= 0 ? c : Int(byLoan[loan])
                }
            }
        }
    }

    /// Adds what each of `bearers` holds of every event to its loss in the event's cell,
    /// `loss[p × count + cell]`, event by event in order.
    func addLosses(
        of events: UnsafeBufferPointer<DefaultEvent>, groups: UnsafeBufferPointer<Int>, held holdings: EventHoldings,
        by bearers: [Int], into loss: UnsafeMutableBufferPointer<Double>
    ) {
        let count = count
        withLookup { cell in
            bearers.withUnsafeBufferPointer { bearers in
                for e in 0..<events.count {
                    let c = cell(events[e].loan, groups[e])
                    for p in bearers { loss[p * count + c] += holdings.held(e, by: p) }
                }
            }
        }
    }

    /// Number of cells of a scenario's book, from its segments and tapes, without building it.
    public static func count(_ scenario: Scenario) -> Int {
        scenario.portfolio.segments.reduce(0) { total, segment in
            guard let tape = segment.tape else { return total + (segment.count > 0 ? 1 : 0) }
            guard tape.stage != nil || tape.product != nil else { return total + (tape.count > 0 ? 1 : 0) }
            var pairs = Set<String>()
            for i in 0..<tape.count { pairs.insert((tape.stage?[i] ?? segment.stage) + "\u{0}" + (tape.product?[i] ?? segment.product)) }
            return total + pairs.count
        }
    }
}
