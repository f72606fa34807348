import Foundation

/// Writes `Encodable` values as the JSON that Foundation's `JSONEncoder` with
/// `.sortedKeys` writes, byte for byte, several times faster: the runner encodes an
/// execution state and the messages of every step, and Foundation's encoder (which builds
/// a tree of boxed values first) cost more than the interpreter step itself.
///
/// Values are written straight into one byte buffer; an object's members are written in
/// the order they come and put in key order when the object is complete. The shapes it
/// does not handle — a nested container or a super-encoder asked for by hand, `Decimal`,
/// a key given twice, a number that is not finite — make ``encode(_:)`` hand the whole
/// value to Foundation's encoder, so the output (or the error) is always Foundation's.
///
/// Formats, as Foundation's: keys sorted by their UTF-8 bytes; `/` escaped as `\/`;
/// control characters as `\b \f \n \r \t` or `\u00XX`; numbers as Swift prints them, a
/// trailing `.0` dropped; `Date` as its seconds since 2001; `Data` in base64; `URL` as its
/// absolute string.
struct CompactJSONEncoder: Sendable {
    /// The fallback, configured as the output is.
    private let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    /// The JSON of `value`.
    func encode(_ value: some Encodable) throws -> Data {
        if let data = try Self.compactJSON(of: value) { return data }
        return try foundation.encode(value)
    }

    /// The JSON of `value` written here; nil when it takes Foundation's encoder.
    static func compactJSON(of value: some Encodable) throws -> Data? {
        let sink = JSONSink()
        do {
            try sink.write(value, parent: nil, key: nil)
            return Data(sink.bytes)
        } catch is JSONSink.Unsupported {
            return nil
        }
    }
}

/// The buffer an encoding writes to, and the writing of single values.
private final class JSONSink {
    /// A shape left to Foundation's encoder.
    struct Unsupported: Error {}

    var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1_024)
    }

    /// Writes `value` at the end of the buffer.
    func write<Value: Encodable>(_ value: Value, parent: ValueEncoder?, key: (any CodingKey)?) throws {
        // Comparing types is cheaper than trying casts, and most values are neither.
        if Value.self == String.self, let string = value as? String {
            write(string)
        } else if Value.self == Int.self, let int = value as? Int {
            write(raw: String(int))
        } else if Value.self == Double.self, let double = value as? Double {
            try write(double)
        } else if Value.self == Bool.self, let bool = value as? Bool {
            write(raw: bool ? "true" : "false")
        } else if Value.self == Date.self, let date = value as? Date {
            try write(date.timeIntervalSinceReferenceDate)
        } else if Value.self == Data.self, let data = value as? Data {
            write(data.base64EncodedString())
        } else if Value.self == URL.self, let url = value as? URL {
            write(url.absoluteString)
        } else if Value.self == Decimal.self {
            throw Unsupported()
        } else {
            let encoder = ValueEncoder(sink: self, parent: parent, key: key)
            try value.encode(to: encoder)
            try encoder.finish()
        }
    }

    func write(raw text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    func write(literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    func write(_ double: Double) throws {
        guard double.isFinite else { throw Unsupported() }
        var text = double.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        write(raw: text)
    }

    func write(_ float: Float) throws {
        guard float.isFinite else { throw Unsupported() }
        var text = float.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        write(raw: text)
    }

    func writeNull() {
        write(literal: "null")
    }

    /// A JSON string, escaped as Foundation escapes it.
    func write(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var run = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<index]))
                run = index + 1
                switch byte {
                case UInt8(ascii: "\""): write(literal: "\\\"")
                case UInt8(ascii: "\\"): write(literal: "\\\\")
                case UInt8(ascii: "/"): write(literal: "\\/")
                case 0x08: write(literal: "\\b")
                case 0x0C: write(literal: "\\f")
                case 0x0A: write(literal: "\\n")
                case 0x0D: write(literal: "\\r")
                case 0x09: write(literal: "\\t")
                default:
                    write(literal: "\\u00")
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

/// The encoder of one value: it lets the value ask for one container and closes it.
private final class ValueEncoder: Encoder {
    enum Shape {
        case none
        case single
        /// An object, starting at `start`; its members are in `members`.
        case keyed
        /// An array; `count` elements were written.
        case unkeyed
        /// It asked for what only Foundation's encoder writes.
        case unsupported
    }

    let sink: JSONSink
    /// The encoder of the value this one is a member or element of, and its key there:
    /// the coding path, made only when asked for.
    private let parent: ValueEncoder?
    private let key: (any CodingKey)?
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var shape = Shape.none
    private var start = 0
    private var members: [(key: String, range: Range<Int>)] = []
    private(set) var count = 0

    init(sink: JSONSink, parent: ValueEncoder?, key: (any CodingKey)?) {
        self.sink = sink
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var encoder: ValueEncoder? = self
        while let current = encoder {
            if let key = current.key { path.append(key) }
            encoder = current.parent
        }
        return path.reversed()
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .none = shape {
            shape = .keyed
            start = sink.bytes.count
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .none = shape {
            sink.bytes.append(UInt8(ascii: "["))
            shape = .unkeyed
        }
        return UnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self)
    }

    /// Writes `value` as a member or element of this one's.
    func write<Value: Encodable>(_ value: Value, at key: (any CodingKey)?) throws {
        try sink.write(value, parent: self, key: key)
    }

    /// Closes what the value wrote: sorts an object's members, ends an array.
    func finish() throws {
        switch shape {
        case .unsupported:
            throw JSONSink.Unsupported()
        case .none:
            sink.write(raw: "{}")
        case .single:
            break
        case .unkeyed:
            sink.bytes.append(UInt8(ascii: "]"))
        case .keyed:
            members.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (earlier, later) in zip(members, members.dropFirst()) where earlier.key == later.key {
                throw JSONSink.Unsupported()
            }
            let values = Array(sink.bytes[start...])
            sink.bytes.removeSubrange(start...)
            sink.bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { sink.bytes.append(UInt8(ascii: ",")) }
                sink.write(member.key)
                sink.bytes.append(UInt8(ascii: ":"))
                sink.bytes.append(contentsOf: values[(member.range.lowerBound - start)..<(member.range.upperBound - start)])
            }
            sink.bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Writes one member of the object, by `write`.
    func member(_ key: some CodingKey, _ write: () throws -> Void) throws {
        guard case .keyed = shape else { throw JSONSink.Unsupported() }
        let from = sink.bytes.count
        try write()
        members.append((key.stringValue, from..<sink.bytes.count))
    }

    /// Writes one element of the array, by `write`.
    func element(_ write: () throws -> Void) throws {
        guard case .unkeyed = shape else { throw JSONSink.Unsupported() }
        if count > 0 { sink.bytes.append(UInt8(ascii: ",")) }
        try write()
        count += 1
    }

    /// Writes the single value, by `write`.
    func single(_ write: () throws -> Void) throws {
        guard case .none = shape else { throw JSONSink.Unsupported() }
        shape = .single
        try write()
    }

    /// Marks the value as one for Foundation's encoder; returns a throwaway encoder for the container asked for.
    func handOver() -> ValueEncoder {
        shape = .unsupported
        return ValueEncoder(sink: JSONSink(), parent: nil, key: nil)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil(forKey key: Key) throws { try encoder.member(key) { encoder.sink.writeNull() } }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try encoder.member(key) { encoder.sink.write(raw: value ? "true" : "false") } }
    mutating func encode(_ value: String, forKey key: Key) throws { try encoder.member(key) { encoder.sink.write(value) } }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encoder.member(key) { try encoder.sink.write(value) } }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encoder.member(key) { try encoder.sink.write(value) } }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encoder.member(key) { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encoder.member(key) { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encoder.member(key) { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encoder.member(key) { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encoder.member(key) { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encoder.member(key) { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encoder.member(key) { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encoder.member(key) { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encoder.member(key) { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encoder.member(key) { encoder.sink.write(raw: String(value)) } }

    mutating func encode<Value: Encodable>(_ value: Value, forKey key: Key) throws {
        try encoder.member(key) { try encoder.write(value, at: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.handOver().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        encoder.handOver().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.handOver()
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder()
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.count }

    mutating func encodeNil() throws { try encoder.element { encoder.sink.writeNull() } }
    mutating func encode(_ value: Bool) throws { try encoder.element { encoder.sink.write(raw: value ? "true" : "false") } }
    mutating func encode(_ value: String) throws { try encoder.element { encoder.sink.write(value) } }
    mutating func encode(_ value: Double) throws { try encoder.element { try encoder.sink.write(value) } }
    mutating func encode(_ value: Float) throws { try encoder.element { try encoder.sink.write(value) } }
    mutating func encode(_ value: Int) throws { try encoder.element { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: Int64) throws { try encoder.element { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: UInt64) throws { try encoder.element { encoder.sink.write(raw: String(value)) } }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        try encoder.element { try encoder.write(value, at: ElementKey(count)) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder.handOver().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        encoder.handOver().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        encoder.handOver()
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { try encoder.single { encoder.sink.writeNull() } }
    mutating func encode(_ value: Bool) throws { try encoder.single { encoder.sink.write(raw: value ? "true" : "false") } }
    mutating func encode(_ value: String) throws { try encoder.single { encoder.sink.write(value) } }
    mutating func encode(_ value: Double) throws { try encoder.single { try encoder.sink.write(value) } }
    mutating func encode(_ value: Float) throws { try encoder.single { try encoder.sink.write(value) } }
    mutating func encode(_ value: Int) throws { try encoder.single { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: Int8) throws { try encoder.single { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: Int16) throws { try encoder.single { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: Int32) throws { try encoder.single { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: Int64) throws { try encoder.single { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: UInt) throws { try encoder.single { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: UInt8) throws { try encoder.single { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: UInt16) throws { try encoder.single { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: UInt32) throws { try encoder.single { encoder.sink.write(raw: String(value)) } }
    mutating func encode(_ value: UInt64) throws { try encoder.single { encoder.sink.write(raw: String(value)) } }

    mutating func encode<Value: Encodable>(_ value: Value) throws {
        try encoder.single { try encoder.sink.write(value, parent: encoder, key: nil) }
    }
}

/// The coding key of an array element.
private struct ElementKey: CodingKey {
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
    let index: Int

    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.index = intValue }
}
