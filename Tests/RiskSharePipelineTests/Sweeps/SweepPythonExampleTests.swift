import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// The example script Scenarios/examples/cheapest_design.py runs a sweep through the command
/// line and picks the cheapest design. python3 and the riskshare executable built with the
/// tests are required: their absence fails the test.
@Suite struct SweepPythonExampleTests {
    static func locate(_ name: String, in directories: [String]) -> String? {
        directories.map { ($0 as NSString).appendingPathComponent(name) }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var python: String? {
        locate("python3", in: (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init))
    }

    /// The riskshare built with the tests (same build folder as the test bundle).
    static var riskshare: String? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS" { directory.deleteLastPathComponent() }
        return locate("riskshare", in: [directory.path, directory.deletingLastPathComponent().path])
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("cheapest_design.py runs a sweep and prints the cheapest design meeting the targets")
    func exampleRuns() throws {
        let root = TestScenarios.repositoryRoot
        let python = try #require(Self.python, "python3 must be on PATH")
        let riskshare = try #require(Self.riskshare, "the riskshare executable must be built next to the tests")
        let result = try Self.run(python, [
            root + "/Scenarios/examples/cheapest_design.py", "--riskshare", riskshare,
            "--sweep", root + "/Scenarios/sweeps/engine-pd-persistence.yaml", "--paths", "300",
            "--vary", "portfolio.segments[startup-credit].pd=0.04,0.08", "--vary", "economy.persistence=0,0.6",
            "--cost", "gross_loss.expected_shortfall.0.99",
            "--target", "gross_loss.mean <= 1.5e9", "--target", "gross_loss.quantiles.0.99 <= 1e10",
        ])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("4 designs swept"))
        #expect(result.output.contains("cheapest design"))
        #expect(result.output.contains("portfolio.segments[startup-credit].pd = 0.04"))
        let none = try Self.run(python, [
            root + "/Scenarios/examples/cheapest_design.py", "--riskshare", riskshare,
            "--sweep", root + "/Scenarios/sweeps/engine-pd-persistence.yaml", "--paths", "100",
            "--vary", "economy.persistence=0,0.6", "--cost", "gross_loss.mean", "--target", "gross_loss.mean <= 1",
        ])
        #expect(none.status == 1, "\(none.output)")
        #expect(none.output.contains("0 meet"))
    }
}
