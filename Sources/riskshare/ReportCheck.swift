import Foundation
import RiskShareKit
import RiskSharePipeline
import RiskShareReports
import RiskShareSupport

/// `riskshare run SCENARIO --check REPORT.json`: re-runs the scenario and compares every value of
/// the new report with the published one, so a reviewer can verify a figure.
enum ReportCheck {
    /// Values that legitimately differ between two runs of the same scenario and seed.
    static let ignored: Set<String> = ["run.threads", "run.elapsed_seconds"]

    /// The published report.json.
    static func read(_ file: String) throws -> JSONValue {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ScenarioError(file: file, path: "", line: nil, value: nil, message: "cannot be read (the report to check against)")
        }
        do { return try JSONValue.parse(text) } catch {
            throw ScenarioError(file: file, path: "", line: nil, value: nil, message: "is not valid JSON: \(error)")
        }
    }

    /// The overrides to re-run with: the report's `run.overrides`. `--set` given together with
    /// `--check` must repeat them exactly (or be absent); a report without `run.overrides`
    /// (schema 1) is re-run with the `--set` given.
    static func overrides(of file: String, given: [String]) throws -> [String] {
        guard let recorded = try read(file)["run"]?["overrides"] else { return given }
        guard case .array(let items) = recorded, let overrides = Optional(items.compactMap(\.stringValue)), overrides.count == items.count
        else {
            throw ScenarioError(file: file, path: "run.overrides", line: nil, value: nil, message: "must be a list of PATH=VALUE strings")
        }
        if !given.isEmpty && given != overrides {
            let shown = overrides.isEmpty ? "none" : overrides.map { "--set \($0)" }.joined(separator: " ")
            throw ScenarioError(
                file: "--set", path: "", line: nil, value: nil,
                message: "differs from the overrides recorded in \(file) (\(shown)); --check re-applies those, so omit --set")
        }
        return overrides
    }

    static func run(outcome: RunOutcome, against file: String) throws {
        let published = try read(file)
        var differences: [String] = []
        var compared = 0
        compare(published, outcome.report.json, path: "", differences: &differences, compared: &compared)
        if differences.isEmpty {
            print("check passed: all \(compared) values of \(file) are reproduced exactly.")
            return
        }
        print("check FAILED: \(differences.count) of \(compared) values differ from \(file):")
        for line in differences.prefix(30) { print("  " + line) }
        if differences.count > 30 { print("  ... and \(differences.count - 30) more") }
        Foundation.exit(1)
    }

    static func compare(_ a: JSONValue, _ b: JSONValue, path: String, differences: inout [String], compared: inout Int) {
        if ignored.contains(path) { return }
        switch (a, b) {
        case let (.object(x), .object(y)):
            let keysA = x.map(\.0), keysB = y.map(\.0)
            for key in keysA where !keysB.contains(key) { differences.append("\(join(path, key)): missing from the new run") }
            for key in keysB where !keysA.contains(key) { differences.append("\(join(path, key)): not in the published report") }
            for (key, value) in x {
                if let other = y.first(where: { $0.0 == key })?.1 {
                    compare(value, other, path: join(path, key), differences: &differences, compared: &compared)
                }
            }
        case let (.array(x), .array(y)):
            if x.count != y.count { differences.append("\(path): \(x.count) items published, \(y.count) now"); return }
            for i in x.indices { compare(x[i], y[i], path: "\(path)[\(i)]", differences: &differences, compared: &compared) }
        default:
            compared += 1
            let same: Bool
            if let p = a.doubleValue, let q = b.doubleValue { same = p == q } else { same = a == b }
            if !same {
                differences.append(
                    "\(path): published \(a.rendered().trimmingCharacters(in: .whitespacesAndNewlines)), now \(b.rendered().trimmingCharacters(in: .whitespacesAndNewlines))"
                )
            }
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
