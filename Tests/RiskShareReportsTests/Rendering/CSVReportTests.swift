@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// report.csv is one tidy table whose values are report.json's, digit for digit.
@Suite struct CSVReportTests {
    static func parse(_ csv: String) -> (header: [String], rows: [[String]]) {
        // Party, pool and segment names cannot contain commas or quotes, so a plain split is exact here.
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines[0], Array(lines.dropFirst()))
    }

    static let reports: [Report] = [HandBuiltReports.scheme(), HandBuiltReports.importanceSampling(), HandBuiltReports.semiAnalytic(),
                                    ReportFixtures.golden.report]

    @Test("every row has every column, and the keys (section, name, quantity, year, statistic, level) are unique",
          arguments: reports.indices)
    func tidy(_ index: Int) {
        let (header, rows) = Self.parse(CSVReport.render(report: Self.reports[index]))
        #expect(header == CSVReport.header)
        #expect(rows.allSatisfy { $0.count == header.count })
        let keys = rows.map { $0[0..<6].joined(separator: ",") }
        #expect(Set(keys).count == keys.count)
        #expect(rows.allSatisfy { !$0[6].isEmpty && Double($0[6]) != nil })
    }

    @Test("values equal report.json, digit for digit")
    func valuesEqualJSON() throws {
        let report = HandBuiltReports.scheme()
        let json = try JSONValue.parse(report.json.rendered())
        let (_, rows) = Self.parse(CSVReport.render(report: report))
        func row(_ section: String, _ name: String, _ quantity: String, _ year: String, _ statistic: String, _ level: String = "") -> [String]? {
            rows.first { $0[0] == section && $0[1] == name && $0[2] == quantity && $0[3] == year && $0[4] == statistic && $0[5] == level }
        }
        let gross = try #require(row("gross", "", "loss", "", "quantile", "0.99"))
        #expect(Double(gross[6]) == json["gross_loss"]?["quantiles"]?["0.99"]?.doubleValue)
        #expect(Double(gross[8]) == json["gross_loss"]?["quantile_ci95"]?["0.99"]?[0]?.doubleValue)
        let mean = try #require(row("party", "bank", "loss", "2", "mean"))
        #expect(Double(mean[6]) == json["parties"]?["bank"]?["by_year"]?[1]?["mean"]?.doubleValue)
        #expect(Double(mean[7]) == json["parties"]?["bank"]?["by_year"]?[1]?["stderr"]?.doubleValue)
        let npl = try #require(row("gross", "", "npl_ratio", "2", "quantile", "0.95"))
        #expect(Double(npl[6]) == json["years"]?[1]?["npl_ratio"]?["quantiles"]?["0.95"]?.doubleValue)
        let exhausted = try #require(row("pool", "pool", "exhausted", "", "probability"))
        #expect(Double(exhausted[6]) == json["pools"]?["pool"]?["p_exhausted"]?["p"]?.doubleValue)
        #expect(row("pool", "pool", "exhausted", "2", "probability") != nil)
        #expect(row("pool", "pool", "suspended", "1", "probability") != nil)
        #expect(row("pool", "pool", "balance_end", "1", "quantile", "0.5") != nil)
        let binds = try #require(row("cap", "guarantee", "binds", "2", "probability"))
        #expect(Double(binds[6]) == json["caps"]?["guarantee"]?["p_by_year"]?[1]?["p"]?.doubleValue)
        #expect(row("cap", "pool", "binds", "", "probability") != nil)
        #expect(row("tolerance", "", "breach", "2", "probability") != nil)
        #expect(row("tolerance", "", "npl_ratio_exceeded_with_probability", "", "value", "0.05") != nil)
        let worst = try #require(row("tolerance", "", "npl_ratio_exceeded_with_probability", "2", "value", "0.01"))
        #expect(Double(worst[6]) == json["tolerance"]?["npl_ratio_exceeded_with_probability_by_year"]?["0.01"]?[1]?.doubleValue)
        #expect(row("party", "guarantor", "fees", "", "mean") != nil)
        #expect(row("fiscal", "", "leverage", "", "value") != nil)
        #expect(row("fiscal", "", "cost", "", "expected_shortfall", "0.99") != nil)
        #expect(row("fiscal", "government", "subsidies", "", "mean") != nil)
        #expect(row("gross", "", "loss", "", "exceedance", "1500000000") != nil)
        #expect(row("portfolio", "startup", "loans", "", "value")?[6] == "500")
        #expect(row("party", "pool", "loss", "", "tail_paths", "0.99")?[6] == "0")
    }

    @Test("an exact distribution has no tail-path rows; semi-analytic details are rows of their own")
    func semiAnalytic() {
        let (_, rows) = Self.parse(CSVReport.render(report: HandBuiltReports.semiAnalytic()))
        #expect(!rows.contains { $0[4] == "tail_paths" })
        #expect(rows.contains { $0[0] == "semi_analytic" && $0[2] == "quadrature_nodes" && $0[6] == "145" })
        #expect(rows.contains { $0[0] == "gross" && $0[2] == "loss" && $0[4] == "quantile" && $0[7].isEmpty && $0[8].isEmpty })
    }

    @Test("fields with commas or quotes are quoted (RFC 4180)")
    func quoting() {
        #expect(CSVReport.field("a,b") == "\"a,b\"")
        #expect(CSVReport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVReport.field("plain") == "plain")
    }
}
