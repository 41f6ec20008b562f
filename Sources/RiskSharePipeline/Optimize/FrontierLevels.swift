import RiskShareKit
import RiskShareSupport

/// The levels xₖ of the constraint X ≤ xₖ at which a frontier is traced (`--levels`).
public enum FrontierLevels: Sendable, Equatable {
    /// `--levels N`: N levels evenly spaced from the smallest to the largest X found at the
    /// corners of every family's box (2 ≤ N ≤ 100).
    case count(Int)
    /// `--levels v1,v2,...` or `--levels start:stop:step`: these levels.
    case values([Double])

    /// Eight automatic levels.
    public static let standard = FrontierLevels.count(8)

    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let n = Int(trimmed) {
            guard (2...100).contains(n) else {
                throw ScenarioError(file: "--levels", path: "", line: nil, value: text, message: "a count of levels must be 2 to 100")
            }
            self = .count(n)
            return
        }
        let axis: SweepAxis
        do {
            axis = try SweepAxis.parse("levels=" + trimmed, source: "--levels")
        } catch var error as ScenarioError {
            error.path = ""
            throw error
        }
        var levels: [Double] = []
        for (node, label) in zip(axis.values, axis.labels) {
            guard case .number(let x) = node.value, x.isFinite else {
                throw ScenarioError(
                    file: "--levels", path: "", line: nil, value: label,
                    message: "levels must be finite numbers (N, v1,v2,... or start:stop:step)")
            }
            levels.append(x)
        }
        if levels.count > 100 {
            throw ScenarioError(
                file: "--levels", path: "", line: nil, value: text, message: "has \(levels.count) levels; at most 100 are allowed")
        }
        self = .values(Array(Set(levels)).sorted())
    }

    /// The levels, given the range of X over the corners for `.count`.
    func levels(cornerRange: ClosedRange<Double>?) -> [Double] {
        switch self {
        case .values(let v): return v
        case .count(let n):
            guard let range = cornerRange else { return [] }
            return (0..<n).map { k in
                k == n - 1 ? range.upperBound : range.lowerBound + (range.upperBound - range.lowerBound) * Double(k) / Double(n - 1)
            }
        }
    }
}
