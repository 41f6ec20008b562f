import RiskShareKit
import RiskShareSupport

/// What was run: the scenario's identity and fingerprint (report.json `scenario`).
public struct ScenarioFacts: Sendable, Equatable {
    public var name: String
    /// The scenario file as given on the command line.
    public var file: String
    /// SHA-256 (hex) of the scenario file, its includes and loan tapes, and the overrides.
    public var sha256: String
    public var description: String
    /// Currency code of every amount, e.g. CNY.
    public var currency: String

    public init(name: String, file: String, sha256: String, description: String, currency: String) {
        self.name = name
        self.file = file
        self.sha256 = sha256
        self.description = description
        self.currency = currency
    }
}
