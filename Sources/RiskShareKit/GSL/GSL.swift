import CGSL
import Foundation
import Synchronization

/// Thin, safe access to the GNU Scientific Library: special functions, inverse CDFs and the
/// library's error reporting. Every C call of RiskShare goes through this folder.
package enum GSL {
    /// The version string of the linked GSL, recorded in every report for reproducibility.
    package static var version: String { String(cString: riskshare_gsl_version()) }

    /// Standard normal CDF Φ(x).
    package static func normalCDF(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }

    /// Upper tail of the standard normal, 1 - Φ(x), accurate far in the tail.
    package static func normalSurvival(_ x: Double) -> Double { gsl_cdf_ugaussian_Q(x) }

    /// Inverse standard normal CDF Φ⁻¹(p); -∞ at 0 and +∞ at 1.
    package static func normalQuantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        return gsl_cdf_ugaussian_Pinv(p)
    }

    /// Standard normal density φ(x).
    package static func normalDensity(_ x: Double) -> Double { gsl_ran_ugaussian_pdf(x) }

    /// Inverse CDF of Student's t with `dof` degrees of freedom; ±∞ at 0 and 1.
    package static func studentTQuantile(_ p: Double, dof: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        return gsl_cdf_tdist_Pinv(p, dof)
    }

    /// CDF of Student's t with `dof` degrees of freedom.
    package static func studentTCDF(_ x: Double, dof: Double) -> Double { gsl_cdf_tdist_P(x, dof) }

    /// Density of the chi-square distribution with `dof` degrees of freedom.
    package static func chiSquareDensity(_ x: Double, dof: Double) -> Double { gsl_ran_chisq_pdf(x, dof) }

    /// Binomial probability P(K = k) for K ~ Binomial(n, p).
    package static func binomialPMF(_ k: Int, p: Double, n: Int) -> Double {
        if p <= 0 { return k == 0 ? 1 : 0 }
        if p >= 1 { return k == n ? 1 : 0 }
        return gsl_ran_binomial_pdf(UInt32(k), p, UInt32(n))
    }

    /// Natural log of the gamma function.
    package static func logGamma(_ x: Double) -> Double { gsl_sf_lngamma(x) }
}

/// A failure reported by GSL through its error handler, turned into a Swift error.
package struct GSLFailure: Error, CustomStringConvertible, Sendable {
    /// GSL's reason text.
    package var reason: String
    /// GSL's error code (`gsl_errno`).
    package var code: Int32
    /// What RiskShare was doing when GSL failed.
    package var context: String

    package var description: String { "GSL error \(code) (\(reason)) while \(context)" }
}

/// Where GSL failures are recorded while a piece of work runs (a run, a sweep variant, a test):
/// each has its own record, so a failure in one sweep variant is never reported against another
/// variant running at the same time.
package final class GSLFailureRecord: Sendable {
    fileprivate let failures = Mutex<[GSLFailure]>([])

    package init() {}
}

extension GSL {
    /// Failures of threads that record nowhere in particular.
    private static let sharedRecord = GSLFailureRecord()
    /// The record of each thread that is running recorded work, by thread.
    private static let threadRecords = Mutex<[UInt: GSLFailureRecord]>([:])

    private static var currentThread: UInt {
        #if canImport(Darwin)
            UInt(bitPattern: pthread_self())
        #else
            UInt(pthread_self())
        #endif
    }

    /// The record failures on this thread go to: the one `recording(into:)` set, else a shared one.
    package static var currentRecord: GSLFailureRecord {
        threadRecords.withLock { $0[currentThread] } ?? sharedRecord
    }

    /// Runs `body` with the failures GSL reports on this thread recorded in `record`. Work that
    /// fans out to other threads passes its `currentRecord` on (as `Simulation.run` does).
    package static func recording<T>(into record: GSLFailureRecord, _ body: () throws -> T) rethrows -> T {
        let thread = currentThread
        let previous = threadRecords.withLock { records -> GSLFailureRecord? in
            let previous = records[thread]
            records[thread] = record
            return previous
        }
        defer { threadRecords.withLock { $0[thread] = previous } }
        return try body()
    }

    /// Runs `body` with a record of its own and throws the first failure it recorded, with `context`.
    package static func checkingFailures<T>(context: String, _ body: () throws -> T) throws -> T {
        let record = GSLFailureRecord()
        let value = try recording(into: record, body)
        try recording(into: record) { try checkFailures(context: context) }
        return value
    }

    /// Replaces GSL's default handler, which aborts the process, with one that records the
    /// failure in the current thread's record so the caller can turn it into an error.
    /// Idempotent; call before any simulation.
    package static func installErrorHandler() {
        _ = gsl_set_error_handler { reason, file, _, code in
            // gsl_cdf_beta_Pinv's Newton refinement fails to converge for many ordinary Beta
            // LGDs (e.g. mean 0.01, sd 0.0066); `betaQuantile` sees the NaN it returns and
            // inverts the CDF itself, so that failure is handled, not a run failure.
            if Int(code) == Int(GSL_EFAILED), let file, String(cString: file).hasSuffix("betainv.c") { return }
            let text = reason.map { String(cString: $0) } ?? "unknown"
            GSL.currentRecord.failures.withLock { $0.append(GSLFailure(reason: text, code: code, context: "")) }
        }
    }

    /// Installs the recording handler once per process before the first call that can fail, so
    /// that a caller who forgot `installErrorHandler` gets a NaN and a recorded failure, never
    /// GSL's default `abort()`.
    static let handlerInstalled: Void = installErrorHandler()

    /// Throws the first failure recorded in the current thread's record since its last check,
    /// if any, and clears that record.
    package static func checkFailures(context: String) throws {
        let recorded = currentRecord.failures.withLock { list -> GSLFailure? in
            defer { list.removeAll() }
            return list.first
        }
        if var failure = recorded {
            failure.context = context
            throw failure
        }
    }
}

extension GSL {
    /// Binomial CDF P(K ≤ k) for K ~ Binomial(n, p).
    package static func binomialCDF(_ k: Int, p: Double, n: Int) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        if p <= 0 { return 1 }
        if p >= 1 { return 0 }
        return gsl_cdf_binomial_P(UInt32(k), p, UInt32(n))
    }
}

extension GSL {
    /// Inverse CDF of the Beta(a, b) distribution.
    package static func betaQuantile(_ p: Double, a: Double, b: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        _ = handlerInstalled
        let x = gsl_cdf_beta_Pinv(p, a, b)
        if x.isFinite { return x }
        // GSL gave up (see installErrorHandler): find the smallest double x with F(x) ≥ p by
        // bisection on the bit patterns of [0, 1] (ordered like the numbers), so quantiles
        // within an ulp of 0 or 1, common for a tiny alpha or beta, come out exact. Above the
        // median the test is Q(x) ≤ 1 - p, which keeps the precision of the upper tail.
        var lo: UInt64 = 0, hi = (1.0).bitPattern
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            let x = Double(bitPattern: mid)
            let reached = p <= 0.5 ? gsl_cdf_beta_P(x, a, b) >= p : gsl_cdf_beta_Q(x, a, b) <= 1 - p
            if reached { hi = mid } else { lo = mid }
        }
        return Double(bitPattern: hi)
    }

    /// CDF of the Beta(a, b) distribution.
    package static func betaCDF(_ x: Double, a: Double, b: Double) -> Double { gsl_cdf_beta_P(x, a, b) }
}

extension GSL {
    /// Inverse CDF of the chi-square distribution with `dof` degrees of freedom.
    package static func chiSquareQuantile(_ p: Double, dof: Double) -> Double { gsl_cdf_chisq_Pinv(p, dof) }
}

extension GSL {
    /// log Φ(x), accurate in both tails: through log erfc below 0 (where Φ underflows) and
    /// log1p(-Φ(-x)) above (where Φ rounds to 1).
    package static func logNormalCDF(_ x: Double) -> Double {
        if x < 0 { return gsl_sf_log_erfc(-x / 2.0.squareRoot()) - 0.693_147_180_559_945_3 }
        return log1p(-gsl_cdf_ugaussian_Q(x))
    }
}
