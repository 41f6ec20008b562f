import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// The per-path results of one shard of a run, as written to its directory: enough to rebuild
/// the exact report of the whole run once every shard is present.
///
/// Layout of the directory:
/// - `partial.json`: what was simulated (scenario name, file, SHA-256 and the merged document
///   after includes and overrides), which shard, which blocks and paths, the column names, and
///   the size and SHA-256 of the data file;
/// - `paths.bin`: the rows, byte-exact: the 8-byte magic `RSPATHS1`, then little-endian UInt32
///   column count, UInt32 flags (bit 0: a weights column follows), UInt64 row count, then each
///   column's values as little-endian IEEE-754 doubles, column after column.
public struct PartialResult: Sendable {
    public static let metadataFile = "partial.json"
    public static let dataFile = "paths.bin"
    static let format = "riskshare-partial"
    static let magic = Array("RSPATHS1".utf8)

    public var scenarioName: String
    public var scenarioFile: String
    public var sha256: String
    /// The run's `--set` overrides in order (already applied to `document`; recorded for the report).
    public var overrides: [String] = []
    /// The merged scenario document the shard simulated.
    public var document: ScenarioNode
    public var shard: ShardSpec
    /// Blocks simulated, out of `totalBlocks`.
    public var blocks: Range<Int>
    public var totalBlocks: Int
    public var totalPaths: Int
    public var table: PathTable
    public var threads: Int
    public var elapsedSeconds: Double

    /// Writes `partial.json` and `paths.bin` into `directory` (created if needed).
    public func write(to directory: String) throws {
        try FileOutput.makeDirectory(directory)
        let data = Self.encode(table)
        var digest = SHA256()
        digest.update(data)
        let dataPath = directory + "/" + Self.dataFile
        let temporary = dataPath + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(data)), rename(temporary, dataPath) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: dataPath])
        }
        let metadata: JSONValue = .object([
            ("format", .string(Self.format)), ("format_version", .integer(1)),
            ("version", .string(RiskShareVersion.current)), ("gsl_version", .string(GSL.version)),
            ("scenario", .object([("name", .string(scenarioName)), ("file", .string(scenarioFile)), ("sha256", .string(sha256)),
                                      ("overrides", .array(overrides.map { .string($0) }))])),
            ("shard", .object([("index", .integer(shard.index)), ("count", .integer(shard.count))])),
            ("blocks", .object([("first", .integer(blocks.lowerBound)), ("end", .integer(blocks.upperBound)), ("total", .integer(totalBlocks))])),
            ("paths", .object([("rows", .integer(table.rowCount)), ("total", .integer(totalPaths))])),
            ("columns", .array(table.names.map { .string($0) })),
            ("threads", .integer(threads)), ("elapsed_seconds", .number(elapsedSeconds)),
            ("data", .object([("file", .string(Self.dataFile)), ("bytes", .integer(data.count)), ("sha256", .string(digest.hexDigest()))])),
            ("document", DocumentJSON.json(document)),
        ])
        // Written last: a directory with partial.json is complete.
        try FileOutput.write(metadata.rendered(), to: directory + "/" + Self.metadataFile)
    }

    /// Reads a shard directory; any inconsistency is a `ScenarioError` naming the directory.
    public static func read(from directory: String) throws -> PartialResult {
        func fail(_ message: String) -> ScenarioError {
            ScenarioError(file: directory, path: "", line: nil, value: nil, message: message)
        }
        guard let text = try? String(contentsOfFile: directory + "/" + metadataFile, encoding: .utf8) else {
            throw fail("has no readable \(metadataFile); is it the --out folder of `riskshare run --shard K/N`?")
        }
        let meta: JSONValue
        do { meta = try JSONValue.parse(text) } catch { throw fail("\(metadataFile) is not valid JSON: \(error)") }
        guard meta["format"] == .string(format), meta["format_version"]?.doubleValue == 1 else {
            throw fail("\(metadataFile) is not a RiskShare partial result (format \(format), version 1)")
        }
        func integer(_ value: JSONValue?, _ what: String) throws -> Int {
            guard let x = value?.doubleValue, x == x.rounded(), x >= 0 else { throw fail("\(metadataFile) lacks \(what)") }
            return Int(x)
        }
        func string(_ value: JSONValue?, _ what: String) throws -> String {
            guard case .string(let s)? = value else { throw fail("\(metadataFile) lacks \(what)") }
            return s
        }
        guard case .array(let columnValues)? = meta["columns"], let document = meta["document"] else {
            throw fail("\(metadataFile) lacks columns or document")
        }
        let names = try columnValues.map { try string($0, "column names") }
        guard case .array(let overrideValues)? = meta["scenario"]?["overrides"] else {
            throw fail("\(metadataFile) lacks scenario.overrides (written by an older RiskShare? merge with the version that ran the shards)")
        }
        let overrides = try overrideValues.map { try string($0, "scenario.overrides") }
        let rows = try integer(meta["paths"]?["rows"], "paths.rows")
        guard let bytes = FileManager.default.contents(atPath: directory + "/" + dataFile) else {
            throw fail("has no readable \(dataFile)")
        }
        let data = [UInt8](bytes)
        var digest = SHA256()
        digest.update(data)
        guard data.count == (try integer(meta["data"]?["bytes"], "data.bytes")),
              digest.hexDigest() == (try string(meta["data"]?["sha256"], "data.sha256")) else {
            throw fail("\(dataFile) does not match the size and SHA-256 recorded in \(metadataFile) (truncated or altered copy?)")
        }
        guard let table = decode(data, names: names, rows: rows) else { throw fail("\(dataFile) is malformed") }
        let index = try integer(meta["shard"]?["index"], "shard.index"), count = try integer(meta["shard"]?["count"], "shard.count")
        let first = try integer(meta["blocks"]?["first"], "blocks.first"), end = try integer(meta["blocks"]?["end"], "blocks.end")
        guard first <= end else { throw fail("\(metadataFile) has an empty-or-reversed block range") }
        return PartialResult(
            scenarioName: try string(meta["scenario"]?["name"], "scenario.name"),
            scenarioFile: try string(meta["scenario"]?["file"], "scenario.file"),
            sha256: try string(meta["scenario"]?["sha256"], "scenario.sha256"),
            overrides: overrides,
            document: DocumentJSON.document(document),
            shard: ShardSpec(index: index, count: count), blocks: first..<end,
            totalBlocks: try integer(meta["blocks"]?["total"], "blocks.total"),
            totalPaths: try integer(meta["paths"]?["total"], "paths.total"),
            table: table, threads: try integer(meta["threads"], "threads"),
            elapsedSeconds: meta["elapsed_seconds"]?.doubleValue ?? 0)
    }

    /// The binary form of a table (see the type's documentation).
    static func encode(_ table: PathTable) -> [UInt8] {
        var out = magic
        func append<T: FixedWidthInteger>(_ x: T) { withUnsafeBytes(of: x.littleEndian) { out.append(contentsOf: $0) } }
        append(UInt32(table.names.count))
        append(UInt32(table.weights == nil ? 0 : 1))
        append(UInt64(table.rowCount))
        out.reserveCapacity(out.count + 8 * table.rowCount * (table.names.count + 1))
        for column in table.columns + (table.weights.map { [$0] } ?? []) {
            for x in column { append(x.bitPattern) }
        }
        return out
    }

    /// Reads `encode`'s output; nil when the header does not match `names` and `rows`.
    static func decode(_ data: [UInt8], names: [String], rows: Int) -> PathTable? {
        guard data.count >= 24, Array(data[0..<8]) == magic else { return nil }
        func read<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
            var x: T = 0
            for i in 0..<MemoryLayout<T>.size { x |= T(data[offset + i]) << (8 * i) }
            return x
        }
        let columnCount = Int(read(UInt32.self, at: 8))
        let hasWeights = read(UInt32.self, at: 12) & 1 == 1
        let rowCount = Int(read(UInt64.self, at: 16))
        let stored = columnCount + (hasWeights ? 1 : 0)
        guard columnCount == names.count, rowCount == rows, data.count == 24 + 8 * rowCount * stored else { return nil }
        var columns: [[Double]] = []
        for c in 0..<stored {
            let base = 24 + 8 * rowCount * c
            columns.append((0..<rowCount).map { Double(bitPattern: read(UInt64.self, at: base + 8 * $0)) })
        }
        let weights = hasWeights ? columns.removeLast() : nil
        return PathTable(names: names, columns: columns, weights: weights)
    }
}
