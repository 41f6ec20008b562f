import Dispatch
import Foundation
import RiskShareKit
import RiskSharePipeline
import RiskShareReports
import Synchronization

/// Stops any command cleanly on SIGINT, SIGTERM or SIGHUP: one line on standard error, exit
/// status 128 + the signal number (130, 143, 129, as shells expect), no file written, earlier
/// files left as they were.
///
/// While the command computes (reading a scenario or a loan tape, simulating, merging, solving),
/// a signal ends the process at once: nothing has been written, so there is nothing to undo.
/// While it writes (inside `writing`), a signal only sets the flag its writer polls: the writer
/// sees it before renaming its files into place, removes its temporary files, and the command
/// then exits the same way. A signal that arrives after the files are in place is reported as
/// such.
/// `@unchecked Sendable`: the signal sources are created in `init` and never changed; they are
/// kept only so that their handlers stay alive. The state is behind a mutex.
final class Interruption: @unchecked Sendable {
    private enum Phase { case computing, writing }
    private let state = Mutex<(phase: Phase, signal: Int32)>((.computing, 0))
    private var sources: [DispatchSourceSignal] = []

    /// Installs the handlers; call first thing in a command, before any long work, and keep the
    /// result alive to the end (`withExtendedLifetime`): the handlers live as long as it does.
    static func install() -> Interruption { Interruption() }

    private init() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [unowned self] in self.received(signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    private func received(_ signalNumber: Int32) {
        state.withLock { state in
            if state.signal == 0 { state.signal = signalNumber }
            // Exiting with the lock held: the command cannot start writing meanwhile.
            if state.phase == .computing { Self.terminate(state.signal, filesWritten: false) }
        }
    }

    /// Whether a stop signal has arrived.
    @Sendable func isSet() -> Bool { state.withLock { $0.signal != 0 } }

    /// Runs `body`, which writes files and polls the flag it is given before committing them,
    /// with signals deferred. `body` returns false when it stopped without writing anything;
    /// the command then exits as interrupted.
    func writing(_ body: (@escaping @Sendable () -> Bool) throws -> Bool) throws {
        state.withLock { state in
            if state.signal != 0 { Self.terminate(state.signal, filesWritten: false) }
            state.phase = .writing
        }
        let completed: Bool
        do {
            completed = try body(isSet)
        } catch {
            state.withLock { $0.phase = .computing }
            throw error
        }
        state.withLock { state in
            state.phase = .computing
            if state.signal != 0 { Self.terminate(state.signal, filesWritten: completed) }
        }
        if !completed { exitInterrupted() }
    }

    /// Prints one line and exits with 128 + the signal number.
    func exitInterrupted() -> Never {
        let number = state.withLock { $0.signal }
        Self.terminate(number == 0 ? SIGINT : number, filesWritten: false)
    }

    private static func terminate(_ number: Int32, filesWritten: Bool) -> Never {
        let name = [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGHUP"][number] ?? "signal \(number)"
        let outcome = filesWritten ? "the files were already written" : "nothing written, earlier files left as they were"
        FileHandle.standardError.write(Data("\rriskshare: interrupted by \(name); \(outcome)\n".utf8))
        fflush(nil)  // every output stream: what was printed before the signal is kept
        // _exit: the simulation's worker threads may still be running; nothing needs cleaning up.
        _exit(128 + number)
    }
}
