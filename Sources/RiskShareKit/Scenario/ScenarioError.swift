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
        return text + message
    }
}
