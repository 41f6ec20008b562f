/// The maximum-likelihood fit of the one-factor Vasicek model to a default series: PD and asset
/// correlation ρ with standard errors, 95% profile-likelihood intervals and whether ρ is
/// identified. Produced by `VasicekCalibration.fit`.
public struct VasicekFit: Sendable, Equatable {
    /// Which likelihood was maximised.
    public enum Model: String, Sendable, Equatable {
        /// Default rates: the Vasicek large-portfolio density.
        case largePortfolio = "large_portfolio"
        /// Default counts: the binomial mixture over the factor.
        case binomialMixture = "binomial_mixture"
    }

    public var model: Model
    /// Long-run annual PD, in (0, 1).
    public var pd: Double
    /// Asset correlation ρ, in [1e-6, 0.99] (the search range).
    public var rho: Double
    /// Standard error of `pd` from the observed information (delta method); nil when the
    /// information matrix at the optimum is not positive definite.
    public var pdStderr: Double?
    /// Standard error of `rho`; nil when it cannot be computed (ρ at its search bound, or an
    /// information matrix that is not positive definite).
    public var rhoStderr: Double?
    /// 95% profile-likelihood interval of the PD.
    public var pdInterval: ProfileInterval
    /// 95% profile-likelihood interval of ρ.
    public var rhoInterval: ProfileInterval
    /// The maximised log-likelihood (log density of the rates, or log probability of the counts
    /// including the binomial coefficients).
    public var logLikelihood: Double
    /// Years in the series.
    public var years: Int
    /// Whether the series pins ρ down (see `VasicekCalibration.identification`).
    public var identification: Identification

    /// The factor loading of a one-factor scenario segment: sqrt(ρ).
    public var loading: Double { rho.squareRoot() }
}

/// A confidence interval from the profile likelihood: the parameter values whose profile
/// log-likelihood is within χ²₁(0.95)/2 = 1.92 of the maximum.
public struct ProfileInterval: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    /// The profile did not fall by 1.92 before the search bound, which is then `lower`: the
    /// interval is open on that side.
    public var lowerIsOpen: Bool
    /// As `lowerIsOpen`, for the upper end.
    public var upperIsOpen: Bool
}

/// Whether a series identifies ρ.
public enum Identification: Sendable, Equatable {
    case identified
    /// ρ is not identified; the reason in plain words.
    case notIdentified(String)

    public var isIdentified: Bool { self == .identified }
}

/// The fit failed for a numerical reason (not bad input).
public struct CalibrationFailure: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
