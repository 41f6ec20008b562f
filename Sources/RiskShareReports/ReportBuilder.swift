import RiskShareKit
import RiskShareSupport

/// Version of RiskShare recorded in every report.
public enum RiskShareVersion {
    public static let current = "0.1.0"
    /// Version of the report.json layout; bumped when a key changes meaning or disappears.
    public static let schema = 1
}

/// Facts about a run that are not statistics.
public struct RunInfo: Sendable {
    public var threads: Int
    public var elapsedSeconds: Double
    /// `simulation.method`: monte_carlo, importance_sampling, qmc or semi_analytic.
    public var method: String = "monte_carlo"

    public init(threads: Int, elapsedSeconds: Double, method: String = "monte_carlo") {
        self.threads = threads
        self.elapsedSeconds = elapsedSeconds
        self.method = method
    }
}

/// Builds `report.json` from the per-path table of a run.
public enum ReportBuilder {
    public static func build(simulation: Simulation, table: PathTable, run: RunInfo) -> JSONValue {
        let scenario = simulation.scenario
        let settings = scenario.report
        let book = simulation.book
        let horizon = scenario.simulation.horizonYears
        var members: [(String, JSONValue)] = [
            ("schema_version", .integer(RiskShareVersion.schema)),
            ("scenario", scenarioJSON(scenario)),
            ("run", .object([
                ("paths", .integer(table.rowCount)), ("seed", .integer(Int(scenario.simulation.seed))),
                ("horizon_years", .integer(horizon)), ("block_paths", .integer(scenario.simulation.blockPaths)),
                ("method", .string(scenario.simulation.method.name)), ("threads", .integer(run.threads)),
                ("version", .string(RiskShareVersion.current)), ("gsl_version", .string(GSL.version)),
                ("elapsed_seconds", .number((run.elapsedSeconds * 1000).rounded() / 1000)),
            ])),
            ("portfolio", portfolioJSON(book)),
            ("gross_loss", table.summary("gross_loss").json(settings)),
            ("defaults", table.summary("defaults").json(settings, exceedance: [])),
            ("years", .array((1...horizon).map { year in
                .object([
                    ("year", .integer(year)),
                    ("gross_loss", table.summary("gross_loss.y\(year)").json(settings)),
                    ("defaults", table.summary("defaults.y\(year)").json(settings, exceedance: [])),
                    ("npl_ratio", table.summary("npl_ratio.y\(year)").json(settings, exceedance: [])),
                ])
            })),
        ]
        members.append(contentsOf: simulation.plan.reportSections(table: table, settings: settings))
        return .object(members)
    }

    /// The report's `scenario` section: what was run and its fingerprint.
    package static func scenarioJSON(_ scenario: Scenario) -> JSONValue {
        .object([
            ("name", .string(scenario.name)), ("file", .string(scenario.source.file)),
            ("sha256", .string(scenario.source.sha256)), ("description", .string(scenario.description)),
            ("currency", .string(scenario.currency)),
        ])
    }

    package static func portfolioJSON(_ book: LoanBook) -> JSONValue {
        let total = book.exposure.reduce(0, +)
        let expectedLoss = book.exposure.indices.reduce(0.0) { $0 + book.exposure[$1] * book.pd[$1] * book.lgd[$1].mean }
        return .object([
            ("loans", .integer(book.count)),
            ("exposure", .finite(total)),
            ("expected_loss_first_year_unstressed", .finite(expectedLoss)),
            ("segments", .array(book.segmentNames.indices.map { s in
                let loans = book.segment.indices.filter { book.segment[$0] == s }
                let exposure = loans.reduce(0.0) { $0 + book.exposure[$1] }
                let weightedPD = exposure > 0 ? loans.reduce(0.0) { $0 + book.exposure[$1] * book.pd[$1] } / exposure : 0
                return .object([
                    ("name", .string(book.segmentNames[s])), ("loans", .integer(loans.count)),
                    ("exposure", .finite(exposure)), ("exposure_weighted_pd", .finite(weightedPD)),
                    ("first_loans", .integer(loans.filter { book.firstLoan[$0] }.count)),
                ])
            })),
        ])
    }
}
