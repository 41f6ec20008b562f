import RiskShareKit
import RiskShareSupport

/// report.json `contributions`: `contributions.<subject>.<tag>.<value>.{expected_loss,
/// expected_loss_stderr, expected_shortfall."<level>", expected_shortfall_stderr."<level>"}`.
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
                return (subject.name, .object(members))
            })
    }
}
