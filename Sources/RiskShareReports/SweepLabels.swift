import RiskShareSupport

/// What kind of number a sweep metric or a varied parameter is, which decides how it is shown:
/// amounts in a currency unit that fits them, probabilities and ratios as percents.
public enum QuantityKind: Sendable, Equatable {
    /// An amount of the scenario's currency.
    case money
    /// A probability or a fraction (an NPL ratio, a share, a PD), shown as a percent.
    case fraction
    /// A number of loans, defaults, paths or years.
    case count
    /// Anything else (a correlation, a leverage ratio), shown as written.
    case plain
}

/// A readable name for a report metric (`parties.bank.loss.quantiles.0.99` -> "bank: loss, VaR 99%")
/// and the kind of number it is. Paths this does not know keep their own text as the label.
public struct MetricLabel: Sendable, Equatable {
    public var text: String
    public var kind: QuantityKind

    public init(text: String, kind: QuantityKind) {
        self.text = text
        self.kind = kind
    }

    /// The label of a metric path as written on the command line or in `sweep.metrics`.
    public init(_ path: String) {
        let steps = MetricLabel.steps(path)
        self = MetricLabel.label(steps) ?? MetricLabel(text: path, kind: .plain)
    }

    /// Dot- and bracket-separated steps, with the dotted number after `quantiles`,
    /// `expected_shortfall`, `exceedance` and similar keys joined back into one step.
    static func steps(_ path: String) -> [String] {
        let flat = path.replacingOccurrences(of: "[", with: ".").replacingOccurrences(of: "]", with: "")
        var pieces = flat.split(separator: ".", omittingEmptySubsequences: true).map(String.init)
        let keyed: Set = [
            "quantiles", "expected_shortfall", "exceedance", "quantile_ci95", "tail_paths", "expected_shortfall_stderr",
            "exceedance_stderr", "npl_ratio_exceeded_with_probability", "npl_ratio_exceeded_with_probability_by_year",
        ]
        if let i = pieces.firstIndex(where: keyed.contains), i + 1 < pieces.count {
            // "0.99" was cut into "0" and "99"; a threshold such as "1.5e8" into "1" and "5e8". Only
            // the by-year list has an item index after its level.
            var rest = Array(pieces[(i + 1)...])
            let index = pieces[i].hasSuffix("_by_year") && rest.count > 1 ? [rest.removeLast()] : []
            pieces = Array(pieces[...i]) + [rest.joined(separator: ".")] + index
        }
        return pieces
    }

    /// "0.99" -> "99%", "0.995" -> "99.5%".
    static func level(_ key: String) -> String {
        guard let q = Double(key) else { return key }
        return NumberFormat.plain((q * 1000).rounded() / 10) + "%"
    }

    static func year(_ index: String) -> String { Int(index).map { "year \($0 + 1)" } ?? "year \(index)" }

    static func label(_ steps: [String]) -> MetricLabel? {
        guard let first = steps.first else { return nil }
        /// A statistic of a distribution whose subject is `subject` of kind `kind`.
        func statistic(_ subject: String, kind: QuantityKind, _ rest: ArraySlice<String>) -> MetricLabel? {
            guard let name = rest.first else { return nil }
            let key = rest.dropFirst().first
            switch (name, key) {
            case ("mean", nil): return MetricLabel(text: "\(subject), mean", kind: kind)
            case ("sd", nil): return MetricLabel(text: "\(subject), standard deviation", kind: kind)
            case ("stderr", nil): return MetricLabel(text: "\(subject), standard error of the mean", kind: kind)
            case ("min", nil): return MetricLabel(text: "\(subject), smallest path", kind: kind)
            case ("max", nil): return MetricLabel(text: "\(subject), largest path", kind: kind)
            case ("quantiles", let q?): return MetricLabel(text: "\(subject), VaR \(level(q))", kind: kind)
            case ("expected_shortfall", let q?): return MetricLabel(text: "\(subject), ES \(level(q))", kind: kind)
            case ("expected_shortfall_stderr", let q?): return MetricLabel(text: "\(subject), standard error of ES \(level(q))", kind: kind)
            case ("tail_paths", let q?): return MetricLabel(text: "\(subject), paths beyond VaR \(level(q))", kind: .count)
            case ("exceedance", let x?), ("exceedance_stderr", let x?):
                let threshold = Double(x).map { kind == .money ? NumberFormat.money($0) : NumberFormat.plain($0) } ?? x
                let p = "P(\(subject) > \(threshold))"
                return MetricLabel(text: name == "exceedance" ? p : "standard error of \(p)", kind: .fraction)
            default: return nil
            }
        }
        let rest = steps.dropFirst()
        switch first {
        case "gross_loss": return statistic("Gross loss", kind: .money, rest)
        case "defaults": return statistic("Defaults", kind: .count, rest)
        case "years":
            guard rest.count >= 2 else { return nil }
            let year = year(rest[rest.startIndex]).capitalizedFirst
            let what = rest[rest.startIndex + 1]
            let subjects: [String: (String, QuantityKind)] = [
                "gross_loss": ("gross loss", .money), "defaults": ("defaults", .count),
                "npl_ratio": ("NPL ratio", .fraction),
            ]
            guard let (name, kind) = subjects[what] else { return nil }
            return statistic("\(year): \(name)", kind: kind, rest.dropFirst(2))
        case "parties":
            guard rest.count >= 2 else { return nil }
            let party = rest[rest.startIndex]
            let what = rest[rest.startIndex + 1]
            switch what {
            case "loss": return statistic("\(party): loss", kind: .money, rest.dropFirst(2))
            case "fees": return statistic("\(party): fees received", kind: .money, rest.dropFirst(2))
            case "subsidies": return statistic("\(party): subsidies paid", kind: .money, rest.dropFirst(2))
            case "by_year":
                guard rest.count >= 3 else { return nil }
                return statistic("\(party): loss in \(year(rest[rest.startIndex + 2]))", kind: .money, rest.dropFirst(3))
            default: return nil
            }
        case "pools":
            guard rest.count >= 2 else { return nil }
            let pool = rest[rest.startIndex]
            let what = rest[rest.startIndex + 1]
            let more = rest.dropFirst(2).filter { $0 != "p" }
            switch what {
            case "paid": return statistic("pool \(pool): paid", kind: .money, rest.dropFirst(2))
            case "topups": return statistic("pool \(pool): top-ups", kind: .money, rest.dropFirst(2))
            case "unpaid": return statistic("pool \(pool): claims unpaid", kind: .money, rest.dropFirst(2))
            case "balance_end_by_year":
                guard rest.count >= 3 else { return nil }
                return statistic("pool \(pool): balance at the end of \(year(rest[rest.startIndex + 2]))", kind: .money, rest.dropFirst(3))
            case "p_exhausted" where more.isEmpty: return MetricLabel(text: "P(pool \(pool) exhausted)", kind: .fraction)
            case "p_exhausted_by_year" where more.count == 1:
                return MetricLabel(text: "P(pool \(pool) exhausted in \(year(more[0])))", kind: .fraction)
            case "p_suspended_by_year" where more.count == 1:
                return MetricLabel(text: "P(pool \(pool) suspended in \(year(more[0])))", kind: .fraction)
            default: return nil
            }
        case "caps":
            let more = rest.filter { $0 != "p" }
            guard more.count == 1 else { return nil }
            return MetricLabel(text: "P(the limit of \(more[0]) binds)", kind: .fraction)
        case "tolerance":
            let more = Array(rest.filter { $0 != "p" })
            switch more.first {
            case "level": return MetricLabel(text: "NPL tolerance", kind: .fraction)
            case "p_breach_any": return MetricLabel(text: "P(NPL tolerance breached in some year)", kind: .fraction)
            case "p_breach_by_year" where more.count == 2:
                return MetricLabel(text: "P(NPL tolerance breached in \(year(more[1])))", kind: .fraction)
            case "npl_ratio_exceeded_with_probability" where more.count == 2:
                return MetricLabel(text: "Worst year's NPL ratio exceeded with probability \(level(more[1]))", kind: .fraction)
            case "npl_ratio_exceeded_with_probability_by_year" where more.count == 3:
                return MetricLabel(
                    text: "\(year(more[2]).capitalizedFirst): NPL ratio exceeded with probability \(level(more[1]))",
                    kind: .fraction)
            default: return nil
            }
        case "fiscal":
            guard let what = rest.first else { return nil }
            switch what {
            case "cost": return statistic("Public cost", kind: .money, rest.dropFirst())
            case "topups": return statistic("Pool top-ups", kind: .money, rest.dropFirst())
            case "covered_volume" where rest.count == 1: return MetricLabel(text: "Covered lending", kind: .money)
            case "leverage" where rest.count == 1: return MetricLabel(text: "Covered lending per unit of public cost", kind: .plain)
            default: return nil
            }
        case "portfolio":
            switch Array(rest) {
            case ["loans"]: return MetricLabel(text: "Loans", kind: .count)
            case ["exposure"]: return MetricLabel(text: "Exposure", kind: .money)
            case ["expected_loss_first_year_unstressed"]: return MetricLabel(text: "Expected loss in year 1, unstressed", kind: .money)
            default: return nil
            }
        default:
            return nil
        }
    }
}

/// A readable name for a varied scenario value (`portfolio.segments[startup-credit].pd` ->
/// "startup-credit: PD") and the kind of number it is.
public struct ParameterLabel: Sendable, Equatable {
    public var text: String
    public var kind: QuantityKind

    /// Scenario keys that hold amounts of the currency.
    static let amounts: Set = [
        "initial_balance", "per_loan_cap", "per_year", "annual_cap", "capital", "exposure", "median", "cap",
        "target_loss", "amount",
    ]
    /// Scenario keys that hold probabilities, shares, rates or ratios.
    static let fractions: Set = [
        "pd", "lgd", "mean", "sd", "share", "shares", "rate", "ratio", "max_ratio", "margin", "base_npl", "attach",
        "detach", "fee_rate", "cap_rate", "annual_cap_rate", "first_loan_rate", "first_loan_share",
        "interest_rate", "reduce_above", "suspend_above", "party_cap_share", "absolute", "uplift",
        "first_loan", "target_probability", "factor",
    ]
    static let counts: Set = ["count", "paths", "horizon_years", "term_years", "claim_lag_years", "block_paths", "dof", "seed"]

    /// The label of a parameter path as written with `--vary` or `--set`.
    public init(_ path: String) {
        // Steps: keys, and selectors written in brackets.
        var steps: [(text: String, selector: Bool)] = []
        var current = ""
        var inBracket = false
        for ch in path {
            switch ch {
            case "[":
                if !current.isEmpty { steps.append((current, false)) }
                current = ""; inBracket = true
            case "]":
                steps.append((current, true)); current = ""; inBracket = false
            case "." where !inBracket:
                if !current.isEmpty { steps.append((current, false)) }
                current = ""
            default:
                current.append(ch)
            }
        }
        if !current.isEmpty { steps.append((current, inBracket)) }
        guard let last = steps.last(where: { !$0.selector }), let lastIndex = steps.lastIndex(where: { !$0.selector }) else {
            self.init(text: path, kind: .plain)
            return
        }
        var name = Self.humanized(last.text)
        var keyForKind = last.text
        var ownerSearchEnd = lastIndex
        if lastIndex > 0, !steps[lastIndex - 1].selector {
            let parent = steps[lastIndex - 1].text
            switch parent {
            case "shares": name = "\(last.text) share"; keyForKind = "shares"; ownerSearchEnd = lastIndex - 1
            case "capital", "annual_cap_rate", "loadings", "uplift":
                name = "\(last.text) \(Self.humanized(parent))"; keyForKind = parent; ownerSearchEnd = lastIndex - 1
            case "exposure", "lgd", "pd_multiplier", "npl_trigger", "topup", "stress":
                name = "\(Self.humanized(parent)) \(name)"; ownerSearchEnd = lastIndex - 1
                if parent == "exposure" { keyForKind = "exposure" }
            default: break
            }
        }
        // The nearest selector before the key names its owner: a segment, a layer, a party.
        if let selector = steps[..<ownerSearchEnd].last(where: \.selector) {
            var owner = selector.text
            if let equals = owner.firstIndex(of: "=") { owner = String(owner[owner.index(after: equals)...]) }
            if let index = Int(owner) { owner = "#\(index + 1)" }
            name = "\(owner): \(name)"
        }
        let kind: QuantityKind =
            Self.amounts.contains(keyForKind)
            ? .money
            : Self.fractions.contains(keyForKind) ? .fraction : Self.counts.contains(keyForKind) ? .count : .plain
        self.init(text: name, kind: kind)
    }

    public init(text: String, kind: QuantityKind) {
        self.text = text
        self.kind = kind
    }

    /// The label without its owner ("startup-credit: PD" -> "PD"), for chart legends.
    public var shortText: String {
        guard let colon = text.range(of: ": ") else { return text }
        return String(text[colon.upperBound...])
    }

    /// `initial_balance` -> "initial balance", `pd` -> "PD", `base_npl` -> "base NPL".
    static func humanized(_ key: String) -> String {
        key.split(separator: "_").map { word in
            ["pd", "lgd", "npl", "es", "var"].contains(word.lowercased()) ? word.uppercased() : String(word)
        }.joined(separator: " ")
    }
}

extension String {
    /// The text with its first letter in upper case ("year 2" -> "Year 2").
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
