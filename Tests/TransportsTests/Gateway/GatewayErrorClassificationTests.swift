import Foundation
import Testing

@testable import Transports

/// What each gateway answer, or missing answer, means for the scheduler.
@Suite("Gateway error classification")
struct GatewayErrorClassificationTests {
    @Test func engineIDShapesAreAllRead() async {
        let plain = await GatewayFixture.send([GatewayFixture.response(201, #"{"id":"true_5511987650001@c.us_3EB0S"}"#)])
        #expect(plain == .accepted(providerMessageID: "true_5511987650001@c.us_3EB0S", waID: "5511987650001"))
        // NOWEB answers with the message key only: completed to the form acks carry.
        let key = #"{"key":{"remoteJid":"5511987650001@s.whatsapp.net","fromMe":true,"id":"BAE5K"}}"#
        let keyOnly = await GatewayFixture.send([GatewayFixture.response(201, key)])
        #expect(keyOnly == .accepted(providerMessageID: "true_5511987650001@c.us_BAE5K", waID: "5511987650001"))
    }

    @Test func aSuccessWithoutAnIDIsUnknownNotRetried() async {
        let outcome = await GatewayFixture.send([GatewayFixture.response(201, "{}")])
        guard case .unknown(let code, let reason) = outcome else {
            Issue.record("expected unknown, got \(outcome)")
            return
        }
        #expect(code == "gateway.unexpected-response")
        #expect(reason.contains("may have been sent"))
    }

    @Test(arguments: [401, 403])
    func refusedCredentialsPauseTheSender(_ status: Int) async {
        let outcome = await GatewayFixture.send([GatewayFixture.response(status, #"{"message":"Unauthorized","statusCode":\#(status)}"#)])
        guard case .failedForSender(let code, let reason) = outcome else {
            Issue.record("expected failedForSender, got \(outcome)")
            return
        }
        #expect(code == "http.\(status)")
        #expect(reason.contains("WAHA_API_KEY"))
        #expect(reason.contains("Unauthorized"))
    }

    @Test(arguments: ["STOPPED", "SCAN_QR_CODE", "FAILED"])
    func aSessionThatIsNotWorkingPausesTheSender(_ status: String) async {
        let outcome = await GatewayFixture.send([GatewayFixture.notWorking(status)])
        guard case .failedForSender(let code, let reason) = outcome else {
            Issue.record("expected failedForSender, got \(outcome)")
            return
        }
        #expect(code == "gateway.session-not-working")
        #expect(reason.contains("is \(status), not WORKING: connect the sender"))
    }

    @Test func aSessionStillStartingIsRetriedForTheSenderOnly() async {
        let outcome = await GatewayFixture.send([GatewayFixture.notWorking("STARTING")], attempt: 2)
        #expect(
            outcome
                == .retryLater(
                    RetryAdvice(
                        delay: .seconds(20), scope: .sender, code: "gateway.session-starting",
                        reason:
                            "the gateway session 'sales-1' is still starting. Gateway: HTTP 422, Session status is not as expected. Try again later or restart the session"
                    )))
    }

    @Test func aMissingSessionSaysToConnectTheSender() async {
        let outcome = await GatewayFixture.send([
            GatewayFixture.response(404, #"{"statusCode":404,"message":"Session not found","error":"Not Found"}"#)
        ])
        guard case .failedForSender(let code, let reason) = outcome else {
            Issue.record("expected failedForSender, got \(outcome)")
            return
        }
        #expect(code == "gateway.session-not-found")
        #expect(reason.contains("connect the sender"))
        #expect(reason.hasSuffix("Gateway: HTTP 404, Session not found"))
    }

    @Test func retryAfterWinsOverTheBackoffAndBackoffsGrowWithTheAttempt() async {
        let limited = GatewayFixture.response(429, #"{"message":"Too Many Requests"}"#, headers: [("Retry-After", "12")])
        guard case .retryLater(let advice) = await GatewayFixture.send([limited], attempt: 5) else {
            Issue.record("expected retryLater")
            return
        }
        #expect(advice.delay == .seconds(12))
        #expect(advice.scope == .application)
        var delays: [Duration] = []
        for attempt in 0..<4 {
            if case .retryLater(let advice) = await GatewayFixture.send([GatewayFixture.response(503, "")], attempt: attempt) {
                delays.append(advice.delay)
                #expect(advice.scope == .sender)
                #expect(advice.reason.contains("(empty body)"))
            }
        }
        #expect(delays == [.seconds(5), .seconds(10), .seconds(20), .seconds(40)])
        #expect(GatewayErrorClassifier.backoff(base: .seconds(5), factor: 2, attempt: 1000, cap: .seconds(300)) == .seconds(300))
    }

    @Test func validationErrorsFailTheMessageQuotingTheGateway() async {
        let outcome = await GatewayFixture.send([
            GatewayFixture.response(
                400, #"{"statusCode":400,"message":["chatId must be a string","text should not be empty"],"error":"Bad Request"}"#)
        ])
        #expect(
            outcome
                == .failedMessage(
                    code: "http.400",
                    reason: "the gateway refused the request as invalid. Gateway: HTTP 400, chatId must be a string; text should not be empty"))
    }

    @Test func anUnclassifiedStatusIsUnknown() async {
        #expect(await GatewayFixture.send([GatewayFixture.response(409, "{}")]).code == "http.409")
        guard case .unknown = await GatewayFixture.send([GatewayFixture.response(409, "{}")]) else {
            Issue.record("expected unknown")
            return
        }
    }

    @Test(
        arguments: [
            (HTTPError(.couldNotConnect, "refused", isTransient: true), "retry"),
            (HTTPError(.couldNotResolveHost, "no DNS", isTransient: true), "retry"),
            (HTTPError(.tls, "handshake cut", isTransient: true), "retry"),
            (HTTPError(.tls, "bad certificate", isTransient: false), "sender"),
            (HTTPError(.invalidURL, "bad URL", isTransient: false), "sender"),
            (HTTPError(.invalidRequest, "newline in a header", isTransient: false), "sender"),
            (HTTPError(.timedOut, "slow", isTransient: true), "unknown"),
            (HTTPError(.transfer, "reset", isTransient: true), "unknown"),
            (HTTPError(.responseTooLarge, "huge", isTransient: false), "unknown"),
            (HTTPError(.cancelled, "cancelled", isTransient: false), "unknown"),
        ])
    func exchangesWithoutAnAnswer(_ error: HTTPError, _ expected: String) async {
        let outcome = await GatewayFixture.send([.failure(error)])
        switch (outcome, expected) {
        case (.retryLater(let advice), "retry"): #expect(advice.reason.hasPrefix("nothing was sent"))
        case (.failedForSender, "sender"): break
        case (.unknown(_, let reason), "unknown"): #expect(reason.contains("not resent"))
        default: Issue.record("\(error.code.rawValue): expected \(expected), got \(outcome)")
        }
        #expect(outcome.code == error.code.rawValue)
    }

    @Test func onlyTextGoesOutAndLimitsAreCheckedFirst() async {
        let (transport, client) = GatewayFixture.transport([])
        let template = await transport.send(
            OutboundMessage(to: "+5511987650001", content: .template(TemplateMessage(name: "hi", languageCode: "en"))), attempt: 0)
        #expect(template.code == "local.unsupported-content")
        let buttons = await transport.send(
            OutboundMessage(to: "+5511987650001", content: .buttons(body: "Pick", buttons: [ReplyButton(id: "a", title: "A")])), attempt: 0)
        guard case .failedMessage(_, let reason) = buttons else {
            Issue.record("expected failedMessage, got \(buttons)")
            return
        }
        #expect(reason.contains("reply buttons"))
        let tooLong = await transport.send(OutboundMessage(to: "+5511987650001", content: .text(String(repeating: "a", count: 4097))), attempt: 0)
        #expect(tooLong.code == "local.limit")
        let noNumber = await transport.send(OutboundMessage(to: "nobody", content: .text("Hi")), attempt: 0)
        #expect(noNumber.code == "local.invalid-recipient")
        #expect(await client.requests.isEmpty)
    }

    @Test func typingFailuresThrowClassifiedErrors() async {
        let (transport, _) = GatewayFixture.transport([
            GatewayFixture.response(503, "", headers: [("Retry-After", "9")]), GatewayFixture.notWorking("STOPPED"),
        ])
        do {
            try await transport.showTyping(to: "+5511987650001", replyingTo: nil)
            Issue.record("expected a TransportError")
        } catch {
            #expect(error.code.rawValue == "gateway.http.503")
            #expect(error.isTransient)
            #expect(error.retryAfter == .seconds(9))
        }
        do {
            try await transport.stopTyping(to: "+5511987650001")
            Issue.record("expected a TransportError")
        } catch {
            #expect(error.code.rawValue == "gateway.session-not-working")
            #expect(!error.isTransient)
            #expect(error.message.hasPrefix("Could not stop typing: the gateway session 'sales-1' is STOPPED"))
        }
    }

    @Test func markReadNeedsASerializedIDAndSendsNothingWithoutOne() async {
        let (transport, client) = GatewayFixture.transport([.failure(HTTPError(.couldNotConnect, "refused", isTransient: true))])
        do {
            try await transport.markRead(messageID: "3EB0SHORT")
            Issue.record("expected a TransportError")
        } catch {
            #expect(error.code.rawValue == "gateway.invalid-message-id")
        }
        #expect(await client.requests.isEmpty)
        do {
            try await transport.markRead(messageID: "false_5511987650001@c.us_3EB0IN")
            Issue.record("expected a TransportError")
        } catch {
            #expect(error.code == .http)
            #expect(error.isTransient)
            #expect(error.underlying is HTTPError)
        }
    }

    @Test func requestsCarryTheAPIKeyOnlyWhenSet() async throws {
        let (keyed, keyedClient) = GatewayFixture.transport([GatewayFixture.accepted])
        _ = await keyed.send(OutboundMessage(to: "+5511987650001", content: .text("Hi")), attempt: 0)
        let request = try #require(await keyedClient.requests.first)
        #expect(request.url.absoluteString == "http://waha.test:3000/api/sendText")
        #expect(request.header("X-Api-Key") == GatewayFixture.apiKey)
        let (open, openClient) = GatewayFixture.transport([GatewayFixture.accepted], apiKey: nil)
        _ = await open.send(OutboundMessage(to: "+5511987650001", content: .text("Hi")), attempt: 0)
        #expect(try #require(await openClient.requests.first).header("X-Api-Key") == nil)
    }
}
