import Foundation
import RiskShareKit
import RiskShareReports

/// The reported scenarios of a folder (recursively), for regenerating `Reports/`: every
/// `.yaml` file except the include fragments in `schemes/`, the timing inputs in `bench/` (which
/// `riskshare bench` reports) and the design families in `frontiers/` (read by
/// `riskshare optimize --families`), in a stable order.
public enum ScenarioCatalog {
    /// Folders whose files are not reported: include fragments (`schemes`), benchmark inputs
    /// (`bench`, sized for timing, not for reading) and design families (`frontiers`, not
    /// scenarios).
    public static let fragmentFolders: Set<String> = ["schemes", "bench", "frontiers"]

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
