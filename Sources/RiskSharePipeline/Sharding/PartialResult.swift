import Foundation
import RiskShareKit
import RiskShareReports
import RiskShareSupport

/// The per-path results of one shard of a run, as written to its directory: enough to rebuild
/// the exact report of the whole run once every shard is present.
///
/// Layout of the directory:
/// - `partial.json`: what was simulated (scenario name, file, the `--set` overrides, every
///   override as applied (`--paths` and `--seed` too), the SHA-256 of the scenario, its
///   includes, loan tapes and overrides, and the merged document), which shard, which blocks and paths, the column names, and the size and SHA-256
///   of the data file;
/// - `paths.bin`: the rows, byte-exact: the 8-byte magic `RSPATHS1`, then little-endian UInt32
///   column count, UInt32 flags (bit 0: a weights column follows; no other bit is set), UInt64
///   row count, then each column's values as little-endian IEEE-754 doubles, column after column.
///
/// Reading checks every number against what a shard can have written (ranges, the shard's own
/// slice of the blocks, the data file's size and digest), so a damaged or altered file is refused
/// with a message, never trusted or trapped on.
public struct PartialResult: Sendable {
    public static let metadataFile = "partial.json"
    public static let dataFile = "paths.bin"
    static let format = "riskshare-partial"
    /// 2: records every applied override, so `merge` can re-read and re-hash the scenario.
    static let formatVersion = 2
    static let magic = Array("RSPATHS1".utf8)

    /// What `partial.json` says, checked, without the per-path data.
    public struct Header: Sendable {
        public var scenarioName: String
        public var scenarioFile: String
        public var sha256: String
        /// The run's `--set` overrides in order (recorded in the report).
        public var overrides: [String]
        /// Every override the shard applied, in order: `--paths`, `--seed`, then `--set`
        /// (`merge` re-reads the scenario with them).
        public var appliedOverrides: [String]
        /// The merged scenario document the shard simulated.
        public var document: ScenarioNode
        public var shard: ShardSpec
        /// Blocks simulated, out of `totalBlocks`.
        public var blocks: Range<Int>
        public var totalBlocks: Int
        public var totalPaths: Int
        /// Paths (rows) in `paths.bin`.
        public var rows: Int
        public var columns: [String]
        public var threads: Int
        public var elapsedSeconds: Double
        /// Size and SHA-256 of `paths.bin`.
        public var dataBytes: Int
        public var dataSHA256: String
    }

    public var header: Header
    public var table: PathTable

    public var scenarioName: String { header.scenarioName }
    public var scenarioFile: String { header.scenarioFile }
    public var sha256: String { header.sha256 }
    public var overrides: [String] { header.overrides }
    public var appliedOverrides: [String] { header.appliedOverrides }
    public var document: ScenarioNode { header.document }
    public var shard: ShardSpec { header.shard }
    public var blocks: Range<Int> { header.blocks }
    public var totalBlocks: Int { header.totalBlocks }
    public var totalPaths: Int { header.totalPaths }
    public var threads: Int { header.threads }
    public var elapsedSeconds: Double { header.elapsedSeconds }

    public init(header: Header, table: PathTable) {
        self.header = header
        self.table = table
    }

    /// Limits a shard written by RiskShare stays within.
    static let maximumShards = 1_000_000
    static let maximumBlocks = 1_000_000
    static let maximumPaths = 100_000_000
    static let maximumColumns = 100_000
    static let maximumThreads = Int(Int32.max)

    /// Writes `paths.bin` and `partial.json` into `directory` (created if needed), all or
    /// nothing; false, with nothing written, when `isCancelled` turns true first.
    @discardableResult
    public func write(to directory: String, isCancelled: (@Sendable () -> Bool)? = nil) throws -> Bool {
        try FileOutput.makeDirectory(directory)
        let data = Self.encode(table)
        var digest = SHA256()
        digest.update(data)
        let metadata: JSONValue = .object([
            ("format", .string(Self.format)), ("format_version", .integer(Self.formatVersion)),
            ("version", .string(RiskShareVersion.current)), ("gsl_version", .string(GSL.version)),
            (
                "scenario",
                .object([
                    ("name", .string(scenarioName)), ("file", .string(scenarioFile)), ("sha256", .string(sha256)),
                    ("overrides", .array(overrides.map { .string($0) })),
                    ("applied_overrides", .array(appliedOverrides.map { .string($0) })),
                ])
            ),
            ("shard", .object([("index", .integer(shard.index)), ("count", .integer(shard.count))])),
            (
                "blocks",
                .object([("first", .integer(blocks.lowerBound)), ("end", .integer(blocks.upperBound)), ("total", .integer(totalBlocks))])
            ),
            ("paths", .object([("rows", .integer(table.rowCount)), ("total", .integer(totalPaths))])),
            ("columns", .array(table.names.map { .string($0) })),
            ("threads", .integer(threads)), ("elapsed_seconds", .number(elapsedSeconds)),
            (
                "data",
                .object([("file", .string(Self.dataFile)), ("bytes", .integer(data.count)), ("sha256", .string(digest.hexDigest()))])
            ),
            ("document", DocumentJSON.json(document)),
        ])
        // partial.json is renamed into place last: a directory with partial.json is complete.
        return try FileOutput.writeAll(
            contents: [
                (directory + "/" + Self.dataFile, .bytes(data)),
                (directory + "/" + Self.metadataFile, .text(metadata.rendered())),
            ],
            isCancelled: isCancelled)
    }

    /// Reads a shard directory; any inconsistency is a `ScenarioError` naming the directory.
    public static func read(from directory: String) throws -> PartialResult {
        let header = try readHeader(from: directory)
        return PartialResult(header: header, table: try readTable(header, from: directory))
    }

    /// Reads and checks `partial.json` alone.
    public static func readHeader(from directory: String) throws -> Header {
        let file = directory + "/" + metadataFile
        func fail(_ path: String, _ message: String) -> ScenarioError {
            ScenarioError(file: file, path: path, line: nil, value: nil, message: message)
        }
        let text: String
        do {
            let input = try InputFile(path: file, limit: 1 << 30)
            guard let decoded = String(bytes: try input.readAll(limit: 1 << 30), encoding: .utf8) else {
                throw fail("", "is not UTF-8 text")
            }
            text = decoded
        } catch let failure as InputFile.Failure {
            throw ScenarioError(
                file: directory, path: "", line: nil, value: nil,
                message: "has no readable \(metadataFile) (\(file) \(failure)); is it the --out folder of `riskshare run --shard K/N`?")
        }
        let meta: JSONValue
        do { meta = try JSONValue.parse(text) } catch { throw fail("", "is not valid JSON: \(error)") }
        guard meta["format"] == .string(format) else { throw fail("format", "is not a RiskShare partial result (format \(format))") }
        guard meta["format_version"]?.doubleValue == Double(formatVersion) else {
            throw fail(
                "format_version",
                "must be \(formatVersion); the shard was written by another version of RiskShare: run the shards and merge with the same version"
            )
        }
        /// A whole number in `range`, read without trusting it (a huge or fractional value is refused, not converted).
        func integer(_ path: String, in range: ClosedRange<Int>) throws -> Int {
            var value: JSONValue? = meta
            for key in path.split(separator: ".") { value = value?[String(key)] }
            guard let x = value?.doubleValue, x.isFinite, x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound)
            else {
                throw fail(
                    path,
                    "must be a whole number in [\(range.lowerBound), \(range.upperBound)], found \(value.map { $0.rendered().trimmingCharacters(in: .whitespacesAndNewlines) } ?? "nothing")"
                )
            }
            return Int(x)
        }
        func string(_ path: String) throws -> String {
            var value: JSONValue? = meta
            for key in path.split(separator: ".") { value = value?[String(key)] }
            guard case .string(let s)? = value else { throw fail(path, "must be a string") }
            return s
        }
        func digest(_ path: String) throws -> String {
            let s = try string(path)
            guard s.utf8.count == 64, s.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
                throw fail(path, "must be a SHA-256 digest (64 lowercase hex digits)")
            }
            return s
        }
        let count = try integer("shard.count", in: 1...maximumShards)
        let index = try integer("shard.index", in: 1...count)
        let totalBlocks = try integer("blocks.total", in: 1...maximumBlocks)
        let first = try integer("blocks.first", in: 0...totalBlocks)
        let end = try integer("blocks.end", in: first...totalBlocks)
        let shard = ShardSpec(index: index, count: count)
        guard first..<end == shard.slice(of: totalBlocks) else {
            throw fail(
                "blocks", "\(first)..<\(end) is not shard \(shard)'s slice of \(totalBlocks) blocks (\(shard.slice(of: totalBlocks)))")
        }
        let totalPaths = try integer("paths.total", in: 1...maximumPaths)
        let rows = try integer("paths.rows", in: 0...totalPaths)
        guard case .array(let columnValues)? = meta["columns"], columnValues.count <= maximumColumns else {
            throw fail("columns", "must be a list of at most \(maximumColumns) column names")
        }
        let columns = try columnValues.map { value -> String in
            guard case .string(let s) = value else { throw fail("columns", "must be a list of column names") }
            return s
        }
        guard !columns.isEmpty, Set(columns).count == columns.count, !columns.contains("") else {
            throw fail("columns", "must be distinct, non-empty column names")
        }
        let threads = try integer("threads", in: 1...maximumThreads)
        let elapsed: Double
        switch meta["elapsed_seconds"] {
        case .number(let x)?: elapsed = x
        case .integer(let i)?: elapsed = Double(i)
        default: throw fail("elapsed_seconds", "must be a finite number of seconds >= 0")
        }
        guard elapsed.isFinite, elapsed >= 0 else { throw fail("elapsed_seconds", "must be a finite number of seconds >= 0") }
        // The data file holds the header and one 8-byte value per row and column, plus a weights
        // column under importance sampling: its size follows from the numbers above.
        let dataBytes = try integer("data.bytes", in: 24...Int.max / 2)
        let sizes = [columns.count, columns.count + 1].map { 24 + 8 * rows * $0 }
        guard sizes.contains(dataBytes) else {
            throw fail(
                "data.bytes",
                "is \(dataBytes), but \(rows) rows of \(columns.count) columns take \(sizes[0]) bytes (\(sizes[1]) with weights)")
        }
        func strings(at key: String) throws -> [String] {
            guard case .array(let items)? = meta["scenario"]?[key] else { throw fail("scenario.\(key)", "must be a list of strings") }
            return try items.map { item -> String in
                guard case .string(let s) = item else { throw fail("scenario.\(key)", "must be a list of strings") }
                return s
            }
        }
        let overrides = try strings(at: "overrides")
        let appliedOverrides = try strings(at: "applied_overrides")
        guard let document = meta["document"], case .object = document else {
            throw fail("document", "must be the scenario document (a map)")
        }
        return Header(
            scenarioName: try string("scenario.name"), scenarioFile: try string("scenario.file"), sha256: try digest("scenario.sha256"),
            overrides: overrides, appliedOverrides: appliedOverrides, document: DocumentJSON.document(document), shard: shard,
            blocks: first..<end,
            totalBlocks: totalBlocks, totalPaths: totalPaths, rows: rows, columns: columns, threads: threads,
            elapsedSeconds: elapsed, dataBytes: dataBytes, dataSHA256: try digest("data.sha256"))
    }

    /// Reads `paths.bin` for `header`, checking its size before reading and its digest after.
    public static func readTable(_ header: Header, from directory: String) throws -> PathTable {
        let file = directory + "/" + dataFile
        func fail(_ message: String) -> ScenarioError { ScenarioError(file: file, path: "", line: nil, value: nil, message: message) }
        let data: [UInt8]
        do {
            let input = try InputFile(path: file, limit: header.dataBytes)
            data = try input.readAll(limit: header.dataBytes)
        } catch let failure as InputFile.Failure {
            if case .tooLarge = failure {
                throw fail("is larger than the \(header.dataBytes) bytes recorded in \(metadataFile) (altered copy?)")
            }
            throw fail("\(failure)")
        }
        var digest = SHA256()
        digest.update(data)
        guard data.count == header.dataBytes, digest.hexDigest() == header.dataSHA256 else {
            throw fail("does not match the size and SHA-256 recorded in \(metadataFile) (truncated or altered copy?)")
        }
        guard let table = decode(data, names: header.columns, rows: header.rows) else { throw fail("is malformed") }
        // The engine writes finite values only: anything else is damage the digest did not catch.
        let named = Array(zip(table.names, table.columns)) + (table.weights.map { [("weight", $0)] } ?? [])
        for (name, column) in named {
            if let row = column.firstIndex(where: { !$0.isFinite }) {
                throw fail("holds \(column[row]) in column \(name), row \(row + 1); a shard writes finite values only (altered copy?)")
            }
        }
        return table
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

    /// Reads `encode`'s output; nil when the header does not match `names` and `rows` or the size
    /// does not match the header. Every number is compared before it is used as a size.
    static func decode(_ data: [UInt8], names: [String], rows: Int) -> PathTable? {
        guard data.count >= 24, Array(data[0..<8]) == magic else { return nil }
        func read<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
            var x: T = 0
            for i in 0..<MemoryLayout<T>.size { x |= T(data[offset + i]) << (8 * i) }
            return x
        }
        let flags = read(UInt32.self, at: 12)
        guard read(UInt32.self, at: 8) == UInt32(truncatingIfNeeded: names.count), names.count <= maximumColumns,
            flags <= 1, read(UInt64.self, at: 16) == UInt64(rows), rows >= 0, rows <= maximumPaths
        else { return nil }
        let stored = names.count + Int(flags)
        guard data.count == 24 + 8 * rows * stored else { return nil }
        var columns: [[Double]] = []
        columns.reserveCapacity(stored)
        for c in 0..<stored {
            let base = 24 + 8 * rows * c
            columns.append((0..<rows).map { Double(bitPattern: read(UInt64.self, at: base + 8 * $0)) })
        }
        let weights = flags == 1 ? columns.removeLast() : nil
        return PathTable(names: names, columns: columns, weights: weights)
    }
}
