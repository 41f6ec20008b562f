import Foundation
import Testing

/// What `solve` and `sweep` print: results in the scenario's units (amounts with the currency,
/// probabilities as percents, never an exponent), progress on a terminal only, and for a sweep
/// the readable table next to the CSV.
@Suite struct SolveSweepOutputTests {
    /// 1000 equal loans of 1m with LGD 0.5: the expected gross loss is 5e8 × PD, so the PD with
    /// `gross_loss.mean <= 2e7` is about 4%.
    static let linear = """
    name: linear
    currency: CNY
    simulation: {paths: 400, seed: 5, horizon_years: 1, block_paths: 50}
    portfolio:
      segments:
        - {name: book, count: 1000, exposure: 1.0e6, pd: 0.02, lgd: 0.5}
    """

    static func scenario() throws -> (directory: String, file: String) {
        let directory = CommandRunner.temporaryDirectory()
        try linear.write(toFile: directory + "/linear.yaml", atomically: true, encoding: .utf8)
        return (directory, directory + "/linear.yaml")
    }

    static let solveArguments = ["--vary", "portfolio.segments[book].pd", "--range", "0.01:0.1", "--target", "gross_loss.mean <= 2e7"]

    @Test("solve prints the answer as a percent for a PD, the metric in CNY, and no exponent anywhere")
    func solveInUnits() throws {
        let (_, file) = try Self.scenario()
        let result = try CommandRunner.run(["solve", file] + Self.solveArguments)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(result.stdout)")
        // portfolio.segments[book].pd = 3.996% ± 0.033% (...): about 4%, written as a percent.
        let answer = try #require(lines.first)
        #expect(answer.hasPrefix("portfolio.segments[book].pd = "), "\(answer)")
        let percent = answer.dropFirst("portfolio.segments[book].pd = ".count).prefix { $0 != "%" }
        #expect(Double(percent).map { abs($0 - 4) < 0.1 } == true, "\(answer)")
        #expect(answer.contains("% ± ") && answer.contains("95% interval"), "\(answer)")
        #expect(lines[1].contains("the largest value in [1%, 10%] with Gross loss, mean ≤ 20.0m CNY"), "\(lines[1])")
        // On common random numbers the mean is a step function of the PD; at the answer it is at or
        // just below the 20.0m target (one more default on one of the 400 paths adds 1,250 CNY),
        // so it may print as 19.99m as well as 20.00m.
        let there = lines[2].components(separatedBy: "there Gross loss, mean = ").last?.prefix { $0 != "m" }
        #expect(there.flatMap { Double($0) }.map { abs($0 - 20) <= 0.05 } == true, "\(lines[2])")
        #expect(lines[2].contains("m CNY ±"), "\(lines[2])")
        #expect(lines[2].contains("per 0.4%") || lines[2].contains("per 0.5%") || lines[2].contains("per 0.2%"), "\(lines[2])")
        #expect(lines[3].contains("simulations of 400 paths each"), "\(lines[3])")
        #expect(result.stdout.range(of: "[0-9]e[+-]?[0-9]", options: .regularExpression) == nil, "\(result.stdout)")
        // Standard error is not a terminal: no progress there.
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test("solve shows its trials on a terminal's standard error, and each on a line with --verbose")
    func solveProgress() throws {
        let (directory, file) = try Self.scenario()
        let verbose = try CommandRunner.run(["solve", file, "--verbose"] + Self.solveArguments)
        #expect(verbose.status == 0)
        #expect(verbose.stderr.hasPrefix("  trial 1: book: PD = 1.000000% -> Gross loss, mean = "), "\(verbose.stderr)")
        // On a terminal (a pseudo-terminal from util-linux `script`), stderr gets a status line
        // rewritten in place; stdout goes to a file.
        let script = "/usr/bin/script"
        try #require(FileManager.default.isExecutableFile(atPath: script), "util-linux `script` is needed to give the command a terminal")
        let command = ([CommandRunner.executable.path, "solve", file] + Self.solveArguments).map { "'\($0)'" }.joined(separator: " ")
            + " > '\(directory)/out.txt'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = ["-qec", command, "/dev/null"]
        process.currentDirectoryURL = URL(fileURLWithPath: CommandRunner.repositoryRoot)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let terminal = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(terminal.contains("\r\u{1B}[Ktrial 1: book: PD = 1.000000%"), "\(terminal.debugDescription)")
        #expect(terminal.hasSuffix("\r\u{1B}[K"), "the status line is cleared at the end: \(terminal.debugDescription)")
        let answer = try String(contentsOfFile: directory + "/out.txt", encoding: .utf8)
        #expect(answer.hasPrefix("portfolio.segments[book].pd = "))
    }

    @Test("sweep writes the CSV to --out and the readable table to standard output; piped without --out it writes the CSV")
    func sweepOutputs() throws {
        let (directory, file) = try Self.scenario()
        let arguments = ["sweep", file, "--vary", "portfolio.segments[book].pd=0.02,0.03", "--metric", "gross_loss.mean",
                         "--metric", "portfolio.exposure"]
        let withFile = try CommandRunner.run(arguments + ["--out", directory + "/s.csv"])
        #expect(withFile.status == 0, "\(withFile.stderr)")
        #expect(withFile.stdout.hasPrefix("Sweep of \(file): 2 variants on common random numbers, 400 paths each.\n"))
        #expect(withFile.stdout.contains("Baseline: variant 1 (book: PD 2%)."))
        #expect(withFile.stdout.contains("\nGross loss, mean (CNY m)\n"))
        #expect(withFile.stdout.contains("The same in every variant:\n  Exposure: 1.000 CNY bn\n"))
        let csv = try String(contentsOfFile: directory + "/s.csv", encoding: .utf8)
        #expect(csv.hasPrefix("variant,portfolio.segments[book].pd,gross_loss.mean,gross_loss.mean.stderr,"))
        let piped = try CommandRunner.run(arguments)
        #expect(piped.stdout == csv)
    }
}
