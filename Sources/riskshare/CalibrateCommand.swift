import ArgumentParser
import Foundation
import RiskShareKit
import RiskShareSupport

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a segment's PD and asset correlation to its yearly default history.",
        discussion: """
            Fits the one-factor Vasicek model by maximum likelihood: the large-portfolio density for default rates, \
            the binomial mixture for counts. Prints the estimates with standard errors (observed information) and 95% \
            profile-likelihood intervals, says when the series is too short to identify rho, and with --out writes a \
            scenario fragment setting the segment's pd and loadings (loading = sqrt(rho)). See Scenarios/README.md.
            """
    )

    @Argument(help: "CSV with columns year plus default_rate, or defaults and loans, or npl_ratio.") var series: String
    @Option(help: "Segment the fragment sets (default: the series file's name without extension).") var segment: String?
    @Option(help: "Factor that carries the loading sqrt(rho).") var factor: String = "economy"
    @Option(
        name: .customLong("npl-duration"),
        help: "With an npl_ratio column: average years a loan stays non-performing; default rate = NPL ratio / this.")
    var nplDuration: Double = 1
    @Option(help: "Write the scenario fragment (YAML) to this file.") var out: String?
    @Flag(help: "Print {pd, rho, pd_stderr, rho_stderr, pd_ci95, rho_ci95, log_likelihood, years} as JSON on stdout.") var json = false

    func run() throws {
        let segmentName = segment ?? ((series as NSString).lastPathComponent as NSString).deletingPathExtension
        try Self.checkName(segmentName, option: "--segment")
        try Self.checkName(factor, option: "--factor")
        let data = try DefaultRateSeries.load(file: series, nplDurationYears: nplDuration)
        let fit = try VasicekCalibration.fit(data)
        if let out {
            try FileOutput.write(
                CalibrationOutput.fragment(
                    fit, series: data, segment: segmentName, factor: factor,
                    nplDurationYears: nplDuration), to: out)
        }
        if case .notIdentified(let reason) = fit.identification {
            FileHandle.standardError.write(
                Data("warning: rho is not identified: \(reason)\(out != nil ? "; the fragment sets pd only" : "")\n".utf8))
        }
        if json {
            print(CalibrationOutput.json(fit).rendered(), terminator: "")
            return
        }
        print(Self.summary(fit, file: series))
        if let out { print("fragment: \(out) (segment \(segmentName), factor \(factor))") }
    }

    /// A name given on the command line: non-empty, one line, at most 200 characters.
    static func checkName(_ name: String, option: String) throws {
        guard !name.isEmpty, name.count <= 200, !name.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) else {
            throw ScenarioError(
                file: option, path: "", line: nil, value: "\"\(name)\"",
                message: "must be a non-empty name of at most 200 characters on one line")
        }
    }

    static func summary(_ fit: VasicekFit, file: String) -> String {
        func g(_ x: Double) -> String { String(format: "%.4g", x) }
        func row(_ name: String, _ value: Double, _ error: Double?, _ interval: ProfileInterval) -> String {
            let lower = (interval.lowerIsOpen ? "(open) " : "") + g(interval.lower)
            let upper = g(interval.upper) + (interval.upperIsOpen ? " (open)" : "")
            return "  \(name)  \(g(value))  s.e. \(error.map(g) ?? "not computed")  95% interval \(lower) to \(upper)"
        }
        let model = fit.model == .largePortfolio ? "large-portfolio density of default rates" : "binomial mixture of default counts"
        var lines = [
            "\(file): \(fit.years) years, one-factor Vasicek fit by maximum likelihood (\(model))",
            row("pd ", fit.pd, fit.pdStderr, fit.pdInterval),
            row("rho", fit.rho, fit.rhoStderr, fit.rhoInterval),
            "  log-likelihood \(String(format: "%.6f", fit.logLikelihood)); loading sqrt(rho) = \(g(fit.loading))",
        ]
        if case .notIdentified(let reason) = fit.identification { lines.append("  rho is NOT identified: \(reason)") }
        return lines.joined(separator: "\n")
    }
}

/// The coverage study of the calibration's 95% intervals (hidden; see Scenarios/README.md).
struct CalibrationCoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibration-coverage",
        abstract: "Simulate default histories from known PD and rho, fit each, and report how often the 95% intervals cover.",
        shouldDisplay: false
    )

    @Option(help: "True PD.") var pd: Double = 0.02
    @Option(help: "True asset correlation.") var rho: Double = 0.12
    @Option(help: "Years per simulated history.") var years: Int = 20
    @Option(help: "Loans per year (binomial-mixture fit); omit for large-portfolio default rates.") var loans: Int?
    @Option(help: "Simulated histories.") var replicates: Int = 200
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Option(help: "Worker threads (default: all cores). Results do not depend on it.") var threads: Int?

    func validate() throws {
        guard pd > 0, pd < 1, rho > 0, rho < 1 else { throw ValidationError("--pd and --rho must be strictly between 0 and 1") }
        guard (2...1000).contains(years) else { throw ValidationError("--years must be from 2 to 1000, got \(years)") }
        if let loans, !(1...1_000_000_000).contains(loans) { throw ValidationError("--loans must be from 1 to 1000000000, got \(loans)") }
        guard (1...1_000_000).contains(replicates) else {
            throw ValidationError("--replicates must be from 1 to 1000000, got \(replicates)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }

    func run() throws {
        let design = CalibrationCoverage.Design(pd: pd, rho: rho, years: years, loans: loans, replicates: replicates, seed: seed)
        let start = Date()
        let r = CalibrationCoverage.run(design, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        func percent(_ k: Int, _ n: Int) -> String { String(format: "%.1f%%", 100 * Double(k) / Double(max(n, 1))) }
        print(
            "design: pd \(pd), rho \(rho), \(years) years, \(loans.map { "\($0) loans a year (counts)" } ?? "default rates"), \(replicates) replicates, seed \(seed)"
        )
        print("fitted \(r.fitted), failed \(r.failed)\(r.firstFailure.map { " (first: \($0))" } ?? "")")
        print(
            "pd  interval coverage \(percent(r.pdCovered, r.fitted)) (binomial s.e. \(String(format: "%.1f", 100 * r.coverageStderr)) points), mean estimate \(String(format: "%.5g", r.meanPD))"
        )
        print("rho interval coverage \(percent(r.rhoCovered, r.fitted)), mean estimate \(String(format: "%.5g", r.meanRho))")
        print(
            "rho not identified in \(r.notIdentified) fits; coverage among the identified \(percent(r.rhoCoveredWhenIdentified, r.fitted - r.notIdentified))"
        )
        print(String(format: "elapsed %.1f s", Date().timeIntervalSince(start)))
    }
}
