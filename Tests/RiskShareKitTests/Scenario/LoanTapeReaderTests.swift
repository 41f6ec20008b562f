import Foundation
import Testing
@testable import RiskShareKit
import RiskShareSupport
import RiskShareTestSupport

/// Loan tapes are read in one streaming pass of fixed-size chunks straight into their columns:
/// the result never depends on where the chunks cut the file, and the file is checked before it
/// is read.
@Suite struct LoanTapeReaderTests {
    /// Every feature of the dialect: byte-order mark, CRLF, quoted commas, quotes and line breaks,
    /// blank rows, spaces around values, Unicode spaces around text, a last row without a line end.
    static let tricky = "\u{FEFF}id,exposure,pd,product,first_loan\r\n"
        + "A,100,0.1,credit,1\r\n"
        + "\"B,1\", 200 ,0.2,\"ip \"\"pledge\"\"\",0\r\n"
        + "\r\n"
        + "\"C\nline\",300,\"0.3\",\u{3000}park\u{3000},TRUE\n"
        + "   \n"
        + "D,4e2,0,,false"

    static func read(_ text: String, chunk: Int = LoanTapeReader.chunkSize) throws -> LoanTape {
        var hasher = SHA256()
        return try LoanTapeReader.read(bytes: Array(text.utf8), file: "t.csv", hasher: &hasher, chunk: chunk)
    }

    @Test("the dialect's features give the values a reader of the file would see")
    func dialect() throws {
        let tape = try Self.read(Self.tricky)
        #expect(tape.ids.all == ["A", "B,1", "C\nline", "D"])
        #expect(tape.exposure == [100, 200, 300, 400])
        #expect(tape.pd == [0.1, 0.2, 0.3, 0])
        #expect(tape.product == ["credit", "ip \"pledge\"", "park", ""])
        #expect(tape.firstLoan == [true, false, true, false])
        #expect(tape.lgdMean == nil && tape.termYears == nil)
    }

    @Test("chunks of every size from 1 to 64 bytes give the same tape as one chunk")
    func chunkBoundaries() throws {
        let whole = try Self.read(Self.tricky)
        for size in 1...64 {
            let cut = try Self.read(Self.tricky, chunk: size)
            #expect(cut.ids == whole.ids && cut.exposure == whole.exposure && cut.pd == whole.pd
                    && cut.product == whole.product && cut.firstLoan == whole.firstLoan, "chunk size \(size)")
        }
    }

    @Test("errors name the CSV line, counting line breaks inside quoted fields", arguments: [1, 7, LoanTapeReader.chunkSize])
    func lineNumbers(chunk: Int) throws {
        let text = "id,exposure,pd\n\"A\nB\",1,0.1\nC,2,0.2\nD,3,oops\n"
        #expect(throws: ScenarioError(file: "t.csv", path: "column pd", line: 5, value: "\"oops\"", message: "must be a probability in [0, 1]")) {
            try Self.read(text, chunk: chunk)
        }
        #expect(throws: ScenarioError(file: "t.csv", path: "", line: 2, value: nil, message: "has a quote inside an unquoted field")) {
            try Self.read("id,exposure,pd\nA\"x,1,0.1\n", chunk: chunk)
        }
        #expect(throws: ScenarioError(file: "t.csv", path: "", line: 2, value: nil, message: "ends inside a quoted field")) {
            try Self.read("id,exposure,pd\n\"A,1,0.1\n", chunk: chunk)
        }
        #expect(throws: ScenarioError(file: "t.csv", path: "", line: 3, value: nil, message: "is not UTF-8 text")) {
            var hasher = SHA256()
            _ = try LoanTapeReader.read(bytes: Array("id,exposure,pd\nA,1,0.1\n".utf8) + [0x42, 0xFF, 0x2C, 0x31, 0x2C, 0x30, 0x0A],
                                        file: "t.csv", hasher: &hasher, chunk: chunk)
        }
    }

    @Test("a Beta LGD the tape's own columns make impossible is refused at its line, with the loan's id")
    func lgdPairs() {
        do {
            _ = try Self.read("id,exposure,pd,lgd,lgd_sd\nA,1,0.1,0.5,0.2\nB,1,0.1,0.5,0.5\n")
            Issue.record("sd 0.5 with mean 0.5 must be refused")
        } catch let error as ScenarioError {
            #expect(error.line == 3 && error.path == "column lgd_sd" && error.message.contains("loan B"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("identifiers are stored compactly and read back exactly, whatever their length")
    func identifiers() {
        var ids = LoanIDs()
        let samples = ["", "A", String(repeating: "x", count: 127), String(repeating: "y", count: 128), "贷款-2024-深圳-000001",
                       String(repeating: "z", count: 20_000)]
        for id in samples { ids.append(id) }
        #expect(ids.count == samples.count)
        #expect(ids.all == samples)
        #expect(ids[3] == samples[3])
        // One length byte for ids under 128 bytes, two up to 16383, three beyond.
        #expect(ids.storageBytes >= samples.reduce(0) { $0 + $1.utf8.count } + 1 + 1 + 1 + 2 + 1 + 3)
    }

    @Test("columns are reserved once from the counted rows, not grown by doubling")
    func reservedColumns() throws {
        var text = "id,exposure,pd,lgd\n"
        for i in 0..<5000 { text += "L\(i),\(i),0.01,0.4\n" }
        let tape = try Self.read(text, chunk: 4096)
        #expect(tape.count == 5000)
        // Doubling from 1 would leave a capacity of 8192.
        #expect(tape.exposure.capacity < 5100 && tape.pd.capacity < 5100 && tape.lgdMean!.capacity < 5100)
    }

    @Test("SHA-256 of long inputs fed in pieces matches the FIPS 180-2 test vectors")
    func digestVectors() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        for pieces in [1, 3, 64, 1000] {
            var digest = SHA256()
            var start = 0
            let size = (million.count + pieces - 1) / pieces
            while start < million.count {
                million[start..<min(start + size, million.count)].withUnsafeBytes { digest.update($0) }
                start += size
            }
            #expect(digest.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "\(pieces) pieces")
        }
        var bytewise = SHA256()
        bytewise.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8.lazy.map { $0 })
        #expect(bytewise.hexDigest() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("the scenario hash covers the tape's bytes exactly as read")
    func hashCoversTape() throws {
        let tape = "id,exposure,pd\nA,100,0.1\n"
        let yaml = "portfolio:\n  segments:\n    - {name: t, loans_file: loans.csv, lgd: 0.5}\n"
        let scenario = try TestScenarios.load(yaml, files: ["loans.csv": tape])
        var expected = SHA256()
        expected.update(Array(yaml.utf8))
        expected.update(Array(tape.utf8))
        #expect(scenario.source.sha256 == expected.hexDigest())
    }

    @Test("a loan tape that is a folder, a pipe, a device or larger than 8 GiB is refused before reading", arguments: [
        ("folder", "names a loan tape that is a directory, not a regular file"),
        ("pipe.csv", "names a loan tape that is a named pipe (FIFO), not a regular file"),
        ("/dev/zero", "names a loan tape that is a character device, not a regular file"),
        ("huge.csv", "names a loan tape that is 9 GiB; at most 8 GiB is read"),
    ])
    func tapeFileChecks(name: String, message: String) throws {
        let directory = TestScenarios.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/folder", withIntermediateDirectories: true)
        #expect(mkfifo(directory + "/pipe.csv", 0o644) == 0)
        #expect(FileManager.default.createFile(atPath: directory + "/huge.csv", contents: nil))
        #expect(truncate(directory + "/huge.csv", 9 << 30) == 0)
        let file = directory + "/scenario.yaml"
        try "portfolio:\n  segments:\n    - {name: t, loans_file: \(name), lgd: 0.5}\n".write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioLoader.load(file: file)
            Issue.record("expected a refusal")
        } catch let error as ScenarioError {
            #expect(error.path == "portfolio.segments[0].loans_file")
            #expect(error.message.hasPrefix(message), "\(error)")
        }
    }
}
