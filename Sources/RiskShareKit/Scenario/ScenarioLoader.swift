import Foundation
import RiskShareSupport

/// Reads scenario files: YAML or JSON text, `include`d scheme files, loan tapes and command-line
/// overrides, validated into a `Scenario`. Every refusal is a `ScenarioError`.
public enum ScenarioLoader {
    /// Loads and validates `file`, applying `overrides` of the form `PATH=VALUE` in order.
    public static func load(file: String, overrides: [String] = []) throws -> Scenario {
        try load(file: file, overrides: overrides, budget: .standard)
    }

    /// `load` within `budget` (tests use small budgets to exercise the limits quickly).
    static func load(file: String, overrides: [String], budget: LoadBudget) throws -> Scenario {
        var hasher = SHA256()
        var budget = budget
        var document = try readDocument(file: file, hasher: &hasher, chain: [], budget: &budget)
        for override in overrides {
            hasher.update(Array("\n--set \(override)".utf8))
            document = try apply(override: override, to: document)
        }
        return try decode(document: document, file: file, hasher: hasher, memoryLimit: budget.memoryLimit)
    }

    /// Applies one `PATH=VALUE` override; VALUE is read as YAML (`0.5`, `true`, `[1, 2]`, `text`).
    public static func apply(override: String, to document: ScenarioNode) throws -> ScenarioNode {
        guard let eq = SweepAxis.separator(in: override) else {  // the first "=" outside [...]
            throw ScenarioError(file: "--set", path: override, line: nil, value: nil, message: "must have the form PATH=VALUE")
        }
        let path = try ParameterPath(String(override[..<eq]))
        let text = String(override[override.index(after: eq)...])
        let value = try ScenarioNode.parse(text: text.isEmpty ? "\"\"" : text, file: "--set \(path)")
        return try path.setting(value, in: document)
    }

    /// Validates an already merged document (used by sweeps, which edit the document directly).
    public static func decode(document: ScenarioNode, file: String, hasher: SHA256) throws -> Scenario {
        try decode(document: document, file: file, hasher: hasher, memoryLimit: nil)
    }

    /// `decode` with the memory the loan tapes may take (nil: what the system allows).
    static func decode(document: ScenarioNode, file: String, hasher: SHA256, memoryLimit: MemoryBudget.Limit?) throws -> Scenario {
        var hasher = hasher
        let baseDirectory = (file as NSString).deletingLastPathComponent
        let root = NodeReader(node: document, file: file, path: "")
        let map = try root.map()
        _ = map.optional("include")  // already resolved by readDocument
        let nameReader = map.optional("name")
        let name = try nameReader?.name() ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        // The name is the report folder Reports/<name>: it must stay one folder inside Reports/.
        if let problem = folderNameProblem(name) {
            throw nameReader?.error("\(problem); it names the report folder Reports/<name>")
                ?? ScenarioError(
                    file: file, path: "name", line: nil, value: "\"\(name)\"",
                    message: "(taken from the file name) \(problem); set name: to a plain folder name")
        }
        let description = try map.optional("description")?.string() ?? ""
        let currency = try map.optional("currency")?.name() ?? "CNY"

        let simulation = try parseSimulation(map.optional("simulation"), file: file)
        let economy = try parseEconomy(map.optional("economy"), file: file, horizon: simulation.horizonYears)
        let portfolioReader = try map.required("portfolio", "the loan book (renewal, segments)")
        let portfolioMap = try portfolioReader.map()
        let renewal = try portfolioMap.optional("renewal")?.bool() ?? false
        let portfolioSeed = try portfolioMap.optional("seed")?.integer(in: 0...(1 << 53), allowed: "a whole number in [0, 2^53]")
        let segmentReaders = try portfolioMap.required("segments", "a list of loan segments").list(maxCount: 10_000)
        if segmentReaders.isEmpty { throw portfolioMap.reader.error("must have at least one segment", showValue: false) }
        var segments: [SegmentSpec] = []
        var loaded = (bytes: 0.0, loans: 0)
        for reader in segmentReaders {
            let segment = try SegmentSpec.parse(reader, factors: economy.factors, baseDirectory: baseDirectory) { path, pathReader in
                let resolved = path.hasPrefix("/") ? path : (baseDirectory as NSString).appendingPathComponent(path)
                let input: InputFile
                do {
                    input = try InputFile(path: resolved, limit: LoanTape.maximumBytes)
                } catch let failure as InputFile.Failure {
                    if failure == .missing { throw pathReader.error("names a loan tape that cannot be read (looked for \(resolved))") }
                    throw pathReader.error("names a loan tape that \(failure) (\(resolved))")
                }
                // Before the columns are allocated: this tape, the tapes read before it, and the
                // book all of them will become must fit.
                let earlier = loaded
                let tape = try LoanTapeReader.read(input, file: resolved, hasher: &hasher) { rows, columns in
                    var peak = MemoryEstimate()
                    peak.add("runtime", MemoryBudget.Sizes.baseline)
                    peak.add("loan tapes", earlier.bytes + MemoryBudget.tapeBytes(rows: rows, columns: columns, fileBytes: input.size))
                    peak.add("loan book", Double(earlier.loans + rows) * MemoryBudget.Sizes.bookPerLoan)
                    try MemoryBudget.check(
                        peak, threads: 0, file: resolved, path: "", value: nil,
                        what: "reading up to \(rows) loans and building their loan book",
                        advice: "Split the book into smaller runs, or use a machine with more memory",
                        limit: memoryLimit ?? MemoryBudget.limit())
                }
                loaded.bytes += MemoryBudget.bytes(of: tape)
                loaded.loans += tape.count
                return tape
            }
            if segments.contains(where: { $0.name == segment.name }) {
                throw reader.error("repeats the segment name \"\(segment.name)\"; names must be unique", showValue: false)
            }
            segments.append(segment)
        }
        try portfolioMap.finish()
        let totalLoans = segments.reduce(0) { $0 + ($1.tape?.count ?? $1.count) }
        if totalLoans == 0 { throw portfolioReader.error("has no loans (every segment has count 0)", showValue: false) }
        if totalLoans > 50_000_000 {
            throw portfolioReader.error("has \(totalLoans) loans; at most 50000000 are supported", showValue: false)
        }

        let riskSharing = try RiskSharingSpec.parse(
            map.optional("risk_sharing"),
            context: RiskSharingContext(
                file: file, segments: segments.map(\.name),
                horizonYears: simulation.horizonYears))
        let report = try parseReport(map.optional("report"))
        let capital = try map.optional("capital").map {
            try CapitalSpec.parse($0, segments: segments, parties: riskSharing.parties, riskSharing: riskSharing)
        }
        // Segment keys read only by the IRB capital computation are refused where nothing reads them.
        for reader in segmentReaders where capital?.approach != .irb {
            for key in ["maturity_years", "turnover"] {
                if let value = try reader.map().optional(key) {
                    throw value.error("is used only by capital with approach irb, which this scenario does not have", showValue: false)
                }
            }
        }
        // Used by `riskshare sweep`; validated here so `run` and `validate` catch its mistakes too.
        if let sweep = map.optional("sweep") { _ = try SweepSection.parse(sweep) }
        try checkMethod(
            simulation.method, simulation: simulation, economy: economy,
            hasRiskSharing: map.contains("risk_sharing"), reader: map.optional("simulation"))
        try map.finish()
        return Scenario(
            name: name, description: description, currency: currency, simulation: simulation,
            economy: economy,
            portfolio: PortfolioSpec(
                renewal: renewal, segments: segments,
                seed: portfolioSeed.map(UInt64.init) ?? PortfolioSpec.defaultSeed),
            riskSharing: riskSharing, report: report,
            source: ScenarioSource(file: file, sha256: hasher.hexDigest(), document: document), capital: capital)
    }

    /// Reads a file and resolves its `include` entries (paths relative to the including file).
    public static func readDocument(file: String, hasher: inout SHA256, chain: [String]) throws -> ScenarioNode {
        var budget = LoadBudget.standard
        return try readDocument(file: file, hasher: &hasher, chain: chain, budget: &budget)
    }

    /// `readDocument` charging `budget`, which the scenario file and all its includes share: a
    /// fan-out of includes (each file including the next many times) stops at
    /// `LoadBudget.standard` documents or bytes.
    static func readDocument(
        file: String, hasher: inout SHA256, chain: [String], budget: inout LoadBudget,
        includedBy: NodeReader? = nil
    ) throws -> ScenarioNode {
        let standardized = (file as NSString).standardizingPath
        if chain.contains(standardized) {
            throw ScenarioError(
                file: file, path: "include", line: nil, value: nil,
                message: "includes itself through \(chain.joined(separator: " -> "))")
        }
        if chain.count > 16 {
            throw ScenarioError(file: file, path: "include", line: nil, value: nil, message: "includes nest deeper than 16 files")
        }
        budget.documents -= 1
        if budget.documents < 0, let includedBy {
            throw includedBy.error(
                "makes the scenario read more than \(budget.maximumDocuments) documents (includes of includes, each counted every time it is included)"
            )
        }
        let data: [UInt8]
        do {
            let input = try InputFile(path: file, limit: budget.maximumBytes)
            if input.size > budget.bytes, let includedBy {
                throw includedBy.error("makes the scenario read more than \(InputFile.size(budget.maximumBytes)) with its includes")
            }
            data = try input.readAll(limit: min(budget.bytes, budget.maximumBytes))
        } catch let failure as InputFile.Failure {
            guard let includedBy else { throw ScenarioError(file: file, path: "", line: nil, value: nil, message: failure.description) }
            switch failure {
            case .missing: throw includedBy.error("names a file that does not exist (looked for \(file))")
            case .tooLarge where budget.bytes < budget.maximumBytes:
                throw includedBy.error("makes the scenario read more than \(InputFile.size(budget.maximumBytes)) with its includes")
            default: throw includedBy.error("names a file that \(failure) (\(file))")
            }
        }
        budget.bytes -= data.count
        guard String(bytes: data, encoding: .utf8) != nil else {
            throw ScenarioError(file: file, path: "", line: nil, value: nil, message: "is not UTF-8 text")
        }
        hasher.update(data)
        var node = try ScenarioNode.parse(bytes: data, file: file, budget: &budget)
        guard case .map(var entries) = node.value else {
            throw ScenarioError(
                file: file, path: "", line: node.line, value: nil, message: "must be a map of keys at the top level, found \(node.kind)")
        }
        guard let includeIndex = entries.firstIndex(where: { $0.key == "include" }) else { return node }
        let includeNode = entries.remove(at: includeIndex).node
        node.value = .map(entries)
        let reader = NodeReader(node: includeNode, file: file, path: "include")
        let names: [NodeReader] = reader.isList ? try reader.list(maxCount: 32) : [reader]
        let directory = (file as NSString).deletingLastPathComponent
        var merged = ScenarioNode(.map([]))
        for nameReader in names {
            let name = try nameReader.string()
            let path = name.hasPrefix("/") ? name : (directory as NSString).appendingPathComponent(name)
            // A NUL ends the path for the file system ("dir/\0" is the folder "dir/"): refuse it
            // here, where the message names the including file.
            guard !name.contains("\0"), !name.isEmpty else {
                throw nameReader.error("names a file that does not exist (looked for \(path))")
            }
            merged = merged.merged(
                with: try readDocument(
                    file: path, hasher: &hasher, chain: chain + [standardized],
                    budget: &budget, includedBy: nameReader))
        }
        return merged.merged(with: node)
    }

    /// Why `name` cannot be a single folder name, or nil when it can: no `/` or `\\`, no control
    /// characters, not empty, `.` or `..`.
    static func folderNameProblem(_ name: String) -> String? {
        if name.isEmpty || name == "." || name == ".." { return "must not be empty, \".\" or \"..\"" }
        if name.contains("/") || name.contains("\\") { return "must not contain / or \\" }
        if name.unicodeScalars.contains(where: {
            $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) || [0x2028, 0x2029].contains($0.value)
        }) {
            return "must not contain control characters"
        }
        return nil
    }

    private static func parseSimulation(_ reader: NodeReader?, file: String) throws -> SimulationSettings {
        guard let reader else { return SimulationSettings(paths: 10_000, seed: 1, horizonYears: 1, blockPaths: 1000) }
        let map = try reader.map()
        let paths = try map.optional("paths")?.integer(in: 1...100_000_000, allowed: "a whole number of paths in [1, 100000000]") ?? 10_000
        let seed = try map.optional("seed")?.integer(in: 0...(1 << 53), allowed: "a whole number in [0, 2^53]") ?? 1
        let horizon = try map.optional("horizon_years")?.integer(in: 1...50, allowed: "a whole number of years in [1, 50]") ?? 1
        let block =
            try map.optional("block_paths")?.integer(in: 1...1_000_000, allowed: "a whole number of paths per block in [1, 1000000]")
            ?? 1000
        let method = try parseMethod(map)
        try map.finish()
        let settings = SimulationSettings(paths: paths, seed: UInt64(seed), horizonYears: horizon, blockPaths: block, method: method)
        if settings.blockCount > 1_000_000 {
            throw reader.error(
                "cuts the run into \(settings.blockCount) blocks; raise block_paths so there are at most 1000000", showValue: false)
        }
        return settings
    }

    private static func parseEconomy(_ reader: NodeReader?, file: String, horizon: Int) throws -> Economy {
        guard let reader else {
            return Economy(copula: .gaussian, factors: [], persistence: 0, pdMultiplier: Array(repeating: 1, count: horizon))
        }
        let map = try reader.map()
        let copulaName = try map.optional("copula")?.choice(["gaussian", "t"]) ?? "gaussian"
        let dofReader = map.optional("dof")
        var copula = Copula.gaussian
        if copulaName == "t" {
            guard let dofReader else {
                throw ScenarioError(
                    file: file, path: "economy.dof", line: reader.node.line, value: nil,
                    message: "is required with copula: t (degrees of freedom, e.g. 5)")
            }
            copula = .studentT(dof: try dofReader.number(in: 1...1_000_000, allowed: "degrees of freedom in [1, 1000000]"))
        } else if let dofReader {
            throw dofReader.error("only applies to copula: t")
        }
        var factors: [String] = []
        if let list = map.optional("factors") {
            for item in try list.list(maxCount: 64) {
                let factor = try item.name()
                if factors.contains(factor) { throw item.error("repeats a factor name") }
                factors.append(factor)
            }
        }
        let persistence = try map.optional("persistence")?.number(in: 0...0.999, allowed: "an AR(1) coefficient in [0, 0.999]") ?? 0
        var multipliers = Array(repeating: 1.0, count: horizon)
        if let stress = map.optional("stress") {
            let stressMap = try stress.map()
            if let list = stressMap.optional("pd_multiplier") {
                let items = try list.list(maxCount: 50)
                guard items.count == horizon else {
                    throw list.error("has \(items.count) values; it needs one per year of simulation.horizon_years (\(horizon))")
                }
                multipliers = try items.map { try $0.number(in: 0...1000, allowed: "a PD multiplier in [0, 1000]") }
            }
            try stressMap.finish()
        }
        try map.finish()
        return Economy(copula: copula, factors: factors, persistence: persistence, pdMultiplier: multipliers)
    }

    private static func parseReport(_ reader: NodeReader?) throws -> ReportSettings {
        let defaults = [0.5, 0.9, 0.95, 0.99, 0.995, 0.999]
        guard let reader else { return ReportSettings(quantiles: defaults, exceedance: []) }
        let map = try reader.map()
        var quantiles = defaults
        if let list = map.optional("quantiles") {
            quantiles = try list.list(maxCount: 100).map { item in
                let q = try item.number(in: 0...1, allowed: "a level strictly between 0 and 1")
                if q <= 0 || q >= 1 { throw item.error("must be a level strictly between 0 and 1") }
                return q
            }
            quantiles = Array(Set(quantiles)).sorted()
        }
        var exceedance: [Double] = []
        if let list = map.optional("exceedance") {
            exceedance = Array(Set(try list.list(maxCount: 100).map { try $0.nonNegative("a loss threshold >= 0") })).sorted()
        }
        let contributions = try map.optional("contributions")?.bool() ?? true
        try map.finish()
        return ReportSettings(quantiles: quantiles, exceedance: exceedance, contributions: contributions)
    }
}
