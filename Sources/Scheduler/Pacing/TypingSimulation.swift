/// How long a sender "types" before a paced message goes out: proportional to the text,
/// within bounds.
///
/// 50 ms a character is a brisk typist (about 240 characters a minute); at least 1 second
/// so that even "ok" shows the indicator, at most 8 seconds so that a long text does not
/// hold the sender back for a minute.
public struct TypingSimulation: Sendable, Hashable {
    /// Typing time per character.
    public let perCharacter: Duration
    /// The shortest typing time.
    public let minimum: Duration
    /// The longest typing time.
    public let maximum: Duration
    private let perCharacterSeconds: Double
    private let minimumSeconds: Double
    /// The longest typing time in seconds, for the dispatcher's arithmetic.
    let maximumSeconds: Double

    /// Creates a typing model.
    public init(perCharacter: Duration, minimum: Duration, maximum: Duration) {
        self.perCharacter = max(.zero, perCharacter)
        self.minimum = max(.zero, minimum)
        self.maximum = max(self.minimum, maximum)
        perCharacterSeconds = self.perCharacter.timeInterval
        minimumSeconds = self.minimum.timeInterval
        maximumSeconds = self.maximum.timeInterval
    }

    /// 50 ms a character, between 1 and 8 seconds.
    public static let standard = TypingSimulation(perCharacter: .milliseconds(50), minimum: .seconds(1), maximum: .seconds(8))

    /// The typing time for a text of `characters` characters, to the millisecond.
    public func duration(forCharacters characters: Int) -> Duration {
        .rounded(seconds: seconds(forCharacters: characters))
    }

    /// The typing time for `text`, counted in user-perceived characters.
    public func duration(for text: String) -> Duration {
        duration(forCharacters: text.count)
    }

    /// The typing time in seconds: what the dispatcher adds to a start to get the send.
    func seconds(forCharacters characters: Int) -> Double {
        min(maximumSeconds, max(minimumSeconds, perCharacterSeconds * Double(max(0, characters))))
    }
}
