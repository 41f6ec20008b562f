import Foundation

/// Writes a set of output files all or nothing, without ever clobbering what it should not:
///
/// - a regular file (or a missing one) is written under a temporary name in its folder and
///   renamed over the target once every file of the set is complete;
/// - a symbolic link is followed: the file it points to is replaced (the link stays a link);
/// - a device, named pipe or other special file (`/dev/null`, `/dev/stdout`, a shell's `>(...)`)
///   is written directly, after every regular file of the set has been written and before any
///   is renamed; a folder or a socket is refused;
/// - if a rename fails, the targets already renamed get their earlier contents back (kept as
///   hard links until the set is complete), so the set stays as it was;
/// - a write that fails (disk full, read-only file system, permission denied, file-size limit)
///   throws a `FileOutput.Failure` with the path and the system's words, and every temporary
///   file is removed. A process that may hit a file-size limit (`ulimit -f`) must ignore
///   SIGXFSZ (the command line does) so the write fails with EFBIG instead of killing it.
public enum FileOutput {
    /// Why an output could not be written: the path and what the system said.
    public struct Failure: Error, CustomStringConvertible, Equatable, Sendable {
        public var path: String
        /// e.g. "No space left on device", or a sentence of ours ("is a directory").
        public var reason: String

        public var description: String { "\(path): cannot be written: \(reason)" }

        init(path: String, errno code: Int32) {
            self.path = path
            reason = String(cString: strerror(code))
        }

        init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// Creates `directory` (and parents) if needed; a component that cannot be made is a
    /// `Failure` naming it.
    public static func makeDirectory(_ directory: String) throws {
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            var info = stat()
            if stat(prefix, &info) == 0 {
                if info.st_mode & S_IFMT != S_IFDIR { throw Failure(path: prefix, reason: "is a file, not a folder") }
                continue
            }
            if mkdir(prefix, 0o777) != 0 && errno != EEXIST { throw Failure(path: prefix, errno: errno) }
        }
    }

    /// Writes `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try writeAll([(path, text)])
    }

    /// Writes `bytes` to `path` atomically.
    public static func write(bytes: [UInt8], to path: String) throws {
        try commit([Output(path: path, contents: .bytes(bytes))], isCancelled: nil)
    }

    /// Writes every file under a temporary name, then renames them all into place (see the
    /// type's documentation). Returns false, having changed nothing, when `isCancelled` turns true
    /// before the renames.
    @discardableResult
    public static func writeAll(_ files: [(path: String, text: String)], isCancelled: (@Sendable () -> Bool)? = nil) throws -> Bool {
        try commit(files.map { Output(path: $0.path, contents: .text($0.text)) }, isCancelled: isCancelled)
    }

    /// `writeAll` for files of text or bytes, renamed into place in the order given.
    @discardableResult
    public static func writeAll(contents files: [(path: String, contents: Contents)], isCancelled: (@Sendable () -> Bool)? = nil) throws
        -> Bool
    {
        try commit(files.map { Output(path: $0.path, contents: $0.contents) }, isCancelled: isCancelled)
    }

    /// Refuses two outputs that are the same file, before anything is computed: the same path
    /// written two ways (`a/../b`, a symbolic link, a hard link) counts as the same.
    /// - Parameter outputs: (what the output is, e.g. "--paths-out", its path).
    /// - Throws: `FileOutput.Failure` naming both options when two outputs are one file.
    public static func checkDistinct(_ outputs: [(what: String, path: String)]) throws {
        var seen: [(what: String, path: String, key: FileKey)] = []
        for output in outputs {
            let key = FileKey(path: output.path)
            if let earlier = seen.first(where: { $0.key == key }) {
                throw Failure(
                    path: output.path, reason: "is the same file as \(earlier.what) (\(earlier.path)); give each output its own path")
            }
            seen.append((output.what, output.path, key))
        }
    }

    // MARK: Implementation

    /// What a file holds.
    public enum Contents: Sendable {
        case text(String)
        case bytes([UInt8])

        func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            switch self {
            case .bytes(let bytes): return try bytes.withUnsafeBytes(body)
            case .text(var text): return try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
            }
        }
    }

    struct Output {
        var path: String
        var contents: Contents
    }

    /// Where an output goes once links are followed.
    enum Destination {
        /// A regular file, or none yet: replaced by rename. `existed` tells whether to restore it.
        case replace(path: String, existed: Bool)
        /// A device or named pipe: written in place.
        case special(path: String)
    }

    /// `rename(2)`; tests replace it to make a rename fail.
    typealias Renamer = (String, String) -> Int32

    @discardableResult
    static func commit(_ outputs: [Output], isCancelled: (@Sendable () -> Bool)?, renamer: Renamer = { rename($0, $1) }) throws -> Bool {
        try checkDistinct(outputs.map { ("another output", $0.path) })
        var temporaries: [(temporary: String, target: String, existed: Bool)] = []
        func cleanUp() { for t in temporaries { unlink(t.temporary) } }
        var specials: [(path: String, contents: Contents)] = []
        do {
            for output in outputs {
                if isCancelled?() == true { cleanUp(); return false }
                switch try destination(of: output.path) {
                case .special(let path):
                    specials.append((path, output.contents))
                case let .replace(path, existed):
                    let directory = (path as NSString).deletingLastPathComponent
                    if !directory.isEmpty { try makeDirectory(directory) }
                    let temporary = temporaryName(for: path)
                    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
                    guard fd >= 0 else { throw Failure(path: path, errno: errno) }
                    temporaries.append((temporary, path, existed))
                    try write(output.contents, to: fd, path: path)
                }
            }
            if isCancelled?() == true { cleanUp(); return false }
            for special in specials {
                let fd = open(special.path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                guard fd >= 0 else { throw Failure(path: special.path, errno: errno) }
                try write(special.contents, to: fd, path: special.path)
            }
        } catch {
            cleanUp()
            throw error
        }
        try renameAll(temporaries, renamer: renamer)
        return true
    }

    /// Writes all of `contents` to `fd` and closes it; a short or failed write is a `Failure`.
    private static func write(_ contents: Contents, to fd: Int32, path: String) throws {
        var failure: Int32 = 0
        contents.withBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw Failure(path: path, errno: failure) }
    }

    /// Renames every temporary over its target; if one fails, the targets renamed before it get
    /// their earlier contents back (or are removed if they did not exist), and the error is thrown.
    private static func renameAll(_ temporaries: [(temporary: String, target: String, existed: Bool)], renamer: Renamer) throws {
        // Keep each existing target under a second name (a hard link: no copy) until the set is in.
        var backups: [String?] = []
        func discardBackups() { for case let b? in backups { unlink(b) } }
        for t in temporaries {
            guard t.existed else { backups.append(nil); continue }
            let backup = temporaryName(for: t.target) + ".previous"
            unlink(backup)
            if link(t.target, backup) == 0 { backups.append(backup) } else { backups.append(nil) }
        }
        for (k, t) in temporaries.enumerated() where renamer(t.temporary, t.target) != 0 {
            let failure = Failure(path: t.target, errno: errno)
            for i in 0..<k {
                if let backup = backups[i] {
                    rename(backup, temporaries[i].target)
                } else if !temporaries[i].existed {
                    unlink(temporaries[i].target)
                }
            }
            for later in temporaries[k...] { unlink(later.temporary) }
            discardBackups()
            throw failure
        }
        discardBackups()
    }

    /// Follows symbolic links (at most 40) to what `path` names.
    static func destination(of path: String) throws -> Destination {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                // Missing (or below a file that is not a folder: making the folder will say so).
                if errno == ENOENT || errno == ENOTDIR { return .replace(path: current, existed: false) }
                throw Failure(path: path, errno: errno)
            }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(current, &buffer, buffer.count - 1)
                guard n >= 0 else { throw Failure(path: path, errno: errno) }
                let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                current =
                    target.hasPrefix("/")
                    ? target : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
            case S_IFREG: return .replace(path: current, existed: true)
            case S_IFCHR, S_IFIFO, S_IFBLK: return .special(path: current)
            case S_IFDIR: throw Failure(path: path, reason: "is a directory")
            default: throw Failure(path: path, reason: "is a socket or other special file that is not written to")
            }
        }
        throw Failure(path: path, errno: ELOOP)
    }

    /// A hidden name next to `path`, unique to this process.
    static func temporaryName(for path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "." : directory)
            + "/.\((path as NSString).lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// The identity of an output: device and inode when it exists, else its absolute path with
    /// the existing folders' links resolved.
    struct FileKey: Equatable {
        var device: UInt64 = 0, inode: UInt64 = 0
        var path: String = ""

        init(path: String) {
            var info = stat()
            if stat(path, &info) == 0 {
                device = UInt64(info.st_dev)
                inode = UInt64(info.st_ino)
                return
            }
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            let standardized = (absolute as NSString).standardizingPath
            let folder = ((standardized as NSString).deletingLastPathComponent as NSString).resolvingSymlinksInPath
            self.path = (folder as NSString).appendingPathComponent((standardized as NSString).lastPathComponent)
        }
    }
}
