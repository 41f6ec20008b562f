import Foundation
import RiskShareKit
import RiskShareSupport

/// A family of designs for a trade-off frontier: a scenario fragment (typically a
/// `risk_sharing` section) merged over the scenario, and the parameters searched within it.
public struct DesignFamily: Sendable {
    public var name: String
    public var description: String
    /// Merged over the scenario like an included file: maps merge key by key, lists replace.
    public var fragment: ScenarioNode
    public var parameters: [DesignParameter]

    /// At most this many parameters per family (the automatic levels evaluate 2ⁿ corners).
    public static let maximumParameters = 4
}

/// The design families of `riskshare optimize --frontier X,Y --families FILE`, read from a file:
///
/// ```yaml
/// description: text                       # optional
/// families:
///   - name: pari-passu                    # letters, digits, - and _
///     description: text                   # optional
///     fragment:                           # merged over the scenario (maps merge, lists replace)
///       risk_sharing:
///         layers:
///           - {type: portfolio_guarantee, name: pari-passu, payer: government, rate: 0.5}
///     vary:                               # parameter path: [LO, HI], LO < HI
///       risk_sharing.layers[pari-passu].rate: [0.0, 1.0]
/// ```
public struct FrontierDefinition: Sendable {
    public var file: String
    public var description: String
    public var families: [DesignFamily]

    /// Reads and checks the file; whether the paths exist is checked against the scenario
    /// when the frontier is prepared.
    public static func read(file: String) throws -> FrontierDefinition {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ScenarioError(file: file, path: "", line: nil, value: nil, message: "cannot be read (no such file)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: file, path: "", line: nil, value: nil, message: "is not UTF-8 text")
        }
        let root = try NodeReader(node: ScenarioNode.parse(text: text, file: file), file: file, path: "").map()
        let description = try root.optional("description")?.string() ?? ""
        var families: [DesignFamily] = []
        for reader in try root.required("families", "a list of design families").list(maxCount: 64) {
            let map = try reader.map()
            let name = try map.required("name", "the family's name").name()
            if families.contains(where: { $0.name == name }) {
                throw reader.error("repeats the family name \"\(name)\"; names must be unique", showValue: false)
            }
            let familyDescription = try map.optional("description")?.string() ?? ""
            let fragmentReader = try map.required(
                "fragment", "a scenario fragment merged over the scenario, e.g. {risk_sharing: {layers: [...]}}")
            guard fragmentReader.isMap else {
                throw fragmentReader.error("expected a map of scenario keys, found \(fragmentReader.node.kind)")
            }
            let varyReader = try map.required("vary", "a map of parameter path: [LO, HI]")
            let entries = try varyReader.map().allEntries()
            if entries.isEmpty { throw varyReader.error("must name at least one parameter", showValue: false) }
            if entries.count > DesignFamily.maximumParameters {
                throw varyReader.error(
                    "has \(entries.count) parameters; at most \(DesignFamily.maximumParameters) are allowed", showValue: false)
            }
            var parameters: [DesignParameter] = []
            for (key, bounds) in entries {
                let path: ParameterPath
                do { path = try ParameterPath(key) } catch let error as ScenarioError {
                    throw bounds.error("is not a valid parameter path: \(error.message)", showValue: false)
                }
                let pair = try bounds.list(maxCount: 2)
                guard pair.count == 2 else { throw bounds.error("expected [LO, HI], two numbers") }
                let lower = try pair[0].number(), upper = try pair[1].number()
                guard lower < upper else { throw bounds.error("needs LO < HI") }
                parameters.append(try DesignParameter(path: path, lower: lower, upper: upper, source: file))
            }
            try map.finish()
            families.append(DesignFamily(name: name, description: familyDescription, fragment: fragmentReader.node, parameters: parameters))
        }
        if families.isEmpty {
            throw ScenarioError(file: file, path: "families", line: nil, value: nil, message: "must list at least one family")
        }
        try root.finish()
        return FrontierDefinition(file: file, description: description, families: families)
    }
}
