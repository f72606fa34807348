import CCurl
import Foundation

extension HTTPResponse {
    /// The delay a 429 (Too Many Requests) or 503 (Service Unavailable) response asks for
    /// in `Retry-After`, measured from now; `nil` for other statuses or a missing or
    /// unreadable header.
    public var retryAfter: Duration? {
        retryAfter(now: Date())
    }

    /// The delay a 429 or 503 response asks for in `Retry-After`, measured from `now`.
    ///
    /// Accepts both forms of RFC 9110 §10.2.3: delay-seconds ("120") and an HTTP-date
    /// ("Wed, 21 Oct 2015 07:28:00 GMT", also the obsolete RFC 850 and asctime forms).
    /// A date in the past gives `.zero`.
    public func retryAfter(now: Date) -> Duration? {
        guard status == 429 || status == 503,
            let value = header("Retry-After")?.trimmingCharacters(in: .whitespaces), !value.isEmpty
        else { return nil }
        if value.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            // An absurdly long number still means "a very long time", not "unreadable".
            return .seconds(Int64(value) ?? Int64.max)
        }
        // curl_getdate parses exactly the date forms HTTP allows and is thread-safe.
        let seconds = curl_getdate(value, nil)
        guard seconds != -1 else { return nil }
        let delay = Double(seconds) - now.timeIntervalSince1970
        return delay > 0 ? .milliseconds(Int64((delay * 1000).rounded(.up))) : .zero
    }
}
