import QRCodes

/// Shows QR values as they rotate: on a terminal, redraws the code in place; otherwise
/// (a pipe, a log) prints each raw value on its own line, since escape codes and block
/// art would only garble the output.
struct QRCodeDisplay {
    /// Where to write.
    let output: Terminal
    /// Whether `output` is a terminal.
    let isTerminal: Bool
    /// Draw ink for light modules (for light-on-dark terminals).
    let inverted: Bool
    /// The line shown under the code (how to scan it).
    let caption: String
    /// How many lines the last drawing took, to move back over them.
    private var drawnLines = 0

    /// Creates a display that has drawn nothing yet.
    init(output: Terminal, isTerminal: Bool, inverted: Bool, caption: String) {
        self.output = output
        self.isTerminal = isTerminal
        self.inverted = inverted
        self.caption = caption
    }

    /// Shows `value`, replacing the code shown before.
    mutating func show(_ value: String) {
        guard isTerminal else {
            if drawnLines == 0 { output.write(caption + "\n") }
            drawnLines += 1
            output.write("QR code: \(value)\n")
            return
        }
        let drawing: String
        do {
            drawing = try QRCode(encoding: value).terminalRendering(quietZone: 2, inverted: inverted)
        } catch {
            drawing = "(cannot draw the QR code: \(error.message))\nQR code: \(value)\n"
        }
        clear()
        let text = drawing + caption + "\n"
        output.write(text)
        drawnLines = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
    }

    /// Erases the last drawing on a terminal (moves up over it and clears to the end).
    mutating func clear() {
        guard isTerminal, drawnLines > 0 else { return }
        output.write("\u{1B}[\(drawnLines)F\u{1B}[J")
        drawnLines = 0
    }
}
