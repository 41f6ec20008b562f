import Foundation
import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import Testing

/// Damaged scenarios and loan tapes through the real binary: every run ends by itself (no signal,
/// no hang) with status 0 and a report, or status 2 and one line naming the file.
@Suite struct FuzzCommandTests {
    /// A finished run, or nil when it was killed after `timeout` seconds.
    struct Finished {
        var reason: Process.TerminationReason
        var status: Int32
        var stderr: String
    }

    static func run(_ arguments: [String], timeout: TimeInterval = 60) throws -> Finished? {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: CommandRunner.repositoryRoot)
        let errorFile = CommandRunner.temporaryDirectory() + "/stderr"
        _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorFile))
        process.standardOutput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()   // only the process this test started
            _ = done.wait(timeout: .now() + 5)
            return nil
        }
        let stderr = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
        return Finished(reason: process.terminationReason, status: process.terminationStatus, stderr: stderr)
    }

    /// One damaged copy of a file: seeded, so case n is the same on every run.
    static func mutate(_ data: Data, isTape: Bool, random: RandomStream) -> (String, Data) {
        func int(_ n: Int) -> Int { min(Int(random.uniform() * Double(n)), n - 1) }
        let text = String(decoding: data, as: UTF8.self)
        let numbers = ["0", "-1", "1e308", "-1e308", "1e-320", ".nan", ".inf", "nan", "inf", "99999999999999999999999", "1e13", "1000"]
        switch int(9) {
        case 0: return ("truncate", data.prefix(int(max(data.count, 1))))
        case 1:
            var copy = data
            copy.insert(0xFF, at: int(copy.count + 1))
            return ("invalid UTF-8", copy)
        case 2: return ("UTF-16", text.data(using: .utf16)!)
        case 3: return ("BOM + CRLF", Data([0xEF, 0xBB, 0xBF]) + Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        case 4:
            var lines = text.components(separatedBy: "\n")
            lines.remove(at: int(lines.count))
            return ("delete a line", Data(lines.joined(separator: "\n").utf8))
        default:
            // Replace a number (a field of the tape) with an extreme or non-finite value.
            let pattern = isTape ? "(?<=,)[0-9.eE+-]+" : "(?<=[:\\[,] )[0-9][0-9.eE+_-]*"
            let regex = try! NSRegularExpression(pattern: pattern)
            let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
            guard !matches.isEmpty, let range = Range(matches[int(matches.count)].range, in: text) else { return ("unchanged", data) }
            var copy = text
            let value = numbers[int(numbers.count)]
            copy.replaceSubrange(range, with: isTape ? value.replacingOccurrences(of: ".", with: "") : value)
            return ("number → \(value)", Data(copy.utf8))
        }
    }

    static let inputs = ["shenzhen-baseline.yaml", "bench/single-period.yaml", "bench/single-period-loans.csv",
                         "sweeps/tolerance-margin.yaml", "schemes/cosme-capped.yaml"]

    @Test("50 damaged inputs through riskshare run: exit 0 with a report or 2 with one line naming the file; never a signal or a hang",
          arguments: 0..<5)
    func damagedRuns(batch: Int) throws {
        let relative = Self.inputs[batch]
        let workspace = CommandRunner.temporaryDirectory()
        try FileManager.default.copyItem(atPath: CommandRunner.repositoryRoot + "/Scenarios", toPath: workspace + "/Scenarios")
        let original = workspace + "/Scenarios/" + relative
        let directory = (original as NSString).deletingLastPathComponent
        let data = try #require(FileManager.default.contents(atPath: original))
        for n in 0..<10 {
            let random = RandomStream(seed: 77, stream: UInt64(batch * 100 + n))
            let (kind, mutant) = Self.mutate(data, isTape: relative.hasSuffix(".csv"), random: random)
            let target: String
            var named = ["mutant-\(n)"]
            if relative.hasSuffix(".csv") {
                _ = FileManager.default.createFile(atPath: directory + "/mutant-\(n).csv", contents: mutant)
                let host = try String(contentsOfFile: directory + "/single-period.yaml", encoding: .utf8)
                    .replacingOccurrences(of: "single-period-loans.csv", with: "mutant-\(n).csv")
                target = directory + "/host-\(n).yaml"
                try host.write(toFile: target, atomically: true, encoding: .utf8)
                named.append("host-\(n)")
            } else if relative.hasPrefix("schemes/") {
                _ = FileManager.default.createFile(atPath: directory + "/mutant-\(n).yaml", contents: mutant)
                target = directory + "/host-\(n).yaml"
                try """
                portfolio: {segments: [{name: a, count: 50, exposure: 1.0e6, pd: 0.2, lgd: 0.5}]}
                include: mutant-\(n).yaml
                """.write(toFile: target, atomically: true, encoding: .utf8)
                named.append("host-\(n)")
            } else {
                target = directory + "/mutant-\(n).yaml"
                _ = FileManager.default.createFile(atPath: target, contents: mutant)
            }
            let out = workspace + "/out-\(n)"
            let label = "\(relative) #\(n) (\(kind))"
            guard let result = try Self.run(["run", target, "--paths", "20", "--threads", "1", "--format", "json", "--out", out]) else {
                Issue.record("\(label): still running after 60 s"); continue
            }
            #expect(result.reason == .exit, "\(label): ended by signal \(result.status)")
            #expect(result.status == 0 || result.status == 2, "\(label): status \(result.status): \(result.stderr)")
            if result.status == 0 {
                let report = try? JSONValue.parse(String(contentsOfFile: out + "/report.json", encoding: .utf8))
                #expect(report?["gross_loss"]?["mean"]?.doubleValue?.isFinite == true, "\(label): no finite report")
            } else if result.status == 2 {
                let lines = result.stderr.split(separator: "\n")
                #expect(lines.count == 1, "\(label): \(result.stderr)")
                #expect(named.contains { result.stderr.contains($0) }, "\(label): names no file: \(result.stderr)")
                #expect(!FileManager.default.fileExists(atPath: out + "/report.json"))
            }
        }
    }
}
