import Runtime
import Testing

@Suite("HTTPRetryPolicy")
struct HTTPRetryPolicyTests {
    @Test("waits double from the initial delay up to the maximum")
    func doubling() {
        let policy = HTTPRetryPolicy(initialDelay: .seconds(1), maximumDelay: .seconds(10))
        #expect((1...6).map { policy.delay(beforeRetry: $0) } == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
    }

    @Test("a longer Retry-After is honoured, up to the maximum; a shorter one does not shorten the wait")
    func retryAfter() {
        let policy = HTTPRetryPolicy(initialDelay: .seconds(1), maximumDelay: .seconds(30))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(7)) == .seconds(7))
        #expect(policy.delay(beforeRetry: 3, retryAfter: .seconds(1)) == .seconds(4))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(3600)) == .seconds(30))
    }

    @Test("5xx and 429 are retried, other statuses are answers")
    func retryableStatuses() {
        let policy = HTTPRetryPolicy()
        #expect([429, 500, 502, 503, 599].allSatisfy(policy.isRetryable(status:)))
        #expect(![200, 201, 301, 400, 404, 409, 600].contains(where: policy.isRetryable(status:)))
    }
}

@Suite("HTTPNodeSettings")
struct HTTPNodeSettingsTests {
    @Test("the allow-list matches hosts exactly, ignoring case, and subdomains after *.")
    func allowList() {
        let settings = HTTPNodeSettings(allowedHosts: ["API.example.com", "*.shop.example"])
        #expect(settings.allows(host: "api.example.com"))
        #expect(settings.allows(host: "shop.example"))
        #expect(settings.allows(host: "eu.api.shop.example"))
        #expect(!settings.allows(host: "example.com"))
        #expect(!settings.allows(host: "evilshop.example"))
        #expect(!settings.allows(host: "api.example.com.evil"))
        #expect(HTTPNodeSettings().allows(host: "anything.at.all"))
    }
}
