import Foundation
import RiskShareKit
import RiskShareSupport

/// `riskshare optimize --out-scenario FILE`: the searched scenario with the optimum applied, as
/// a file `riskshare run` simulates to the same report numbers.
///
/// The document is the one the search simulated: includes resolved, `--set`, `--paths` and
/// `--seed` applied, the `sweep:` section left out, each searched path set to its optimal value.
/// Two edits keep it usable from anywhere: `name` gets the suffix `-optimum` (so its report does
/// not overwrite the original's in `Reports/`), and a relative `loans_file` is rewritten as an
/// absolute path (tapes are found relative to the scenario file, which has moved). A `.json`
/// file is written as JSON, `.yaml` or `.yml` as YAML.
public enum WinningScenario {
    public enum Format: Sendable { case yaml, json }

    /// The format for `file`, refusing other extensions (checked before any search starts).
    public static func format(of file: String) throws -> Format {
        switch (file as NSString).pathExtension.lowercased() {
        case "json": return .json
        case "yaml", "yml": return .yaml
        default:
            throw ScenarioError(
                file: "--out-scenario", path: "", line: nil, value: file,
                message: "must end in .yaml, .yml or .json (the format written)")
        }
    }

    /// The text of the winning scenario.
    /// - Parameters:
    ///   - document: the searched document (from the search's setup).
    ///   - sourceFile: the scenario file it was read from (for names and tape paths).
    ///   - parameters: the searched parameters.
    ///   - values: the winning value of each parameter, in the order of `parameters`.
    ///   - format: YAML or JSON.
    ///   - command: the command line, quoted in the header comment (YAML only).
    /// - Returns: the scenario text with the winning values set.
    /// - Throws: `ScenarioError` when a value cannot be set at its path.
    public static func text(
        document: ScenarioNode, sourceFile: String, parameters: [DesignParameter], values: [Double],
        format: Format, command: String
    ) throws -> String {
        var node = document
        for (p, x) in zip(parameters, values) { node = try p.path.setting(ScenarioNode(.number(x)), in: node) }
        let name: String
        if case .string(let given)? = node["name"]?.value {
            name = given
        } else {
            name = ((sourceFile as NSString).lastPathComponent as NSString).deletingPathExtension
        }
        node = try ParameterPath("name").setting(ScenarioNode(.string(name + "-optimum")), in: node)
        node = absoluteTapes(node, base: (sourceFile as NSString).deletingLastPathComponent)
        switch format {
        case .json:
            return DocumentJSON.json(node).rendered()
        case .yaml:
            var header = [
                "Written by: \(command)",
                "The scenario \(sourceFile) with the optimum found:",
            ]
            header += zip(parameters, values).map { "  \($0.path) = \(NumberFormat.plain($1))" }
            return DocumentYAML.text(node, header: header)
        }
    }

    /// `portfolio.segments[i].loans_file` made absolute when relative.
    static func absoluteTapes(_ document: ScenarioNode, base: String) -> ScenarioNode {
        guard case .list(var segments)? = document["portfolio"]?["segments"]?.value else { return document }
        var changed = false
        for i in segments.indices {
            guard case .map(var entries) = segments[i].value,
                let k = entries.firstIndex(where: { $0.key == "loans_file" }),
                case .string(let path) = entries[k].node.value, !path.hasPrefix("/")
            else { continue }
            let absolute = ((base.isEmpty ? FileManager.default.currentDirectoryPath : base) as NSString).appendingPathComponent(path)
            let resolved = URL(fileURLWithPath: absolute).standardizedFileURL.path
            entries[k].node = ScenarioNode(.string(resolved), line: entries[k].node.line)
            segments[i].value = .map(entries)
            changed = true
        }
        guard changed, case .map(var top) = document.value, let p = top.firstIndex(where: { $0.key == "portfolio" }),
            case .map(var portfolio) = top[p].node.value, let s = portfolio.firstIndex(where: { $0.key == "segments" })
        else {
            return document
        }
        portfolio[s].node.value = .list(segments)
        top[p].node.value = .map(portfolio)
        var result = document
        result.value = .map(top)
        return result
    }
}
