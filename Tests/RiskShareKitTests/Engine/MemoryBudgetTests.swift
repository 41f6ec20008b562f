import Foundation
@testable import RiskShareKit
import RiskShareSupport
import RiskShareTestSupport
import Testing

/// The memory estimate is the sum of the arrays a run allocates: each of its parts is checked
/// against the sizes of the actual arrays, and work that does not fit the limit is refused with
/// the estimate before anything large is allocated.
@Suite struct MemoryBudgetTests {
    /// Bytes an array occupies: its capacity times its element's stride.
    static func bytes<T>(_ array: [T]) -> Double { Double(array.capacity * MemoryLayout<T>.stride) }

    /// Bytes of every array stored in `value`'s properties (one level deep, arrays of arrays too).
    static func arrayBytes(in value: Any, only labels: Set<String>) -> Double {
        var total = 0.0
        for child in Mirror(reflecting: value).children where labels.contains(child.label ?? "") {
            switch child.value {
            case let a as [Double]: total += bytes(a)
            case let a as [Int32]: total += bytes(a)
            case let a as [[Double]]: total += a.reduce(0) { $0 + bytes($1) }
            default: Issue.record("unexpected type for \(child.label ?? "?")")
            }
        }
        return total
    }

    static let mixedBook = """
    simulation: {paths: 3000, seed: 4, horizon_years: 3}
    economy: {factors: [economy], stress: {pd_multiplier: [1, 2, 2]}}
    portfolio:
      segments:
        - {name: generated, count: 20000, exposure: {distribution: lognormal, median: 1.0e6, sigma: 0.8}, pd: 0.03, lgd: {mean: 0.45, sd: 0.2}, loadings: {economy: 0.4}}
        - {name: tape, loans_file: loans.csv, lgd: 0.5, loadings: {economy: 0.3}}
    risk_sharing:
      parties: [budget]
      layers:
        - {type: guarantee, segments: [generated], shares: {bank: 0.3, guarantor: 0.7}, fee_rate: 0.01}
        - {type: compensation_pool, payer: pool, initial_balance: 1.0e7, ratio: 0.3, annual_cap: 5.0e6}
      tolerance: {absolute: 0.04}
    """

    static var tape: String {
        var csv = "id,exposure,pd,product,term_years\n"
        for i in 0..<7000 { csv += "loan-\(i),\(1000 + i),\(0.001 * Double(1 + i % 40)),\(i % 3 == 0 ? "credit" : "park"),\(1 + i % 4)\n" }
        return csv
    }

    @Test("the loan book's part is the size of the book's arrays, from their element strides")
    func bookComponent() throws {
        let scenario = try TestScenarios.load(Self.mixedBook, files: ["loans.csv": Self.tape])
        let book = PortfolioBuilder.build(scenario)
        #expect(book.count == 27_000)
        let measured = Self.bytes(book.exposure) + Self.bytes(book.pd) + Self.bytes(book.lgd) + Self.bytes(book.term)
            + Self.bytes(book.firstLoan) + Self.bytes(book.segment) + Self.bytes(book.product) + Self.bytes(book.stage)
            + Self.bytes(book.interestRate)
        let estimate = MemoryBudget.estimate(scenario, threads: 2)
        // Reserved once, so capacity is the loan count (malloc may round the last few elements).
        #expect(abs(estimate["loan book"] - measured) / measured < 0.01, "estimate \(estimate["loan book"]), arrays \(measured)")
        #expect(MemoryBudget.Sizes.bookPerLoan == 97 || MemoryLayout<Int>.stride != 8)
    }

    @Test("the simulation tables' part is the size of the LGD sampler's and the thresholds' per-loan arrays")
    func simulationComponent() throws {
        let scenario = try TestScenarios.load(Self.mixedBook, files: ["loans.csv": Self.tape])
        let simulation = Simulation(scenario: scenario)
        let measured = Self.arrayBytes(in: simulation.lgdSampler, only: ["tableIndex", "fixedValue"])
            + Self.arrayBytes(in: simulation.thresholds, only: ["perLoan"])
        let estimate = MemoryBudget.estimate(scenario, threads: 2)
        // Two distinct stress multipliers: two threshold arrays.
        #expect(abs(estimate["simulation tables"] - measured) / measured < 0.01, "estimate \(estimate["simulation tables"]), arrays \(measured)")
    }

    @Test("the loan tapes' part is the size of the tape's columns; the estimate made before reading bounds it")
    func tapeComponent() throws {
        let scenario = try TestScenarios.load(Self.mixedBook, files: ["loans.csv": Self.tape])
        let tape = try #require(scenario.portfolio.segments[1].tape)
        // Identifiers are counted as stored (their array's spare capacity is never touched).
        let measured = Double(tape.ids.byteCount) + Self.bytes(tape.exposure) + Self.bytes(tape.pd)
            + Self.bytes(tape.product!) + Self.bytes(tape.termYears!)
        #expect(MemoryBudget.bytes(of: tape) == measured)
        #expect(MemoryBudget.estimate(scenario, threads: 1)["loan tapes"] == measured)
        let before = MemoryBudget.tapeBytes(rows: 7001, columns: ["id", "exposure", "pd", "product", "term_years"], fileBytes: Self.tape.utf8.count)
        #expect(before >= measured && before < 1.25 * measured, "before reading \(before), after \(measured)")
    }

    @Test("the per-path part is one row of doubles per path for every column the simulation records, twice while assembling")
    func perPathComponent() throws {
        let scenario = try TestScenarios.load(Self.mixedBook, files: ["loans.csv": Self.tape])
        let simulation = Simulation(scenario: scenario)
        let table = try #require(simulation.run(threads: 2))
        #expect(MemoryBudget.columnCount(scenario) == table.names.count + 1)
        let rowBytes = Double(table.columns.reduce(0) { $0 + $1.capacity } + table.rowCount) * 8
        let peak = MemoryBudget.estimate(scenario, threads: 2)
        let expected = Double(scenario.simulation.paths * MemoryBudget.columnCount(scenario)) * 8
        #expect(abs(expected - rowBytes) / rowBytes < 0.01)
        // The peak is the simulating phase (both copies) or the reporting phase (one copy and
        // the statistics' copies); either way it holds at least one full table.
        #expect(peak["per-path results"] == expected || peak["per-path results"] == 2 * expected)
    }

    @Test("a limit below the estimate refuses the run with the estimate, its parts and where the limit comes from")
    func refusal() throws {
        let scenario = try TestScenarios.load(Self.mixedBook, files: ["loans.csv": Self.tape])
        let peak = MemoryBudget.estimate(scenario, threads: 2)
        let tight = MemoryBudget.Limit(bytes: peak.total * 0.9, source: "left under the cgroup memory limit")
        do {
            try MemoryBudget.check(peak, threads: 2, file: "s.yaml", path: "portfolio", value: nil, what: "a test", advice: "Do less", limit: tight)
            Issue.record("expected a refusal")
        } catch let error as ScenarioError {
            #expect(error.message.contains("needs an estimated \(MemoryBudget.format(peak.total))"))
            #expect(error.message.contains("loan book"))
            #expect(error.message.contains("left under the cgroup memory limit"))
            #expect(error.message.hasSuffix("Do less"))
        }
        try MemoryBudget.check(peak, threads: 2, file: "s.yaml", path: "", value: nil, what: "", advice: "",
                               limit: MemoryBudget.Limit(bytes: peak.total * 1.01, source: "test"))
    }

    @Test("a book of 5×10^7 generated loans is estimated at over 5 GiB, before any loan is made")
    func fiftyMillionLoans() throws {
        let scenario = try TestScenarios.load("""
        simulation: {paths: 1000, seed: 1}
        portfolio:
          segments:
            - {name: a, count: 50000000, exposure: 1.0e6, pd: 0.01, lgd: 0.45}
        """)
        let peak = MemoryBudget.estimate(scenario, threads: 2)
        #expect(peak["loan book"] == 50_000_000 * MemoryBudget.Sizes.bookPerLoan)
        #expect(peak.total > 5.0 * 1_073_741_824)
        #expect(throws: ScenarioError.self) {
            try MemoryBudget.check(peak, threads: 2, file: "s", path: "portfolio", value: nil, what: "", advice: "",
                                   limit: MemoryBudget.Limit(bytes: 4.0 * 1_073_741_824, source: "test"))
        }
    }

    @Test("the limit is the smallest of available memory, the address-space limit above the current size, and the cgroup limit above its use")
    func limitSources() {
        let gib = 1_073_741_824.0
        let plain = MemoryBudget.limit(available: 8 * gib, addressSpace: nil, virtualSize: 1 * gib, cgroup: nil)
        #expect(plain.bytes == 8 * gib && plain.source == "available on this machine")
        let addressSpace = MemoryBudget.limit(available: 8 * gib, addressSpace: 3 * gib, virtualSize: 1 * gib, cgroup: (6 * gib, 1 * gib))
        #expect(addressSpace.bytes == 2 * gib && addressSpace.source.contains("ulimit -v") && addressSpace.perThreadReservation > 0)
        let cgroup = MemoryBudget.limit(available: 8 * gib, addressSpace: 30 * gib, virtualSize: 1 * gib, cgroup: (6 * gib, 5 * gib))
        #expect(cgroup.bytes == 1 * gib && cgroup.source.contains("cgroup"))
    }

    @Test("cgroup v2 and v1 memory limits are found; 'max' and v1's huge value mean no limit")
    func cgroupFiles() {
        let files = ["/sys/fs/cgroup/job/memory.max": "4294967296\n", "/sys/fs/cgroup/job/memory.current": "1073741824\n",
                     "/sys/fs/cgroup/memory/slurm/memory.limit_in_bytes": "2147483648", "/sys/fs/cgroup/memory/slurm/memory.usage_in_bytes": "1048576",
                     "/sys/fs/cgroup/free/memory.max": "max\n", "/sys/fs/cgroup/free/memory.current": "1\n",
                     "/sys/fs/cgroup/memory/big/memory.limit_in_bytes": "9223372036854771712", "/sys/fs/cgroup/memory/big/memory.usage_in_bytes": "1"]
        let read = { (path: String) in files[path] }
        let v2 = MemoryBudget.cgroupMemory(membership: "0::/job\n", read: read)
        #expect(v2?.limit == 4_294_967_296 && v2?.used == 1_073_741_824)
        let v1 = MemoryBudget.cgroupMemory(membership: "5:cpu:/x\n4:memory:/slurm\n0::/\n", read: read)
        #expect(v1?.limit == 2_147_483_648 && v1?.used == 1_048_576)
        #expect(MemoryBudget.cgroupMemory(membership: "0::/free\n", read: read) == nil)
        #expect(MemoryBudget.cgroupMemory(membership: "4:memory:/big\n", read: read) == nil)
    }

    @Test("a loan tape whose rows would not fit is refused from its line count, before its columns are allocated")
    func tapeRefusedBeforeReading() throws {
        var csv = "id,exposure,pd\n"
        for i in 0..<2000 { csv += "L\(i),100,0.01\n" }
        let directory = TestScenarios.temporaryDirectory()
        try csv.write(toFile: directory + "/loans.csv", atomically: true, encoding: .utf8)
        let file = directory + "/scenario.yaml"
        try "portfolio:\n  segments:\n    - {name: t, loans_file: loans.csv, lgd: 0.5}\n".write(toFile: file, atomically: true, encoding: .utf8)
        var budget = LoadBudget.standard
        budget.memoryLimit = MemoryBudget.Limit(bytes: MemoryBudget.Sizes.baseline + 100_000, source: "test limit")
        do {
            _ = try ScenarioLoader.load(file: file, overrides: [], budget: budget)
            Issue.record("expected a refusal")
        } catch let error as ScenarioError {
            #expect(error.file == directory + "/loans.csv")
            #expect(error.message.contains("reading up to 2001 loans and building their loan book"))
            #expect(error.message.contains("test limit"))
        }
    }
}
