import Foundation
@testable import RiskShareSupport
import Testing

/// Output files are written all or nothing, through links, directly into special files, and a
/// failure says what the system said and leaves no temporary file behind.
@Suite struct FileOutputTests {
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "riskshare-output-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    static func kind(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & S_IFMT
    }

    /// Files of `directory` whose names mark them as temporaries or backups.
    static func leftovers(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.contains(".partial-") }
    }

    @Test("a symbolic link is written through: the file it names is replaced and the link stays a link")
    func throughSymlink() throws {
        let d = Self.folder()
        try "old".write(toFile: d + "/real.csv", atomically: true, encoding: .utf8)
        #expect(symlink("real.csv", d + "/link.csv") == 0)
        try FileOutput.write("new", to: d + "/link.csv")
        #expect(Self.kind(d + "/link.csv") == S_IFLNK)
        #expect(Self.read(d + "/real.csv") == "new")
        // A dangling link creates the file it names.
        #expect(symlink("later.csv", d + "/dangling.csv") == 0)
        try FileOutput.write("made", to: d + "/dangling.csv")
        #expect(Self.kind(d + "/dangling.csv") == S_IFLNK)
        #expect(Self.read(d + "/later.csv") == "made")
        #expect(Self.leftovers(d).isEmpty)
    }

    @Test("a named pipe is written into, not replaced by a regular file")
    func namedPipe() async throws {
        let d = Self.folder()
        let pipe = d + "/pipe"
        #expect(mkfifo(pipe, 0o644) == 0)
        let reader = Task.detached { () -> String in
            let handle = FileHandle(forReadingAtPath: pipe)!
            return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        }
        try FileOutput.write("through the pipe", to: pipe)
        #expect(await reader.value == "through the pipe")
        #expect(Self.kind(pipe) == S_IFIFO)
    }

    @Test("a character device is written into: /dev/null stays a device, /dev/full reports a full disk")
    func devices() throws {
        try FileOutput.write("discarded", to: "/dev/null")
        #expect(Self.kind("/dev/null") == S_IFCHR)
        let d = Self.folder()
        #expect(throws: FileOutput.Failure(path: "/dev/full", reason: String(cString: strerror(ENOSPC)))) {
            try FileOutput.writeAll([(d + "/a.txt", "a"), ("/dev/full", "b")])
        }
        // The set was not written: the regular file's temporary is gone and it never appeared.
        #expect(!FileManager.default.fileExists(atPath: d + "/a.txt"))
        #expect(Self.leftovers(d).isEmpty)
    }

    @Test("a folder as an output is refused")
    func folderRefused() {
        let d = Self.folder()
        #expect(throws: FileOutput.Failure(path: d, reason: "is a directory")) { try FileOutput.write("x", to: d) }
    }

    @Test("when a rename fails, the files renamed before it get their earlier contents back and new ones disappear")
    func allOrNothing() throws {
        let d = Self.folder()
        try "earlier a".write(toFile: d + "/a.txt", atomically: true, encoding: .utf8)
        try "earlier c".write(toFile: d + "/c.txt", atomically: true, encoding: .utf8)
        var calls = 0
        let failing: FileOutput.Renamer = { from, to in
            calls += 1
            if calls == 3 { errno = EIO; return -1 }
            return rename(from, to)
        }
        let outputs = ["a.txt", "b.txt", "c.txt"].map { FileOutput.Output(path: d + "/" + $0, contents: .text("new " + $0)) }
        #expect(throws: FileOutput.Failure(path: d + "/c.txt", reason: String(cString: strerror(EIO)))) {
            try FileOutput.commit(outputs, isCancelled: nil, renamer: failing)
        }
        #expect(Self.read(d + "/a.txt") == "earlier a")
        #expect(!FileManager.default.fileExists(atPath: d + "/b.txt"))
        #expect(Self.read(d + "/c.txt") == "earlier c")
        #expect(Self.leftovers(d).isEmpty, "\(Self.leftovers(d))")
        // Without the failure the whole set is replaced and no backup stays behind.
        try FileOutput.commit(outputs, isCancelled: nil)
        #expect(Self.read(d + "/a.txt") == "new a.txt" && Self.read(d + "/b.txt") == "new b.txt" && Self.read(d + "/c.txt") == "new c.txt")
        #expect(Self.leftovers(d).isEmpty)
    }

    @Test("two outputs that are the same file are refused, however the path is written")
    func sameFileTwice() throws {
        let d = Self.folder()
        try FileManager.default.createDirectory(atPath: d + "/sub", withIntermediateDirectories: true)
        #expect(symlink(d + "/sub", d + "/alias") == 0)
        try FileOutput.checkDistinct([("report", d + "/sub/r.json"), ("paths", d + "/sub/p.csv")])
        for other in [d + "/sub/../sub/r.json", d + "/alias/r.json"] {
            #expect(throws: FileOutput.Failure.self) { try FileOutput.checkDistinct([("report", d + "/sub/r.json"), ("--paths-out", other)]) }
        }
        try "x".write(toFile: d + "/sub/r.json", atomically: true, encoding: .utf8)
        #expect(link(d + "/sub/r.json", d + "/hard.json") == 0)
        #expect(throws: FileOutput.Failure(path: d + "/hard.json", reason: "is the same file as report (\(d)/sub/r.json); give each output its own path")) {
            try FileOutput.checkDistinct([("report", d + "/sub/r.json"), ("--paths-out", d + "/hard.json")])
        }
    }

    @Test("a folder that cannot be made names the component and the system's reason")
    func folderFailure() throws {
        let d = Self.folder()
        try "file".write(toFile: d + "/plain", atomically: true, encoding: .utf8)
        #expect(throws: FileOutput.Failure(path: d + "/plain", reason: "is a file, not a folder")) {
            try FileOutput.write("x", to: d + "/plain/inner/r.json")
        }
    }
}
