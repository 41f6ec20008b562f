import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport

/// Runs one damaged input the way `riskshare run` would, in-process, and states what must hold:
/// it is either refused with a one-line `ScenarioError` naming a file, or it simulates to a
/// report with no NaN or infinity that validates against `Scenarios/report.schema.json`.
/// A trap inside the library ends the test process: that is the failure signal.
enum FuzzHarness {
    /// Largest book that is simulated; bigger ones are only loaded (parsing is what is fuzzed).
    static let maximumLoans = 200_000
    /// Largest horizon × loans simulated.
    static let maximumLoanYears = 2_000_000
    /// Paths simulated per mutant.
    static let maximumPaths = 20

    enum Outcome: String, CaseIterable, Sendable {
        case refused, simulated, tooBigToSimulate
    }

    /// Bounded by default; `RISKSHARE_FUZZ_ITERATIONS` asks for a longer run (total mutants).
    static var requestedIterations: Int? {
        ProcessInfo.processInfo.environment["RISKSHARE_FUZZ_ITERATIONS"].flatMap { Int($0) }
    }

    /// `RISKSHARE_FUZZ_SEED` changes the mutants (default 2024).
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["RISKSHARE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 2024
    }

    static let verbose = ProcessInfo.processInfo.environment["RISKSHARE_FUZZ_VERBOSE"] != nil

    static let validator: SchemaValidator = try! SchemaValidator(file: TestScenarios.repositoryRoot + "/Scenarios/report.schema.json")

    /// A private copy of Scenarios/, so mutants sit next to the files they include.
    static let workspace: String = {
        let directory = TestScenarios.temporaryDirectory() + "/Scenarios"
        try! FileManager.default.copyItem(atPath: TestScenarios.repositoryRoot + "/Scenarios", toPath: directory)
        return directory
    }()

    /// Every scenario and loan tape of Scenarios/, relative to it, sorted.
    static let corpus: [String] = {
        let root = TestScenarios.repositoryRoot + "/Scenarios"
        let files = FileManager.default.enumerator(atPath: root)!.compactMap { $0 as? String }
        return files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") && !$0.hasSuffix("schema.json") || $0.hasSuffix(".csv") }
            .sorted()
    }()

    /// Problems found with one mutant; empty when it behaved.
    struct Verdict {
        var outcome: Outcome
        var problems: [String]
    }

    /// Loads `file` (mutants may also live in `involved` files) and checks the result.
    static func check(file: String, involved: [String]) -> Verdict {
        if verbose { FileHandle.standardError.write(Data("fuzz: \(file) \(involved)\n".utf8)) }
        GSL.installErrorHandler()
        var problems: [String] = []
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(file: file)
        } catch let error as ScenarioError {
            let text = error.description
            if text.contains(where: { $0.isNewline }) { problems.append("refusal is not one line: \(text.debugDescription)") }
            let names = ([file] + involved).flatMap { [$0, ($0 as NSString).lastPathComponent] }
            if !names.contains(where: { text.contains($0) }) { problems.append("refusal names no file: \(text)") }
            if error.message.isEmpty { problems.append("refusal without a message: \(text)") }
            return Verdict(outcome: .refused, problems: problems)
        } catch {
            return Verdict(outcome: .refused, problems: ["refused with \(type(of: error)), not a ScenarioError: \(error)"])
        }
        let loans = scenario.portfolio.segments.reduce(0) { $0 + ($1.tape?.count ?? $1.count) }
        if loans > maximumLoans || loans * scenario.simulation.horizonYears > maximumLoanYears {
            return Verdict(outcome: .tooBigToSimulate, problems: [])
        }
        problems += simulate(scenario, label: file)
        return Verdict(outcome: .simulated, problems: problems)
    }

    /// Simulates a loaded scenario on at most `maximumPaths` paths and checks the report.
    static func simulate(_ loaded: Scenario, label: String, threads: Int = 1) -> [String] {
        var scenario = loaded
        scenario.simulation.paths = min(scenario.simulation.paths, maximumPaths)
        let simulation = Simulation(scenario: scenario)
        guard let table = simulation.run(threads: threads) else { return ["\(label): simulation returned no table"] }
        var problems: [String] = []
        do { try GSL.checkFailures(context: "fuzzing \(label)") } catch { problems.append("\(label): \(error)") }
        problems += checkTable(table, simulation: simulation, label: label)
        let report = ReportBuilder.build(simulation: simulation, table: table, run: RunInfo(threads: threads, elapsedSeconds: 0))
        problems += checkReport(report.json, label: label)
        for (name, text) in ReportFormats.render(report: report, table: table) where text.isEmpty {
            problems.append("\(label): \(name) is empty")
        }
        return problems
    }

    /// Every per-path value finite; gross loss and defaults non-negative; NPL ratios in [0, 1];
    /// party losses add up to the gross loss.
    static func checkTable(_ table: PathTable, simulation: Simulation, label: String) -> [String] {
        var problems: [String] = []
        for (name, column) in zip(table.names, table.columns) {
            if let bad = column.first(where: { !$0.isFinite }) { problems.append("\(label): column \(name) holds \(bad)") }
        }
        if let weights = table.weights, let bad = weights.first(where: { !$0.isFinite || $0 < 0 }) {
            problems.append("\(label): likelihood ratio \(bad)")
        }
        guard problems.isEmpty else { return problems }
        let gross = table["gross_loss"]
        if gross.contains(where: { $0 < 0 }) { problems.append("\(label): negative gross loss") }
        for year in 1...simulation.scenario.simulation.horizonYears {
            if table["npl_ratio.y\(year)"].contains(where: { $0 < 0 || $0 > 1 + 1e-12 }) {
                problems.append("\(label): NPL ratio outside [0, 1] in year \(year)")
            }
        }
        let parties = simulation.plan.parties.map { table["party.\($0).loss"] }
        for row in 0..<table.rowCount {
            let allocated = parties.reduce(0.0) { $0 + $1[row] }
            if abs(allocated - gross[row]) > 1e-9 * max(gross[row], 1) {
                problems.append("\(label): path \(row) allocates \(allocated) of a gross loss of \(gross[row])")
                break
            }
        }
        return problems
    }

    /// No null (a non-finite number) anywhere in report.json except where the schema gives
    /// null a meaning, and the rendered text validates against the schema.
    static func checkReport(_ report: JSONValue, label: String) -> [String] {
        var problems: [String] = []
        func walk(_ value: JSONValue, _ pointer: String) {
            switch value {
            case .null:
                // Null by definition: fiscal.leverage when the expected fiscal cost is 0, a segment's
                // exposure-weighted PD when it has no exposure, in `terms` "every segment" or "no limit",
                // and a subject's top loans when no segment comes from a loan tape.
                let allowed =
                    pointer.hasSuffix("/fiscal/leverage") || pointer.hasSuffix("/exposure_weighted_pd") || pointer.hasPrefix("/terms/")
                    || (pointer.hasPrefix("/contributions/") && pointer.hasSuffix("/top_loans"))
                if !allowed { problems.append("\(label): null (non-finite number) at \(pointer)") }
            case .number(let x) where !x.isFinite:
                problems.append("\(label): \(x) at \(pointer)")
            case .array(let items):
                for (i, item) in items.enumerated() { walk(item, "\(pointer)/\(i)") }
            case .object(let members):
                for (key, member) in members { walk(member, "\(pointer)/\(key)") }
            default: break
            }
        }
        walk(report, "")
        let text = report.rendered()
        do {
            let parsed = try JSONValue.parse(text)
            let violations = validator.violations(of: parsed)
            if !violations.isEmpty { problems.append("\(label): schema: \(violations.prefix(3).map(\.description))") }
        } catch {
            problems.append("\(label): report.json does not parse back: \(error)")
        }
        return problems
    }
}

/// Builds the files of one mutant next to its original and names the file to load.
struct MutantCase {
    /// The file to load (a host scenario for schemes and loan tapes).
    var file: String
    /// Every file written for the mutant.
    var written: [String]
    var kind: String

    /// Host scenario for a mutated scheme: a small book with segments the schemes can name.
    static func schemeHost(include: String) -> String {
        """
        name: scheme-host
        simulation: {paths: 20, seed: 3, horizon_years: 2}
        economy: {factors: [economy]}
        portfolio:
          renewal: true
          segments:
            - {name: startup-credit, count: 40, product: credit, exposure: 1.0e6, pd: 0.3, lgd: {mean: 0.6, sd: 0.2}, first_loan_share: 0.5, interest_rate: 0.04, loadings: {economy: 0.4}}
            - {name: park-loans, count: 20, product: park, exposure: {distribution: lognormal, median: 2.0e6, sigma: 1}, pd: 0.1, lgd: 0.5, term_years: 2}
        include: \(include)
        """
    }

    /// Host scenario for a mutated loan tape.
    static func tapeHost(tape: String, variant: Int) -> String {
        // Variant 1: three years with renewal and a generated segment beside the tape;
        // variant 2: a Beta LGD from the segment combined with the tape's columns.
        let generated = "\n    - {name: generated, count: 30, exposure: 5.0e5, pd: 0.05, lgd: 0.5}"
        let segment = variant == 2 ? "lgd: {mean: 0.45, sd: 0.1}" : "lgd: 0.45"
        return """
        name: tape-host
        simulation: {paths: 20, seed: 5, horizon_years: \(variant == 1 ? 3 : 1)}
        economy: {factors: [economy]}
        portfolio:
          renewal: \(variant == 1)
          segments:
            - name: tape
              loans_file: \(tape)
              \(segment)
              loadings: {economy: 0.4472135954999579}\(variant == 1 ? generated : "")
        risk_sharing:
          layers:
            - {type: guarantee, shares: {bank: 0.3, guarantor: 0.7}, per_loan_cap: 2.0e6, fee_rate: 0.01}
            - {type: compensation_pool, payer: pool, initial_balance: 1.0e6, ratio: 0.3, uplift: {first_loan: 0.1}}
        """
    }

    /// Writes mutant `index` of corpus file `relative` (inside `FuzzHarness.workspace`).
    static func make(relative: String, index: Int, random: FuzzRandom) -> MutantCase {
        let workspace = FuzzHarness.workspace
        let original = workspace + "/" + relative
        let directory = (original as NSString).deletingLastPathComponent
        let tag = "fuzz-\(UUID().uuidString.prefix(8))-\(index)"
        let bytes = FileManager.default.contents(atPath: original)!
        if relative.hasSuffix(".csv") {
            let kind = random.pick(TapeMutation.allCases)
            let data = TapeMutator(random: random).mutate(kind, original: String(decoding: bytes, as: UTF8.self))
            let tape = directory + "/\(tag).csv"
            let host = directory + "/\(tag).yaml"
            _ = FileManager.default.createFile(atPath: tape, contents: data)
            try! tapeHost(tape: "\(tag).csv", variant: random.int(0...2)).write(toFile: host, atomically: false, encoding: .utf8)
            return MutantCase(file: host, written: [host, tape], kind: "tape.\(kind.rawValue)")
        }
        let kind = random.pick(ScenarioMutation.allCases)
        let tree = (try? ScenarioNode.parse(text: String(decoding: bytes, as: UTF8.self), file: original)).map(FuzzTree.init)
        var data = ScenarioMutator(random: random).mutate(kind, bytes: bytes, tree: tree)
        let mutant = directory + "/\(tag).yaml"
        var written = [mutant]
        if kind == .includeBomb {
            // fanout-0 includes fanout-1 `width` times, and so on `depth` levels down: up to
            // width^depth documents without a cycle, which the document budget stops.
            let width = random.int(2...32), depth = random.int(1...6)
            let prefix = "\(tag)-fanout"
            data = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "fanout-0.yaml", with: "\(prefix)-0.yaml").utf8)
            for level in 0..<depth {
                let file = directory + "/\(prefix)-\(level).yaml"
                let next = level + 1 < depth ? "include: [\(Array(repeating: "\(prefix)-\(level + 1).yaml", count: width).joined(separator: ", "))]\n" : ""
                try! (next + "description: level \(level)\n").write(toFile: file, atomically: false, encoding: .utf8)
                written.append(file)
            }
        }
        _ = FileManager.default.createFile(atPath: mutant, contents: data)
        if relative.hasPrefix("schemes/") && random.chance(0.8) {
            let host = directory + "/\(tag)-host.yaml"
            try! schemeHost(include: "\(tag).yaml").write(toFile: host, atomically: false, encoding: .utf8)
            return MutantCase(file: host, written: [host] + written, kind: "scheme.\(kind.rawValue)")
        }
        return MutantCase(file: mutant, written: written, kind: kind.rawValue)
    }

    func remove() { for file in written { try? FileManager.default.removeItem(atPath: file) } }
}
