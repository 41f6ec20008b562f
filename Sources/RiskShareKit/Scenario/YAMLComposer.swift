import CYaml
import RiskShareSupport

/// Turns YAML (and therefore JSON) text into a `ScenarioNode` straight from libyaml's event
/// stream, with every cost bounded while it is spent:
/// - each value, and each value an alias repeats, counts against `budget.values`, so a "billion
///   laughs" document of nested anchors is refused after a bounded number of steps (naming the
///   line of the alias that crossed the limit) instead of expanding for minutes;
/// - an alias used as a map key is refused: keys are plain strings;
/// - nesting deeper than `maximumDepth` is refused before it is descended;
/// - explicit tags are honoured (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq`,
///   `!!map`) or refused (`!!binary`, `!!timestamp`, application tags), never ignored;
/// - a whole number written with digits that a double cannot hold exactly (above 2⁵³) is refused
///   rather than rounded.
struct YAMLComposer {
    static let maximumDepth = 64

    let file: String
    var budget: LoadBudget
    private var anchors: [String: (node: ScenarioNode, values: Int)] = [:]
    /// Keys and indices from the root to the value being read; rendered only for messages.
    private var location: [PathStep] = []
    private enum PathStep { case key(String), index(Int) }
    private var parser: UnsafeMutablePointer<yaml_parser_t>
    private let bytes: UnsafeBufferPointer<UInt8>

    /// Parses `bytes` (UTF-8, without a byte-order mark) as one document. `budget` is charged
    /// for every value and returned with the remainder, so includes share one budget.
    static func compose(_ bytes: [UInt8], file: String, budget: inout LoadBudget) throws -> ScenarioNode {
        try bytes.withUnsafeBufferPointer { buffer in
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            guard yaml_parser_initialize(parser) == 1 else {
                parser.deallocate()
                throw ScenarioError(file: file, path: "", line: nil, value: nil, message: "cannot be parsed: out of memory")
            }
            defer {
                yaml_parser_delete(parser)
                parser.deallocate()
            }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
            var composer = YAMLComposer(file: file, budget: budget, parser: parser, bytes: buffer)
            let node = try composer.document()
            budget = composer.budget
            return node
        }
    }

    private init(file: String, budget: LoadBudget, parser: UnsafeMutablePointer<yaml_parser_t>, bytes: UnsafeBufferPointer<UInt8>) {
        self.file = file
        self.budget = budget
        self.parser = parser
        self.bytes = bytes
    }

    // MARK: Events

    /// One libyaml event, copied out so that the C event can be released at once.
    private enum Event {
        case streamStart, streamEnd, documentStart, documentEnd
        case scalar(text: String, anchor: String?, tag: String?, plain: Bool, line: Int)
        case sequenceStart(anchor: String?, tag: String?, line: Int)
        case sequenceEnd
        case mappingStart(anchor: String?, tag: String?, line: Int)
        case mappingEnd
        case alias(anchor: String, line: Int)
    }

    private mutating func next() throws -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw syntaxError() }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1
        func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            // The value may contain NUL characters, so it is read by length, not as a C string.
            let value = String(decoding: UnsafeBufferPointer(start: s.value, count: Int(s.length)), as: UTF8.self)
            return .scalar(text: value, anchor: text(s.anchor), tag: text(s.tag), plain: s.style == YAML_PLAIN_SCALAR_STYLE, line: line)
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(anchor: text(event.data.sequence_start.anchor), tag: text(event.data.sequence_start.tag), line: line)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(anchor: text(event.data.mapping_start.anchor), tag: text(event.data.mapping_start.tag), line: line)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        case YAML_ALIAS_EVENT: return .alias(anchor: text(event.data.alias.anchor) ?? "", line: line)
        default:
            throw ScenarioError(file: file, path: "", line: line, value: nil, message: "is not valid YAML or JSON: unexpected event")
        }
    }

    /// libyaml's complaint as one line with the line number.
    private func syntaxError() -> ScenarioError {
        let p = parser.pointee
        func oneLine(_ c: UnsafePointer<CChar>?) -> String? {
            c.map { String(cString: $0).split(whereSeparator: \.isNewline).joined(separator: " ") }
        }
        let problem = oneLine(p.problem) ?? "unknown problem"
        if p.error == YAML_READER_ERROR {
            let offset = min(Int(p.problem_offset), bytes.count)
            let line = 1 + bytes[0..<offset].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            return ScenarioError(file: file, path: "", line: line, value: nil, message: "cannot be read as text: \(problem)")
        }
        if p.error == YAML_MEMORY_ERROR {
            return ScenarioError(file: file, path: "", line: nil, value: nil, message: "cannot be parsed: out of memory")
        }
        let what = [oneLine(p.context), problem].compactMap { $0 }.joined(separator: ": ")
        return ScenarioError(
            file: file, path: "", line: Int(p.problem_mark.line) + 1, value: nil, message: "is not valid YAML or JSON: \(what)")
    }

    // MARK: Composition

    private mutating func document() throws -> ScenarioNode {
        guard case .streamStart = try next() else { throw refusal(line: nil, "is not valid YAML or JSON: no stream") }
        let start = try next()
        if case .streamEnd = start { throw refusal(line: nil, "is empty") }
        let root = try node(from: try next(), depth: 0)
        guard case .documentEnd = try next() else { throw refusal(line: nil, "is not valid YAML or JSON: the document does not end") }
        switch try next() {
        case .streamEnd: return root
        default:
            throw refusal(
                line: root.line, "holds more than one YAML document (a second one starts after `---`); a scenario is one document")
        }
    }

    private func refusal(line: Int?, _ message: String) -> ScenarioError {
        ScenarioError(file: file, path: path, line: line, value: nil, message: message)
    }

    /// The key path of the value being read, e.g. `portfolio.segments[2].lgd`.
    private var path: String {
        var text = ""
        for step in location {
            switch step {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }

    /// Charges `count` values to the budget.
    private mutating func charge(_ count: Int, line: Int, alias: String? = nil) throws {
        budget.values -= count
        if budget.values < 0 {
            let cause = alias.map { " (the alias *\($0) repeats \(count) values)" } ?? ""
            throw refusal(
                line: line,
                "makes the scenario hold more than \(budget.maximumValues) values\(cause); scenario documents, with their includes and YAML aliases expanded, hold at most \(budget.maximumValues)"
            )
        }
    }

    private mutating func node(from event: Event, depth: Int) throws -> ScenarioNode {
        switch event {
        case let .scalar(text, anchor, tag, plain, line):
            try charge(1, line: line)
            let node = ScenarioNode(try Self.scalarValue(text, tag: tag, plain: plain, file: file, path: { path }, line: line), line: line)
            if let anchor { anchors[anchor] = (node, 1) }
            return node
        case let .alias(anchor, line):
            guard let target = anchors[anchor] else {
                throw refusal(line: line, "is not valid YAML or JSON: the alias *\(anchor) has no anchor &\(anchor) before it")
            }
            try charge(target.values, line: line, alias: anchor)
            var node = target.node
            node.line = line
            return node
        case let .sequenceStart(anchor, tag, line):
            try checkDepth(depth, line: line)
            try checkCollectionTag(tag, expected: "seq", line: line)
            try charge(1, line: line)
            let before = budget.values
            var items: [ScenarioNode] = []
            while true {
                let event = try next()
                if case .sequenceEnd = event { break }
                location.append(.index(items.count))
                items.append(try node(from: event, depth: depth + 1))
                location.removeLast()
            }
            let node = ScenarioNode(.list(items), line: line)
            if let anchor { anchors[anchor] = (node, 1 + before - budget.values) }
            return node
        case let .mappingStart(anchor, tag, line):
            try checkDepth(depth, line: line)
            try checkCollectionTag(tag, expected: "map", line: line)
            try charge(1, line: line)
            let before = budget.values
            var entries: [ScenarioNode.Entry] = []
            var seen = Set<String>()
            while true {
                let keyEvent = try next()
                if case .mappingEnd = keyEvent { break }
                let key: String
                let keyLine: Int
                switch keyEvent {
                case let .scalar(text, _, tag, _, line):
                    guard tag == nil || tag == "!" || tag == Self.standardTagPrefix + "str" else {
                        throw refusal(line: line, "has a key tagged \(Self.shortTag(tag!)); keys are plain strings")
                    }
                    try charge(1, line: line)
                    key = text
                    keyLine = line
                case let .alias(anchor, line):
                    throw refusal(line: line, "uses the YAML alias *\(anchor) as a map key; keys are plain strings")
                case let .sequenceStart(_, _, line), let .mappingStart(_, _, line):
                    throw refusal(line: line, "has a key that is not a plain string")
                default:
                    throw refusal(line: nil, "is not valid YAML or JSON: unexpected event in a map")
                }
                location.append(.key(key))
                if !seen.insert(key).inserted {
                    throw refusal(line: keyLine, "appears twice; each key may appear once")
                }
                entries.append(ScenarioNode.Entry(key: key, node: try node(from: try next(), depth: depth + 1)))
                location.removeLast()
            }
            let node = ScenarioNode(.map(entries), line: line)
            if let anchor { anchors[anchor] = (node, 1 + before - budget.values) }
            return node
        default:
            throw refusal(line: nil, "is not valid YAML or JSON: unexpected event")
        }
    }

    private func checkDepth(_ depth: Int, line: Int) throws {
        if depth >= Self.maximumDepth {
            throw refusal(line: line, "nests deeper than \(Self.maximumDepth) levels")
        }
    }

    private func checkCollectionTag(_ tag: String?, expected: String, line: Int) throws {
        guard let tag, tag != "!", tag != Self.standardTagPrefix + expected else { return }
        throw refusal(
            line: line,
            "has the YAML tag \(Self.shortTag(tag)), which scenario files do not support here (a \(expected == "seq" ? "list" : "map") takes no tag or \(Self.shortTag(Self.standardTagPrefix + expected)))"
        )
    }

    // MARK: Scalars

    static let standardTagPrefix = "tag:yaml.org,2002:"
    /// Tags a scalar may carry; each is applied as written.
    static let scalarTags = ["str", "int", "float", "bool", "null"]

    /// `tag:yaml.org,2002:binary` as the user wrote it: `!!binary`.
    static func shortTag(_ tag: String) -> String {
        tag.hasPrefix(standardTagPrefix) ? "!!" + tag.dropFirst(standardTagPrefix.count) : tag
    }

    /// The value of a scalar: untagged plain scalars are resolved (null, booleans, numbers, else
    /// text), quoted ones are text, and a tag decides the type when there is one.
    static func scalarValue(_ text: String, tag: String?, plain: Bool, file: String, path: () -> String, line: Int?) throws
        -> ScenarioNode.Value
    {
        func refuse(_ message: String) -> ScenarioError {
            ScenarioError(
                file: file, path: path(), line: line, value: "\"\(text.count > 60 ? text.prefix(57) + "..." : text)\"", message: message)
        }
        guard let tag, tag != "!" else {
            // `!` is YAML's non-specific tag: the scalar is text even when plain.
            if tag == "!" || !plain { return .string(text) }
            return try resolvePlain(text, refuse: refuse)
        }
        guard tag.hasPrefix(standardTagPrefix), scalarTags.contains(String(tag.dropFirst(standardTagPrefix.count))) else {
            throw refuse(
                "has the YAML tag \(shortTag(tag)), which scenario files do not support (allowed tags: \(scalarTags.map { "!!" + $0 }.joined(separator: ", ")))"
            )
        }
        let resolved = try resolvePlain(text, refuse: refuse)
        switch tag.dropFirst(standardTagPrefix.count) {
        case "str":
            return .string(text)
        case "null":
            guard case .null = resolved else { throw refuse("is tagged !!null but is not null (~, null or empty)") }
            return .null
        case "bool":
            guard case .bool = resolved else { throw refuse("is tagged !!bool but is not true or false") }
            return resolved
        case "int":
            guard case .number(let x) = resolved, x.isFinite, x == x.rounded() else {
                throw refuse("is tagged !!int but is not a whole number")
            }
            return resolved
        default:  // float
            guard case .number = resolved else { throw refuse("is tagged !!float but is not a number") }
            return resolved
        }
    }

    private static func resolvePlain(_ text: String, refuse: (String) -> ScenarioError) throws -> ScenarioNode.Value {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        guard let number = ScenarioNode.parseNumber(text) else { return .string(text) }
        if !WholeNumber.isExact(literal: text, value: number) {
            throw refuse(
                "is a whole number that cannot be represented exactly (whole numbers are exact up to 2^53 = 9007199254740992); it would be rounded to \(NumberFormat.plain(number))"
            )
        }
        return .number(number)
    }
}

/// Exactness of whole numbers written with digits: a double holds every whole number up to 2⁵³
/// and only some beyond.
enum WholeNumber {
    /// Whether `literal` (optional sign, digits, `_` separators; anything else is not a whole-number
    /// literal and is accepted) equals `value` exactly.
    static func isExact(literal: String, value: Double) -> Bool {
        var digits = Substring(literal.replacingOccurrences(of: "_", with: ""))
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return true }
        let significant = digits.drop { $0 == "0" }
        if significant.count <= 15 { return true }
        guard value.isFinite else { return false }
        return decimalDigits(of: value.magnitude) == String(significant.isEmpty ? "0" : significant)
    }

    /// The exact decimal digits of a non-negative whole double (significand × 2^exponent).
    static func decimalDigits(of x: Double) -> String {
        precondition(x >= 0 && x == x.rounded())
        if x < 9_007_199_254_740_992 { return String(UInt64(x)) }
        // Little-endian base-10⁹ limbs of the significand, doubled `exponent` times.
        var limbs: [UInt64] = [x.significandBitPattern | (1 << 52)]
        limbs = [limbs[0] % 1_000_000_000, limbs[0] / 1_000_000_000 % 1_000_000_000, limbs[0] / 1_000_000_000_000_000_000]
        for _ in 0..<(Int(x.exponent) - 52) {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let v = limbs[i] * 2 + carry
                limbs[i] = v % 1_000_000_000
                carry = v / 1_000_000_000
            }
            if carry > 0 { limbs.append(carry) }
        }
        while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
        var text = String(limbs.last!)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }
}
