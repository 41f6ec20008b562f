import Foundation
@testable import RiskShareKit
@testable import RiskSharePipeline
@testable import RiskShareReports
@testable import RiskShareSupport
import RiskShareTestSupport

/// The ways a scenario file is damaged. Structural kinds edit the parsed document and write it
/// back as YAML; byte kinds damage the file as stored (what an editor or an export does).
enum ScenarioMutation: String, CaseIterable, Sendable {
    case deleteKey, swapType, extremeNumber, boundaryNumber, duplicateKey, deepNesting, hugeList
    case renameKey, combined
    case truncate, invalidUTF8, utf16, latin1, byteOrderMark, crlf, deleteLine, duplicateLine, yamlSyntax
    /// Nested anchors and aliases ("billion laughs"), an alias used as a key, an explicit tag.
    case aliasBomb, aliasKey, tagged
    /// Includes that each include the next file many times (files written by `MutantCase`).
    case includeBomb
}

/// The ways a loan tape is damaged.
enum TapeMutation: String, CaseIterable, Sendable {
    case missingColumn, extraColumn, repeatedColumn, quotedFields, byteOrderMark, crlf, emptyFile, headerOnly
    case nonFinite, negativeExposure, absurdExposure, badProbability, manyRows, raggedRow, optionalColumns
    case truncate, invalidUTF8, blankLines
}

/// Values that sit on or beyond every documented range, and the non-finite spellings of YAML.
let extremeLiterals = [
    "0", "-0.0", "-1", "1", "1e308", "-1e308", "1e-320", "-1e-320", ".nan", ".NaN", ".inf", "-.inf", "+.inf",
    "1e999", "-1e999", "99999999999999999999999999999", "-99999999999999999999999999999",
    "9007199254740993", "18446744073709551616", "50000000", "100000000", "1e13", "1.0000000001e13",
    "0.999999", "1.000001", "0.5", "2", "1000", "1000.0001", "1e-12", "4.9e-324", "0x10", "1_000", "0o17", "+1",
    ".5", "5.", "1e", "--1", "nan", "inf", "Infinity", "NaN",
]

/// Replacement values of every type, to swap with whatever a key holds.
let typeSwaps = [
    "null", "~", "true", "false", "\"text\"", "\"0.05\"", "\"\"", "[]", "[1, 2]", "[[]]", "{}", "{a: 1}",
    "{distribution: lognormal}", "yes", "no", "\"\\n\"", "\"line1\\nline2\"", "\"\\u0000\"", "\"\\x07bell\"",
    "\"\\u2028sep\"", "0", "1", "-1", "gaussian", "t", "bank", "\"a,b\"",
]

struct ScenarioMutator {
    let random: FuzzRandom

    /// Applies `kind` to the file `bytes` (whose parsed document is `tree`, when it parses).
    func mutate(_ kind: ScenarioMutation, bytes: Data, tree: FuzzTree?) -> Data {
        switch kind {
        case .truncate:
            return bytes.prefix(random.int(0...max(bytes.count - 1, 0)))
        case .invalidUTF8:
            var copy = bytes
            let bad: [[UInt8]] = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xF0, 0x9F], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x80]]
            copy.insert(contentsOf: random.pick(bad), at: copy.startIndex + random.int(0...copy.count))
            return copy
        case .utf16:
            let text = String(decoding: bytes, as: UTF8.self)
            return text.data(using: random.chance(0.5) ? .utf16 : (random.chance(0.5) ? .utf16BigEndian : .utf16LittleEndian))!
        case .latin1:
            // A Latin-1 export: é, ü, ° and the pound sign as single bytes, invalid in UTF-8.
            var copy = bytes
            let char: UInt8 = random.pick([0xE9, 0xFC, 0xB0, 0xA3, 0xA0])
            copy.insert(char, at: copy.startIndex + random.int(0...copy.count))
            return copy
        case .byteOrderMark:
            return Data([0xEF, 0xBB, 0xBF]) + bytes
        case .crlf:
            return Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        case .deleteLine, .duplicateLine:
            var lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
            guard !lines.isEmpty else { return bytes }
            let i = random.int(0...(lines.count - 1))
            if kind == .deleteLine { lines.remove(at: i) } else { lines.insert(lines[i], at: i) }
            return Data(lines.joined(separator: "\n").utf8)
        case .yamlSyntax:
            var text = String(decoding: bytes, as: UTF8.self)
            let junk = random.pick([":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!float ", "!!binary ", "? ", "|", ">",
                                    "\t", "\u{0}", "%YAML 1.1\n", "---\n", "...\n", "#", "'", "\"", "<<: *a\n", "@", "`"])
            let offset = random.int(0...text.unicodeScalars.count)
            let index = text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: offset)
            text.unicodeScalars.insert(contentsOf: junk.unicodeScalars, at: index)
            return Data(text.utf8)
        case .aliasBomb, .aliasKey:
            // Anchors whose aliases repeat the level below `fanOut` times, `levels` deep: from a
            // few values (accepted) to 10^20 (refused by the value budget), under a key of its own
            // or inside an existing value.
            let levels = random.int(2...12), fanOut = random.int(2...20)
            var lines = ["bomb0: &b0 [\(Array(repeating: "x", count: fanOut).joined(separator: ", "))]"]
            for level in 1..<levels {
                lines.append("bomb\(level): &b\(level) [\(Array(repeating: "*b\(level - 1)", count: fanOut).joined(separator: ", "))]")
            }
            if kind == .aliasKey { lines.append("lookup:\n  ? *b\(random.int(0...(levels - 1)))\n  : 1") }
            var text = lines.joined(separator: "\n") + "\n" + String(decoding: bytes, as: UTF8.self)
            if random.chance(0.5) { text = text.replacingOccurrences(of: "lgd: ", with: "lgd: *b\(levels - 1) # ") }
            return Data(text.utf8)
        case .tagged:
            guard let tree else { return mutate(.truncate, bytes: bytes, tree: nil) }
            return Data(tagged(tree).yaml.utf8)
        case .includeBomb:
            // The include files themselves are written by MutantCase; here the document only
            // gains the first include.
            return Data(("include: fanout-0.yaml\n" + String(decoding: bytes, as: UTF8.self)).utf8)
        default:
            guard var tree else { return mutate(.truncate, bytes: bytes, tree: nil) }
            let steps = kind == .combined ? random.int(2...5) : 1
            for _ in 0..<steps {
                let step = kind == .combined
                    ? random.pick([ScenarioMutation.deleteKey, .swapType, .extremeNumber, .boundaryNumber, .duplicateKey, .renameKey])
                    : kind
                tree = mutateTree(step, tree)
            }
            return Data(tree.yaml.utf8)
        }
    }

    /// `tree` with an explicit YAML tag (supported, unsupported or contradicting) before one scalar.
    private func tagged(_ tree: FuzzTree) -> FuzzTree {
        var copy = tree
        let scalars: [[Int]] = tree.positions.filter { tree[$0].isScalar }
        guard !scalars.isEmpty else { return tree }
        let at = random.pick(scalars)
        guard case .scalar(let text) = tree[at] else { return tree }
        let tags: [String] = ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!binary", "!!timestamp", "!!set", "!!omap",
                              "!", "!custom", "!!python/object:os.system", "!<tag:yaml.org,2002:str>", "!!map", "!!seq"]
        copy[at] = .scalar(random.pick(tags) + " " + text)
        return copy
    }

    private func mutateTree(_ kind: ScenarioMutation, _ tree: FuzzTree) -> FuzzTree {
        var tree = tree
        let all = tree.positions
        let scalars = all.filter { tree[$0].isScalar }
        let containers = all.filter { tree[$0].isContainer }
        switch kind {
        case .deleteKey:
            let maps = containers.filter { if case .map(let e) = tree[$0], !e.isEmpty { return true } else { return false } }
            guard let at = maps.isEmpty ? nil : random.pick(maps), case .map(var entries) = tree[at] else { return tree }
            entries.remove(at: random.int(0...(entries.count - 1)))
            tree[at] = .map(entries)
        case .swapType:
            guard let at = all.count > 1 ? random.pick(Array(all.dropFirst())) : nil else { return tree }
            tree[at] = .scalar(random.pick(typeSwaps))
        case .extremeNumber:
            let numeric = scalars.filter { if case .scalar(let s) = tree[$0] { return Double(s) != nil } else { return false } }
            let candidates = numeric.isEmpty ? scalars : numeric
            guard !candidates.isEmpty else { return tree }
            tree[random.pick(candidates)] = .scalar(random.pick(extremeLiterals))
        case .boundaryNumber:
            let numeric = scalars.compactMap { at -> ([Int], Double)? in
                if case .scalar(let s) = tree[at], let x = Double(s) { return (at, x) } else { return nil }
            }
            guard !numeric.isEmpty else { return tree }
            let (at, x) = random.pick(numeric)
            let y = random.pick([x.nextUp, x.nextDown, x * (1 + 1e-9), -x, x + 1, x - 1, x * 10, x / 10, x * 1e6,
                                 x.rounded() + 0.5, 1 - 1e-12, 1e-300, Double.leastNonzeroMagnitude])
            tree[at] = .scalar(FuzzTree.literal(y))
        case .duplicateKey:
            let maps = containers.filter { if case .map(let e) = tree[$0], !e.isEmpty { return true } else { return false } }
            guard let at = maps.isEmpty ? nil : random.pick(maps), case .map(var entries) = tree[at] else { return tree }
            let entry = random.pick(entries)
            let value = random.chance(0.5) ? entry.value : .scalar(random.pick(extremeLiterals))
            entries.insert((entry.key, value), at: random.int(0...entries.count))
            tree[at] = .map(entries)
        case .renameKey:
            let maps = containers.filter { if case .map(let e) = tree[$0], !e.isEmpty { return true } else { return false } }
            guard let at = maps.isEmpty ? nil : random.pick(maps), case .map(var entries) = tree[at] else { return tree }
            let i = random.int(0...(entries.count - 1))
            let key = entries[i].key
            entries[i].key = random.pick([key.uppercased(), key + "s", String(key.dropLast()), " " + key, key + " ",
                                          "", "include", "sweep", "name", "<<", key + "\n", "\u{FEFF}" + key])
            tree[at] = .map(entries)
        case .deepNesting:
            let depth = random.size(2...3000)
            let at = random.pick(all)
            var value = tree[at]
            for _ in 0..<depth { value = random.chance(0.5) ? .list([value]) : .map([("k", value)]) }
            tree[at] = value
        case .hugeList:
            let n = random.size(100...100_000)
            let at = random.pick(all)
            let element: FuzzTree
            if case .list(let items) = tree[at], let first = items.first { element = first } else { element = .scalar(random.pick(["0.5", "1", "\"x\"", "{}"])) }
            tree[at] = .list(Array(repeating: element, count: n))
        default:
            break
        }
        return tree
    }
}

/// A loan tape as rows of fields, and the damage done to it.
struct TapeMutator {
    let random: FuzzRandom

    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static func text(_ rows: [[String]], lineEnd: String = "\n") -> String {
        rows.map { $0.joined(separator: ",") }.joined(separator: lineEnd) + lineEnd
    }

    func mutate(_ kind: TapeMutation, original: String) -> Data {
        var rows = Self.rows(original)
        // Most kinds work on a small tape so a run stays quick; the row count is a mutation of its own.
        if kind != .manyRows && rows.count > 40 && random.chance(0.8) { rows = Array(rows.prefix(random.int(2...40))) }
        let width = rows.first?.count ?? 0
        func randomRow() -> Int { random.int(1...max(rows.count - 1, 1)) }
        func setField(_ column: Int, _ value: String) {
            guard rows.count > 1, column < width else { return }
            let r = randomRow()
            if column < rows[r].count { rows[r][column] = value }
        }
        switch kind {
        case .missingColumn:
            let c = random.int(0...max(width - 1, 0))
            for r in rows.indices where c < rows[r].count { rows[r].remove(at: c) }
        case .extraColumn:
            let name = random.pick(["extra", "Exposure", " pd ", "", "id2", "lgd%", "\"quoted\""])
            for r in rows.indices { rows[r].append(r == 0 ? name : random.pick(["1", "", "x"])) }
        case .repeatedColumn:
            let c = random.int(0...max(width - 1, 0))
            for r in rows.indices where c < rows[r].count { rows[r].append(rows[r][c]) }
        case .quotedFields:
            for r in rows.indices {
                for c in rows[r].indices where random.chance(0.5) {
                    let inner = random.pick([rows[r][c], rows[r][c] + ",x", "a\"\"b", rows[r][c] + "\n", " " + rows[r][c] + " ", ""])
                    rows[r][c] = "\"" + inner + "\""
                }
            }
            if random.chance(0.2) { setField(random.int(0...max(width - 1, 0)), random.pick(["\"unterminated", "a\"b", "\"x\"y"])) }
        case .byteOrderMark:
            return Data([0xEF, 0xBB, 0xBF]) + Data(Self.text(rows, lineEnd: random.pick(["\n", "\r\n"])).utf8)
        case .crlf:
            return Data(Self.text(rows, lineEnd: random.pick(["\r\n", "\r\n", "\r"])).utf8)
        case .emptyFile:
            return Data(random.pick(["", "\n", "\r\n", "\u{FEFF}", " ", ",,,\n"]).utf8)
        case .headerOnly:
            rows = Array(rows.prefix(1))
        case .nonFinite, .negativeExposure, .absurdExposure, .badProbability:
            let values: [String]
            switch kind {
            case .nonFinite: values = ["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-1e999", "+inf", "0x1p3"]
            case .negativeExposure: values = ["-1", "-0", "-1e-320", "-1e12", "-0.0"]
            case .absurdExposure: values = ["1e12", "1e13", "1.0000000001e13", "1e308", "4.9e-324", "0", "99999999999999999999"]
            default: values = ["0", "1", "1.0", "1.0000001", "-0.1", "2", "1e-320", "0.999999999999", " 0.5", "0.5 ", "5%", "0,5"]
            }
            for _ in 0..<random.int(1...3) { setField(random.int(1...max(width - 1, 1)), random.pick(values)) }
        case .manyRows:
            let n = random.size(1_000...200_000)
            let template = rows.count > 1 ? Array(rows[1...]) : [["L", "1000", "0.01"]]
            var out = [rows.first ?? ["id", "exposure", "pd"]]
            out.reserveCapacity(n + 1)
            for i in 0..<n {
                var row = template[i % template.count]
                if !row.isEmpty { row[0] = "L\(i)" }
                out.append(row)
            }
            rows = out
        case .raggedRow:
            if rows.count > 1 {
                let r = randomRow()
                if random.chance(0.5) { rows[r].append("9") } else if !rows[r].isEmpty { rows[r].removeLast() }
            }
        case .optionalColumns:
            // Adds a documented optional column with a value that is valid, borderline or invalid.
            let (name, values): (String, [String]) = random.pick([
                ("lgd", ["0", "1", "0.45", "1.5", "-0", "nan"]),
                ("lgd_sd", ["0", "0.2", "0.5", "0.49999", "1e-200", "1e-300", "0.6"]),
                ("term_years", ["1", "100", "101", "0", "1.5", "30"]),
                ("first_loan", ["0", "1", "true", "yes", ""]),
                ("stage", ["seed", "growth", "other", ""]),
                ("product", ["credit", "", "x\"y"]),
                ("interest_rate", ["0", "1", "0.05", "2"]),
            ])
            let fixed = random.chance(0.5) ? random.pick(values) : nil
            for r in rows.indices { rows[r].append(r == 0 ? name : (fixed ?? random.pick(values))) }
        case .truncate:
            let data = Data(Self.text(rows).utf8)
            return data.prefix(random.int(0...max(data.count - 1, 0)))
        case .invalidUTF8:
            var data = Data(Self.text(rows).utf8)
            data.insert(contentsOf: random.pick([[0xFF], [0xE9], [0xC3, 0x28]] as [[UInt8]]), at: random.int(0...data.count))
            return data
        case .blankLines:
            for _ in 0..<random.int(1...3) { rows.insert(random.pick([[""], [" "], ["", "", ""]]), at: random.int(1...max(rows.count, 1))) }
        }
        return Data(Self.text(rows).utf8)
    }
}
