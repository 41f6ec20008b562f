import Foundation
import Testing
@testable import RiskShareKit
import RiskShareSupport
import RiskShareTestSupport

/// Work and memory of loading a scenario are bounded before they are spent: YAML aliases and
/// includes cannot multiply a small file into a huge document, files are checked before they are
/// read, tags and large whole numbers are never silently reinterpreted.
@Suite struct LoaderBoundsTests {
    static let book = """
    simulation: {paths: 10, seed: 1}
    portfolio:
      segments:
        - {name: a, count: 10, exposure: 1.0e6, pd: 0.05, lgd: 0.5}
    """

    /// Expects `yaml` (with `files` beside it) to be refused with one line holding every fragment.
    static func expectRefusal(_ yaml: String, files: [String: String] = [:], _ fragments: [String],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try TestScenarios.load(yaml, files: files)
            Issue.record("expected a refusal mentioning \(fragments)", sourceLocation: sourceLocation)
        } catch let error as ScenarioError {
            let text = error.description
            #expect(!text.contains("\n"), "one line: \(text)", sourceLocation: sourceLocation)
            for fragment in fragments {
                #expect(text.contains(fragment), "expected '\(fragment)' in: \(text)", sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("refused with \(error), not a ScenarioError", sourceLocation: sourceLocation)
        }
    }

    /// "Billion laughs": ten levels of ten aliases, 10¹⁰ values if expanded.
    static func aliasBomb(levels: Int = 10) -> String {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1..<levels {
            let previous = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(level): &a\(level) [\(previous)]")
        }
        return lines.joined(separator: "\n")
    }

    @Test("an alias bomb (10^10 values from 1 KB) is refused at the alias that crosses the budget, naming file and line")
    func aliasBombRefused() throws {
        let yaml = "description: bomb\n" + Self.aliasBomb() + "\n" + Self.book
        #expect(yaml.utf8.count < 1200)
        Self.expectRefusal(yaml, ["scenario.yaml:", "aliases expanded", "at most \(LoadBudget.standard.maximumValues)"])
        do {
            _ = try TestScenarios.load(yaml)
        } catch let error as ScenarioError {
            // Level 6 (10^6 values from level 5's 10^5... ) is where 2,000,000 is crossed: line 8.
            let line = try #require(error.line)
            #expect((2...12).contains(line), "line \(line)")
            #expect(error.message.contains("the alias *a"))
        }
    }

    @Test("an alias used as a map key is refused before any key comparison, naming the line")
    func aliasAsKeyRefused() {
        let yaml = Self.aliasBomb(levels: 6) + "\nlookup:\n  ? *a5\n  : 1\n" + Self.book
        Self.expectRefusal(yaml, ["scenario.yaml:8", "lookup", "alias *a5 as a map key"])
    }

    @Test("ordinary anchors and aliases still work, and count only the values they repeat")
    func ordinaryAliasesWork() throws {
        let scenario = try TestScenarios.load("""
        simulation: {paths: 10, seed: 1}
        portfolio:
          segments:
            - {name: a, count: 10, exposure: 1.0e6, pd: 0.05, lgd: &lgd {mean: 0.5, sd: 0.2}}
            - {name: b, count: 10, exposure: 2.0e6, pd: 0.05, lgd: *lgd}
        """)
        #expect(scenario.portfolio.segments[1].lgdMean == 0.5)
        #expect(scenario.portfolio.segments[1].lgdSD == 0.2)
        var budget = LoadBudget.standard
        _ = try ScenarioNode.parse(bytes: Array("x: &x [1, 2, 3]\ny: *x\n".utf8), file: "t.yaml", budget: &budget)
        // map, "x", list, 3 numbers, "y", and the alias's 4 values again.
        #expect(LoadBudget.standard.maximumValues - budget.values == 1 + 1 + 4 + 1 + 4)
    }

    @Test("a document of more values than the budget is refused while it is read, not after")
    func tooManyValues() throws {
        let items = Array(repeating: "0", count: 2_000).joined(separator: ",")
        let file = try Self.write("padding: [\(items)]\n" + Self.book)
        #expect(throws: ScenarioError(file: file, path: "padding[997]", line: 1, value: nil,
                                      message: "makes the scenario hold more than 1000 values; scenario documents, with their includes and YAML aliases expanded, hold at most 1000")) {
            try ScenarioLoader.load(file: file, overrides: [], budget: LoadBudget(values: 1000, documents: 10, bytes: 1 << 20))
        }
    }

    @Test("the standard budget is the documented one, and the shipped scenarios stay far below it")
    func standardBudget() throws {
        #expect(LoadBudget.standard.maximumValues == 2_000_000)
        #expect(LoadBudget.standard.maximumDocuments == 256)
        #expect(LoadBudget.standard.maximumBytes == 64 << 20)
        var largest = 0
        let root = TestScenarios.repositoryRoot + "/Scenarios"
        let files = FileManager.default.enumerator(atPath: root)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") }
        #expect(files.count > 10)
        for file in files.map({ root + "/" + $0 }) {
            var budget = LoadBudget.standard
            var hasher = SHA256()
            _ = try ScenarioLoader.readDocument(file: file, hasher: &hasher, chain: [], budget: &budget)
            largest = max(largest, budget.maximumValues - budget.values)
        }
        #expect(largest > 50 && largest < LoadBudget.standard.maximumValues / 100, "largest shipped scenario: \(largest) values")
    }

    @Test("includes that fan out (each file including the next 30 times) stop at the document budget")
    func includeFanOut() {
        var files: [String: String] = [:]
        for level in 0..<4 {
            let next = level == 3 ? nil : "level\(level + 1).yaml"
            let include = next.map { "include: [\(Array(repeating: $0, count: 30).joined(separator: ", "))]\n" } ?? ""
            files["level\(level).yaml"] = include + "description: level \(level)\n"
        }
        Self.expectRefusal("include: level0.yaml\n" + Self.book, files: files,
                           ["level2.yaml:1", "include[4] = \"level3.yaml\"", "more than \(LoadBudget.standard.maximumDocuments) documents"])
    }

    @Test("includes whose sizes add up past the byte budget are refused before the last one is read")
    func includeTotalSize() throws {
        let directory = TestScenarios.temporaryDirectory()
        try ("# " + String(repeating: "x", count: 400_000) + "\ndescription: big\n").write(toFile: directory + "/big.yaml", atomically: true, encoding: .utf8)
        let file = directory + "/scenario.yaml"
        try ("include: [big.yaml, big.yaml, big.yaml]\n" + Self.book).write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: ScenarioError(file: file, path: "include[2]", line: 1, value: "\"big.yaml\"",
                                      message: "makes the scenario read more than 1 MiB with its includes")) {
            try ScenarioLoader.load(file: file, overrides: [], budget: LoadBudget(values: 1000, documents: 10, bytes: 1 << 20))
        }
    }

    static func write(_ yaml: String) throws -> String {
        let file = TestScenarios.temporaryDirectory() + "/scenario.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("a scenario file larger than 64 MiB is refused from its size, without reading it")
    func oversizedScenario() throws {
        let directory = TestScenarios.temporaryDirectory()
        let file = directory + "/huge.yaml"
        #expect(FileManager.default.createFile(atPath: file, contents: nil))
        // A sparse 1 TiB file: reading it would take hours and a terabyte.
        #expect(truncate(file, 1 << 40) == 0)
        #expect(throws: ScenarioError(file: file, path: "", line: nil, value: nil, message: "is 1 TiB; at most 64 MiB is read")) {
            try ScenarioLoader.load(file: file)
        }
    }

    @Test("a folder, a named pipe and a device are refused as not regular files, without blocking")
    func notRegularFiles() throws {
        let directory = TestScenarios.temporaryDirectory()
        #expect(mkfifo(directory + "/pipe.yaml", 0o644) == 0)
        let cases = [(directory, "is a directory, not a regular file"),
                     (directory + "/pipe.yaml", "is a named pipe (FIFO), not a regular file"),
                     ("/dev/zero", "is a character device, not a regular file"),
                     (directory + "/absent.yaml", "cannot be read (no such file)")]
        for (file, message) in cases {
            #expect(throws: ScenarioError(file: file, path: "", line: nil, value: nil, message: message)) {
                try ScenarioLoader.load(file: file)
            }
        }
    }

    @Test("an include that is a folder or a device is refused naming the including key")
    func includeNotRegular() {
        Self.expectRefusal("include: /dev/zero\n" + Self.book, ["scenario.yaml", "include", "names a file that is a character device"])
    }

    @Test("a file that may not be read is reported as permission denied, not as missing")
    func permissionDeniedMessage() {
        #expect(InputFile.Failure.from(errno: EACCES).description == "cannot be read (permission denied)")
        #expect(InputFile.Failure.from(errno: EPERM).description == "cannot be read (permission denied)")
        #expect(InputFile.Failure.from(errno: ENOENT).description == "cannot be read (no such file)")
        #expect(InputFile.Failure.from(errno: EIO).description.contains("Input/output error"))
    }

    @Test("explicit YAML tags are honoured: !!str keeps digits as text, !!int and !!float read quoted numbers")
    func tagsHonoured() throws {
        let scenario = try TestScenarios.load("""
        name: !!str 2024
        description: !!str true
        simulation: {paths: !!int "10", seed: !!float 3}
        portfolio:
          segments:
            - {name: a, count: 10, exposure: !!float "1.0e6", pd: 0.05, lgd: 0.5, product: ! 123}
        """)
        #expect(scenario.name == "2024")
        #expect(scenario.description == "true")
        #expect(scenario.simulation.paths == 10)
        #expect(scenario.simulation.seed == 3)
        #expect(scenario.portfolio.segments[0].product == "123")
        #expect(scenario.portfolio.segments[0].exposure == .fixed(1e6))
    }

    @Test("unsupported or contradicted YAML tags are refused with the tag and the line", arguments: [
        ("description: !!binary aGVsbG8=", ["scenario.yaml:1", "description", "!!binary", "allowed tags"]),
        ("description: !!timestamp 2024-01-01", ["scenario.yaml:1", "!!timestamp"]),
        ("description: !custom text", ["scenario.yaml:1", "!custom"]),
        ("description: !!python/object:os.system ls", ["!!python/object:os.system"]),
        ("description: !!int twelve", ["scenario.yaml:1", "!!int but is not a whole number"]),
        ("description: !!bool yes", ["!!bool but is not true or false"]),
        ("report: !!seq {quantiles: [0.5]}", ["scenario.yaml:1", "report", "!!seq"]),
        ("report: !!set {quantiles: [0.5]}", ["!!set"]),
        ("? !!binary a2V5\n: 1", ["scenario.yaml:1", "key tagged !!binary"]),
    ])
    func tagsRefused(_ line: String, _ fragments: [String]) {
        Self.expectRefusal(line + "\n" + Self.book, fragments)
    }

    @Test("seeds above 2^53 are refused, not rounded; 2^53 itself is accepted")
    func largeSeeds() throws {
        let accepted = try TestScenarios.load(Self.book.replacingOccurrences(of: "seed: 1", with: "seed: 9007199254740992"))
        #expect(accepted.simulation.seed == 1 << 53)
        // 2^53 + 1 cannot be held by a double: refused as inexact, wherever it is written.
        Self.expectRefusal(Self.book.replacingOccurrences(of: "seed: 1", with: "seed: 9007199254740993"),
                           ["simulation.seed", "9007199254740993", "cannot be represented exactly", "2^53"])
        // 2^53 + 2 is exact but out of range.
        Self.expectRefusal(Self.book.replacingOccurrences(of: "seed: 1", with: "seed: 9007199254740994"),
                           ["simulation.seed", "[0, 2^53]"])
        Self.expectRefusal(Self.book, ["--set simulation.seed", "18446744073709551615", "cannot be represented exactly"],
                           overrides: ["simulation.seed=18446744073709551615"])
    }

    @Test("exact decimal digits of large doubles, for the exactness check")
    func wholeNumberDigits() {
        #expect(WholeNumber.decimalDigits(of: 9_007_199_254_740_992) == "9007199254740992")
        #expect(WholeNumber.decimalDigits(of: 18_446_744_073_709_551_616) == "18446744073709551616")
        #expect(WholeNumber.decimalDigits(of: 1e20) == "100000000000000000000")
        #expect(WholeNumber.decimalDigits(of: 0x1p100) == "1267650600228229401496703205376")
        #expect(WholeNumber.isExact(literal: "100000000000000000000", value: 1e20))
        #expect(WholeNumber.isExact(literal: "1_000_000", value: 1e6))
        #expect(!WholeNumber.isExact(literal: "9007199254740993", value: 9_007_199_254_740_992))
        #expect(WholeNumber.isExact(literal: "1.5e300", value: 1.5e300))
    }
}

extension LoaderBoundsTests {
    static func expectRefusal(_ yaml: String, _ fragments: [String], overrides: [String],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try TestScenarios.load(yaml, overrides: overrides)
            Issue.record("expected a refusal mentioning \(fragments)", sourceLocation: sourceLocation)
        } catch {
            let text = "\(error)"
            for fragment in fragments {
                #expect(text.contains(fragment), "expected '\(fragment)' in: \(text)", sourceLocation: sourceLocation)
            }
        }
    }
}
