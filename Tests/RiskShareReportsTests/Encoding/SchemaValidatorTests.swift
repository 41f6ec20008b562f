import Foundation
@testable import RiskShareKit
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport
import Testing

/// Every report validates against Scenarios/report.schema.json, and the validator catches
/// what the schema forbids.
@Suite struct SchemaValidatorTests {
    static let validator: SchemaValidator = try! SchemaValidator(file: ReportFixtures.schemaFile)

    static let reports: [Report] = [HandBuiltReports.scheme(), HandBuiltReports.scheme(levels: [0.95, 0.999]),
                                    HandBuiltReports.importanceSampling(), HandBuiltReports.semiAnalytic(), ReportFixtures.golden.report]

    @Test("the encoded report model validates, hand-built with every section and simulated", arguments: reports.indices)
    func reportsValidate(_ index: Int) throws {
        // Validate the written text, as a consumer of report.json would see it.
        let document = try JSONValue.parse(Self.reports[index].json.rendered())
        let violations = Self.validator.violations(of: document)
        #expect(violations.isEmpty, "\(violations.prefix(5).map(\.description))")
    }

    @Test("every key the model encodes is documented in the schema", arguments: reports.indices)
    func everyKeyDocumented(_ index: Int) throws {
        let schema = try JSONValue.parse(String(contentsOfFile: ReportFixtures.schemaFile, encoding: .utf8))
        var undocumented: [String] = []
        Self.documented(try JSONValue.parse(Self.reports[index].json.rendered()), schema: schema, root: schema, path: "", into: &undocumented)
        #expect(undocumented.isEmpty, "keys not in Scenarios/report.schema.json: \(undocumented.prefix(10))")
    }

    /// Collects keys of `value` that its schema does not name, where the schema lists
    /// `properties` without a pattern or an `additionalProperties` schema for other keys.
    static func documented(_ value: JSONValue, schema: JSONValue, root: JSONValue, path: String, into undocumented: inout [String]) {
        var schema = schema
        if case .string(let ref)? = schema["$ref"], ref.hasPrefix("#/$defs/"), let target = root["$defs"]?[String(ref.dropFirst(8))] {
            schema = target
        }
        switch value {
        case .object(let members):
            let properties = schema["properties"]?.members ?? []
            let patterns = (schema["patternProperties"]?.members ?? []).compactMap { pattern, sub in
                (try? NSRegularExpression(pattern: pattern)).map { ($0, sub) }
            }
            let additional = schema["additionalProperties"]
            for (key, member) in members {
                if let sub = properties.first(where: { $0.0 == key })?.1 {
                    documented(member, schema: sub, root: root, path: path + "/" + key, into: &undocumented)
                } else if let (_, sub) = patterns.first(where: { $0.0.firstMatch(in: key, range: NSRange(key.startIndex..., in: key)) != nil }) {
                    documented(member, schema: sub, root: root, path: path + "/" + key, into: &undocumented)
                } else if let additional, additional.members != nil {
                    documented(member, schema: additional, root: root, path: path + "/" + key, into: &undocumented)
                } else if additional != .bool(true), !properties.isEmpty || !patterns.isEmpty {
                    undocumented.append(path + "/" + key)
                }
            }
        case .array(let items):
            if let sub = schema["items"] {
                for (i, item) in items.enumerated() { documented(item, schema: sub, root: root, path: path + "/\(i)", into: &undocumented) }
            }
        default:
            break
        }
    }

    @Test("a report with the optional sections absent, or with an extra key, still validates")
    func openForAdditions() throws {
        guard case .object(var members) = ReportFixtures.golden.report.json else { return }
        members.removeAll { ["pools", "caps", "tolerance", "fiscal", "defaults"].contains($0.0) }
        members.append(("something_new", .object([("x", .integer(1))])))
        #expect(Self.validator.violations(of: .object(members)).isEmpty)
    }

    @Test("missing keys, wrong types, bad map keys and out-of-range probabilities are reported")
    func catchesViolations() throws {
        var report = try JSONValue.parse(HandBuiltReports.scheme().json.rendered())
        report = Self.replacing(report, at: ["gross_loss", "mean"], with: .string("a lot"))
        report = Self.replacing(report, at: ["gross_loss", "quantiles"], with: .object([("ninety-nine", .number(1))]))
        report = Self.replacing(report, at: ["pools", "pool", "p_exhausted"], with: .object([("p", .number(1.5)), ("stderr", .number(0))]))
        report = Self.replacing(report, at: ["run"], with: .object([("paths", .integer(10))]))
        let messages = Self.validator.violations(of: report).map(\.description)
        #expect(messages.contains("/gross_loss/mean: expected number or null, found string"))
        #expect(messages.contains("/gross_loss/quantiles/ninety-nine: key \"ninety-nine\" is not allowed here"))
        #expect(messages.contains("/pools/pool/p_exhausted/p: 1.5 is above the maximum 1.0"))
        #expect(messages.contains("/run: missing required key \"seed\""))
    }

    @Test("the validator supports exactly its subset and refuses other keywords")
    func subset() throws {
        let schema = try JSONValue.parse("""
        {"type": "object", "required": ["a"], "properties": {"a": {"type": "array", "items": {"type": "integer"}}},
         "patternProperties": {"^x": {"type": "string"}}, "additionalProperties": false}
        """)
        let validator = try SchemaValidator(schema: schema)
        #expect(validator.violations(of: try JSONValue.parse(#"{"a": [1, 2], "xy": "s"}"#)).isEmpty)
        #expect(validator.violations(of: try JSONValue.parse(#"{"a": [1, 2.5]}"#)).map(\.description) == ["/a/1: expected integer, found number"])
        #expect(validator.violations(of: try JSONValue.parse(#"{"a": [], "b": 1}"#)).map(\.description) == ["/b: key \"b\" is not allowed here"])
        #expect(validator.violations(of: try JSONValue.parse(#"{"xy": 1}"#)).count == 2)
        #expect(throws: SchemaValidator.SchemaError.self) {
            try SchemaValidator(schema: try JSONValue.parse(#"{"type": "string", "maxLength": 3}"#))
        }
    }

    /// `value` with the member at `path` replaced (created when missing).
    static func replacing(_ value: JSONValue, at path: [String], with new: JSONValue) -> JSONValue {
        guard let key = path.first else { return new }
        guard case .object(var members) = value else { return value }
        if let i = members.firstIndex(where: { $0.0 == key }) {
            members[i].1 = replacing(members[i].1, at: Array(path.dropFirst()), with: new)
        } else {
            members.append((key, replacing(.object([]), at: Array(path.dropFirst()), with: new)))
        }
        return .object(members)
    }
}
