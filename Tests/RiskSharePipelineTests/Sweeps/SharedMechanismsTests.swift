import Foundation
import RiskShareTestSupport
import Testing

@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports

/// Scheme variants replayed on one simulation of their defaults run the mechanisms they all have
/// unchanged once per path-year (`SharedMechanisms`); each variant's report stays, bit for bit,
/// the report of the variant run on its own.
@Suite struct SharedMechanismsTests {
    /// `ReplayedDefaultsTests.scheme` with a guarantee whose limits bind: the fund's annual
    /// payouts are capped at 2% of its guaranteed balance, the guarantor's at its capital plus
    /// fees, and what they leave unpaid overflows to the budget.
    static let limited = ReplayedDefaultsTests.scheme
        .replacingOccurrences(
            of: "{type: guarantee, segments: [startup], shares: {bank: 0.4, guarantor: 0.6}, per_loan_cap: 3.0e6, fee_rate: 0.008}",
            with: "{type: guarantee, segments: [startup], shares: {bank: 0.3, guarantor: 0.3, fund: 0.4}, per_loan_cap: 3.0e6, "
                + "fee_rate: 0.008, annual_cap_rate: {fund: 0.02}, capital: {guarantor: 5.0e6}, overflow: [budget]}"
        )
        .replacingOccurrences(of: "risk_sharing:\n  layers:", with: "risk_sharing:\n  parties: [budget]\n  layers:")

    static func plans(_ setup: SweepSetup) throws -> [RiskSharingPlan] {
        try setup.grid.variants.map { Simulation(scenario: try setup.scenario(for: $0)).plan }
    }

    /// The one group every variant of `setup` forms, and what it shares.
    static func sharing(_ setup: SweepSetup) throws -> SharedMechanisms {
        let groups = SharedMechanisms.groups(of: try plans(setup))
        #expect(groups.count == 1)
        let group = try #require(groups.first)
        #expect(group.members == Array(setup.grid.variants.indices))
        return group.sharing
    }

    /// Whether a column of the variants' tables whose name contains `name` is 1 on some path.
    static func someone(_ name: String, in setup: SweepSetup) throws -> Bool {
        let tables = try #require(try SweepRunner.replayedSimulations(setup, variants: setup.grid.variants, threads: 2)).tables
        return tables.contains { table in
            table.names.indices.contains { table.names[$0].contains(name) && table.columns[$0].contains(1) }
        }
    }

    @Test("varying the pool shares the guarantee with binding limits, the subsidy and the tolerance; every report is its own run's")
    func poolVariantsShareTheGuarantee() throws {
        #expect(Self.limited != ReplayedDefaultsTests.scheme)
        let setup = try ReplayedDefaultsTests.setup(
            Self.limited,
            vary: [
                "risk_sharing.layers[type=compensation_pool].initial_balance=1e6,5e7",
                "risk_sharing.layers[type=compensation_pool].ratio=0.2,0.4",
            ])
        let sharing = try Self.sharing(setup)
        #expect(sharing.isShared == [true, false, true, true] && sharing.sharedLayers == 1)
        let parties = sharing.leader.parties
        #expect(sharing.ownParties.map { parties[$0] } == ["bank", "pool"])
        #expect(Set(sharing.settledParties.map { parties[$0] }) == ["guarantor", "fund", "budget", "finance"])
        #expect(sharing.feeParties.map { parties[$0] } == ["guarantor"] && sharing.subsidyParties.map { parties[$0] } == ["finance"])
        // Two segments of one stage and product each: the settled parties' losses by cell are summed once.
        #expect(sharing.sharesCells && sharing.leader.cells?.count == 2)
        // The shared guarantee's limits bind on some paths, and the pool runs dry on some.
        #expect(try Self.someone("bound", in: setup))
        #expect(try Self.someone("exhausted", in: setup))
        try ReplayedDefaultsTests.expectReplayEqualsSeparate(setup)
    }

    @Test("a capped portfolio guarantee and a first-loss tranche before a varied pool are shared, limits binding")
    func portfolioGuaranteeAndTrancheShared() throws {
        let layers = ReplayedDefaultsTests.scheme.replacingOccurrences(
            of: "{type: guarantee, segments: [startup], shares: {bank: 0.4, guarantor: 0.6}, per_loan_cap: 3.0e6, fee_rate: 0.008}",
            with: "{type: portfolio_guarantee, segments: [startup], payer: cosme, rate: 0.5, cap_rate: 0.02}\n"
                + "    - {type: tranche, segments: [growth], payer: first_loss, attach: 0.0, detach: 0.01, share: 1.0}")
        #expect(layers != ReplayedDefaultsTests.scheme)
        let setup = try ReplayedDefaultsTests.setup(layers, vary: ["risk_sharing.layers[type=compensation_pool].ratio=0.2,0.5"])
        let sharing = try Self.sharing(setup)
        #expect(sharing.isShared == [true, true, false, true, true] && sharing.sharedLayers == 2)
        #expect(try Self.someone("bound", in: setup))
        try ReplayedDefaultsTests.expectReplayEqualsSeparate(setup)
    }

    @Test("a varied pool that caps the bank's total compensation continues from what the shared guarantee moved away")
    func ownLayerReadsTheSharedOutflow() throws {
        let capped = Self.limited.replacingOccurrences(of: "shortfall: pro_rata}", with: "shortfall: pro_rata, party_cap_share: 0.75}")
        #expect(capped != Self.limited)
        let setup = try ReplayedDefaultsTests.setup(capped, vary: ["risk_sharing.layers[type=compensation_pool].ratio=0.3,0.5"])
        let sharing = try Self.sharing(setup)
        #expect(sharing.isShared == [true, false, true, true] && sharing.tracksOutflow)
        try ReplayedDefaultsTests.expectReplayEqualsSeparate(setup)
    }

    @Test("a shared layer that pays fees to a party a varied layer pays too is run by each variant; the subsidy is still shared")
    func feesPaidByBothSidesAreNotShared() throws {
        let twoGuarantees = ReplayedDefaultsTests.scheme.replacingOccurrences(
            of: "    - {type: compensation_pool",
            with: """
                    - {type: guarantee, name: growth-guarantee, segments: [growth], shares: {bank: 0.5, guarantor: 0.5}, fee_rate: 0.004}
                    - {type: compensation_pool
                """)
        #expect(twoGuarantees != ReplayedDefaultsTests.scheme)
        let setup = try ReplayedDefaultsTests.setup(twoGuarantees, vary: ["risk_sharing.layers[growth-guarantee].fee_rate=0.004,0.006"])
        let sharing = try Self.sharing(setup)
        // Both guarantees pay fees to the guarantor: the first is not shared, and no layer after it.
        #expect(sharing.isShared == [false, false, false, true, true] && sharing.sharedLayers == 0)
        try ReplayedDefaultsTests.expectReplayEqualsSeparate(setup)
    }

    @Test("a pool paying claims a year late is never shared; the layers before it are")
    func laggedPoolIsNotShared() throws {
        let lagged = Self.limited.replacingOccurrences(of: "shortfall: pro_rata}", with: "shortfall: pro_rata, claim_lag_years: 1}")
        #expect(lagged != Self.limited)
        let setup = try ReplayedDefaultsTests.setup(lagged, vary: ["risk_sharing.tolerance.margin=0.01,0.05"])
        let sharing = try Self.sharing(setup)
        #expect(sharing.isShared == [true, false, true, false] && sharing.sharedLayers == 1)
        try ReplayedDefaultsTests.expectReplayEqualsSeparate(setup)
    }

    @Test("schemes with different lists of mechanisms form separate groups; a scheme alike to no other runs everything itself")
    func groupsOfSchemes() throws {
        let yamls = [
            Self.limited,
            Self.limited.replacingOccurrences(of: "ratio: 0.3,", with: "ratio: 0.45,"),
            ReplayedDefaultsTests.noLayers,
            ReplayedDefaultsTests.noLayers.replacingOccurrences(of: "margin: 0.03", with: "margin: 0.02"),
            ReplayedDefaultsTests.scheme,
        ]
        #expect(Set(yamls).count == yamls.count)
        let simulations = try yamls.map { Simulation(scenario: try TestScenarios.load($0)) }
        let groups = SharedMechanisms.groups(of: simulations.map(\.plan))
        #expect(groups.map(\.members) == [[0, 1], [2, 3]])
        #expect(groups[0].sharing.isShared == [true, false, true, true])
        // Without layers, the subsidy is shared and the varied tolerance is not.
        #expect(groups[1].sharing.isShared == [true, false] && groups[1].sharing.ownParties.isEmpty)
        let tables = try #require(SchemeReplay(scenarios: simulations.map(\.scenario)).run(threads: 2))
        for (i, yaml) in yamls.enumerated() {
            let (_, alone) = try TestScenarios.run(yaml, threads: 1)
            #expect(tables[i].columns.map { $0.map(\.bitPattern) } == alone.columns.map { $0.map(\.bitPattern) }, "scheme \(i)")
        }
    }

    @Test("replayed variants' tables share their summaries only with tables that summarise a column the same way")
    func tablesShareSummaries() throws {
        let setup = try ReplayedDefaultsTests.setup(Self.limited, vary: ["risk_sharing.layers[type=compensation_pool].ratio=0.2,0.4"])
        let tables = try #require(try SweepRunner.replayedSimulations(setup, variants: setup.grid.variants, threads: 2)).tables
        var same = tables[1]
        let shared = same.shareSummaries(with: tables[0])
        #expect(shared)
        #expect(same.summary("gross_loss").mean == tables[0].summary("gross_loss").mean)
        var levels = same
        var settings = try #require(levels.reportSettings)
        settings.quantiles[0] = 0.6
        levels.reportSettings = settings
        let sharedUnderOtherLevels = levels.shareSummaries(with: tables[0])
        #expect(!sharedUnderOtherLevels)
        var weighted = same
        weighted.weights = Array(repeating: 1, count: same.rowCount)
        let sharedUnderOtherWeights = weighted.shareSummaries(with: tables[0])
        #expect(!sharedUnderOtherWeights)
        // Summaries are those of a table of its own, under its own levels.
        var fresh = PathTable(names: levels.names, columns: levels.columns)
        fresh.reportSettings = settings
        #expect(levels.summary("gross_loss").quantile(0.6).bitPattern == fresh.summary("gross_loss").quantile(0.6).bitPattern)
        #expect(same.summary("party.bank.loss").quantile(0.99).bitPattern == tables[1].summary("party.bank.loss").quantile(0.99).bitPattern)
    }
}
