/// What one scenario load may spend, shared by the scenario file and everything it includes:
/// values after expanding YAML aliases, included documents and bytes read. The standard limits
/// are far above any real scenario (the largest shipped one holds a few thousand values) and far
/// below what would take minutes or gigabytes.
public struct LoadBudget: Sendable {
    /// The limits of every load: 2,000,000 values, 256 documents, 64 MiB.
    public static let standard = LoadBudget(values: 2_000_000, documents: 256, bytes: 64 << 20)

    /// Values (scalars, lists and maps, each alias counted as the values it repeats) in the
    /// scenario and its includes together.
    public let maximumValues: Int
    /// Documents read for one scenario: the file itself and every include, counting a file
    /// included twice twice.
    public let maximumDocuments: Int
    /// Bytes of the scenario file and its includes together; a single file has the same limit.
    public let maximumBytes: Int

    /// The memory the loan tapes and their book may take; nil for what the system allows
    /// (`MemoryBudget.limit()`). Tests set a small one.
    public var memoryLimit: MemoryBudget.Limit?

    /// What is left.
    var values: Int
    var documents: Int
    var bytes: Int

    public init(values: Int, documents: Int, bytes: Int) {
        maximumValues = values
        maximumDocuments = documents
        maximumBytes = bytes
        self.values = values
        self.documents = documents
        self.bytes = bytes
    }
}
