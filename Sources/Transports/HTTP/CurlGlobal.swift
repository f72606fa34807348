import CCurl

/// libcurl's process-wide initialisation, performed exactly once.
///
/// `curl_global_init` must run before any other libcurl call and must not race with
/// itself. A `static let` is initialised lazily on first access under `swift_once`, which
/// serialises concurrent first callers, so the call happens exactly once per process and
/// its result is immutable afterwards: it records a one-time effect rather than holding
/// mutable global state. There is deliberately no `curl_global_cleanup`: the process
/// exiting releases everything, and calling it while another client is alive would break
/// that client.
enum CurlGlobal {
    /// The result of the one `curl_global_init` call; `CURLE_OK` when libcurl is usable.
    static let initialization: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))
}
