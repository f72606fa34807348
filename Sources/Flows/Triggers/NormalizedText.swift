/// The text comparison triggers use, for other modules that must match messages the
/// same way (opt-out words, auto-reply checks).
public enum NormalizedText {
    /// `text` folded (case, accents, width, skin tones) and reduced to its words joined by
    /// single spaces: `"Stop!"` and `" STÖP "` both give `"stop"`.
    public static func phrase(_ text: String) -> String {
        KeywordText.phrase(KeywordText.fold(text))
    }
}
