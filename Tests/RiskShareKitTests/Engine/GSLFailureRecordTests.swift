import Dispatch
import Synchronization
@testable import RiskShareKit
import Testing

/// GSL reports failures through one process-wide handler; each piece of work reads only the
/// failures of its own threads, so work running side by side (sweep variants) cannot see each
/// other's failures.
@Suite struct GSLFailureRecordTests {
    @Test("a failure on one thread is reported there and not on a thread recording at the same time")
    func separateThreads() {
        GSL.installErrorHandler()
        let failed = Mutex<[Bool]>([false, false])
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            do {
                try GSL.checkingFailures(context: "thread \(i)") {
                    // lnΓ(0) is a pole: GSL reports a domain error through its handler.
                    if i == 0 { _ = GSL.logGamma(0) }
                }
            } catch {
                failed.withLock { $0[i] = error is GSLFailure }
            }
        }
        let results = failed.withLock { $0 }
        #expect(results == [true, false])
    }

    @Test("a failure recorded in one piece of work is gone for the next, and a record reaches the simulation's workers")
    func recordsDoNotLeak() throws {
        GSL.installErrorHandler()
        #expect(throws: GSLFailure.self) { try GSL.checkingFailures(context: "first") { _ = GSL.logGamma(0) } }
        try GSL.checkingFailures(context: "second") { _ = GSL.logGamma(1) }
        let record = GSLFailureRecord()
        GSL.recording(into: record) {
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                // Work fanned out passes the caller's record on, as Simulation.run does.
                GSL.recording(into: record) { _ = GSL.logGamma(-1) }
            }
        }
        #expect(throws: GSLFailure.self) { try GSL.recording(into: record) { try GSL.checkFailures(context: "workers") } }
    }
}
