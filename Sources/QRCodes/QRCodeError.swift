/// Why a text could not be encoded as a QR code.
public struct QRCodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong; an extensible set of stable codes.
    public struct Code: RawRepresentable, Sendable, Hashable {
        /// The stable code (`qr.too-long`).
        public var rawValue: String

        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The text is empty or contains a NUL character, which a C string cannot carry.
        public static let invalidInput = Code(rawValue: "qr.invalid-input")
        /// The text does not fit in the largest QR code (version 40) at the chosen correction level.
        public static let tooLong = Code(rawValue: "qr.too-long")
        /// libqrencode failed for another reason (out of memory).
        public static let encoderFailed = Code(rawValue: "qr.encoder-failed")
    }

    /// What went wrong.
    public var code: Code
    /// A sentence a person can act on.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
