import Foundation
import RiskShareKit
import RiskSharePipeline
import RiskShareReports
import Synchronization

/// A one-line progress bar on stderr, shown only when stderr is a terminal.
final class ProgressBar: Sendable {
    private let lastShown = Mutex<Int>(-1)
    private let unit: String

    private init(unit: String) { self.unit = unit }

    /// A bar counting `unit` (blocks of paths, variants), or nil when stderr is not a terminal.
    static func forStandardError(unit: String = "blocks") -> ProgressBar? {
        isatty(STDERR_FILENO) == 1 ? ProgressBar(unit: unit) : nil
    }

    @Sendable func update(_ done: Int, _ total: Int) {
        let percent = total > 0 ? done * 100 / total : 100
        let shouldDraw = lastShown.withLock { last in
            if percent == last { return false }
            last = percent
            return true
        }
        guard shouldDraw else { return }
        let filled = percent * 30 / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(percent)%  (\(done)/\(total) \(unit))".utf8))
    }

    /// Replaces the line with `text` (cut to 100 characters so that it never wraps).
    @Sendable func status(_ text: String) {
        let line = text.count > 100 ? String(text.prefix(99)) + "…" : text
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
