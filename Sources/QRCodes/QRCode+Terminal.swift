extension QRCode {
    /// The symbol as text for a terminal, two module rows per line with Unicode half
    /// blocks ("█" both dark, "▀" top dark, "▄" bottom dark, " " both light).
    ///
    /// Which way round: a glyph's ink is the terminal's foreground colour. By default ink
    /// marks dark modules, which scans on a dark-on-light terminal (dark text on a light
    /// background). On a light-on-dark terminal pass `inverted: true`: ink then marks the
    /// light modules and the quiet zone, so the symbol reads dark-on-light again.
    /// Every line has the same width and ends with a newline.
    /// - Parameters:
    ///   - quietZone: light modules around the symbol; scanners want some (the standard
    ///     asks for 4, 2 is enough on a screen).
    ///   - inverted: ink for light modules instead of dark ones.
    public func terminalRendering(quietZone: Int = 2, inverted: Bool = false) -> String {
        let margin = max(0, quietZone)
        let range = -margin..<(size + margin)
        var text = ""
        for top in stride(from: range.lowerBound, to: range.upperBound, by: 2) {
            for column in range {
                let upper = isDark(row: top, column: column) != inverted
                // A symbol of odd height plus margins leaves a last half line: light.
                let lower = top + 1 < range.upperBound ? isDark(row: top + 1, column: column) != inverted : false
                switch (upper, lower) {
                case (true, true): text += "█"
                case (true, false): text += "▀"
                case (false, true): text += "▄"
                case (false, false): text += " "
                }
            }
            text += "\n"
        }
        return text
    }
}
