extension QRCode {
    /// The symbol as a standalone SVG document: a white background and one black
    /// `<path>` of rectangles, one per horizontal run of dark modules.
    ///
    /// The output depends only on the symbol and the arguments, so it suits golden tests.
    /// - Parameters:
    ///   - moduleSize: the side of one module, in SVG user units (pixels).
    ///   - quietZone: light modules around the symbol (the standard asks for 4).
    public func svg(moduleSize: Int = 8, quietZone: Int = 4) -> String {
        let unit = max(1, moduleSize)
        let margin = max(0, quietZone)
        let side = (size + 2 * margin) * unit
        var path = ""
        for row in 0..<size {
            var column = 0
            while column < size {
                guard modules[row][column] else {
                    column += 1
                    continue
                }
                let start = column
                while column < size, modules[row][column] { column += 1 }
                let width = (column - start) * unit
                path += "M\((start + margin) * unit) \((row + margin) * unit)h\(width)v\(unit)h-\(width)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(side)" height="\(side)" viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges">
            <rect width="\(side)" height="\(side)" fill="#fff"/>
            <path fill="#000" d="\(path)"/>
            </svg>

            """
    }
}
