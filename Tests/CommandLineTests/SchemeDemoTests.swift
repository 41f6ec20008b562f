import Foundation
import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import Testing

/// The shipped schemes and their demos: every include fragment in Scenarios/schemes has a runnable
/// demo in Scenarios/scheme-demos that passes `riskshare validate`, every demo's mechanism acts
/// on its book, and the numbers a demo's description states are the ones its run reports.
@Suite struct SchemeDemoTests {
    static let scenarios = CommandRunner.repositoryRoot + "/Scenarios"

    static func yamlFiles(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test("every scheme in Scenarios/schemes has a demo that includes it (the tolerance rule is in every demo)")
    func everySchemeHasADemo() throws {
        let schemes = try Self.yamlFiles(in: Self.scenarios + "/schemes")
        let demos = try Self.yamlFiles(in: Self.scenarios + "/scheme-demos")
        #expect(schemes.count >= 13)
        for scheme in schemes {
            let including = try demos.filter { demo in
                let text = try String(contentsOfFile: Self.scenarios + "/scheme-demos/" + demo, encoding: .utf8)
                return text.contains("../schemes/\(scheme)")
            }
            if scheme == "nfra-tolerance.yaml" {
                #expect(including.count == demos.count, "every demo includes the tolerance rule")
            } else {
                #expect(including == [scheme], "the demo of \(scheme) is scheme-demos/\(scheme) and only it includes the scheme")
            }
        }
        for demo in demos where demo != "nfra-tolerance.yaml" {
            #expect(schemes.contains(demo), "scheme-demos/\(demo) has no scheme of the same name")
        }
    }

    @Test("every demo passes riskshare validate")
    func everyDemoValidates() throws {
        for demo in try Self.yamlFiles(in: Self.scenarios + "/scheme-demos") {
            let result = try CommandRunner.run(["validate", "Scenarios/scheme-demos/" + demo])
            #expect(result.status == 0, "\(demo): \(result.stderr)")
            #expect(result.stdout.contains("valid"), "\(demo): \(result.stdout)")
        }
    }

    /// Runs a demo at its own path count and seed and returns its report.json.
    static func run(_ demo: String) throws -> JSONValue {
        let directory = CommandRunner.temporaryDirectory()
        let result = try CommandRunner.run(["run", "Scenarios/scheme-demos/\(demo).yaml", "--format", "json", "--out", directory])
        #expect(result.status == 0, "\(demo): \(result.stderr)")
        return try JSONValue.parse(String(contentsOfFile: directory + "/report.json", encoding: .utf8))
    }

    /// "24.5% ± 0.6%": a probability and its standard error as the descriptions state them.
    static func stated(_ estimate: JSONValue?) -> String? {
        guard let p = estimate?["p"]?.doubleValue, let se = estimate?["stderr"]?.doubleValue else { return nil }
        return String(format: "%.1f%% ± %.1f%%", 100 * p, 100 * se)
    }

    struct Mechanism: Sendable, CustomTestStringConvertible {
        var demo: String
        /// Path to the probability that shows the mechanism at work.
        var keys: [String]
        /// Where that probability must lie for the demo to show the mechanism.
        var range: ClosedRange<Double>
        var testDescription: String { demo }
    }

    static let mechanisms: [Mechanism] = [
        Mechanism(demo: "shenzhen-pool", keys: ["pools", "pool", "p_exhausted"], range: 0.05...0.30),
        Mechanism(demo: "cosme-capped", keys: ["caps", "cosme"], range: 0.10...0.40),
        Mechanism(demo: "first-loss-tranche", keys: ["caps", "first-loss"], range: 0.05...0.95),
        Mechanism(demo: "national-standard", keys: ["caps", "national-standard"], range: 0.05...0.95),
        Mechanism(demo: "sci-tech-plan-tier1", keys: ["caps", "sci-tech-plan-tier1"], range: 0.05...0.95),
        Mechanism(demo: "sci-tech-plan-tier2", keys: ["caps", "sci-tech-plan-tier2"], range: 0.05...0.95),
        Mechanism(demo: "sci-tech-plan-tier3", keys: ["caps", "sci-tech-plan-tier3"], range: 0.05...0.95),
    ]

    @Test("a demo's pool or cap acts on a real share of its paths, and its description states that share as reported",
          arguments: mechanisms)
    func mechanismActs(_ m: Mechanism) throws {
        let report = try Self.run(m.demo)
        let estimate = m.keys.reduce(Optional(report)) { $0?[$1] }
        let p = try #require(estimate?["p"]?.doubleValue, "\(m.keys.joined(separator: ".")) missing")
        #expect(m.range.contains(p), "\(m.demo): \(m.keys.joined(separator: ".")) = \(p), outside \(m.range)")
        let description = try #require(report["scenario"]?["description"]?.stringValue)
        let text = try #require(Self.stated(estimate))
        #expect(description.contains(text), "\(m.demo): the description should state \(text): \(description)")
    }

    @Test("pari-passu demos: each party bears its stated share of the gross loss on average")
    func pariPassuShares() throws {
        let cases: [(String, [String: Double])] = [
            ("germany-guarantee-bank", ["bank": 0.2, "guarantee_bank": 0.28, "federal": 0.312, "state": 0.208]),
            ("japan-responsibility-sharing", ["bank": 0.2, "cgc": 0.24, "jfc": 0.56]),
            ("anhui-4321", ["bank": 0.2, "guarantor": 0.4, "provincial": 0.3, "local_government": 0.1]),
        ]
        for (demo, shares) in cases {
            let report = try Self.run(demo)
            let gross = try #require(report["gross_loss"]?["mean"]?.doubleValue)
            #expect(gross > 0)
            for (party, share) in shares {
                let mean = try #require(report["parties"]?[party]?["loss"]?["mean"]?.doubleValue, "\(demo): no party \(party)")
                #expect(abs(mean - share * gross) <= 1e-9 * gross, "\(demo): \(party) bears \(mean / gross), expected \(share)")
            }
        }
    }

    @Test("KODIT demo: the bank keeps 15%, 20% and 25% of start-up, growth and mature losses, and KODIT earns the fees")
    func koditBySegment() throws {
        let scenario = try ScenarioLoader.load(file: Self.scenarios + "/scheme-demos/kodit-partial.yaml")
        #expect(scenario.riskSharing.layers.count == 3)
        let report = try Self.run("kodit-partial")
        let gross = try #require(report["gross_loss"]?["mean"]?.doubleValue)
        let kodit = try #require(report["parties"]?["kodit"]?["loss"]?["mean"]?.doubleValue)
        // Between the lowest and the highest coverage, strictly: all three layers act.
        #expect(kodit > 0.75 * gross && kodit < 0.85 * gross)
        #expect((report["parties"]?["kodit"]?["fees"]?["mean"]?.doubleValue ?? 0) > 0)
        #expect(abs((report["parties"]?["bank"]?["loss"]?["mean"]?.doubleValue ?? 0) + kodit - gross) <= 1e-9 * gross)
    }

    @Test("Scenarios/README.md lists every file and folder under Scenarios/")
    func readmeListsEveryFile() throws {
        let readme = try String(contentsOfFile: Self.scenarios + "/README.md", encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Files in this folder").dropFirst().first?
            .components(separatedBy: "\n## ").first)
        let enumerator = try #require(FileManager.default.enumerator(atPath: Self.scenarios))
        var names: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: Self.scenarios + "/" + relative, isDirectory: &isFolder)
            names.append(isFolder.boolValue ? relative + "/" : relative)
        }
        #expect(names.count > 30)
        let missing = names.filter { !section.contains("`\($0)`") }
        #expect(missing.isEmpty, "Scenarios/README.md does not list \(missing.sorted())")
    }
}
