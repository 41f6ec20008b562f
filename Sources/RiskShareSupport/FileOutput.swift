import Foundation

/// Writes output files so that each is either complete or absent: text goes to a temporary file
/// in the same folder, which is then renamed over the target.
public enum FileOutput {
    /// Creates `directory` (and parents) if needed.
    public static func makeDirectory(_ directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Writes `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try writeAll([(path, text)])
    }

    /// Writes every file under a temporary name, then renames them all into place. If writing
    /// fails or `isCancelled` turns true before the renames, the temporaries are removed, no
    /// target is touched, and the result is false (cancelled) or an error.
    @discardableResult
    public static func writeAll(_ files: [(path: String, text: String)], isCancelled: (@Sendable () -> Bool)? = nil) throws -> Bool {
        var temporaries: [String] = []
        func cleanUp() { for t in temporaries { try? FileManager.default.removeItem(atPath: t) } }
        for (path, text) in files {
            if isCancelled?() == true { cleanUp(); return false }
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try makeDirectory(directory) }
            let temporary = temporaryName(for: path)
            temporaries.append(temporary)
            guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
                cleanUp()
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        if isCancelled?() == true { cleanUp(); return false }
        for (index, (path, _)) in files.enumerated() where rename(temporaries[index], path) != 0 {
            cleanUp()
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return true
    }

    /// A hidden name next to `path`, unique to this process.
    static func temporaryName(for path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)"
    }
}
