import Foundation
import RiskShareSupport

/// Loans read from a CSV loan tape. Required columns: `id,exposure,pd`; optional: `lgd`,
/// `lgd_sd`, `term_years`, `first_loan` (0/1), `stage`, `product`, `interest_rate`. A column
/// missing from the file takes the segment's value.
public struct LoanTape: Sendable {
    public var file: String
    /// Loan identifiers, in tape order.
    public var ids: LoanIDs
    public var exposure: [Double]
    public var pd: [Double]
    public var lgdMean: [Double]?
    public var lgdSD: [Double]?
    public var termYears: [Int]?
    public var firstLoan: [Bool]?
    public var stage: [String]?
    public var product: [String]?
    public var interestRate: [Double]?

    public var count: Int { ids.count }
    public var hasLGD: Bool { lgdMean != nil }

    static let required = ["id", "exposure", "pd"]
    static let optional = ["lgd", "lgd_sd", "term_years", "first_loan", "stage", "product", "interest_rate"]

    /// Largest loan tape read (checked from the file's size before reading).
    public static let maximumBytes = 8 << 30
    /// Most loans in one tape (the limit of the whole book).
    public static let maximumLoans = 50_000_000

    /// Parses CSV text held in memory. `file` is the name used in messages.
    public static func parse(text: String, file: String) throws -> LoanTape {
        var hasher = SHA256()
        return try LoanTapeReader.read(bytes: Array(text.utf8), file: file, hasher: &hasher)
    }
}

/// The identifiers of a tape's loans, stored back to back as UTF-8 (each preceded by its length
/// as a LEB128 varint): about one byte per character, where an array of `String` takes 16 bytes
/// per loan plus a heap block for every identifier longer than 15 bytes. Identifiers are only
/// read for messages, so reading one walks the storage from the start.
public struct LoanIDs: Sendable, Equatable {
    private var storage: [UInt8] = []
    /// Number of identifiers.
    public private(set) var count = 0

    public init() {}

    /// Bytes reserved for the identifiers.
    var storageBytes: Int { storage.capacity }
    /// Bytes the identifiers take (what is resident: the reserve beyond it is never touched).
    public var byteCount: Int { storage.count }

    mutating func reserve(bytes: Int) { storage.reserveCapacity(bytes) }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        var length = bytes.count
        repeat {
            storage.append(UInt8(length & 0x7F) | (length >= 0x80 ? 0x80 : 0))
            length >>= 7
        } while length > 0
        storage.append(contentsOf: bytes)
        count += 1
    }

    mutating func append(_ id: String) {
        var id = id
        id.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Identifier `index` (0-based); O(index).
    public subscript(index: Int) -> String { identifiers([index])[0] }

    /// Every identifier, in tape order.
    public var all: [String] { identifiers(Array(0..<count)) }

    /// The identifiers of `rows` (0-based, any order), in one pass over the storage.
    /// - Parameter rows: tape rows, each in 0..<count.
    /// - Returns: the identifier of each row, in the order of `rows`.
    public func identifiers(_ rows: [Int]) -> [String] {
        precondition(rows.allSatisfy { $0 >= 0 && $0 < count })
        let wanted = rows.indices.sorted { rows[$0] < rows[$1] }
        var result = [String](repeating: "", count: rows.count)
        var offset = 0, i = 0, next = 0
        while next < wanted.count {
            var length = 0, shift = 0
            while true {
                let byte = storage[offset]
                offset += 1
                length |= Int(byte & 0x7F) << shift
                shift += 7
                if byte < 0x80 { break }
            }
            while next < wanted.count, rows[wanted[next]] == i {
                result[wanted[next]] = String(decoding: storage[offset..<(offset + length)], as: UTF8.self)
                next += 1
            }
            offset += length
            i += 1
        }
        return result
    }
}
