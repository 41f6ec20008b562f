/// The parties of a risk-sharing scheme, collected while the `risk_sharing` section is read.
///
/// A party is *defined* by appearing where it takes on risk or cost: as a key of a guarantee's
/// `shares`, as a layer's or a subsidy's `payer`, or in the optional `risk_sharing.parties`
/// list. Every other mention (`overflow`, `capital`, `annual_cap_rate`, `fee_to`,
/// `beneficiary`) is a *reference* and must name a defined party, so that a misspelt name is
/// refused instead of silently creating a party that never bears anything. `bank` (the lender)
/// is always defined and always comes first; the others follow in order of first appearance.
final class PartyTable {
    private(set) var names: [String] = ["bank"]
    private var defined: Set<String> = ["bank"]
    private var references: [(name: String, reader: NodeReader)] = []

    /// Party names become column names (`party.<name>.loss`), report keys and CSV fields, so
    /// they are restricted to letters of any script (e.g. 银行, 省再担保), ASCII digits, `_` and
    /// `-`: no dots, spaces or punctuation.
    static func validName(_ reader: NodeReader) throws -> String {
        let name = try reader.name()
        try checkName(name, reader: reader)
        return name
    }

    static func checkName(_ name: String, reader: NodeReader) throws {
        // Not empty: `shares: {"": 0.6}` would make a party with no name (and a report key "").
        let ok =
            !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
            }
        if !ok {
            throw reader.error(
                "is not a valid party name \"\(name)\"; use 1 to 64 letters (any script), ASCII digits, _ or -",
                showValue: true)
        }
        // The report's `contributions.gross_loss` sits beside `contributions.<party>`.
        if name == "gross_loss" {
            throw reader.error("is reserved for the gross loss in the report; choose another party name", showValue: true)
        }
    }

    /// Defines the party named by `reader` (a string value) and returns its index.
    func define(_ reader: NodeReader) throws -> Int {
        define(name: try Self.validName(reader))
    }

    /// Defines a party from a map key (e.g. a `shares` entry).
    func define(key: String, reader: NodeReader) throws -> Int {
        try Self.checkName(key, reader: reader)
        return define(name: key)
    }

    func define(name: String) -> Int {
        defined.insert(name)
        return intern(name)
    }

    /// A reference to a party that must be defined somewhere in the section (checked by `finish`).
    func reference(_ reader: NodeReader) throws -> Int {
        let name = try reader.name()
        references.append((name, reader))
        return intern(name)
    }

    /// A reference written as a map key (`capital: {guarantor: ...}`).
    func reference(key: String, reader: NodeReader) -> Int {
        references.append((key, reader))
        return intern(key)
    }

    private func intern(_ name: String) -> Int {
        if let i = names.firstIndex(of: name) { return i }
        names.append(name)
        return names.count - 1
    }

    /// Refuses references to parties that no layer, subsidy or `parties` entry defines.
    func finish() throws {
        for (name, reader) in references where !defined.contains(name) {
            let known = names.filter { defined.contains($0) }.joined(separator: ", ")
            throw reader.error(
                "names an unknown party \"\(name)\"; the parties of this scheme are \(known) "
                    + "(a party is defined by a guarantee's shares, a payer, or risk_sharing.parties)", showValue: false)
        }
    }
}

/// Reading helpers shared by the mechanisms.
enum RiskSharingParse {
    /// `segments: [names]` as a mask over the scenario's segments; absent means every segment.
    static func segmentMask(_ reader: NodeReader?, context: RiskSharingContext) throws -> [Bool] {
        guard let reader else { return Array(repeating: true, count: context.segments.count) }
        let items = try reader.list(maxCount: 10_000)
        if items.isEmpty { throw reader.error("must list at least one segment (omit the key to cover every segment)") }
        var mask = Array(repeating: false, count: context.segments.count)
        for item in items {
            let name = try item.name()
            guard let s = context.segments.firstIndex(of: name) else {
                throw item.error("names no segment of portfolio.segments (\(context.segments.joined(separator: ", ")))")
            }
            mask[s] = true
        }
        return mask
    }

    /// The layer's beneficiary: the party whose retained loss the layer relieves (default `bank`).
    static func beneficiary(_ map: MapReader, parties: PartyTable) throws -> Int {
        guard let reader = map.optional("beneficiary") else { return 0 }
        return try parties.reference(reader)
    }

    /// An optional amount in currency units; absent means unlimited.
    static func amount(_ reader: NodeReader?, what: String = "an amount >= 0 (currency units)") throws -> Double {
        guard let reader else { return .infinity }
        return try reader.nonNegative(what)
    }
}
