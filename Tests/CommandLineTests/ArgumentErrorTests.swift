import Foundation
import Testing

/// Argument mistakes are reported once, on one line, with what is wrong and where to read more:
/// no "error: Error:", no usage block, exit status 2.
@Suite struct ArgumentErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(arguments: ["sweeep", "s.yaml"], message: "error: unknown command 'sweeep'; did you mean 'sweep'? (commands: run, validate, sweep, solve, optimize, merge, bench, report-all, calibrate)"),
        Case(arguments: ["slove"], message: "error: unknown command 'slove'; did you mean 'solve'?"),
        Case(arguments: ["frobnicate"], message: "error: unknown command 'frobnicate' (commands: run, validate, sweep, solve, optimize, merge, bench, report-all, calibrate; see 'riskshare --help')"),
        Case(arguments: ["run", "Scenarios/shenzhen-baseline.yaml", "--paths", "-5"], message: "error: --paths must be at least 1, got -5 (see 'riskshare run --help')"),
        Case(arguments: ["sweep", "Scenarios/sweeps/tolerance-margin.yaml", "--paths", "-5"], message: "error: --paths must be at least 1, got -5 (see 'riskshare sweep --help')"),
        Case(arguments: ["solve", "Scenarios/shenzhen-baseline.yaml", "--vary", "economy.persistence", "--range", "0:1", "--target", "gross_loss.mean <= 1",
                         "--paths", "-3"],
             message: "error: --paths must be at least 1, got -3 (see 'riskshare solve --help')"),
        Case(arguments: ["run", "Scenarios/shenzhen-baseline.yaml", "--threads", "-1"], message: "error: --threads must be at least 1, got -1"),
        Case(arguments: ["run", "Scenarios/shenzhen-baseline.yaml", "--seed", "-1"],
             message: "error: The value '-1' is invalid for '--seed <seed>': must be a whole number from 0 to 18446744073709551615"),
        Case(arguments: ["run", "Scenarios/shenzhen-baseline.yaml", "--paths", "many"], message: "error: The value 'many' is invalid for '--paths <paths>'"),
        Case(arguments: ["run"], message: "error: Missing expected argument '<scenario>' (see 'riskshare run --help')"),
        Case(arguments: ["run", "Scenarios/shenzhen-baseline.yaml", "--colour"], message: "error: Unknown option '--colour'"),
        Case(arguments: ["sweep", "Scenarios/sweeps/tolerance-margin.yaml", "--baseline", "-1", "--paths", "10"],
             message: "error: --baseline: value -1: must be a variant number from 1 to 15 (the sweep has 15 variants)"),
    ]

    @Test("an argument mistake is one line on standard error with status 2", arguments: cases)
    func oneLine(_ c: Case) throws {
        let result = try CommandRunner.run(c.arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix(c.message), "\(result.stderr)")
        #expect(!result.stderr.contains("Error:") && !result.stderr.contains("Usage:"))
    }

    @Test("help and version still print in full and succeed")
    func helpAndVersion() throws {
        let help = try CommandRunner.run(["help", "solve"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: riskshare solve"))
        let version = try CommandRunner.run(["--version"])
        #expect(version.status == 0 && !version.stdout.isEmpty)
    }
}
