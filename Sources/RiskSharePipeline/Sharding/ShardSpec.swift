import RiskShareKit
import RiskShareReports

/// "The K-th of N shares of a job", written `K/N` on the command line (`--shard 2/8`).
///
/// Shards are contiguous slices: shard K of N gets items ⌊(K-1)·T/N⌋ ..< ⌊K·T/N⌋ of T, so the
/// N shards are disjoint, cover everything, and concatenated in K order give the original order.
public struct ShardSpec: Sendable, Equatable, CustomStringConvertible {
    /// 1-based shard number.
    public var index: Int
    /// Number of shards.
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` with 1 ≤ K ≤ N.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let n = Int(parts[1].trimmingCharacters(in: .whitespaces))
        else {
            throw ScenarioError(file: "--shard", path: "", line: nil, value: text, message: "must have the form K/N, e.g. 2/8")
        }
        guard n >= 1, n <= 1_000_000, k >= 1, k <= n else {
            throw ScenarioError(
                file: "--shard", path: "", line: nil, value: text,
                message: "needs 1 <= K <= N with N at most 1000000")
        }
        self.init(index: k, count: n)
    }

    /// The slice of `total` items that belongs to this shard.
    public func slice(of total: Int) -> Range<Int> {
        let lower = Int((Int64(index - 1) * Int64(total)) / Int64(count))
        let upper = Int((Int64(index) * Int64(total)) / Int64(count))
        return lower..<upper
    }

    public var description: String { "\(index)/\(count)" }
}
