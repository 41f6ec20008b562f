import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// The rows of one shard of a sweep (`riskshare sweep ... --shard K/N --out DIR`), written to
/// `DIR/sweep-partial.json`. Merging every shard gives exactly the CSV or JSON lines the
/// unsharded sweep writes: each variant is simulated the same way wherever it runs, and numbers
/// are stored as shortest round-trip decimals.
public struct SweepPartial: Sendable {
    public static let fileName = "sweep-partial.json"
    static let format = "riskshare-sweep-partial"

    /// Identifies the study; shards with different fingerprints are never merged.
    public var fingerprint: String
    public var scenarioFile: String
    public var shard: ShardSpec
    /// Variant numbers (1-based) held, out of `totalVariants`.
    public var variants: Range<Int>
    public var totalVariants: Int
    public var axes: [String]
    public var metrics: [String]
    /// The variant the differences are taken from (1-based); every shard simulates it.
    public var baseline: Int
    public var rows: [SweepRow]

    /// Runs shard `shard` of the sweep; `log` receives the line saying which variants replay
    /// shared defaults (`SweepRunner.run`).
    public static func run(
        _ setup: SweepSetup, shard: ShardSpec, threads: Int,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        isCancelled: (@Sendable () -> Bool)? = nil,
        log: (@Sendable (String) -> Void)? = nil
    ) throws -> SweepPartial? {
        let slice = setup.grid.variants(shard: shard.index, of: shard.count)
        let rows: [SweepRow]
        if slice.isEmpty {
            rows = []
        } else {
            guard
                let ran = try SweepRunner.run(
                    setup, variants: Array(slice), threads: threads, progress: progress, isCancelled: isCancelled, log: log)
            else { return nil }
            rows = ran
        }
        let range = shard.slice(of: setup.grid.variants.count)
        return SweepPartial(
            fingerprint: setup.fingerprint, scenarioFile: setup.file, shard: shard,
            variants: (range.lowerBound + 1)..<(range.upperBound + 1), totalVariants: setup.grid.variants.count,
            axes: setup.grid.axes.map(\.path.description), metrics: setup.metrics.map(\.description),
            baseline: setup.baseline.number, rows: rows)
    }

    /// Writes `sweep-partial.json` into `directory`; false, with nothing written, when
    /// `isCancelled` turns true first.
    @discardableResult
    public func write(to directory: String, isCancelled: (@Sendable () -> Bool)? = nil) throws -> Bool {
        let rowValues: [JSONValue] = rows.map { row in
            .object([
                ("variant", .integer(row.variant)),
                ("labels", .array(row.labels.map { .string($0) })),
                ("values", .array(row.readings.map { .finite($0.value) })),
                ("stderr", .array(row.readings.map { $0.stderr.map(JSONValue.finite) ?? .null })),
                ("diff", .array((row.differences ?? []).map { .finite($0.value) })),
                ("diff_stderr", .array((row.differences ?? []).map { $0.stderr.map(JSONValue.finite) ?? .null })),
            ])
        }
        let document: JSONValue = .object([
            ("format", .string(Self.format)), ("format_version", .integer(2)),
            ("fingerprint", .string(fingerprint)), ("scenario_file", .string(scenarioFile)),
            ("shard", .object([("index", .integer(shard.index)), ("count", .integer(shard.count))])),
            (
                "variants",
                .object([
                    ("first", .integer(variants.lowerBound)), ("end", .integer(variants.upperBound)), ("total", .integer(totalVariants)),
                ])
            ),
            ("axes", .array(axes.map { .string($0) })), ("metrics", .array(metrics.map { .string($0) })),
            ("baseline", .integer(baseline)), ("rows", .array(rowValues)),
        ])
        try FileOutput.makeDirectory(directory)
        return try FileOutput.writeAll([(directory + "/" + Self.fileName, document.rendered())], isCancelled: isCancelled)
    }

    public static func read(from directory: String) throws -> SweepPartial {
        func fail(_ message: String) -> ScenarioError { ScenarioError(file: directory, path: "", line: nil, value: nil, message: message) }
        guard let text = try? String(contentsOfFile: directory + "/" + fileName, encoding: .utf8) else {
            throw fail("has no readable \(fileName)")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(text) } catch { throw fail("\(fileName) is not valid JSON: \(error)") }
        guard json["format"] == .string(format), json["format_version"]?.doubleValue == 2 else {
            throw fail("\(fileName) is not a RiskShare sweep partial (format \(format), version 2); re-run the shard with this version")
        }
        func int(_ v: JSONValue?) throws -> Int {
            guard let x = v?.doubleValue, x == x.rounded() else { throw fail("\(fileName) is malformed") }
            return Int(x)
        }
        func strings(_ v: JSONValue?) throws -> [String] {
            guard case .array(let items)? = v else { throw fail("\(fileName) is malformed") }
            return try items.map {
                guard case .string(let s) = $0 else { throw fail("\(fileName) is malformed") }; return s
            }
        }
        guard case .string(let fingerprint)? = json["fingerprint"], case .string(let file)? = json["scenario_file"],
            case .array(let rowValues)? = json["rows"]
        else { throw fail("\(fileName) is malformed") }
        let rows: [SweepRow] = try rowValues.map { row in
            guard case .array(let values)? = row["values"], case .array(let errors)? = row["stderr"], values.count == errors.count else {
                throw fail("\(fileName) has a malformed row")
            }
            let readings = zip(values, errors).map { MetricPath.Reading(value: $0.doubleValue ?? .nan, stderr: $1.doubleValue) }
            guard case .array(let diffs)? = row["diff"], case .array(let diffErrors)? = row["diff_stderr"],
                diffs.count == values.count, diffErrors.count == values.count
            else {
                throw fail("\(fileName) has a row without its differences from the baseline")
            }
            let differences = zip(diffs, diffErrors).map { MetricDifference(value: $0.doubleValue ?? .nan, stderr: $1.doubleValue) }
            return SweepRow(
                variant: try int(row["variant"]), labels: try strings(row["labels"]), readings: readings, differences: differences)
        }
        return SweepPartial(
            fingerprint: fingerprint, scenarioFile: file,
            shard: ShardSpec(index: try int(json["shard"]?["index"]), count: try int(json["shard"]?["count"])),
            variants: try int(json["variants"]?["first"])..<(try int(json["variants"]?["end"])),
            totalVariants: try int(json["variants"]?["total"]),
            axes: try strings(json["axes"]), metrics: try strings(json["metrics"]),
            baseline: try int(json["baseline"]), rows: rows)
    }

    /// The rows of all shards in variant order; refuses mixed studies, repeats and gaps.
    public static func merge(_ partials: [SweepPartial]) throws -> (axes: [String], metrics: [String], baseline: Int, rows: [SweepRow]) {
        func fail(_ message: String) -> ScenarioError { ScenarioError(file: "merge", path: "", line: nil, value: nil, message: message) }
        guard let first = partials.first else { throw fail("needs at least one partial result") }
        for p in partials where p.fingerprint != first.fingerprint {
            throw fail(
                "sweep shard \(p.shard) belongs to a different sweep (fingerprint \(p.fingerprint.prefix(12))… vs \(first.fingerprint.prefix(12))…)"
            )
        }
        let rows = partials.flatMap(\.rows).sorted { $0.variant < $1.variant }
        for (i, row) in rows.enumerated() where row.variant != i + 1 {
            throw fail(
                row.variant < i + 1
                    ? "variant \(row.variant) appears in two shards"
                    : "variant \(i + 1) of \(first.totalVariants) is missing; give every shard")
        }
        if rows.count != first.totalVariants {
            throw fail("variants \(rows.count + 1)...\(first.totalVariants) are missing; give every shard")
        }
        return (first.axes, first.metrics, first.baseline, rows)
    }
}
