import Foundation
import Testing

@testable import Transports

/// How every documented Cloud API failure is classified for the scheduler.
@Suite("Cloud API error classification")
struct CloudAPIErrorClassificationTests {
    /// The class an outcome falls in, without its payload.
    enum Class: Equatable, CustomStringConvertible {
        case accepted, retry(RetryAdvice.Scope), recipient, message, sender, unknown
        var description: String {
            switch self {
            case .accepted: "accepted"
            case .retry(let scope): "retry(\(scope))"
            case .recipient: "failedForRecipient"
            case .message: "failedMessage"
            case .sender: "failedForSender"
            case .unknown: "unknown"
            }
        }
        init(_ outcome: SendOutcome) {
            switch outcome {
            case .accepted: self = .accepted
            case .retryLater(let advice): self = .retry(advice.scope)
            case .failedForRecipient: self = .recipient
            case .failedMessage: self = .message
            case .failedForSender: self = .sender
            case .unknown: self = .unknown
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var code: Int
        var status: Int
        var message: String
        var details: String
        var expected: Class
        var testDescription: String { "\(code) → \(expected)" }
    }

    static let cases: [Case] = [
        Case(code: 4, status: 400, message: "(#4) Application request limit reached", details: "", expected: .retry(.application)),
        Case(code: 80007, status: 400, message: "(#80007) Rate limit issues", details: "WABA rate limit", expected: .retry(.application)),
        Case(
            code: 130429, status: 429, message: "(#130429) Rate limit hit", details: "Cloud API message throughput has been reached.",
            expected: .retry(.sender)),
        Case(
            code: 131056, status: 400, message: "(#131056) (Business Account, Consumer Account) pair rate limit hit",
            details:
                "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.",
            expected: .retry(.recipient)),
        Case(
            code: 131048, status: 400, message: "(#131048) Spam rate limit hit",
            details: "Message failed to send because there are restrictions on how many messages can be sent from this phone number.",
            expected: .retry(.sender)),
        Case(
            code: 131000, status: 500, message: "(#131000) Something went wrong", details: "Message failed to send due to an unknown error.",
            expected: .retry(.application)),
        Case(
            code: 131016, status: 503, message: "(#131016) Service unavailable", details: "A service is temporarily unavailable.",
            expected: .retry(.application)),
        Case(
            code: 131057, status: 400, message: "(#131057) Account in maintenance mode", details: "Business Account is in maintenance mode",
            expected: .retry(.sender)),
        Case(
            code: 131047, status: 400, message: "(#131047) Re-engagement message",
            details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
            expected: .recipient),
        Case(code: 131026, status: 400, message: "(#131026) Message undeliverable", details: "Unable to deliver message.", expected: .recipient),
        Case(
            code: 131050, status: 400, message: "(#131050) Unable to deliver the message", details: "The user has stopped marketing messages",
            expected: .recipient),
        Case(
            code: 131051, status: 400, message: "(#131051) Unsupported message type", details: "Message type is not currently supported.",
            expected: .recipient),
        Case(
            code: 130472, status: 400, message: "(#130472) User's number is part of an experiment",
            details: "Failed to send message because this user's phone number is part of an experiment", expected: .recipient),
        Case(
            code: 132000, status: 400, message: "(#132000) Number of parameters does not match the expected number of params",
            details: "body: number of localizable_params (1) does not match the expected number of params (2)", expected: .message),
        Case(
            code: 132001, status: 404, message: "(#132001) Template name does not exist in the translation",
            details: "template name (order_update) does not exist in pt_BR", expected: .message),
        Case(
            code: 132015, status: 400, message: "(#132015) Template is Paused", details: "Template is paused due to low quality", expected: .message),
        Case(
            code: 132016, status: 400, message: "(#132016) Template is Disabled", details: "Template has been paused too many times",
            expected: .message),
        Case(
            code: 190, status: 401, message: "Error validating access token: Session has expired on Tuesday, 24-Nov-26 10:00:00 PST.", details: "",
            expected: .sender),
        Case(code: 368, status: 400, message: "(#368) Temporarily blocked for policies violations", details: "", expected: .sender),
        Case(code: 131031, status: 400, message: "(#131031) Business Account locked", details: "Account has been locked", expected: .sender),
        Case(code: 987654, status: 400, message: "(#987654) Something new", details: "A code nobody classified yet", expected: .unknown),
    ]

    @Test(arguments: cases)
    func documentedErrorIsClassified(_ testCase: Case) async throws {
        let body = CloudAPIFixture.graphError(
            testCase.code, message: testCase.message, details: testCase.details.isEmpty ? nil : testCase.details,
            subcode: testCase.code == 190 ? 463 : nil)
        let (transport, client) = CloudAPIFixture.transport([CloudAPIFixture.response(testCase.status, body)])
        let outcome = await transport.send(OutboundMessage(to: "+5511987650001", content: .text("hi")), attempt: 0)
        #expect(Class(outcome) == testCase.expected)
        #expect(outcome.code == String(testCase.code), "codes are kept verbatim")
        #expect(await client.requests.count == 1)
        let reason: String =
            switch outcome {
            case .retryLater(let advice): advice.reason
            case .failedForRecipient(_, let reason), .failedMessage(_, let reason), .failedForSender(_, let reason), .unknown(_, let reason): reason
            case .accepted: ""
            }
        #expect(reason.contains(testCase.message), "the provider's message is kept")
        #expect(reason.contains("fbtrace_id AbCdEf123"))
        if !testCase.details.isEmpty { #expect(reason.contains(testCase.details)) }
    }

    @Test func closedWindowSaysToSendATemplate() async {
        let outcome = await outcome(
            for: CloudAPIFixture.response(400, CloudAPIFixture.graphError(131047, message: "(#131047) Re-engagement message")))
        guard case .failedForRecipient(_, let reason) = outcome else {
            Issue.record("expected failedForRecipient, got \(outcome)")
            return
        }
        #expect(reason.hasPrefix("24-hour window closed: send a template"))
    }

    @Test func pairRateLimitBacksOffFourToTheAttempt() async {
        let error = CloudAPIFixture.response(400, CloudAPIFixture.graphError(131056, message: "(#131056) pair rate limit hit"))
        var delays: [Duration] = []
        for attempt in [0, 1, 2, 3, 9] {
            if case .retryLater(let advice) = await outcome(for: error, attempt: attempt) { delays.append(advice.delay) }
        }
        #expect(delays == [.seconds(1), .seconds(4), .seconds(16), .seconds(64), .seconds(3600)])
    }

    @Test func spamLimitRetriesLaterAndAsksToSlowTheSenderDown() async throws {
        let outcome = await outcome(for: CloudAPIFixture.response(400, CloudAPIFixture.graphError(131048, message: "(#131048) Spam rate limit hit")))
        guard case .retryLater(let advice) = outcome else {
            Issue.record("expected retryLater, got \(outcome)")
            return
        }
        let slowdown = try #require(advice.slowdown)
        #expect(advice.scope == .sender)
        #expect(slowdown.rateFactor == 0.5)
        #expect(slowdown.duration == .seconds(86_400))
        #expect(slowdown.reason.contains("spam"))
    }

    @Test func onlySpamLimitSlowsTheSender() async {
        for code in [4, 80007, 130429, 131056, 131000] {
            let outcome = await outcome(for: CloudAPIFixture.response(400, CloudAPIFixture.graphError(code, message: "limit")))
            guard case .retryLater(let advice) = outcome else {
                Issue.record("\(code): expected retryLater, got \(outcome)")
                continue
            }
            #expect(advice.slowdown == nil, "\(code)")
        }
    }

    @Test func retryAfterHeaderWinsOverTheBackoff() async {
        let error = CloudAPIFixture.response(
            429, CloudAPIFixture.graphError(130429, message: "(#130429) Rate limit hit"), headers: [("Retry-After", "7")])
        guard case .retryLater(let advice) = await outcome(for: error, attempt: 3) else {
            Issue.record("expected retryLater")
            return
        }
        #expect(advice.delay == .seconds(7))
    }

    @Test func throughputBackoffGrowsAndIsCapped() {
        let delays = [0, 1, 2, 10].map { CloudAPIErrorClassifier.backoff(base: .seconds(2), factor: 2, attempt: $0, cap: .seconds(60)) }
        #expect(delays == [.seconds(2), .seconds(4), .seconds(8), .seconds(60)])
        #expect(CloudAPIErrorClassifier.backoff(base: .seconds(1), factor: 4, attempt: 1_000, cap: .seconds(3600)) == .seconds(3600))
    }

    @Test func detailsMayBeAnObject() async {
        let body =
            #"{"error":{"message":"(#131026) Message undeliverable","type":"OAuthException","code":131026,"error_data":{"messaging_product":"whatsapp","details":{"reason":"not on WhatsApp","hint":"check the number"}},"fbtrace_id":"X1"}}"#
        let outcome = await outcome(for: CloudAPIFixture.response(400, body))
        guard case .failedForRecipient(let code, let reason) = outcome else {
            Issue.record("expected failedForRecipient, got \(outcome)")
            return
        }
        #expect(code == "131026")
        #expect(reason.contains(#"{"hint":"check the number","reason":"not on WhatsApp"}"#))
    }

    @Test func serverErrorWithoutABodyIsRetried() async {
        let outcome = await outcome(for: .success(HTTPResponse(status: 503, body: Data("Service Unavailable".utf8))))
        #expect(Class(outcome) == .retry(.application))
        #expect(outcome.code == "http.503")
    }

    @Test func serverErrorWithAnUnknownCodeIsRetriedWithItsCode() async {
        let outcome = await outcome(for: CloudAPIFixture.response(502, CloudAPIFixture.graphError(424242, message: "odd")))
        #expect(Class(outcome) == .retry(.application))
        #expect(outcome.code == "424242")
    }

    @Test func unauthorizedWithoutABodyPausesTheSender() async {
        let outcome = await outcome(for: .success(HTTPResponse(status: 401)))
        #expect(Class(outcome) == .sender)
        #expect(outcome.code == "http.401")
    }

    @Test func otherStatusWithoutABodyIsUnknown() async {
        let outcome = await outcome(for: .success(HTTPResponse(status: 418, body: Data("teapot".utf8))))
        #expect(Class(outcome) == .unknown)
        #expect(outcome.code == "http.418")
    }

    @Test func successWithoutAMessageIDIsUnknown() async {
        let outcome = await outcome(for: CloudAPIFixture.response(200, #"{"messaging_product":"whatsapp"}"#))
        #expect(outcome.code == "cloud-api.unexpected-response")
        #expect(Class(outcome) == .unknown)
    }

    @Test func acceptedWithoutWaID() async {
        let outcome = await outcome(for: CloudAPIFixture.response(200, #"{"messages":[{"id":"wamid.OUT.2"}]}"#))
        #expect(outcome == .accepted(providerMessageID: "wamid.OUT.2", waID: nil))
    }

    @Test func connectionFailuresBeforeSendingAreRetried() async {
        for code in [HTTPError.Code.couldNotConnect, .couldNotResolveHost] {
            let outcome = await outcome(for: .failure(HTTPError(code, "could not reach graph.facebook.com", isTransient: true)), attempt: 1)
            guard case .retryLater(let advice) = outcome else {
                Issue.record("\(code.rawValue): expected retryLater, got \(outcome)")
                continue
            }
            #expect(advice.code == code.rawValue)
            #expect(advice.delay == .seconds(10))
            #expect(advice.scope == .application)
        }
    }

    @Test func httpRetryAfterIsHonoured() async {
        let error = HTTPError(.couldNotConnect, "refused", isTransient: true, retryAfter: .seconds(42))
        guard case .retryLater(let advice) = await outcome(for: .failure(error)) else {
            Issue.record("expected retryLater")
            return
        }
        #expect(advice.delay == .seconds(42))
    }

    @Test func failuresAfterTheRequestLeftAreUnknown() async {
        for code in [HTTPError.Code.timedOut, .transfer, .cancelled] {
            let outcome = await outcome(for: .failure(HTTPError(code, "graph.facebook.com: \(code.rawValue)", isTransient: true)))
            #expect(Class(outcome) == .unknown, "\(code.rawValue): a resend could deliver twice")
            #expect(outcome.code == code.rawValue)
        }
    }

    @Test func permanentHTTPFailuresPauseTheSender() async {
        let outcome = await outcome(for: .failure(HTTPError(.invalidURL, "'graph facebook' is not a URL", isTransient: false)))
        guard case .failedForSender(let code, let reason) = outcome else {
            Issue.record("expected failedForSender, got \(outcome)")
            return
        }
        #expect(code == "http.invalid-url")
        #expect(reason.contains("'graph facebook' is not a URL"))
    }

    @Test func failedStatusErrorsUseTheSameTable() {
        #expect(Class(CloudAPITransport.outcome(forFailedStatus: ProviderError(code: "131026", title: "Message undeliverable"))) == .recipient)
        #expect(Class(CloudAPITransport.outcome(forFailedStatus: ProviderError(code: "131047"))) == .recipient)
        #expect(Class(CloudAPITransport.outcome(forFailedStatus: ProviderError(code: "132001"))) == .message)
        #expect(Class(CloudAPITransport.outcome(forFailedStatus: ProviderError(code: "131031"))) == .sender)
        #expect(Class(CloudAPITransport.outcome(forFailedStatus: ProviderError(code: "5"))) == .unknown)
    }

    @Test func markReadFailureThrowsWithTheProviderCode() async {
        let (transport, _) = CloudAPIFixture.transport([
            CloudAPIFixture.response(401, CloudAPIFixture.graphError(190, message: "Error validating access token"))
        ])
        do {
            try await transport.markRead(messageID: "wamid.IN.1")
            Issue.record("expected an error")
        } catch {
            #expect(error.code.rawValue == "cloud-api.190")
            #expect(!error.isTransient)
            #expect(error.message.contains("Error validating access token"))
        }
    }

    @Test func markReadRateLimitIsTransient() async {
        let (transport, _) = CloudAPIFixture.transport([
            CloudAPIFixture.response(429, CloudAPIFixture.graphError(130429, message: "Rate limit hit"), headers: [("Retry-After", "3")])
        ])
        do {
            try await transport.markRead(messageID: "wamid.IN.1")
            Issue.record("expected an error")
        } catch {
            #expect(error.isTransient)
            #expect(error.retryAfter == .seconds(3))
        }
    }

    @Test func markReadNetworkFailureKeepsTheHTTPError() async {
        let (transport, _) = CloudAPIFixture.transport([.failure(HTTPError(.timedOut, "graph.facebook.com timed out", isTransient: true))])
        do {
            try await transport.markRead(messageID: "wamid.IN.1")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .http)
            #expect(error.isTransient)
            #expect((error.underlying as? HTTPError)?.code == .timedOut)
        }
    }

    private func outcome(for answer: Result<HTTPResponse, HTTPError>, attempt: Int = 0) async -> SendOutcome {
        let (transport, _) = CloudAPIFixture.transport([answer])
        return await transport.send(OutboundMessage(to: "+5511987650001", content: .text("hi")), attempt: attempt)
    }
}
