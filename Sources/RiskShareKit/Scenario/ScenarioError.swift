/// A problem with a scenario, a loan tape or a command-line value. It names where the problem is
/// (file, key path or CSV line), the offending value and what is allowed. The command line
/// prints it and exits with status 2.
public struct ScenarioError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file the value came from (as given by the user), or `--set` for overrides.
    public var file: String
    /// The key path, e.g. `risk_sharing.layers[0].shares.bank`; empty for the whole file.
    public var path: String
    /// 1-based line in `file`, when known.
    public var line: Int?
    /// The offending value as written, when there is one.
    public var value: String?
    /// What is wrong and what is allowed.
    public var message: String

    public init(file: String, path: String, line: Int?, value: String?, message: String) {
        self.file = file
        self.path = path
        self.line = line
        self.value = value
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        var text = location + ": "
        if !path.isEmpty { text += path }
        if let value { text += path.isEmpty ? "value \(value)" : " = \(value)" }
        if !path.isEmpty || value != nil { text += ": " }
        return Self.oneLine(text + message)
    }

    /// The message is printed as one line: a key, value or CSV field may hold a line break
    /// (`"a\nb"` in YAML, a quoted field in a tape) or another control character, which is
    /// written as an escape instead.
    public static func oneLine(_ text: String) -> String {
        // C0 controls, DEL, and the Unicode line breaks NEL, LINE and PARAGRAPH SEPARATOR.
        func isControl(_ s: Unicode.Scalar) -> Bool { s.value < 0x20 || s.value == 0x7F || [0x85, 0x2028, 0x2029].contains(s.value) }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if isControl(scalar) { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
