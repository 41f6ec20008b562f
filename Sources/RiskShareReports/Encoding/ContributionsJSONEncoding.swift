import RiskShareKit
import RiskShareSupport

/// report.json `contributions`: `contributions.<subject>.<tag>.<value>.{expected_loss,
/// expected_loss_stderr, expected_shortfall."<level>", expected_shortfall_stderr."<level>"}`, and
/// `contributions.<subject>.top_loans`: an array of `{id, segment, exposure, level,
/// expected_shortfall, expected_shortfall_stderr, share}`, or null when not computed.
extension ContributionsSummary {
    var json: JSONValue {
        .object(
            subjects.map { subject in
                var members: [(String, JSONValue)] = [
                    ("expected_loss", .finite(subject.expectedLoss.value)),
                    ("expected_loss_stderr", .finite(subject.expectedLoss.stderr)),
                    ("expected_shortfall", .object(zip(levels, subject.expectedShortfall).map { (levelKey($0), .finite($1)) })),
                ]
                for breakdown in subject.breakdowns {
                    members.append(
                        (
                            breakdown.tag,
                            .object(
                                breakdown.parts.map { part in
                                    (
                                        part.name,
                                        .object([
                                            ("expected_loss", .finite(part.expectedLoss.value)),
                                            ("expected_loss_stderr", .finite(part.expectedLoss.stderr)),
                                            (
                                                "expected_shortfall",
                                                .object(zip(levels, part.expectedShortfall).map { (levelKey($0), .finite($1.value)) })
                                            ),
                                            (
                                                "expected_shortfall_stderr",
                                                .object(zip(levels, part.expectedShortfall).map { (levelKey($0), .finite($1.stderr)) })
                                            ),
                                        ])
                                    )
                                })
                        ))
                }
                members.append(
                    (
                        "top_loans",
                        subject.topLoans.map { loans in
                            .array(
                                loans.map { loan in
                                    .object([
                                        ("id", .string(loan.id)),
                                        ("segment", .string(loan.segment)),
                                        ("exposure", .finite(loan.exposure)),
                                        ("level", topLoansLevel.map(JSONValue.finite) ?? .null),
                                        ("expected_shortfall", .finite(loan.expectedShortfall.value)),
                                        ("expected_shortfall_stderr", .finite(loan.expectedShortfall.stderr)),
                                        ("share", .finite(loan.share)),
                                    ])
                                })
                        } ?? .null
                    ))
                return (subject.name, .object(members))
            })
    }
}
