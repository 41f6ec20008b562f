import ArgumentParser
import Foundation
import RiskShareKit
import RiskSharePipeline
import RiskShareReports
import RiskShareSupport

/// `riskshare optimize`: the best design over several parameters, or a trade-off frontier.
struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the best design over several parameters, or trace a trade-off frontier.",
        discussion: """
            Nelder-Mead simplex search (GSL's nmsimplex2) on common random numbers: every design is \
            simulated with the same seed, so the metrics are deterministic functions of the parameters. \
            Parameters are searched in their boxes (LO:HI, mapped to the unit box by reflection at the \
            walls); constraints enter as an exact penalty and the answer is the best feasible design \
            simulated. Scenarios/README.md ("Design search") defines the method. Example:
              riskshare optimize s.yaml --vary 'risk_sharing.layers[type=compensation_pool].ratio=0.1:0.5' \\
                --vary 'risk_sharing.layers[type=compensation_pool].initial_balance=1e8:2e9' \\
                --minimize fiscal.cost.mean --subject-to 'parties.bank.loss.quantiles.0.99 <= 5e9' --json
            Frontier mode: minimise Y subject to X <= each level, for every design family of a file:
              riskshare optimize Scenarios/reference/tech-book.yaml --families Scenarios/frontiers/design-families.yaml \\
                --frontier fiscal.cost.mean,parties.bank.loss.expected_shortfall.0.99 --out frontier.csv --html frontier.html
            Bad input (and a search that finds no design meeting the constraints) exits with status 2.
            """)

    @Argument(help: "Scenario file (YAML or JSON).") var scenario: String
    @Option(name: .customLong("vary"), help: "A searched parameter and its box: PATH=LO:HI (repeatable).") var vary: [String] = []
    @Option(help: "The metric to minimise (a JSON path into report.json).") var minimize: String?
    @Option(help: "The metric to maximise (instead of --minimize).") var maximize: String?
    @Option(name: .customLong("subject-to"), help: "A constraint 'METRIC <= VALUE' or 'METRIC >= VALUE' (repeatable).")
    var subjectTo: [String] = []
    @Option(help: "Stop when the simplex is smaller than this fraction of each range (default 0.001).") var tolerance: Double?
    @Option(name: .customLong("max-evaluations"), help: "At most this many designs per search (default 200).") var maxEvaluations: Int?
    @Option(name: .customLong("out-scenario"), help: "Write the winning scenario to this .yaml or .json file.") var outScenario: String?
    @Flag(help: "Print the result as one JSON document on standard output.") var json = false
    @Option(help: "Frontier mode: METRIC_X,METRIC_Y (minimise Y subject to X <= each level).") var frontier: String?
    @Option(help: "Frontier mode: the file of design families.") var families: String?
    @Option(help: "Frontier mode: a count N of levels spread over X's range (default 8), or v1,v2,... or start:stop:step.")
    var levels: String?
    @Option(help: "Frontier mode: write the points as CSV to this file (default: standard output).") var out: String?
    @Option(help: "Frontier mode: also write a self-contained HTML chart of the frontier.") var html: String?
    @OptionGroup var simulation: SimulationOptions
    @Flag(help: "Print every design simulated (and its metrics) on standard error.") var verbose = false

    func run() throws {
        GSL.installErrorHandler()
        var settings = SearchSettings()
        if let tolerance { settings.sizeTolerance = tolerance }
        if let maxEvaluations { settings.maxEvaluations = maxEvaluations }
        if !(settings.sizeTolerance > 0 && settings.sizeTolerance < 1) {
            throw ScenarioError(
                file: "--tolerance", path: "", line: nil, value: NumberFormat.plain(settings.sizeTolerance),
                message: "must be between 0 and 1 (a fraction of each parameter's range)")
        }
        if settings.maxEvaluations < 2 || settings.maxEvaluations > 100_000 {
            throw ScenarioError(
                file: "--max-evaluations", path: "", line: nil, value: String(settings.maxEvaluations),
                message: "must be 2 to 100000")
        }
        var request = SweepRequest(scenarioFile: scenario)
        request.overrides = simulation.overrides
        request.paths = simulation.paths
        request.seed = simulation.seed
        request.threads = simulation.resolvedThreads
        if let frontier {
            try traceFrontier(frontier, request: request, settings: settings)
        } else {
            try searchOptimum(request: request, settings: settings)
        }
    }

    /// Options of the other mode are refused, never ignored.
    private func refuse(_ options: [(String, Bool)], mode: String) throws {
        if let (name, _) = options.first(where: \.1) {
            throw ScenarioError(file: name, path: "", line: nil, value: nil, message: "cannot be used \(mode)")
        }
    }

    private func searchOptimum(request: SweepRequest, settings: SearchSettings) throws {
        try refuse(
            [("--families", families != nil), ("--levels", levels != nil), ("--out", out != nil), ("--html", html != nil)],
            mode: "without --frontier METRIC_X,METRIC_Y")
        let objective: DesignObjective
        switch (minimize, maximize) {
        case (let m?, nil): objective = DesignObjective(metric: try metric(m, option: "--minimize"))
        case (nil, let m?): objective = DesignObjective(metric: try metric(m, option: "--maximize"), maximize: true)
        case (nil, nil):
            throw ScenarioError(
                file: "--minimize", path: "", line: nil, value: nil,
                message: "a search needs its objective: --minimize METRIC or --maximize METRIC")
        default:
            throw ScenarioError(file: "--maximize", path: "", line: nil, value: nil, message: "cannot be used together with --minimize")
        }
        let problem = try DesignProblem(
            parameters: try vary.map(DesignParameter.init(parsing:)), objective: objective,
            constraints: try subjectTo.map { try DesignConstraint(parsing: $0) })
        let format = try outScenario.map(WinningScenario.format(of:))
        let setup = try DesignSetup.make(request, parameters: problem.parameters, metrics: problem.metrics)
        try checkMetrics(setup, problem: problem)
        var evaluator = DesignEvaluator(
            setup: setup, paths: problem.parameters.map(\.path), threads: request.threads,
            progress: verbose ? Self.trace(problem.parameters.map(\.path.description), metrics: problem.metrics) : nil,
            defaults: EvaluationDefaults(log: verbose ? Sweep.logLine(command: "optimize") : nil))
        let start = DesignOptimizer.startingValues(problem, document: setup.document)
        let result = try DesignOptimizer.optimize(problem, evaluator: &evaluator, start: start, settings: settings)
        guard result.feasible else {
            let misses = result.constraints.filter { !$0.met }.map { "\($0.constraint) has \(String(format: "%.6g", $0.reading.value))" }
            let design = zip(result.parameters, result.values).map { "\($0.path)=\(NumberFormat.plain($1))" }.joined(separator: ", ")
            throw ScenarioError(
                file: "--subject-to", path: "", line: nil, value: nil,
                message:
                    "no design of the \(result.evaluations) simulated meets every constraint; the closest (\(design)) misses: \(misses.joined(separator: "; "))"
            )
        }
        if let outScenario, let format {
            let text = try WinningScenario.text(
                document: setup.document, sourceFile: scenario, parameters: result.parameters,
                values: result.values, format: format, command: Self.commandLine)
            try FileOutput.write(text, to: outScenario)
            FileHandle.standardError.write(Data("winning scenario -> \(outScenario)\n".utf8))
        }
        if json {
            print(OptimizeOutput.json(result).rendered())
        } else {
            print(OptimizeOutput.text(result, settings: settings), terminator: "")
        }
    }

    private func traceFrontier(_ pair: String, request: SweepRequest, settings: SearchSettings) throws {
        try refuse(
            [
                ("--vary", !vary.isEmpty), ("--minimize", minimize != nil), ("--maximize", maximize != nil),
                ("--out-scenario", outScenario != nil), ("--json", json),
            ],
            mode: "with --frontier (the families file names the parameters; X and Y are the objective)")
        let names = pair.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard names.count == 2, !names[0].isEmpty, !names[1].isEmpty else {
            throw ScenarioError(
                file: "--frontier", path: "", line: nil, value: pair,
                message: "must be METRIC_X,METRIC_Y, e.g. fiscal.cost.mean,parties.bank.loss.expected_shortfall.0.99")
        }
        guard let families else {
            throw ScenarioError(
                file: "--families", path: "", line: nil, value: nil,
                message: "--frontier needs the design families: --families FILE (e.g. Scenarios/frontiers/design-families.yaml)")
        }
        var frontierRequest = FrontierRequest(
            x: try metric(names[0], option: "--frontier"), y: try metric(names[1], option: "--frontier"),
            constraints: try subjectTo.map { try DesignConstraint(parsing: $0) },
            levels: try levels.map(FrontierLevels.init(parsing:)) ?? .standard)
        frontierRequest.settings = settings
        let definition = try FrontierDefinition.read(file: families)
        let prepared: [FrontierTracer.Family]
        do {
            prepared = try FrontierTracer.prepare(try DesignSetup.base(request), definition: definition, request: frontierRequest)
        } catch var error as ScenarioError where error.file == "--metric" {
            error.file = names.contains(error.path) ? "--frontier" : "--subject-to"
            throw error
        }
        let metrics = [frontierRequest.y, frontierRequest.x] + frontierRequest.constraints.map(\.metric)
        var designs: (@Sendable (String, DesignEvaluation) -> Void)?
        if verbose {
            var traces: [String: @Sendable (DesignEvaluation) -> Void] = [:]
            for family in definition.families {
                traces[family.name] = Self.trace(
                    family.parameters.map(\.path.description), metrics: metrics, prefix: family.name + ": ")
            }
            let all = traces
            designs = { family, evaluation in all[family]?(evaluation) }
        }
        let points = try FrontierTracer.trace(
            prepared, request: frontierRequest, threads: request.threads,
            progress: { line in FileHandle.standardError.write(Data("  \(line)\n".utf8)) }, designs: designs)
        let csv = FrontierOutput.csv(points, x: names[0], y: names[1])
        if let out {
            try FileOutput.write(csv, to: out)
            FileHandle.standardError.write(Data("\(points.count) frontier points -> \(out)\n".utf8))
        } else {
            print(csv, terminator: "")
        }
        if let html {
            try FileOutput.write(
                FrontierHTML.render(
                    points: points, x: names[0], y: names[1], scenario: scenario,
                    method: FrontierTracer.method), to: html)
            FileHandle.standardError.write(Data("chart -> \(html)\n".utf8))
        }
    }

    /// A metric path, with errors naming the option it came from.
    private func metric(_ text: String, option: String) throws -> MetricPath {
        do { return try MetricPath(text) } catch var error as ScenarioError {
            error.file = option
            throw error
        }
    }

    /// Reads every metric from a one-path report, so a typo fails at once, naming its option.
    private func checkMetrics(_ setup: SweepSetup, problem: DesignProblem) throws {
        do {
            try SweepRunner.checkMetrics(setup, variant: setup.grid.variants[0])
        } catch var error as ScenarioError where error.file == "--metric" {
            error.file =
                problem.objective.metric.description == error.path
                ? (problem.objective.maximize ? "--maximize" : "--minimize") : "--subject-to"
            throw error
        }
    }

    /// `--verbose`: one line per design simulated.
    static func trace(_ paths: [String], metrics: [MetricPath], prefix: String = "") -> @Sendable (DesignEvaluation) -> Void {
        { evaluation in
            let design = zip(paths, evaluation.values).map { "\($0)=\(NumberFormat.plain($1))" }.joined(separator: " ")
            let readings = zip(metrics, evaluation.readings).map { "\($0)=\(String(format: "%.6g", $1.value))" }.joined(separator: " ")
            FileHandle.standardError.write(Data("  design: \(prefix)\(design): \(readings)\n".utf8))
        }
    }

    /// The command line as typed, for the header of the winning scenario.
    static var commandLine: String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        let words = CommandLine.arguments.dropFirst(2).map { word in
            word.allSatisfy(safe.contains) && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        return (["riskshare", "optimize"] + words).joined(separator: " ")
    }
}
