import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// What the user asked `riskshare sweep` (or `solve`) to do.
public struct SweepRequest: Sendable {
    public var scenarioFile: String
    /// `--vary PATH=VALUES`; when non-empty they replace the axes of the file's `sweep:` section.
    public var vary: [String] = []
    /// `--zip`: read the axes side by side instead of forming the grid.
    public var zipped: Bool = false
    /// `--metric JSON_PATH`; when non-empty they replace the file's `sweep.metrics`.
    public var metrics: [String] = []
    /// `--set PATH=VALUE` overrides applied to every variant (after `paths` and `seed`).
    public var overrides: [String] = []
    public var paths: Int?
    public var seed: UInt64?
    /// Worker threads shared by the variants; results do not depend on it.
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    /// `--baseline K`: the variant (1-based, in grid order) every other is compared with.
    public var baseline: Int = 1

    public init(scenarioFile: String) { self.scenarioFile = scenarioFile }
}

/// A sweep ready to run: the base document (includes resolved, `sweep:` removed, overrides
/// applied), the grid of variants, the metrics, and the hash state that each variant extends.
///
/// Every variant is the scenario `riskshare run FILE --set PATH=VALUE ...` would simulate, with
/// the same seed: variants share their random numbers (common random numbers), so differences
/// between them are the effect of the parameters, not noise. A variant's report is therefore
/// the same as that single run's (hash included).
public struct SweepSetup: Sendable {
    public var file: String
    public var document: ScenarioNode
    public var grid: SweepGrid
    public var metrics: [MetricPath]
    /// The variant every other is compared with (differences and their paired standard errors).
    public var baseline: SweepVariant
    let hasher: SHA256
    /// Fingerprint of the whole study (scenario, overrides, axes, metrics), so shards of
    /// different sweeps are never merged.
    public let fingerprint: String
    /// The sweep's own `--set` overrides, applied to every variant before its axis values.
    public let overrides: [String]

    /// Reads the scenario, merges its `sweep:` section with the request, and checks every
    /// variant before anything is simulated: unknown paths (with the nearest valid ones), values
    /// of the wrong type and values the scenario refuses all fail here.
    public init(_ request: SweepRequest, requireMetrics: Bool = true) throws {
        file = request.scenarioFile
        var hasher = SHA256()
        var document = try ScenarioLoader.readDocument(file: file, hasher: &hasher, chain: [])
        var section = SweepSection()
        if case .map(var entries) = document.value, let i = entries.firstIndex(where: { $0.key == "sweep" }) {
            section = try SweepSection.parse(NodeReader(node: entries[i].node, file: file, path: "sweep"))
            entries.remove(at: i)
            document.value = .map(entries)
        }
        self.overrides = request.overrides
        var overrides: [String] = []
        if let paths = request.paths { overrides.append("simulation.paths=\(paths)") }
        if let seed = request.seed { overrides.append("simulation.seed=\(seed)") }
        for override in overrides + request.overrides {
            hasher.update(Array("\n--set \(override)".utf8))
            document = try ScenarioLoader.apply(override: override, to: document)
        }
        if request.vary.isEmpty {
            grid =
                request.zipped && !section.axes.isEmpty
                ? try SweepGrid(axes: section.axes, zipped: true) : try SweepGrid(axes: section.axes, groups: section.groups)
        } else {
            grid = try SweepGrid(axes: try request.vary.map { try SweepAxis.parse($0) }, zipped: request.zipped)
        }
        let metricTexts = request.metrics.isEmpty ? section.metrics : request.metrics
        if requireMetrics && metricTexts.isEmpty {
            throw ScenarioError(
                file: "--metric", path: "", line: nil, value: nil,
                message: "a sweep needs at least one metric (--metric JSON_PATH or sweep.metrics), e.g. gross_loss.mean")
        }
        metrics = try metricTexts.map(MetricPath.init)
        guard request.baseline >= 1, request.baseline <= grid.variants.count else {
            throw ScenarioError(
                file: "--baseline", path: "", line: nil, value: String(request.baseline),
                message: "must be a variant number from 1 to \(grid.variants.count) (the sweep has \(grid.variants.count) variants)")
        }
        baseline = grid.variants[request.baseline - 1]
        self.document = document
        self.hasher = hasher
        var print = SHA256()
        print.update(Array(hasher.copyDigest().utf8))
        for axis in grid.axes { print.update(Array("\n\(axis.path)=\(axis.labels.joined(separator: ","))".utf8)) }
        print.update(
            Array(
                "\nvariants=\(grid.variants.map { $0.choice.map(String.init).joined(separator: ".") }.joined(separator: ","))\nmetrics=\(metricTexts.joined(separator: ","))\nbaseline=\(request.baseline)"
                    .utf8))
        fingerprint = print.hexDigest()
        for axis in grid.axes { try SweepPaths.check(axis, in: document, file: file) }
        for variant in grid.variants { _ = try scenario(for: variant) }
    }

    /// The `--set` overrides that make `riskshare run` simulate `variant`: the sweep's own, then
    /// one `PATH=VALUE` per axis (recorded as the variant report's `run.overrides`).
    public func overrides(for variant: SweepVariant) -> [String] {
        overrides + zip(grid.axes, variant.choice).map { "\($0.path)=\($0.labels[$1])" }
    }

    /// The validated scenario of a variant, hashed as `riskshare run --set` would hash it.
    public func scenario(for variant: SweepVariant) throws -> Scenario {
        var hasher = self.hasher
        for (axis, i) in zip(grid.axes, variant.choice) {
            hasher.update(Array("\n--set \(axis.path)=\(axis.labels[i])".utf8))
        }
        let variantDocument = try grid.apply(variant, to: document)
        do {
            return try ScenarioLoader.decode(document: variantDocument, file: file, hasher: hasher)
        } catch var error as ScenarioError {
            let settings = zip(grid.axes, grid.labels(of: variant)).map { "\($0.path)=\($1)" }.joined(separator: ", ")
            error.message += " (in sweep variant \(variant.number): \(settings))"
            throw error
        }
    }
}

extension SweepSetup {
    /// The top-level sections a scheme variant may change: the default events of a path depend
    /// only on the rest of the scenario (the book, the economy and the simulation settings), so
    /// variants that differ only here can replay one simulation of the defaults (`SchemeReplay`).
    public static let schemeSections: Set<String> = ["risk_sharing", "report", "capital"]

    /// The variant's resolved document (includes, overrides and axis values applied) without
    /// the scheme sections and without line numbers: variants with equal keys draw the same
    /// defaults.
    func defaultsKey(for variant: SweepVariant) throws -> ScenarioNode {
        var node = try grid.apply(variant, to: document)
        if case .map(let entries) = node.value { node.value = .map(entries.filter { !Self.schemeSections.contains($0.key) }) }
        return node.withoutLines()
    }

    /// `variants` grouped by their defaults: each group (in the order of its first variant) holds
    /// the variants whose documents agree outside `schemeSections`.
    public func defaultsGroups(_ variants: [SweepVariant]) throws -> [[SweepVariant]] {
        var keys: [ScenarioNode] = []
        var groups: [[SweepVariant]] = []
        for variant in variants {
            let key = try defaultsKey(for: variant)
            if let i = keys.firstIndex(of: key) {
                groups[i].append(variant)
            } else {
                keys.append(key)
                groups.append([variant])
            }
        }
        return groups
    }
}

extension SHA256 {
    /// The digest so far, leaving the hasher usable.
    func copyDigest() -> String {
        var copy = self
        return copy.hexDigest()
    }
}
