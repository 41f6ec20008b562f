import Foundation
import RiskShareKit
import RiskShareReports

/// The reported scenarios of a folder (recursively), for regenerating `Reports/`: every
/// `.yaml` file except the include fragments in `schemes/`, the design families of `frontiers/`
/// (read by `riskshare optimize --families`) and the timing inputs in `bench/` (which
/// `riskshare bench` reports), in a stable order.
public enum ScenarioCatalog {
    /// Folders whose files are not reported: include fragments (`schemes`), design families
    /// (`frontiers`) and benchmark inputs (`bench`, sized for timing, not for reading).
    public static let fragmentFolders: Set<String> = ["schemes", "frontiers", "bench"]

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
