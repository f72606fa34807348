import Foundation
import Testing
import Transports

@Suite("HTTPResponse.retryAfter")
struct HTTPResponseRetryAfterTests {
    /// Wed, 21 Oct 2015 07:28:00 GMT
    let now = Date(timeIntervalSince1970: 1_445_412_480)

    private func response(_ status: Int, retryAfter: String?) -> HTTPResponse {
        HTTPResponse(status: status, headers: retryAfter.map { [("Retry-After", $0)] } ?? [])
    }

    @Test(arguments: [429, 503])
    func readsDelaySeconds(status: Int) {
        #expect(response(status, retryAfter: "120").retryAfter(now: now) == .seconds(120))
        #expect(response(status, retryAfter: " 0 ").retryAfter(now: now) == .zero)
    }

    @Test(arguments: [
        "Wed, 21 Oct 2015 07:29:30 GMT",  // IMF-fixdate
        "Wednesday, 21-Oct-15 07:29:30 GMT",  // obsolete RFC 850
        "Wed Oct 21 07:29:30 2015",  // obsolete asctime
    ])
    func readsHTTPDates(value: String) {
        #expect(response(503, retryAfter: value).retryAfter(now: now) == .seconds(90))
    }

    @Test func givesZeroForADateInThePast() {
        #expect(response(429, retryAfter: "Wed, 21 Oct 2015 07:00:00 GMT").retryAfter(now: now) == .zero)
    }

    @Test func ignoresOtherStatusesAndUnreadableValues() {
        #expect(response(200, retryAfter: "120").retryAfter(now: now) == nil)
        #expect(response(301, retryAfter: "120").retryAfter(now: now) == nil)
        #expect(response(429, retryAfter: nil).retryAfter(now: now) == nil)
        #expect(response(429, retryAfter: "soon").retryAfter(now: now) == nil)
        #expect(response(429, retryAfter: "-5").retryAfter(now: now) == nil)
    }

    @Test func readsAHugeDelayAsVeryLong() {
        #expect(response(429, retryAfter: "99999999999999999999999").retryAfter(now: now) == .seconds(Int64.max))
    }
}
