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
