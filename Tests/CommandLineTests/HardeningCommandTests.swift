import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
import RiskShareSupport
import Testing

/// The command line under hostile conditions: signals at any moment, files that are not files,
/// limits on memory and file size, outputs that collide, tampered shards. Each case ends with one
/// line on stderr, the documented exit status, and no partial or temporary output.
@Suite struct HardeningCommandTests {
    static let book = """
    name: hardening
    simulation: {paths: 4000, seed: 12, horizon_years: 1, block_paths: 1000}
    economy: {factors: [economy]}
    portfolio:
      segments:
        - {name: a, count: 400, exposure: {distribution: lognormal, median: 1.0e6, sigma: 0.5}, pd: 0.05, lgd: {mean: 0.5, sd: 0.2}, loadings: {economy: 0.4}}
    """

    static func folder(with yaml: String = book) throws -> String {
        let directory = CommandRunner.temporaryDirectory()
        try yaml.write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
        return directory
    }

    /// Files under `directory` (recursively) whose names mark temporaries or backups.
    static func leftovers(_ directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []).filter { $0.contains(".partial-") }
    }

    // MARK: Signals

    /// Starts `arguments`, sends `signal` after `delay` seconds, and checks the stop: status
    /// 128 + signal, one line naming the signal, within 10 s.
    static func interrupt(_ arguments: [String], with signalNumber: Int32, after delay: Double = 2,
                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        #expect(process.isRunning, "\(arguments[0]) finished before the signal; make its work longer", sourceLocation: sourceLocation)
        let sent = Date()
        // Only the process this test started (a pid of 0 would signal the whole process group).
        let pid = process.processIdentifier
        try #require(pid > 0)
        kill(pid, signalNumber)
        process.waitUntilExit()
        let stopped = Date().timeIntervalSince(sent)
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][signalNumber]!
        #expect(process.terminationReason == .exit, sourceLocation: sourceLocation)
        #expect(process.terminationStatus == 128 + signalNumber, "\(arguments[0]): \(message)", sourceLocation: sourceLocation)
        #expect(stopped < 10, "took \(stopped) s to stop", sourceLocation: sourceLocation)
        #expect(message.contains("interrupted by \(name); nothing written"), "\(message)", sourceLocation: sourceLocation)
        #expect(message.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(message)", sourceLocation: sourceLocation)
    }

    @Test("run --shard stops on SIGTERM and SIGINT without writing its partial result", arguments: [SIGTERM, SIGINT])
    func shardSignals(signalNumber: Int32) throws {
        let d = try Self.folder()
        try Self.interrupt(["run", d + "/s.yaml", "--paths", "10000000", "--threads", "1", "--shard", "1/2", "--out", d + "/part"], with: signalNumber)
        #expect(!FileManager.default.fileExists(atPath: d + "/part/" + PartialResult.metadataFile))
        #expect(Self.leftovers(d).isEmpty)
    }

    @Test("sweep stops on SIGTERM, solve on SIGHUP, validate on SIGINT while reading a large loan tape: one line, nothing written")
    func otherCommands() throws {
        let d = try Self.folder()
        try Self.interrupt(["sweep", d + "/s.yaml", "--vary", "simulation.seed=1,2", "--metric", "gross_loss.mean", "--paths", "5000000",
                            "--threads", "1", "--out", d + "/sweep.csv", "--html", d + "/sweep.html"], with: SIGTERM)
        #expect(!FileManager.default.fileExists(atPath: d + "/sweep.csv") && !FileManager.default.fileExists(atPath: d + "/sweep.html"))
        try Self.interrupt(["solve", d + "/s.yaml", "--vary", "portfolio.segments[a].pd", "--range", "0.01:0.2",
                            "--target", "gross_loss.mean <= 1e8", "--paths", "5000000", "--threads", "1"], with: SIGHUP)
        var tape = "id,exposure,pd\n"
        tape.reserveCapacity(40_000_000)
        for i in 0..<1_500_000 { tape += "L\(i),\(1000 + i % 977),0.0\(1 + i % 9)\n" }
        try tape.write(toFile: d + "/big.csv", atomically: true, encoding: .utf8)
        try "portfolio:\n  segments:\n    - {name: t, loans_file: big.csv, lgd: 0.5}\n".write(toFile: d + "/tape.yaml", atomically: true, encoding: .utf8)
        try Self.interrupt(["validate", d + "/tape.yaml"], with: SIGINT, after: 1)
        #expect(Self.leftovers(d).isEmpty)
    }

    @Test("a semi-analytic run stops on SIGTERM before writing report.json")
    func semiAnalyticSignal() throws {
        let d = try Self.folder(with: """
        name: semi
        simulation: {seed: 1, method: semi_analytic}
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: a, count: 20000, exposure: {distribution: lognormal, median: 1.0e6, sigma: 1.0}, pd: 0.02, lgd: {mean: 0.45, sd: 0.2}, loadings: {economy: 0.4}}
        """)
        try Self.interrupt(["run", d + "/s.yaml", "--out", d + "/out"], with: SIGTERM)
        #expect(!FileManager.default.fileExists(atPath: d + "/out/report.json"))
    }

    @Test("merge stops on SIGHUP while reading large shards, writing nothing")
    func mergeSignal() throws {
        let d = try Self.folder(with: Self.book.replacingOccurrences(of: "paths: 4000, seed: 12, horizon_years: 1, block_paths: 1000",
                                                                     with: "paths: 2000000, seed: 12, horizon_years: 1, block_paths: 500000"))
        // Shards with the run's exact header and arbitrary (finite) values: merging them takes long.
        let scenario = try ScenarioLoader.load(file: d + "/s.yaml")
        let columns = Simulation(scenario: scenario).columns
        for k in 1...2 {
            let blocks = ShardSpec(index: k, count: 2).slice(of: 4)
            let rows = blocks.count * 500_000
            let header = PartialResult.Header(
                scenarioName: scenario.name, scenarioFile: d + "/s.yaml", sha256: scenario.source.sha256, overrides: [], appliedOverrides: [],
                document: scenario.source.document, shard: ShardSpec(index: k, count: 2), blocks: blocks, totalBlocks: 4, totalPaths: 2_000_000,
                rows: rows, columns: columns, threads: 1, elapsedSeconds: 1, dataBytes: 0, dataSHA256: "")
            let table = PathTable(names: columns, columns: columns.indices.map { c in (0..<rows).map { Double(($0 * 7 + c) % 1000) } })
            try PartialResult(header: header, table: table).write(to: d + "/s\(k)")
        }
        try Self.interrupt(["merge", d + "/s1", d + "/s2", "--out", d + "/merged"], with: SIGHUP, after: 1.5)
        #expect(!FileManager.default.fileExists(atPath: d + "/merged"))
    }

    // MARK: Options a mode does not honour

    @Test("run refuses options its mode cannot honour, before doing anything", arguments: [
        (["--check", "r.json", "--shard", "1/2"], "--check cannot be combined with --shard"),
        (["--check", "r.json", "--out", "o"], "--out has no meaning"),
        (["--check", "r.json", "--paths-out", "p.csv"], "--paths-out has no meaning"),
        (["--check", "r.json", "--format", "json"], "--format has no meaning"),
        (["--shard", "1/2", "--format", "json"], "give --format to `riskshare merge`"),
    ])
    func refusedCombinations(extra: [String], fragment: String) throws {
        let d = try Self.folder()
        let result = try CommandRunner.run(["run", d + "/s.yaml"] + extra, in: d)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
        #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
    }

    @Test("semi_analytic refuses --check, --shard, --paths-out and --format; the report it would check is untouched")
    func semiAnalyticOptions() throws {
        let d = try Self.folder(with: """
        simulation: {seed: 1, method: semi_analytic}
        economy: {factors: [economy]}
        portfolio:
          segments:
            - {name: a, count: 50, exposure: 1.0e6, pd: 0.02, lgd: 0.45, loadings: {economy: 0.4}}
        """)
        try FileManager.default.createDirectory(atPath: d + "/out", withIntermediateDirectories: true)
        let published = "{\"published\": true}\n"
        try published.write(toFile: d + "/out/report.json", atomically: true, encoding: .utf8)
        for (extra, option) in [(["--check", d + "/out/report.json"], "--check"), (["--shard", "1/2"], "--shard"),
                                (["--paths-out", d + "/p.csv"], "--paths-out"), (["--format", "json"], "--format")] {
            // --check writes nothing, so it is given without --out.
            let result = try CommandRunner.run(["run", d + "/s.yaml"] + (option == "--check" ? [] : ["--out", d + "/out"]) + extra)
            #expect(result.status == 2, "\(option): \(result.stderr)")
            #expect(result.stderr.contains("simulation.method") && result.stderr.contains("\(option) is not available"), "\(result.stderr)")
        }
        #expect(try String(contentsOfFile: d + "/out/report.json", encoding: .utf8) == published)
        #expect(!FileManager.default.fileExists(atPath: d + "/p.csv"))
    }

    // MARK: Writes

    @Test("two outputs that are the same file are refused before the run, and nothing is written")
    func sameOutputTwice() throws {
        let d = try Self.folder()
        let result = try CommandRunner.run(["run", d + "/s.yaml", "--out", d + "/out", "--paths-out", d + "/out/../out/report.json"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is the same file as the report's report.json"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: d + "/out"))
    }

    @Test("--paths-out to /dev/null writes into the device and leaves it a device")
    func pathsToDevice() throws {
        let d = try Self.folder()
        let result = try CommandRunner.run(["run", d + "/s.yaml", "--out", d + "/out", "--paths-out", "/dev/null", "--threads", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        var info = stat()
        #expect(lstat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        #expect(FileManager.default.fileExists(atPath: d + "/out/report.json"))
    }

    @Test("a full disk or a file-size limit: the system's words with the path, status 2, earlier reports intact, no temporaries")
    func writeFailures() throws {
        let d = try Self.folder()
        try FileManager.default.createDirectory(atPath: d + "/out", withIntermediateDirectories: true)
        let earlier = "{\"earlier\": true}\n"
        try earlier.write(toFile: d + "/out/report.json", atomically: true, encoding: .utf8)
        let full = try CommandRunner.run(["run", d + "/s.yaml", "--out", d + "/out", "--paths-out", "/dev/full", "--threads", "1"])
        #expect(full.status == 2)
        #expect(full.stderr.contains("/dev/full: cannot be written: No space left on device"), "\(full.stderr)")
        // ulimit -f counts 512-byte blocks: report.html is larger than 8 KiB.
        let limited = try CommandRunner.run(["run", d + "/s.yaml", "--out", d + "/out", "--threads", "1"], ulimit: "-f 16")
        #expect(limited.status == 2, "\(limited.stderr)")
        #expect(limited.stderr.contains("cannot be written: File too large"), "\(limited.stderr)")
        for result in [full, limited] {
            #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
        }
        #expect(try String(contentsOfFile: d + "/out/report.json", encoding: .utf8) == earlier)
        #expect(Self.leftovers(d).isEmpty, "\(Self.leftovers(d))")
    }

    @Test("a scenario name cannot steer the report folder out of Reports/", arguments: ["../escape", "a/b", "..", "a\\\\b"])
    func folderNames(name: String) throws {
        let d = try Self.folder(with: Self.book.replacingOccurrences(of: "name: hardening", with: "name: \"\(name)\""))
        let result = try CommandRunner.run(["run", d + "/s.yaml"], in: d)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("s.yaml:1: name") && result.stderr.contains("report folder"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: d + "/Reports") && !FileManager.default.fileExists(atPath: d + "/escape"))
    }

    // MARK: Inputs and memory

    @Test("a scenario that is a folder, a named pipe or unreadable gets its own message, not 'no such file'")
    func unreadableInputs() throws {
        let d = try Self.folder()
        #expect(mkfifo(d + "/pipe.yaml", 0o644) == 0)
        let folder = try CommandRunner.run(["validate", d])
        #expect(folder.status == 2 && folder.stderr.contains("is a directory, not a regular file"), "\(folder.stderr)")
        let pipe = try CommandRunner.run(["run", d + "/pipe.yaml"])
        #expect(pipe.status == 2 && pipe.stderr.contains("is a named pipe (FIFO), not a regular file"), "\(pipe.stderr)")
        // Permission is enforced for an unprivileged user only: as root, read it as nobody.
        #expect(chmod(d + "/s.yaml", 0) == 0)
        #expect(chmod(d, 0o755) == 0)
        let denied: CommandRunner.Result
        if geteuid() == 0 {
            let setpriv = "/usr/bin/setpriv"
            try #require(FileManager.default.isExecutableFile(atPath: setpriv), "running as root needs setpriv to drop privileges")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", CommandRunner.executable.path, "validate", d + "/s.yaml"]
            process.currentDirectoryURL = URL(fileURLWithPath: "/")
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            denied = CommandRunner.Result(status: process.terminationStatus, stdout: "", stderr: text)
        } else {
            denied = try CommandRunner.run(["validate", d + "/s.yaml"])
        }
        #expect(denied.status == 2 && denied.stderr.contains("cannot be read (permission denied)"), "\(denied.stderr)")
    }

    @Test("an alias bomb and an include bomb are refused within seconds, naming file and line")
    func bombs() throws {
        var bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1..<12 { bomb.append("a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", "))]") }
        let d = try Self.folder(with: bomb.joined(separator: "\n") + "\n" + Self.book)
        let started = Date()
        let result = try CommandRunner.run(["validate", d + "/s.yaml"])
        #expect(result.status == 2 && result.stderr.contains("s.yaml:7") && result.stderr.contains("YAML aliases expanded"), "\(result.stderr)")
        for level in 0..<5 {
            let next = "include: [\(Array(repeating: "f\(level + 1).yaml", count: 30).joined(separator: ", "))]\n"
            try (next + "description: f\(level)\n").write(toFile: d + "/f\(level).yaml", atomically: true, encoding: .utf8)
        }
        try "description: leaf\n".write(toFile: d + "/f5.yaml", atomically: true, encoding: .utf8)
        try ("include: f0.yaml\n" + Self.book).write(toFile: d + "/inc.yaml", atomically: true, encoding: .utf8)
        let include = try CommandRunner.run(["run", d + "/inc.yaml"])
        #expect(include.status == 2 && include.stderr.contains("more than 256 documents"), "\(include.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test("a 5×10^7-loan book under a 4 GiB address-space limit is refused with its estimate by validate and run, never aborted")
    func fiftyMillionLoans() throws {
        let d = try Self.folder(with: """
        simulation: {paths: 1000, seed: 1}
        portfolio:
          segments:
            - {name: a, count: 50000000, exposure: 1.0e6, pd: 0.01, lgd: 0.45}
        """)
        for arguments in [["validate", d + "/s.yaml"], ["run", d + "/s.yaml", "--threads", "2"]] {
            let command = arguments[0]
            let result = try CommandRunner.run(arguments, ulimit: "-v 4000000")
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("portfolio: needs an estimated") && result.stderr.contains("loan book 4.5 GiB"), "\(result.stderr)")
            #expect(result.stderr.contains("ulimit -v"), "\(result.stderr)")
        }
    }

    // MARK: Shards

    @Test("merge refuses a tampered partial.json with status 2 and one line, never a trap")
    func tamperedShard() throws {
        let d = try Self.folder()
        for k in 1...2 {
            let result = try CommandRunner.run(["run", d + "/s.yaml", "--shard", "\(k)/2", "--out", d + "/s\(k)", "--threads", "1"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let metadata = d + "/s2/partial.json"
        let original = try String(contentsOfFile: metadata, encoding: .utf8)
        for (from, to) in [("\"rows\": 2000", "\"rows\": 1e300"), ("\"first\": 2", "\"first\": 3"), ("\"threads\": 1", "\"threads\": -4"),
                           ("\"index\": 2", "\"index\": 7"), ("\"total\": 4000", "\"total\": 18446744073709551616")] {
            #expect(original.contains(from), "\(from)")
            try original.replacingOccurrences(of: from, with: to).write(toFile: metadata, atomically: true, encoding: .utf8)
            let result = try CommandRunner.run(["merge", d + "/s1", d + "/s2", "--out", d + "/merged"])
            #expect(result.status == 2, "\(to): \(result.stderr)")
            #expect(result.stderr.contains("partial.json"), "\(result.stderr)")
            #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: d + "/merged"))
    }

    @Test("a shard with no blocks says so and writes an empty partial that merge accepts")
    func emptyShard() throws {
        let d = try Self.folder()
        var directories: [String] = []
        for k in 1...6 {
            let result = try CommandRunner.run(["run", d + "/s.yaml", "--shard", "\(k)/6", "--out", d + "/s\(k)", "--threads", "1"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("no blocks to run") == ShardSpec(index: k, count: 6).slice(of: 4).isEmpty, "\(result.stdout)")
            directories.append(d + "/s\(k)")
        }
        let merged = try CommandRunner.run(["merge"] + directories + ["--out", d + "/merged"])
        #expect(merged.status == 0, "\(merged.stderr)")
        let single = try CommandRunner.run(["run", d + "/s.yaml", "--out", d + "/single", "--threads", "1"])
        #expect(single.status == 0)
        func withoutTiming(_ path: String) throws -> String {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
                .filter { !$0.contains("\"threads\"") && !$0.contains("\"elapsed_seconds\"") }.joined(separator: "\n")
        }
        #expect(try withoutTiming(d + "/merged/report.json") == withoutTiming(d + "/single/report.json"))
    }
}
