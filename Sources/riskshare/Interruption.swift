import Dispatch
import Foundation
import RiskShareKit
import RiskSharePipeline
import RiskShareReports
import Synchronization

/// Turns SIGINT and SIGTERM into a flag the simulation polls between blocks, so a run stops
/// promptly, removes its temporary files and leaves earlier reports untouched.
/// `@unchecked Sendable`: the signal sources are created in `init` and never changed; they are
/// kept only so that their handlers stay alive. The flag itself is atomic.
final class Interruption: @unchecked Sendable {
    private let received = Atomic<Int32>(0)
    private var sources: [DispatchSourceSignal] = []

    /// Installs the handlers; call once, before the long work starts.
    static func install() -> Interruption { Interruption() }

    private init() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [unowned self] in self.received.store(signalNumber, ordering: .relaxed) }
            source.resume()
            sources.append(source)
        }
    }

    /// Whether a stop signal has arrived.
    @Sendable func isSet() -> Bool { received.load(ordering: .relaxed) != 0 }

    /// Prints one line and exits with 128 + the signal number, as shells expect.
    func exitInterrupted() -> Never {
        let number = received.load(ordering: .relaxed)
        let name = number == SIGTERM ? "SIGTERM" : "SIGINT"
        FileHandle.standardError.write(Data("\rriskshare: interrupted by \(name); no report written, earlier reports left as they were\n".utf8))
        Foundation.exit(128 + (number == 0 ? SIGINT : number))
    }
}
