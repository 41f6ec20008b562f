import Foundation
import RiskShareKit
import RiskShareSupport

/// Checks a JSON document against a JSON Schema (draft 2020-12), supporting the subset that
/// `Scenarios/report.schema.json` uses: `type` (a name or a list), `properties`, `required`,
/// `additionalProperties` (true, false or a schema), `patternProperties`, `items`, `minimum`,
/// `maximum`, `enum` and local `$ref`s such as `#/$defs/stat`. Annotations (`$schema`, `$id`,
/// `title`, `description`, `$comment`, `$defs`) are ignored.
///
/// A keyword outside this subset is refused when the validator is made, rather than silently
/// ignored, so the schema can never promise a check that nothing performs.
public struct SchemaValidator: Sendable {
    /// A place in the document that does not match the schema.
    public struct Violation: Sendable, CustomStringConvertible, Equatable {
        /// JSON pointer of the offending value ("" is the document).
        public var pointer: String
        public var message: String
        public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message)" }
    }

    /// A schema that uses a keyword this validator does not implement, or is malformed.
    public struct SchemaError: Error, CustomStringConvertible {
        public var description: String
    }

    static let checked: Set<String> = [
        "type", "properties", "required", "additionalProperties", "patternProperties",
        "items", "minimum", "maximum", "enum", "$ref",
    ]
    static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$comment", "$defs", "examples", "default"]

    public let schema: JSONValue

    public init(schema: JSONValue) throws {
        self.schema = schema
        try Self.checkKeywords(schema, at: "#")
    }

    /// Reads a schema file.
    public init(file: String) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try self.init(schema: try JSONValue.parse(text))
    }

    private static func checkKeywords(_ schema: JSONValue, at location: String) throws {
        if case .bool = schema { return }
        guard let members = schema.members else { throw SchemaError(description: "\(location): a schema must be an object or a boolean") }
        for (key, value) in members {
            if annotations.contains(key) {
                if key == "$defs" { for (name, sub) in value.members ?? [] { try checkKeywords(sub, at: "\(location)/$defs/\(name)") } }
                continue
            }
            guard checked.contains(key) else {
                throw SchemaError(description: "\(location): keyword \"\(key)\" is not supported by SchemaValidator")
            }
            switch key {
            case "properties", "patternProperties":
                for (name, sub) in value.members ?? [] { try checkKeywords(sub, at: "\(location)/\(key)/\(name)") }
                if key == "patternProperties" {
                    for (pattern, _) in value.members ?? [] where (try? NSRegularExpression(pattern: pattern)) == nil {
                        throw SchemaError(description: "\(location): invalid pattern \(pattern)")
                    }
                }
            case "additionalProperties", "items":
                try checkKeywords(value, at: "\(location)/\(key)")
            default:
                break
            }
        }
    }

    /// Every place where `document` breaks the schema; empty when it validates.
    public func violations(of document: JSONValue) -> [Violation] {
        var found: [Violation] = []
        validate(document, against: schema, at: "", into: &found, depth: 0)
        return found
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        return schema.at(pointer: String(reference.dropFirst()))
    }

    private func validate(_ value: JSONValue, against schema: JSONValue, at pointer: String, into found: inout [Violation], depth: Int) {
        func fail(_ message: String) { found.append(Violation(pointer: pointer, message: message)) }
        if case .bool(let allowed) = schema {
            if !allowed { fail("no value is allowed here") }
            return
        }
        guard depth < 100 else { fail("schema nests too deeply (a $ref cycle?)"); return }
        if let reference = schema["$ref"]?.stringValue {
            guard let target = resolve(reference) else { fail("unresolvable $ref \(reference)"); return }
            validate(value, against: target, at: pointer, into: &found, depth: depth + 1)
        }
        if let type = schema["type"] {
            let names = type.items?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            if !names.contains(where: { Self.matches(value, type: $0) }) {
                fail("expected \(names.joined(separator: " or ")), found \(Self.typeName(value))")
                return
            }
        }
        if let allowed = schema["enum"]?.items, !allowed.contains(value) {
            fail("value is not one of the allowed values")
        }
        if let x = value.doubleValue {
            if let minimum = schema["minimum"]?.doubleValue, x < minimum { fail("\(x) is below the minimum \(minimum)") }
            if let maximum = schema["maximum"]?.doubleValue, x > maximum { fail("\(x) is above the maximum \(maximum)") }
        }
        if let members = value.members {
            let keys = Set(members.map(\.0))
            for name in schema["required"]?.items?.compactMap(\.stringValue) ?? [] where !keys.contains(name) {
                fail("missing required key \"\(name)\"")
            }
            let properties = schema["properties"]?.members ?? []
            let patterns = (schema["patternProperties"]?.members ?? []).compactMap { pattern, sub in
                (try? NSRegularExpression(pattern: pattern)).map { ($0, sub) }
            }
            for (key, member) in members {
                let child = pointer + "/" + JSONValue.pointerToken(key)
                var matched = false
                if let sub = properties.first(where: { $0.0 == key })?.1 {
                    matched = true
                    validate(member, against: sub, at: child, into: &found, depth: depth + 1)
                }
                for (regex, sub) in patterns where regex.firstMatch(in: key, range: NSRange(key.startIndex..., in: key)) != nil {
                    matched = true
                    validate(member, against: sub, at: child, into: &found, depth: depth + 1)
                }
                if !matched, let additional = schema["additionalProperties"] {
                    if case .bool(false) = additional {
                        found.append(Violation(pointer: child, message: "key \"\(key)\" is not allowed here"))
                    } else {
                        validate(member, against: additional, at: child, into: &found, depth: depth + 1)
                    }
                }
            }
        }
        if let items = value.items, let itemSchema = schema["items"] {
            for (i, item) in items.enumerated() {
                validate(item, against: itemSchema, at: pointer + "/\(i)", into: &found, depth: depth + 1)
            }
        }
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): return true
        case ("number", .number), ("number", .integer), ("integer", .integer): return true
        case ("integer", .number(let x)): return x == x.rounded() && x.isFinite
        default: return false
        }
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
