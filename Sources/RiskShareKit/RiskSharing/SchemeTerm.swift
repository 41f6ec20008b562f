/// One term of a risk-sharing mechanism as a report states it ("the guarantor takes 40% of each
/// covered loss", "the pool starts with 500m"): a stable key, a typed value and the party it
/// concerns. Renderers format the value by its kind; they never parse text.
public struct SchemeTerm: Sendable, Hashable {
    /// What the number means, and so how to print it.
    public enum Value: Sendable, Hashable {
        /// A share or rate in [0, 1] (0.4 is 40%).
        case fraction(Double)
        /// An amount in the scenario's currency; +∞ means unlimited.
        case amount(Double)
        /// A number of years.
        case years(Int)
        /// A count of things (loans, claims).
        case count(Int)
        /// A party of the scheme, by name.
        case party(String)
        /// Free text from a closed vocabulary (e.g. `pro_rata`, `fifo`, a segment name).
        case text(String)
        /// Yes or no.
        case flag(Bool)
    }

    /// Stable identifier of the term within its mechanism, e.g. `share`, `annual_cap`, `segments`.
    public var key: String
    public var value: Value
    /// The party the term is about (a payer's share, a party's capital), if any.
    public var party: String?

    public init(key: String, value: Value, party: String? = nil) {
        self.key = key
        self.value = value
        self.party = party
    }
}

/// The terms of one mechanism of the scheme, in the order the scenario lists them.
public struct SchemeTerms: Sendable, Hashable {
    /// The mechanism's YAML `type` (`guarantee`, `compensation_pool`, `interest`, `tolerance`, ...).
    public var type: String
    /// The layer's report key (its `name`, else its index) for layers; nil for subsidies and the tolerance.
    public var key: String?
    public var terms: [SchemeTerm]

    public init(type: String, key: String?, terms: [SchemeTerm]) {
        self.type = type
        self.key = key
        self.terms = terms
    }
}
