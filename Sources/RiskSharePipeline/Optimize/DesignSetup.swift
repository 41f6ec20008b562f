import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// Preparing a design search: the scenario, overrides and metrics of a sweep, checked at the
/// corners of the box before anything is simulated.
public enum DesignSetup {
    /// The scenario of `request` (file, `--set`, `--paths`, `--seed`; its `sweep:` section is
    /// ignored) ready for `parameters`: every path must name a number of the scenario (or an
    /// optional key), and the scenario must accept the all-lower and the all-upper design.
    public static func make(_ request: SweepRequest, parameters: [DesignParameter], metrics: [MetricPath]) throws -> SweepSetup {
        var request = request
        request.vary = parameters.map { "\($0.path)=\(NumberFormat.plain($0.lower)),\(NumberFormat.plain($0.upper))" }
        request.zipped = true
        request.metrics = metrics.map(\.description)
        return try SweepSetup(request)
    }

    /// The scenario of `request` (file, `--set`, `--paths`, `--seed`; its `sweep:` section left
    /// out) before any design family is merged into it.
    public static func base(_ request: SweepRequest) throws -> BaseScenario {
        var hasher = SHA256()
        var document = try ScenarioLoader.readDocument(file: request.scenarioFile, hasher: &hasher, chain: [])
        if case .map(var entries) = document.value, let i = entries.firstIndex(where: { $0.key == "sweep" }) {
            entries.remove(at: i)
            document.value = .map(entries)
        }
        var overrides: [String] = []
        if let paths = request.paths { overrides.append("simulation.paths=\(paths)") }
        if let seed = request.seed { overrides.append("simulation.seed=\(seed)") }
        for override in overrides + request.overrides {
            hasher.update(Array("\n--set \(override)".utf8))
            document = try ScenarioLoader.apply(override: override, to: document)
        }
        return BaseScenario(file: request.scenarioFile, document: document, overrides: request.overrides, hasher: hasher)
    }

    /// `base` with `fragment` merged over its document (maps merge key by key, lists are
    /// replaced, as for `include`), ready for `parameters` and `metrics`: every path must name a
    /// number of the merged scenario (or an optional key), and the scenario must accept the
    /// all-lower and the all-upper design. `label` names the fragment in messages and hashes.
    public static func merging(
        _ fragment: ScenarioNode, label: String, into base: BaseScenario,
        parameters: [DesignParameter], metrics: [MetricPath]
    ) throws -> SweepSetup {
        var hasher = base.hasher
        hasher.update(Array("\n--merge \(label) \(DocumentJSON.json(fragment).compactText())".utf8))
        // The fragment's lines are those of another file: drop them so that messages, which
        // name the scenario file, do not point at unrelated lines of it.
        let document = base.document.merged(with: DocumentJSON.document(DocumentJSON.json(fragment)))
        let axes = parameters.map { p in
            SweepAxis(
                path: p.path, values: [ScenarioNode(.number(p.lower)), ScenarioNode(.number(p.upper))],
                labels: [NumberFormat.plain(p.lower), NumberFormat.plain(p.upper)])
        }
        let setup = SweepSetup(
            file: base.file, document: document, grid: try SweepGrid(axes: axes, zipped: true),
            metrics: metrics, overrides: base.overrides, hasher: hasher, fingerprint: hasher.copyDigest())
        do {
            for axis in axes { try SweepPaths.check(axis, in: document, file: base.file) }
            for variant in setup.grid.variants { _ = try setup.scenario(for: variant) }
        } catch var error as ScenarioError {
            error.message += " (design family \(label))"
            throw error
        }
        return setup
    }
}

/// A scenario document with the command line's overrides applied, and the hash state of what
/// it was read from.
public struct BaseScenario: Sendable {
    public var file: String
    public var document: ScenarioNode
    /// The `--set` overrides (already applied to `document`), recorded in each design's report.
    public var overrides: [String]
    let hasher: SHA256
}

extension SweepSetup {
    /// A setup from its parts (the checks are the caller's).
    init(
        file: String, document: ScenarioNode, grid: SweepGrid, metrics: [MetricPath], overrides: [String], hasher: SHA256,
        fingerprint: String
    ) {
        self.file = file
        self.document = document
        self.grid = grid
        self.metrics = metrics
        self.baseline = grid.variants[0]
        self.overrides = overrides
        self.hasher = hasher
        self.fingerprint = fingerprint
    }
}
