/// One stated parameter of a risk-sharing mechanism or of the default model, as a reader of
/// the report needs it: the scenario key it comes from and its value with its kind (so a
/// renderer shows a fraction as a percent and an amount in currency units).
public struct SchemeTerm: Sendable, Equatable {
    /// The scenario key, e.g. `ratio`, `per_loan_cap`, `shares`.
    public var key: String
    public var value: Value

    public init(_ key: String, _ value: Value) {
        self.key = key
        self.value = value
    }

    public enum Value: Sendable, Equatable {
        /// A share, rate or ratio in [0, 1] (shown as a percent).
        case fraction(Double)
        /// An amount in the scenario currency.
        case amount(Double)
        /// A plain number (e.g. degrees of freedom, a multiplier).
        case number(Double)
        case integer(Int)
        /// A whole number that names something, such as a seed (shown without digit grouping).
        case identifier(Int)
        /// A word chosen from the scenario's allowed values (e.g. `pro_rata`) or a name.
        case word(String)
        case flag(Bool)
        /// One party.
        case party(String)
        /// Parties in order.
        case parties([String])
        /// Segments the mechanism covers; nil means every segment.
        case segments([String]?)
        /// Fractions keyed by a party, product or factor name, in the scenario's order.
        case fractions([NamedNumber])
        /// Amounts keyed by a party name.
        case amounts([NamedNumber])
        /// Plain numbers in order (e.g. a multiplier per year).
        case numbers([Double])
        /// Plain numbers keyed by a name (e.g. loadings by factor).
        case namedNumbers([NamedNumber])
        /// Names in order (e.g. the factors).
        case names([String])
        /// No limit: the key is absent, or set to none.
        case unlimited
    }
}

/// A number that belongs to a name (a party's share, a product's uplift, a factor's loading).
public struct NamedNumber: Sendable, Equatable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// The terms of one mechanism (a layer, a subsidy, the tolerance rule) or of one segment.
public struct MechanismTerms: Sendable, Equatable {
    /// The layer's name or 0-based index, a subsidy's index, `tolerance`, or a segment's name.
    public var key: String
    /// The scenario `type` (guarantee, portfolio_guarantee, tranche, compensation_pool,
    /// interest, tolerance, segment).
    public var type: String
    public var terms: [SchemeTerm]

    public init(key: String, type: String, terms: [SchemeTerm]) {
        self.key = key
        self.type = type
        self.terms = terms
    }

    /// The value of term `key`, if stated.
    public func value(_ key: String) -> SchemeTerm.Value? { terms.first { $0.key == key }?.value }
}
