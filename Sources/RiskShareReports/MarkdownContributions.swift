import RiskShareKit
import RiskShareSupport

/// The risk-contributions section of the readable report: a segment × party table of EL and
/// ES contributions at 99% (or the nearest reported level), the chart of ES contributions by segment per
/// party, and the stage, product and cluster breakdowns of the gross loss and each party's loss.
extension MarkdownReport {
    mutating func contributions() {
        if let omitted = report.contributionsOmitted {
            add(.heading(level: 2, text: s.contributionsHeading))
            add(
                .note(
                    s.contributionsOmitted(
                        cells: n.plain(Double(omitted.cells), at: nil), parties: n.plain(Double(omitted.parties), at: nil),
                        limit: n.plain(Double(omitted.limit), at: nil))))
            return
        }
        guard let contributions = report.contributions, let top = contributions.shownLevel else { return }
        let q = contributions.levels[top]
        let key = levelKey(q)
        add(.heading(level: 2, text: s.contributionsHeading))
        add(.paragraph(s.contributionsExplanation(level: n.level(q, at: nil))))
        for tag in ["segment", "stage", "product", "cluster"] {
            let subjects = contributions.subjects.filter { $0.breakdown(tag) != nil }
            guard let first = subjects.first?.breakdown(tag), !first.parts.isEmpty else { continue }
            add(.heading(level: 3, text: s.contributionsByTag(tag)))
            // Each subject's column in the unit that fits its own ES.
            let units = subjects.map { n.unit(for: max($0.expectedShortfall[top], $0.expectedLoss.value)) }
            let header =
                [s.contributionPart(tag)]
                + zip(subjects, units).map { s.withUnit($0.name == "gross_loss" ? s.grossLoss : "`\($0.name)`", $1.label) }
            let alignments: [MarkdownDocument.Alignment] = [.left] + Array(repeating: .right, count: subjects.count)
            for measure in [nil, top] as [Int?] {
                add(.paragraph(measure == nil ? s.contributionsELCaption : s.contributionsESCaption(level: n.level(q, at: nil))))
                var rows: [[String]] = []
                for (i, part) in first.parts.enumerated() {
                    var row = ["`\(part.name)`"]
                    for (subject, unit) in zip(subjects, units) {
                        guard let breakdown = subject.breakdown(tag), i < breakdown.parts.count else {
                            row.append(s.notComputed)
                            continue
                        }
                        let p = breakdown.parts[i]
                        let at = Pointer.make("contributions", subject.name, tag, p.name)
                        if let k = measure {
                            row.append(
                                n.money(p.expectedShortfall[k].value, unit, at: at + "/expected_shortfall/" + key) + " ± "
                                    + n.money(p.expectedShortfall[k].stderr, unit, at: at + "/expected_shortfall_stderr/" + key))
                        } else {
                            row.append(
                                n.money(p.expectedLoss.value, unit, at: at + "/expected_loss") + " ± "
                                    + n.money(p.expectedLoss.stderr, unit, at: at + "/expected_loss_stderr"))
                        }
                    }
                    rows.append(row)
                }
                var total = [s.total]
                for (subject, unit) in zip(subjects, units) {
                    let at = Pointer.make("contributions", subject.name)
                    total.append(
                        measure == nil
                            ? n.money(subject.expectedLoss.value, unit, at: at + "/expected_loss")
                            : n.money(subject.expectedShortfall[top], unit, at: at + "/expected_shortfall/" + key))
                }
                rows.append(total)
                add(.table(header: header, rows: rows, alignments: alignments))
            }
            if tag == "segment" { add(.chart(.contributionsBySegment)) }
        }
        topLoans(contributions)
    }

    /// The loans with the largest ES contributions per subject (the first `shownTopLoans`;
    /// report.json has them all), or why they were not computed.
    private mutating func topLoans(_ contributions: ContributionsSummary) {
        add(.heading(level: 3, text: s.topLoansHeading))
        guard let q = contributions.topLoansLevel else {
            add(.note(s.topLoansNotComputed))
            return
        }
        add(
            .paragraph(
                s.topLoansExplanation(
                    level: n.level(q, at: nil), shown: n.plain(Double(Self.shownTopLoans), at: nil),
                    listed: n.plain(Double(ContributionsSummary.topLoanCount), at: nil))))
        for subject in contributions.subjects {
            guard let loans = subject.topLoans, !loans.isEmpty else { continue }
            let unit = n.unit(for: loans[0].expectedShortfall.value)
            add(.paragraph(subject.name == "gross_loss" ? s.grossLoss + ":" : "`\(subject.name)`:"))
            let header = [
                s.rank, s.loanID, s.segment, s.withUnit(s.exposure, unit.label), s.withUnit(s.esContribution, unit.label), s.shareOfES,
            ]
            var rows: [[String]] = []
            for (k, loan) in loans.prefix(Self.shownTopLoans).enumerated() {
                let at = Pointer.make("contributions", subject.name, "top_loans", k)
                rows.append([
                    n.plain(Double(k + 1), at: nil), "`\(loan.id)`", "`\(loan.segment)`",
                    n.money(loan.exposure, unit, at: at + "/exposure"),
                    n.money(loan.expectedShortfall.value, unit, at: at + "/expected_shortfall") + " ± "
                        + n.money(loan.expectedShortfall.stderr, unit, at: at + "/expected_shortfall_stderr"),
                    n.percent(loan.share, at: at + "/share"),
                ])
            }
            add(.table(header: header, rows: rows, alignments: [.right, .left, .left, .right, .right, .right]))
        }
    }

    /// Top loans shown per subject in report.md and report.html.
    static let shownTopLoans = 10
}
