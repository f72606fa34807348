import Mustache

/// The dashboard page served at `/`: senders, campaigns, flows, the latest messages, the
/// applied revision and any configuration error, as server-rendered HTML.
///
/// Pure: a ``DashboardModel`` in, HTML out. The daemon reads the model from the store per
/// request and mounts the page with ``addRoutes(to:at:model:)``. The page reloads itself
/// every ``refreshInterval`` seconds and needs no JavaScript.
public enum Dashboard {
    /// Seconds between the page's own reloads (`<meta http-equiv="refresh">`).
    public static let refreshInterval = 5

    /// The longest message preview shown, in characters; longer ones end with `…`.
    public static let previewLength = 160

    /// Renders the page for `model`.
    ///
    /// Every text in the model is HTML-escaped, quotes included.
    /// - Throws: ``DashboardError`` when the built-in templates do not compile (a bug in this
    ///   module, reported rather than trapped so the daemon keeps serving everything else).
    public static func render(_ model: DashboardModel) throws(DashboardError) -> String {
        let library = try library.get()
        let page = Page(model, refreshSeconds: refreshInterval, previewLength: previewLength)
        guard let html = library.render(page, withTemplate: Markup.root) else {
            throw DashboardError(.templateInvalid, "The dashboard template '\(Markup.root)' is missing")
        }
        return html
    }

    /// The templates, compiled once on first use.
    private static let library: Result<MustacheLibrary, DashboardError> = {
        var library = MustacheLibrary()
        for (name, text) in Markup.templates {
            do {
                try library.register(text, named: name)
            } catch {
                return .failure(DashboardError(.templateInvalid, "The dashboard template '\(name)' does not compile: \(error)"))
            }
        }
        return .success(library)
    }()
}
