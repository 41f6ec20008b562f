/// The loan tape identifier of each loan of the book: the book keeps no identifiers (they are
/// only needed to name a handful of loans in a report), so they are looked up on demand from
/// the tapes, through the order in which `PortfolioBuilder` put each tape's rows on the book.
public struct LoanIdentifiers: Sendable {
    private let scenario: Scenario
    /// First book position of each segment (segments are contiguous in the book, in order).
    private let segmentStart: [Int]
    /// Book order of each tape segment's rows (empty for generated segments).
    private let tapeRows: [[Int]]

    /// - Parameters:
    ///   - scenario: the scenario the book was built from.
    ///   - book: `PortfolioBuilder.build(scenario)`.
    public init(scenario: Scenario, book: LoanBook) {
        self.scenario = scenario
        var start = [Int](repeating: book.count, count: book.segmentNames.count)
        for loan in stride(from: book.count - 1, through: 0, by: -1) { start[book.segment[loan]] = loan }
        segmentStart = start
        tapeRows = scenario.portfolio.segments.map { segment in
            segment.tape.map { PortfolioBuilder.tapeOrder($0, segment: segment) } ?? []
        }
    }

    /// Whether the book has loans from a tape (the only loans with identifiers).
    public var hasTapeLoans: Bool { tapeRows.contains { !$0.isEmpty } }

    /// Whether `loan` (a book position) comes from a loan tape.
    /// - Parameters:
    ///   - loan: book position.
    ///   - segment: the loan's segment (`LoanBook.segment[loan]`).
    /// - Returns: true when the loan's segment was read from a tape.
    public func isTapeLoan(_ loan: Int, segment: Int) -> Bool { !tapeRows[segment].isEmpty }

    /// The tape identifiers of `loans`.
    /// - Parameter loans: book positions of tape loans, with their segments.
    /// - Returns: each loan's `id` from its tape, in the order given.
    public func identifiers(of loans: [(loan: Int, segment: Int)]) -> [String] {
        var result = [String](repeating: "", count: loans.count)
        for s in Set(loans.map(\.segment)) {
            guard let tape = scenario.portfolio.segments[s].tape else { preconditionFailure("a generated loan has no identifier") }
            let positions = loans.indices.filter { loans[$0].segment == s }
            let rows = positions.map { tapeRows[s][loans[$0].loan - segmentStart[s]] }
            for (position, id) in zip(positions, tape.ids.identifiers(rows)) { result[position] = id }
        }
        return result
    }
}
