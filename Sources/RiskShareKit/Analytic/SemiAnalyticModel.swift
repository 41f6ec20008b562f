import RiskShareSupport

/// The exact one-year loss distribution of a one-factor Gaussian-copula book (`semi_analytic`):
///
///     P(L = k·h) = ∫ φ(z) P(L = k·h | Z = z) dz,
///
/// where, given Z = z, loan i defaults independently with p_i(z) = Φ((Φ⁻¹(PD_i) - a_i z) / √(1 - a_i²))
/// and loses its exposure × LGD, rounded to the lattice of step h. The conditional distribution is
/// the convolution of the loans: loans with equal lattice loss, PD and loading form a class whose
/// number of defaults is Binomial(n, p(z)) (GSL's PMF; with a discretised Beta LGD the class's
/// loss is the compound Σ_d Binomial(d)·g^{*d}); single loans are convolved one by one as
/// Bernoulli losses. The factor integral uses the trapezoidal rule on [-9, 9] (mass outside:
/// 2·10⁻¹⁹), halving the spacing until P(L > x) changes by less than the tolerance at every
/// lattice point; for these smooth integrands it converges exponentially. Cost: factor nodes ×
/// Σ over classes of (support of the conditional distribution × defaults kept).
///
/// Accuracy: the lattice probabilities are exact up to the factor quadrature (estimated in
/// `LossDistribution.quadrature`), the truncation of entries below 1e-30 and rounding; the loss
/// of each loan is rounded to the nearest lattice point (bound in `discretisationBound`, 0 when
/// exposures × LGD are multiples of h). A Beta LGD is replaced by `lgdPoints` equally likely
/// values, each the Beta's mean over its slice (the mean stays exact; the distribution is then
/// an approximation, flagged by `lgdDiscretised`).
public enum SemiAnalyticModel {
    /// How the integral over the factor is evaluated.
    public enum FactorQuadrature: Sendable {
        /// Nested trapezoidal rule on [-9, 9], from spacing 0.25 down to at most 0.25/2^maximumHalvings,
        /// until max over x of |ΔP(L > x)| ≤ relativeTolerance·P(L > x) + absoluteTolerance.
        case adaptive(relativeTolerance: Double = 1e-8, absoluteTolerance: Double = 1e-15, maximumHalvings: Int = 8)
        /// Composite Gauss-Legendre on [-9, 9] (GSL's glfixed rule): `panels` × `order` nodes.
        case gaussLegendre(panels: Int, order: Int)
    }

    /// Tuning of the computation.
    public struct Options: Sendable {
        /// Lattice step h in currency units; nil chooses one: the largest h = (smallest loan loss)/m,
        /// m ≤ 1000, of which every loss is a multiple (within 1e-9 relative), when the lattice
        /// stays below 16·`automaticLatticePoints`; otherwise (total loss)/`automaticLatticePoints`.
        public var step: Double?
        public var quadrature: FactorQuadrature
        /// Lattice points per Beta LGD; 0 refuses Beta LGDs.
        public var lgdPoints: Int
        /// Target lattice size when no exact common step exists.
        public var automaticLatticePoints: Int
        /// Refuse lattices whose working memory (80 bytes per point) exceeds this.
        public var memoryLimitBytes: Int

        public init(
            step: Double? = nil, quadrature: FactorQuadrature = .adaptive(), lgdPoints: Int = 8,
            automaticLatticePoints: Int = 1 << 16, memoryLimitBytes: Int = 2 << 30
        ) {
            self.step = step
            self.quadrature = quadrature
            self.lgdPoints = lgdPoints
            self.automaticLatticePoints = automaticLatticePoints
            self.memoryLimitBytes = memoryLimitBytes
        }
    }

    /// Working memory per lattice point: the running integral, the previous refinement, the
    /// conditional distribution and four work arrays, the result and its two cumulative sums
    /// (8 bytes each).
    public static let bytesPerLatticePoint = 80

    /// The loss distribution of the scenario's one-year gross loss. Refuses (ScenarioError naming
    /// the key) more than one factor, the t copula, horizons beyond one year, risk sharing, Beta LGD
    /// when `options.lgdPoints` is 0, and lattices beyond the memory limit.
    public static func lossDistribution(
        scenario: Scenario, hasRiskSharing: Bool = false,
        options: Options = Options()
    ) throws -> LossDistribution {
        let file = scenario.source.file
        try checkModel(
            factors: scenario.economy.factors.count, copula: scenario.economy.copula,
            horizonYears: scenario.simulation.horizonYears, hasRiskSharing: hasRiskSharing, file: file)
        let book = PortfolioBuilder.build(scenario)
        return try lossDistribution(
            book: book, loadings: loadings(of: book), pdMultiplier: scenario.economy.pdMultiplier.first ?? 1,
            options: options, file: file)
    }

    /// The loss distribution of `book` under one Gaussian factor with loading `loadings[i]` for
    /// loan i (|a| < 1) and PDs multiplied by `pdMultiplier` (capped at 1). The model arguments
    /// describe the scenario the book comes from; whatever the method cannot do is refused with a
    /// ScenarioError naming the key responsible.
    public static func lossDistribution(
        book: LoanBook, loadings: [Double], pdMultiplier: Double = 1,
        factors: Int = 1, copula: Copula = .gaussian, horizonYears: Int = 1,
        hasRiskSharing: Bool = false,
        options: Options = Options(), file: String = ""
    ) throws -> LossDistribution {
        try checkModel(factors: factors, copula: copula, horizonYears: horizonYears, hasRiskSharing: hasRiskSharing, file: file)
        precondition(loadings.count == book.count, "one loading per loan")
        let lattice = try Lattice(book: book, options: options, file: file)
        let classes = makeClasses(book: book, loadings: loadings, pdMultiplier: pdMultiplier, lattice: lattice)
        let points = lattice.points
        var convolution = ConditionalConvolution(latticePoints: points)
        var sum = [Double](repeating: 0, count: points)
        var weightSum = 0.0

        func accumulate(z: Double, weight: Double) {
            convolution.compute(classes: classes, z: z)
            let range = convolution.lo...convolution.hi
            convolution.buffer.withUnsafeBufferPointer { c in
                sum.withUnsafeMutableBufferPointer { s in
                    for k in range { s[k] += weight * c[k] }
                }
            }
            weightSum += weight
        }

        var summary: QuadratureSummary
        if classes.allSatisfy({ $0.loading == 0 }) {
            // Independent defaults: the conditional distribution does not depend on the factor.
            accumulate(z: 0, weight: 1)
            summary = QuadratureSummary(nodes: 1, relativeChange: nil)
        } else {
            switch options.quadrature {
            case .gaussLegendre(let panels, let order):
                let width = 2 * zLimit / Double(panels)
                for panel in 0..<panels {
                    let a = -zLimit + Double(panel) * width
                    let rule = GSL.gaussLegendreRule(order: order, from: a, to: a + width)
                    for (z, w) in zip(rule.nodes, rule.weights) { accumulate(z: z, weight: w * GSL.normalDensity(z)) }
                }
                summary = QuadratureSummary(nodes: panels * order, relativeChange: nil)
            case .adaptive(let relativeTolerance, let absoluteTolerance, let maximumHalvings):
                var spacing = 0.25
                var intervals = Int((2 * zLimit / spacing).rounded())
                for i in 0...intervals {
                    let z = -zLimit + Double(i) * spacing
                    accumulate(z: z, weight: (i == 0 || i == intervals ? 0.5 : 1) * GSL.normalDensity(z))
                }
                var nodes = intervals + 1
                var change = Double.infinity
                var halvings = 0
                while halvings < maximumHalvings {
                    let previous = sum.map { $0 / weightSum }
                    spacing /= 2
                    intervals *= 2
                    halvings += 1
                    for i in stride(from: 1, to: intervals, by: 2) {
                        let z = -zLimit + Double(i) * spacing
                        accumulate(z: z, weight: GSL.normalDensity(z))
                    }
                    nodes += intervals / 2
                    // Compare P(L > x) of the two rules at every lattice point, from the top.
                    var above = 0.0, abovePrevious = 0.0
                    var converged = true
                    change = 0
                    for k in stride(from: points - 1, through: 1, by: -1) {
                        above += sum[k] / weightSum
                        abovePrevious += previous[k]
                        let difference = abs(above - abovePrevious)
                        if difference > relativeTolerance * above + absoluteTolerance { converged = false }
                        if above >= 1e-10 { change = max(change, difference / above) }
                    }
                    if converged { break }
                }
                summary = QuadratureSummary(nodes: nodes, relativeChange: change)
            }
        }
        let probabilities = sum.map { $0 / weightSum }
        return LossDistribution(
            step: lattice.step, probabilities: probabilities, discretisationBound: lattice.bound,
            quadrature: summary, lgdDiscretised: lattice.hasBeta)
    }

    /// Half-width of the factor range integrated over.
    static let zLimit = 9.0

    /// The loading of each loan on the book's single factor (0 without factors).
    public static func loadings(of book: LoanBook) -> [Double] {
        var result = [Double](repeating: 0, count: book.count)
        for group in book.groups {
            let a = group.loadings.first ?? 0
            for i in group.range { result[i] = a }
        }
        return result
    }

    /// Refusals that do not depend on the book.
    static func checkModel(factors: Int, copula: Copula, horizonYears: Int, hasRiskSharing: Bool, file: String) throws {
        func refuse(_ path: String, _ value: String?, _ message: String) -> ScenarioError {
            ScenarioError(file: file, path: path, line: nil, value: value, message: message)
        }
        if factors > 1 {
            throw refuse(
                "economy.factors", "\(factors) factors",
                "semi_analytic integrates over one factor only; use monte_carlo for multi-factor models")
        }
        if case .studentT(let dof) = copula {
            throw refuse(
                "economy.copula", "t (dof \(NumberFormat.plain(dof)))",
                "semi_analytic needs the Gaussian copula; use monte_carlo for the t copula")
        }
        if horizonYears != 1 {
            throw refuse(
                "simulation.horizon_years", "\(horizonYears)",
                "semi_analytic computes one-year losses only; use monte_carlo for multi-year horizons")
        }
        if hasRiskSharing {
            throw refuse(
                "risk_sharing", nil,
                "semi_analytic gives the gross loss of books without risk-sharing caps; use monte_carlo with risk_sharing")
        }
    }

    /// Groups loans with equal threshold, loading and lattice loss distribution.
    static func makeClasses(book: LoanBook, loadings: [Double], pdMultiplier: Double, lattice: Lattice) -> [LoanClass] {
        struct Key: Hashable { var threshold: Double; var loading: Double; var units: [Int]; var weights: [Double] }
        var index: [Key: Int] = [:]
        var classes: [LoanClass] = []
        for i in 0..<book.count {
            let outcomes = lattice.outcomes[i]
            if outcomes.isEmpty { continue }
            let pd = min(1, max(0, book.pd[i] * pdMultiplier))
            if pd == 0 { continue }
            let key = Key(
                threshold: GSL.normalQuantile(pd), loading: loadings[i],
                units: outcomes.map(\.units), weights: outcomes.map(\.probability))
            if let c = index[key] {
                classes[c].count += 1
            } else {
                index[key] = classes.count
                classes.append(LoanClass(threshold: key.threshold, loading: key.loading, count: 1, outcomes: outcomes))
            }
        }
        return classes
    }
}

/// The loss lattice: its step and each loan's loss distribution in lattice units.
struct Lattice {
    let step: Double
    /// Per loan: (units, probability) given default; empty when the loss is always 0.
    let outcomes: [[(units: Int, probability: Double)]]
    /// Σ over loans of the largest |loss - units·step| among the loan's LGD points.
    let bound: Double
    let hasBeta: Bool
    /// Lattice points needed: 1 + the largest possible loss in units.
    let points: Int

    init(book: LoanBook, options: SemiAnalyticModel.Options, file: String) throws {
        // Loss values (currency) and their probabilities given default, per loan.
        var values: [[(loss: Double, probability: Double)]] = []
        values.reserveCapacity(book.count)
        var hasBeta = false
        var betaCache: [LGDModel: [(Double, Double)]] = [:]
        for i in 0..<book.count {
            let e = book.exposure[i]
            switch book.lgd[i] {
            case .fixed(let x):
                values.append(e * x > 0 ? [(e * x, 1)] : [])
            case .beta(let a, let b):
                guard options.lgdPoints > 0 else {
                    throw ScenarioError(
                        file: file, path: "portfolio.segments[\(book.segment[i])].lgd", line: nil, value: nil,
                        message: "is a Beta distribution, which semi_analytic does not discretise when lgdPoints is 0; give a fixed LGD")
                }
                hasBeta = true
                let points = betaCache[book.lgd[i]] ?? Lattice.betaPoints(a: a, b: b, count: options.lgdPoints)
                betaCache[book.lgd[i]] = points
                values.append(e > 0 ? points.map { (e * $0.0, $0.1) } : [])
            }
        }
        let total = values.reduce(0.0) { $0 + ($1.map(\.loss).max() ?? 0) }
        let step: Double
        if let chosen = options.step {
            guard chosen > 0, chosen.isFinite else {
                throw ScenarioError(
                    file: file, path: "simulation.method", line: nil, value: "semi_analytic",
                    message: "needs a positive lattice step (got \(chosen))")
            }
            step = chosen
        } else {
            step = Lattice.automaticStep(
                losses: values.flatMap { $0.map(\.loss) }, total: total,
                target: options.automaticLatticePoints, exact: !hasBeta)
        }
        // Memory check before any allocation proportional to the lattice.
        let unitsNeeded = total / step + Double(book.count) + 1
        let bytes = unitsNeeded * Double(SemiAnalyticModel.bytesPerLatticePoint)
        if bytes > Double(options.memoryLimitBytes) {
            throw ScenarioError(
                file: file, path: "simulation.method", line: nil, value: "semi_analytic",
                message:
                    "needs a loss lattice of \(NumberFormat.plain(unitsNeeded.rounded())) points of \(NumberFormat.plain(step)) (total loss \(NumberFormat.plain(total))), about \(NumberFormat.plain((bytes / 1_048_576).rounded())) MiB, above the limit of \(options.memoryLimitBytes / 1_048_576) MiB; choose a coarser step or use monte_carlo"
            )
        }
        var bound = 0.0
        var maxUnits = 0
        outcomes = values.map { list in
            var merged: [(units: Int, probability: Double)] = []
            var loanMax = 0
            var loanError = 0.0
            for (loss, p) in list {
                let u = Int((loss / step).rounded())
                loanError = max(loanError, abs(loss - Double(u) * step))
                if let j = merged.firstIndex(where: { $0.units == u }) { merged[j].probability += p } else { merged.append((u, p)) }
                loanMax = max(loanMax, u)
            }
            maxUnits += loanMax
            bound += loanError
            // A loss that rounds to zero never moves the distribution.
            if merged.allSatisfy({ $0.units == 0 }) { return [] }
            return merged
        }
        self.step = step
        self.bound = bound
        self.hasBeta = hasBeta
        self.points = maxUnits + 1
    }

    /// Equally likely LGD values of a Beta(a, b): the mean over each of `count` slices of equal
    /// probability, E[X | Q(j/n) < X ≤ Q((j+1)/n)] = n·a/(a+b)·(I_{Q((j+1)/n)}(a+1, b) - I_{Q(j/n)}(a+1, b)).
    static func betaPoints(a: Double, b: Double, count: Int) -> [(Double, Double)] {
        let mean = a / (a + b)
        var points: [(Double, Double)] = []
        var lower = 0.0
        for j in 0..<count {
            let upper = j == count - 1 ? 1 : GSL.betaCDF(GSL.betaQuantile(Double(j + 1) / Double(count), a: a, b: b), a: a + 1, b: b)
            points.append((Double(count) * mean * (upper - lower), 1 / Double(count)))
            lower = upper
        }
        return points
    }

    /// A step of which every loss is a multiple, if a reasonable one exists; else total / target.
    static func automaticStep(losses: [Double], total: Double, target: Int, exact: Bool) -> Double {
        let positive = losses.filter { $0 > 0 }
        guard let smallest = positive.min(), total > 0 else { return 1 }
        let distinct = Array(Set(positive))
        if exact {
            for m in 1...1000 {
                let h = smallest / Double(m)
                if total / h > 16 * Double(target) { break }
                if distinct.allSatisfy({ x in
                    let r = x / h; return abs(r - r.rounded()) <= 1e-9 * max(1, r)
                }) {
                    return h
                }
            }
        }
        return total / Double(target)
    }
}
