import Foundation
import RiskShareKit

/// Helpers that turn YAML text into scenarios and simulations for the specifications.
public enum TestScenarios {
    /// A fresh temporary folder.
    public static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "riskshare-tests-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `yaml` (and any extra files) to a temporary folder and loads it.
    public static func load(_ yaml: String, files: [String: String] = [:], overrides: [String] = []) throws -> Scenario {
        let directory = temporaryDirectory()
        for (name, text) in files { try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8) }
        let file = directory + "/scenario.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(file: file, overrides: overrides)
    }

    /// Loads and simulates on `threads` workers.
    public static func run(_ yaml: String, files: [String: String] = [:], threads: Int = 2) throws -> (Simulation, PathTable) {
        let simulation = Simulation(scenario: try load(yaml, files: files))
        return (simulation, simulation.run(threads: threads)!)
    }

    /// The folder holding the repository's Scenarios/.
    public static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}

/// The project's one rule for comparing a Monte Carlo estimate with an independent value: they
/// agree when they differ by at most `k` standard errors (k ≤ 5), plus a stated deterministic
/// bias bound (discretisation, finite book) where the reference is an approximation.
public enum MonteCarlo {
    /// Whether `estimate` agrees with `reference`.
    /// - Parameters:
    ///   - standardError: the standard error of `estimate` (or of the difference, for two estimates).
    ///   - k: how many standard errors are allowed; at most 5.
    ///   - bias: an additional absolute allowance for a known, bounded deterministic error (≥ 0).
    public static func agrees(_ estimate: Double, _ reference: Double, standardError: Double, k: Double = 4, bias: Double = 0) -> Bool {
        precondition(k > 0 && k <= 5, "tolerances are at most 5 standard errors")
        precondition(bias >= 0 && standardError >= 0)
        return abs(estimate - reference) <= k * standardError + bias
    }

    /// The standard error of the difference of two independent estimates.
    public static func differenceError(_ a: Double, _ b: Double) -> Double { (a * a + b * b).squareRoot() }
}
