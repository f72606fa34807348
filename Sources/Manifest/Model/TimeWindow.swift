/// Days and hours during which something may happen, in some timezone.
public struct TimeWindow: Sendable, Hashable {
    /// The days the window opens on.
    public var days: DaySet
    /// Opening time.
    public var from: TimeOfDay
    /// Closing time; earlier than `from` means the window runs overnight.
    public var to: TimeOfDay
    /// Where the window is written.
    public var location: SourceLocation
}
