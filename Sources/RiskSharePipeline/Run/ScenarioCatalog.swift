import Foundation
import RiskShareKit
import RiskShareReports

/// The runnable scenarios of a folder (recursively), for regenerating `Reports/`: every
/// `.yaml` file except the include fragments in `schemes/` and the design families of
/// `frontiers/` (read by `riskshare optimize --families`), in a stable order.
public enum ScenarioCatalog {
    /// Folders whose files are fragments or families rather than scenarios.
    public static let fragmentFolders: Set<String> = ["schemes", "frontiers"]

    public static func runnable(in folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
            if let first = relative.split(separator: "/").first, fragmentFolders.contains(String(first)) { continue }
            files.append(folder + "/" + relative)
        }
        return files.sorted()
    }
}
