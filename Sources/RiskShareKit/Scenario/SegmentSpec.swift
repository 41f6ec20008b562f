import RiskShareSupport

/// One segment of the portfolio: loans sharing a stage, product, default model and factor
/// loadings, either generated (`count`, `exposure`, `pd`) or read from a loan tape.
public struct SegmentSpec: Sendable {
    public var name: String
    /// seed | startup | growth | mature | unspecified.
    public var stage: String
    /// credit | ip_pledge | park | secured | guaranteed, or free text.
    public var product: String
    public var exposure: ExposureSpec
    /// Annual PD in [0, 1].
    public var pd: Double
    public var lgdMean: Double
    public var lgdSD: Double
    /// Whole years, ≥ 1.
    public var termYears: Int
    /// Share of loans that are firms' first loans, in [0, 1].
    public var firstLoanShare: Double
    /// Annual interest rate, in [0, 1].
    public var interestRate: Double
    /// Loadings on the economy's factors, in factor order; sum of squares < 1.
    public var loadings: [Double]
    /// Loans read from a CSV tape instead of generated; nil for a generated segment.
    public var tape: LoanTape?
    /// Generated loans (ignored for a tape).
    public var count: Int
    /// Effective maturity for regulatory capital, in years; nil = `termYears` (floored at 1).
    public var maturityYears: Double? = nil
    /// Annual sales of the borrowers (scenario currency) for the IRB SME adjustment; nil = none.
    public var turnover: Double? = nil

    /// The effective maturity M used by the IRB formula before its [1, 5] clamp.
    public var capitalMaturityYears: Double { maturityYears ?? Double(max(termYears, 1)) }
}

/// How a generated segment's exposures are set.
public enum ExposureSpec: Sendable, Equatable {
    /// Every loan has this principal.
    case fixed(Double)
    /// Log-normal principals with this median and log-scale sigma.
    case lognormal(median: Double, sigma: Double)
}

extension SegmentSpec {
    static let stages = ["seed", "startup", "growth", "mature", "unspecified"]

    /// Reads `portfolio.segments[i]`.
    static func parse(
        _ reader: NodeReader, factors: [String], baseDirectory: String,
        tapeLoader: (String, NodeReader) throws -> LoanTape
    ) throws -> SegmentSpec {
        let map = try reader.map()
        let name = try map.required("name", "a name for the segment").name()
        let stage = try map.optional("stage")?.choice(stages) ?? "unspecified"
        let product = try map.optional("product")?.name() ?? "unspecified"
        var tape: LoanTape?
        if let file = map.optional("loans_file") {
            tape = try tapeLoader(try file.string(), file)
        }
        let countReader = map.optional("count")
        let exposureReader = map.optional("exposure")
        let pdReader = map.optional("pd")
        var count = 0
        var exposure = ExposureSpec.fixed(0)
        var pd = 0.0
        if tape == nil {
            guard let countReader else {
                throw ScenarioError(
                    file: reader.file, path: "\(reader.path).count", line: reader.node.line, value: nil,
                    message: "is required (number of loans), unless the segment has a loans_file")
            }
            count = try countReader.integer(in: 0...50_000_000, allowed: "a whole number of loans in [0, 50000000]")
            guard let exposureReader else {
                throw ScenarioError(
                    file: reader.file, path: "\(reader.path).exposure", line: reader.node.line, value: nil,
                    message: "is required: a principal per loan, or {distribution: lognormal, median, sigma}")
            }
            exposure = try parseExposure(exposureReader)
            guard let pdReader else {
                throw ScenarioError(
                    file: reader.file, path: "\(reader.path).pd", line: reader.node.line, value: nil,
                    message: "is required: the annual probability of default in [0, 1]")
            }
            pd = try pdReader.probability()
        } else {
            for (key, value) in [("count", countReader), ("exposure", exposureReader), ("pd", pdReader)] {
                if let value {
                    throw value.error("cannot be given together with loans_file (the tape supplies \(key))")
                }
            }
        }
        var lgdMean = 0.0, lgdSD = 0.0
        if let lgd = map.optional("lgd") {
            (lgdMean, lgdSD) = try parseLGD(lgd)
        } else if tape == nil || tape?.hasLGD == false {
            throw ScenarioError(
                file: reader.file, path: "\(reader.path).lgd", line: reader.node.line, value: nil,
                message: "is required: a fraction in [0, 1] or {mean, sd}")
        }
        if let tape, tape.lgdMean == nil || tape.lgdSD == nil, tape.lgdMean != nil || tape.lgdSD != nil || lgdSD > 0 {
            // A tape column combined with the segment's value: each loan's (mean, sd) must still be
            // a Beta that can be sampled (the tape parser checks the pairs only when it has both).
            for i in 0..<tape.count {
                let mean = tape.lgdMean?[i] ?? lgdMean, sd = tape.lgdSD?[i] ?? lgdSD
                if sd > 0, LGDModel.fromMoments(mean: mean, sd: sd) == nil {
                    throw ScenarioError(
                        file: tape.file, path: "loan \(tape.ids[i])", line: nil, value: nil,
                        message:
                            "has LGD mean \(NumberFormat.plain(mean)) and sd \(NumberFormat.plain(sd)) (one from \(reader.path).lgd); a Beta LGD needs 0 < mean < 1 and sqrt(mean·(1-mean)/1000001) <= sd < sqrt(mean·(1-mean)), or sd 0"
                    )
                }
            }
        }
        let term = try map.optional("term_years")?.integer(in: 1...100, allowed: "a whole number of years in [1, 100]") ?? 1
        let firstShare = try map.optional("first_loan_share")?.probability() ?? 0
        let rate = try map.optional("interest_rate")?.number(in: 0...1, allowed: "an annual rate in [0, 1]") ?? 0
        var loadings = [Double](repeating: 0, count: factors.count)
        if let loadingReader = map.optional("loadings") {
            let loadingMap = try loadingReader.map()
            for (factor, value) in loadingMap.allEntries() {
                guard let index = factors.firstIndex(of: factor) else {
                    throw value.error(
                        "names a factor that economy.factors does not list (\(factors.joined(separator: ", ")))", showValue: false)
                }
                loadings[index] = try value.number(in: -1...1, allowed: "a loading in [-1, 1]")
            }
            let sumOfSquares = loadings.reduce(0) { $0 + $1 * $1 }
            if !(sumOfSquares < 1) {
                throw loadingReader.error("has a sum of squared loadings of \(NumberFormat.plain(sumOfSquares)); it must be below 1")
            }
        }
        let maturity = try map.optional("maturity_years")?.number(in: 0...100, allowed: "a maturity in years in [0, 100]")
        let turnover = try map.optional("turnover")?.nonNegative("annual sales >= 0 in the scenario currency")
        try map.finish()
        return SegmentSpec(
            name: name, stage: stage, product: product, exposure: exposure, pd: pd,
            lgdMean: lgdMean, lgdSD: lgdSD, termYears: term, firstLoanShare: firstShare,
            interestRate: rate, loadings: loadings, tape: tape, count: count,
            maturityYears: maturity, turnover: turnover)
    }

    private static func parseExposure(_ reader: NodeReader) throws -> ExposureSpec {
        if reader.isNumber {
            return .fixed(try reader.number(in: 0...1e13, allowed: "a principal in [0, 1e13]"))
        }
        let map = try reader.map()
        _ = try map.required("distribution", "lognormal").choice(["lognormal"])
        let median = try map.required("median", "the median principal").number(in: 0...1e13, allowed: "a principal in [0, 1e13]")
        let sigma = try map.required("sigma", "the log-scale standard deviation").number(in: 0...5, allowed: "a log-scale sd in [0, 5]")
        try map.finish()
        return .lognormal(median: median, sigma: sigma)
    }

    /// LGD as a plain fraction or {mean, sd}; sd must be possible for a Beta with that mean.
    static func parseLGD(_ reader: NodeReader) throws -> (Double, Double) {
        if reader.isNumber { return (try reader.probability(), 0) }
        let map = try reader.map()
        let mean = try map.required("mean", "the mean LGD in [0, 1]").probability()
        let sdReader = map.optional("sd")
        let sd = try sdReader?.number(in: 0...0.5, allowed: "a standard deviation in [0, 0.5]") ?? 0
        try map.finish()
        if sd > 0, sd < LGDModel.minimumSD(mean: mean), mean > 0, mean < 1 {
            throw sdReader!.error(
                "is too small to sample as a Beta LGD with mean \(NumberFormat.plain(mean)); use sd 0 for a fixed LGD, or at least \(String(format: "%.3g", LGDModel.minimumSD(mean: mean)))"
            )
        }
        if sd > 0, LGDModel.fromMoments(mean: mean, sd: sd) == nil {
            let limit = (mean * (1 - mean)).squareRoot()
            throw sdReader!.error(
                "is impossible for a Beta LGD with mean \(NumberFormat.plain(mean)); sd must be below sqrt(mean·(1-mean)) = \(NumberFormat.fixed(limit, 4))"
            )
        }
        return (mean, sd)
    }
}
