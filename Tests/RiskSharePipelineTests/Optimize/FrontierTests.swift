import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Trade-off frontiers across design families (epsilon-constraint method).
@Suite struct FrontierTests {
    typealias F = OptimizeFixtures

    @Test("pari passu traces Y = ES99(L)·(1 - x/L̄) exactly, second loss never lies above it, and each family is non-increasing")
    func pariPassuAndSecondLoss() throws {
        let file = try SweepFixtures.write(F.frontierBook)
        let familiesFile = try SweepFixtures.write(F.families, name: "families.yaml")
        let report = try F.report(file)
        let meanLoss = try F.reading(report, "gross_loss.mean").value
        let tail = try F.reading(report, "gross_loss.expected_shortfall.0.99").value
        let levels = [0.2, 0.4, 0.6, 0.8].map { $0 * meanLoss }
        var request = FrontierRequest(x: try MetricPath("fiscal.cost.mean"), y: try MetricPath("parties.bank.loss.expected_shortfall.0.99"),
                                      levels: .values(levels))
        request.settings.sizeTolerance = 1e-4
        let families = try FrontierTracer.prepare(try DesignSetup.base(F.request(file)),
                                                  definition: try FrontierDefinition.read(file: familiesFile), request: request)
        let points = try FrontierTracer.trace(families, request: request, threads: 2)
        #expect(points.map(\.family) == Array(repeating: "pari-passu", count: 4) + Array(repeating: "second-loss", count: 4))
        #expect(points.map(\.level) == levels + levels)
        #expect(points.filter { !$0.feasible }.isEmpty)
        let pari = points.prefix(4), second = points.suffix(4)
        // Pari passu at rate r: public cost r·L̄, bank ES99 (1 - r)·ES99(L) on every sample, so the
        // best design meeting x ≤ xₖ has r = xₖ/L̄. The search stops at a simplex of 1e-4 of the
        // rate's range, and the best feasible design simulated is within a few sizes of the
        // vertex, so r (and Y/ES) is within 1e-3 of it.
        for p in pari {
            let rate = try #require(p.design.first?.value)
            #expect(p.x!.value <= p.level)
            #expect(abs(rate - p.level / meanLoss) < 1e-3, "rate \(rate) at level \(p.level)")
            #expect(abs(p.y!.value - tail * (1 - p.level / meanLoss)) < 1e-3 * tail, "Y \(p.y!.value) at level \(p.level)")
            #expect(p.y!.stderr != nil)
        }
        // Arrow's theorem: for a given expected indemnity, the stop-loss (second-loss) retention
        // is smallest in convex order, so its ES is at most that of any other design, also on the
        // empirical distribution; allow the search's tolerance.
        for (p, s) in zip(pari, second) {
            #expect(s.y!.value <= p.y!.value + 1e-3 * tail, "second loss \(s.y!.value) vs pari passu \(p.y!.value) at \(p.level)")
            #expect(s.x!.value <= s.level)
        }
        for family in [pari, second] {
            let ys = family.map { $0.y!.value }
            #expect(zip(ys, ys.dropFirst()).allSatisfy { $0 >= $1 }, "\(ys)")
        }

        let csv = FrontierOutput.csv(points, x: "fiscal.cost.mean", y: "parties.bank.loss.expected_shortfall.0.99")
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "family,level,feasible,fiscal.cost.mean,fiscal.cost.mean.stderr,parties.bank.loss.expected_shortfall.0.99,parties.bank.loss.expected_shortfall.0.99.stderr,evaluations,design")
        #expect(lines.count == 9)
        #expect(lines[1].hasPrefix("pari-passu,\(NumberFormat.plain(levels[0])),true,"))
        #expect(lines[1].hasSuffix("risk_sharing.layers[pari-passu].rate=\(NumberFormat.plain(pari.first!.design[0].value))"))
        let html = FrontierHTML.render(points: points, x: "fiscal.cost.mean", y: "parties.bank.loss.expected_shortfall.0.99",
                                       scenario: "frontier-book", method: FrontierTracer.method)
        #expect(html.contains("<svg") && html.contains(">pari-passu</text>") && html.contains(">second-loss</text>"))
        #expect(!html.contains("http"))
    }

    @Test("automatic levels span X over the corners of the boxes; a level no design meets is infeasible")
    func automaticLevels() throws {
        let file = try SweepFixtures.write(F.frontierBook)
        let familiesFile = try SweepFixtures.write(F.families, name: "families.yaml")
        let meanLoss = try F.reading(F.report(file), "gross_loss.mean").value
        var request = FrontierRequest(x: try MetricPath("fiscal.cost.mean"), y: try MetricPath("parties.bank.loss.mean"), levels: .count(3))
        request.constraints = [try DesignConstraint(parsing: "fiscal.cost.mean >= 1")]
        let families = try FrontierTracer.prepare(try DesignSetup.base(F.request(file)),
                                                  definition: try FrontierDefinition.read(file: familiesFile), request: request)
        let points = try FrontierTracer.trace(families, request: request, threads: 2)
        // Corners: rate 0 and 1 give X = 0 and L̄; attach 0.2 and 0 give some X and L̄.
        #expect(points.prefix(3).map(\.level) == [0, meanLoss / 2, meanLoss])
        // At X <= 0 the extra constraint X >= 1 cannot hold.
        #expect(points.filter { $0.level == 0 }.allSatisfy { !$0.feasible && $0.design.isEmpty })
        #expect(points.filter { $0.level > 0 && !$0.feasible }.isEmpty)
    }

    @Test("a families file is checked key by key")
    func badFamilies() throws {
        let cases: [(String, String)] = [
            ("families: []", "at least one family"),
            ("families:\n  - {name: a, fragment: {}, vary: {x.y: [1, 0]}}", "LO < HI"),
            ("families:\n  - {name: a, fragment: {}, vary: {x.y: [0]}}", "[LO, HI]"),
            ("families:\n  - {name: a, fragment: [], vary: {x.y: [0, 1]}}", "map of scenario keys"),
            ("families:\n  - {name: a, fragment: {}, vary: {x.y: [0, 1]}, colour: red}", "not a known key"),
            ("families:\n  - {name: a, fragment: {}, vary: {x.y: [0, 1]}}\n  - {name: a, fragment: {}, vary: {x.y: [0, 1]}}", "unique"),
        ]
        for (text, words) in cases {
            let file = try SweepFixtures.write(text, name: "families.yaml")
            let error = SweepFixtures.scenarioError { _ = try FrontierDefinition.read(file: file) }
            #expect(error?.message.contains(words) == true, "\(text): \(String(describing: error))")
        }
        let scenario = try SweepFixtures.write(F.frontierBook)
        let wrongPath = try SweepFixtures.write("families:\n  - {name: a, fragment: {}, vary: {'risk_sharing.layers[0].rate': [0, 1]}}", name: "families.yaml")
        let request = FrontierRequest(x: try MetricPath("fiscal.cost.mean"), y: try MetricPath("parties.bank.loss.mean"))
        let error = SweepFixtures.scenarioError {
            _ = try FrontierTracer.prepare(try DesignSetup.base(F.request(scenario)), definition: try FrontierDefinition.read(file: wrongPath), request: request)
        }
        #expect(error?.message.contains("design family a") == true, "\(String(describing: error))")
    }

    @Test("the shipped design families run on the reference tech book")
    func shippedFamilies() throws {
        let root = TestScenarios.repositoryRoot
        let definition = try FrontierDefinition.read(file: root + "/Scenarios/frontiers/design-families.yaml")
        #expect(definition.families.map(\.name) == ["pari-passu", "capped", "first-loss", "second-loss"])
        var base = F.request(root + "/Scenarios/reference/tech-book.yaml")
        base.paths = 50
        let request = FrontierRequest(x: try MetricPath("fiscal.cost.mean"), y: try MetricPath("parties.bank.loss.expected_shortfall.0.99"))
        let families = try FrontierTracer.prepare(try DesignSetup.base(base), definition: definition, request: request)
        #expect(families.count == 4)
    }
}
