import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Tampered shard files: every number merge reads from a partial result is checked before it is
/// used, so an altered `partial.json` or `paths.bin` (even one whose recorded digest was updated
/// to match) ends in a one-line refusal, never a trap, and a scenario or tape changed after the
/// shards ran is refused.
@Suite struct PartialFuzzTests {
    static let scenario = """
    name: tamper
    simulation: {paths: 900, seed: 5, horizon_years: 2, block_paths: 100}
    economy: {factors: [economy]}
    portfolio:
      segments:
        - {name: tape, loans_file: loans.csv, lgd: 0.5, loadings: {economy: 0.4}}
    """
    static let tape = "id,exposure,pd\nA,1000000,0.05\nB,2000000,0.02\nC,500000,0.1\n"

    /// A scenario with a tape and its three shards, written to a fresh folder.
    static func shards() throws -> (root: String, file: String, directories: [String]) {
        let root = TestScenarios.temporaryDirectory()
        try tape.write(toFile: root + "/loans.csv", atomically: true, encoding: .utf8)
        let file = root + "/scenario.yaml"
        try scenario.write(toFile: file, atomically: true, encoding: .utf8)
        var request = RunRequest(scenarioFile: file)
        request.threads = 1
        request.paths = 900
        var directories: [String] = []
        for k in 1...3 {
            let partial = try #require(try ShardRunner.simulate(request, shard: ShardSpec(index: k, count: 3)))
            try partial.write(to: root + "/s\(k)")
            directories.append(root + "/s\(k)")
        }
        return (root, file, directories)
    }

    /// Values a tampered number field may hold.
    static let numbers: [JSONValue] = [
        .integer(-1), .integer(0), .integer(1), .integer(2), .integer(99), .integer(1_000_001), .integer(Int.max),
        .integer(Int.min), .number(1e300), .number(-1e300), .number(1.5), .number(9.223372036854776e18),
        .number(1.8446744073709552e19), .string("12"), .null, .bool(true), .array([]), .object([]),
    ]

    /// The dotted paths of every number in a JSON object.
    static func numberPaths(_ value: JSONValue, prefix: String = "") -> [String] {
        guard case .object(let members) = value else { return [] }
        return members.flatMap { key, member -> [String] in
            let path = prefix.isEmpty ? key : prefix + "." + key
            switch member {
            case .integer, .number: return [path]
            case .object: return key == "document" ? [] : numberPaths(member, prefix: path)
            default: return []
            }
        }
    }

    static func setting(_ value: JSONValue, at path: [String], in json: JSONValue) -> JSONValue {
        guard let key = path.first, case .object(var members) = json, let i = members.firstIndex(where: { $0.0 == key }) else { return json }
        members[i].1 = path.count == 1 ? value : setting(value, at: Array(path.dropFirst()), in: members[i].1)
        return .object(members)
    }

    /// Merges `directories`; a refusal must be one line naming where, and nothing may trap.
    static func expectRefusedOrMerged(_ directories: [String], label: String, mustRefuse: Bool = false,
                                      sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try ShardRunner.merge(directories: directories, outDirectory: TestScenarios.temporaryDirectory())
            if mustRefuse { Issue.record("\(label): merged", sourceLocation: sourceLocation) }
        } catch let error as ScenarioError {
            #expect(!error.description.contains("\n"), "\(label): \(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(label): refused with \(error), not a ScenarioError", sourceLocation: sourceLocation)
        }
    }

    @Test("every number of partial.json, replaced by an out-of-range, fractional, huge or mistyped value, is refused without a trap")
    func tamperedNumbers() throws {
        let (root, _, directories) = try Self.shards()
        let metadata = directories[1] + "/" + PartialResult.metadataFile
        let original = try JSONValue.parse(String(contentsOfFile: metadata, encoding: .utf8))
        let paths = Self.numberPaths(original)
        #expect(paths.contains("paths.rows") && paths.contains("blocks.first") && paths.contains("threads") && paths.contains("data.bytes"))
        var total = 0
        for path in paths {
            for value in Self.numbers {
                let tampered = Self.setting(value, at: path.split(separator: ".").map(String.init), in: original)
                guard tampered != original else { continue }
                try tampered.rendered().write(toFile: metadata, atomically: true, encoding: .utf8)
                total += 1
                // A changed count, range, size or version never matches what the other shards and
                // the scenario say; only the thread count and the timing may take other valid values.
                let x = value.doubleValue ?? .nan
                let valid = (path == "threads" && x >= 1 && x == x.rounded() && x <= Double(Int32.max))
                    || (path == "elapsed_seconds" && x.isFinite && x >= 0)
                Self.expectRefusedOrMerged(directories, label: "\(path) = \(value.rendered())", mustRefuse: !valid)
            }
        }
        try original.rendered().write(toFile: metadata, atomically: true, encoding: .utf8)
        #expect(total > 100)
        _ = try ShardRunner.merge(directories: directories, outDirectory: root + "/merged")
    }

    @Test("paths.bin altered (bytes, size, header fields), even with its recorded size and digest updated, is refused", arguments: 0..<40)
    func tamperedData(seed: Int) throws {
        let (_, _, directories) = try Self.shards()
        let random = FuzzRandom(seed: 77, stream: UInt64(seed))
        let dataFile = directories[0] + "/" + PartialResult.dataFile
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dataFile)))
        var data = original
        let kind = random.int(0...4)
        switch kind {
        case 0: data[random.int(0...(data.count - 1))] ^= UInt8(random.int(1...255))
        case 1: data.removeLast(random.int(1...min(64, data.count)))
        case 2: data += [UInt8](repeating: 7, count: random.int(1...64))
        case 3:
            // Column count, flags or row count in the header: huge, zero or off by one.
            let offset = random.pick([8, 12, 16])
            let value: UInt64 = random.pick([0, 1, 2, UInt64(UInt32.max), 0xFFFF_FFFF_FFFF_FFFF, 1 << 62])
            for i in 0..<(offset == 16 ? 8 : 4) { data[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        default: data = Array(data.prefix(24))
        }
        try Data(data).write(to: URL(fileURLWithPath: dataFile))
        let digestUpdated = random.chance(0.7)
        if digestUpdated {
            // The attacker also updates partial.json's record of the file.
            let metadata = directories[0] + "/" + PartialResult.metadataFile
            var json = try JSONValue.parse(String(contentsOfFile: metadata, encoding: .utf8))
            var digest = SHA256()
            digest.update(data)
            json = Self.setting(.integer(data.count), at: ["data", "bytes"], in: json)
            json = Self.setting(.string(digest.hexDigest()), at: ["data", "sha256"], in: json)
            try json.rendered().write(toFile: metadata, atomically: true, encoding: .utf8)
        }
        // A changed value whose digest was updated is a valid file that no check can tell from the
        // real one (unless the value is not finite); every other change must be refused.
        let undetectable = kind == 0 && digestUpdated
        Self.expectRefusedOrMerged(directories, label: "paths.bin mutant \(seed)", mustRefuse: data != original && !undetectable)
    }

    @Test("a loan tape or scenario changed after the shards ran, or a document edited in partial.json, is refused")
    func changedInputs() throws {
        let (root, file, directories) = try Self.shards()
        try (Self.tape + "D,100,0.5\n").write(toFile: root + "/loans.csv", atomically: true, encoding: .utf8)
        let tapeChanged = SweepFixtures.scenarioError { _ = try ShardRunner.merge(directories: directories) }
        #expect(tapeChanged?.message.contains("has changed since the shards ran") == true, "\(String(describing: tapeChanged))")
        try Self.tape.write(toFile: root + "/loans.csv", atomically: true, encoding: .utf8)
        try (Self.scenario + "\ndescription: edited\n").write(toFile: file, atomically: true, encoding: .utf8)
        let scenarioChanged = SweepFixtures.scenarioError { _ = try ShardRunner.merge(directories: directories) }
        #expect(scenarioChanged?.file == file && scenarioChanged?.message.contains("has changed") == true)
        try Self.scenario.write(toFile: file, atomically: true, encoding: .utf8)
        let metadata = directories[2] + "/" + PartialResult.metadataFile
        let text = try String(contentsOfFile: metadata, encoding: .utf8)
        try text.replacingOccurrences(of: "\"seed\": 5", with: "\"seed\": 6").write(toFile: metadata, atomically: true, encoding: .utf8)
        let documentEdited = SweepFixtures.scenarioError { _ = try ShardRunner.merge(directories: directories) }
        #expect(documentEdited?.message.contains("carries a scenario document that differs") == true, "\(String(describing: documentEdited))")
    }

    @Test("a shard with no blocks writes a valid empty partial that merge accepts; the merge equals the single run")
    func emptyShard() throws {
        let file = try SweepFixtures.write(Self.scenario.replacingOccurrences(of: "loans_file: loans.csv", with: "count: 30, exposure: 1.0e6, pd: 0.05"))
        var request = RunRequest(scenarioFile: file)
        request.threads = 1
        let root = TestScenarios.temporaryDirectory()
        // 9 blocks in 12 shards: shards 1, 5 and 9 get none.
        var directories: [String] = []
        for k in 1...12 {
            request.outDirectory = root + "/s\(k)"
            let line = try #require(try ShardRunner.runAndWrite(request, shard: ShardSpec(index: k, count: 12)))
            #expect(line.contains("no blocks to run") == ShardSpec(index: k, count: 12).slice(of: 9).isEmpty, "\(line)")
            directories.append(root + "/s\(k)")
        }
        let header = try PartialResult.readHeader(from: root + "/s1")
        #expect(header.rows == 0 && header.blocks.isEmpty)
        let merged = try ShardRunner.merge(directories: directories)
        request.outDirectory = nil
        let single = try #require(try Runner.simulate(request))
        #expect(merged.table.columns == single.table.columns)
        // The empty shards are not needed either: the blocks are all in the others.
        _ = try ShardRunner.merge(directories: directories.enumerated().filter { !ShardSpec(index: $0.offset + 1, count: 12).slice(of: 9).isEmpty }.map(\.element))
    }
}
