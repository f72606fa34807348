/// One piece of a parsed ``Template``: literal text or an insertion.
public enum Segment: Sendable, Hashable {
    /// Literal text, emitted unchanged and never escaped; escapes such as `\<<` are already resolved.
    case text(String)
    /// A `<<path | filters>>` insertion, replaced by a value at render time.
    case insertion(Insertion)
}
