import Foundation

/// A file opened for reading after the checks a scenario or loan tape needs before a byte is
/// read: it exists, is a regular file (a folder, named pipe or device is refused without being
/// opened, so reading never blocks or runs forever), may be read, and is no larger than the
/// caller's limit. The descriptor is closed when the value goes away. Used for scenario files,
/// loan tapes and shard files.
public final class InputFile {
    /// Why a file cannot be read; `description` completes a sentence starting with the file name.
    public enum Failure: Error, CustomStringConvertible, Equatable, Sendable {
        case missing
        case permissionDenied
        case notRegular(kind: String)
        case tooLarge(bytes: Int, limit: Int)
        case system(code: Int32)

        public var description: String {
            switch self {
            case .missing: return "cannot be read (no such file)"
            case .permissionDenied: return "cannot be read (permission denied)"
            case .notRegular(let kind): return "is \(kind), not a regular file"
            case let .tooLarge(bytes, limit):
                return "is \(InputFile.size(bytes)); at most \(InputFile.size(limit)) is read"
            case .system(let code): return "cannot be read (\(String(cString: strerror(code))))"
            }
        }

        /// The failure for an `errno` left by `stat`, `open` or `read`.
        public static func from(errno code: Int32) -> Failure {
            switch code {
            case ENOENT, ENOTDIR: return .missing
            case EACCES, EPERM: return .permissionDenied
            case EISDIR: return .notRegular(kind: "a directory")
            default: return .system(code: code)
            }
        }
    }

    public let path: String
    /// Size in bytes when opened.
    public let size: Int
    private let descriptor: Int32

    /// Opens `path` for reading, refusing anything but a readable regular file of at most `limit` bytes.
    public init(path: String, limit: Int) throws {
        var info = stat()
        if path.isEmpty || path.contains("\0") { throw Failure.missing }
        guard stat(path, &info) == 0 else { throw Failure.from(errno: errno) }
        if let kind = Self.kind(of: info.st_mode) { throw Failure.notRegular(kind: kind) }
        if Int(info.st_size) > limit { throw Failure.tooLarge(bytes: Int(info.st_size), limit: limit) }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else { throw Failure.from(errno: errno) }
        // The path may have been replaced between stat and open: check what was opened.
        guard fstat(fd, &info) == 0 else { let code = errno; close(fd); throw Failure.system(code: code) }
        if let kind = Self.kind(of: info.st_mode) { close(fd); throw Failure.notRegular(kind: kind) }
        if Int(info.st_size) > limit { close(fd); throw Failure.tooLarge(bytes: Int(info.st_size), limit: limit) }
        self.path = path
        size = Int(info.st_size)
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Reads up to `buffer.count` bytes; 0 at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let n = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw Failure.from(errno: errno) }
        }
    }

    /// Goes back to the first byte.
    public func rewind() throws {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw Failure.from(errno: errno) }
    }

    /// The whole file; refuses it if it grew past `limit` while being read.
    public func readAll(limit: Int) throws -> [UInt8] {
        var data = [UInt8](repeating: 0, count: min(size, limit) + 1)
        var filled = 0
        while true {
            if filled == data.count {
                if data.count > limit { throw Failure.tooLarge(bytes: filled, limit: limit) }
                data.append(contentsOf: repeatElement(0, count: min(max(data.count, 4096), limit + 1 - data.count)))
            }
            let n = try data.withUnsafeMutableBytes { raw in
                try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
            }
            if n == 0 { break }
            filled += n
        }
        if filled > limit { throw Failure.tooLarge(bytes: filled, limit: limit) }
        data.removeLast(data.count - filled)
        return data
    }

    /// A description of a file type other than a regular file, or nil for a regular file.
    public static func kind(of mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    /// Bytes in binary units for messages: 512 bytes, 3.5 KiB, 64 MiB, 1.2 GiB.
    public static func size(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        if unit == 0 { return "\(bytes) bytes" }
        return value == value.rounded() ? "\(Int(value)) \(units[unit])" : String(format: "%.1f %@", value, units[unit])
    }
}
