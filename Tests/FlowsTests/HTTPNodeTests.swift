import Flows
import Foundation
import Manifest
import Templates
import Testing

@Suite("HTTP nodes")
struct HTTPNodeTests {
    static func lookup(errorEdge: Bool = true) throws -> Program {
        try FlowFixture.program(
            """
            kind: Flow
            name: lookup
            triggers: [{ keywords: [order] }]
            start: ask
            nodes:
              ask: { send: "Order number?", next: number }
              number: { wait: { save: order }, next: call }
              call:
                http:
                  method: POST
                  url: "https://shop.example/api/orders/<<vars.order>>?name=<<contact.name>>&raw=<<vars.order | urlencode>>"
                  headers: { X-Contact: "<<contact.name>>", Authorization: "Bearer ${env:SHOP_TOKEN}" }
                  body:
                    order: "<<vars.order>>"
                    note: "He said \\"hi\\" to <<contact.name>>"
                    count: 3
                    zip: "01234"
                    gift: true
                    items: "<<vars.items | json>>"
                    tags: [a, "<<vars.order>>", null]
                  timeout: 5s
                  retries: 2
                  save: { status: body.status, first: body.items.0.name, code: status, kind: headers.x-kind, missing: body.nope, total: total }
                next: report
                \(errorEdge ? "error: sorry" : "")
              report: { send: "<<vars.order>>: <<vars.status>>, <<vars.first>>, total <<vars.total>> (HTTP <<http.status>>)", next: end }
              sorry: { send: "Shop said <<flow.httpStatus>>: <<http.body.message | default: \\"nothing\\">>", next: end }
            """)
    }

    static func waitingForCall(errorEdge: Bool = true, name: String = "Ann") throws -> (Conversation, HTTPCall) {
        var conversation = Conversation(try lookup(errorEdge: errorEdge))
        conversation.contact = ContactVariables(phone: "+15550100001", name: name)
        _ = conversation.play(.start("order"))
        _ = conversation.play(.reply("12 34/5"))
        guard case .httpCall(let call)? = conversation.last?.effects.last else {
            throw UnexpectedEffects(effects: conversation.last?.effects ?? [])
        }
        return (conversation, call)
    }

    @Test("values inserted into the URL are percent-encoded, once")
    func urlEncoding() throws {
        let (_, call) = try Self.waitingForCall(name: #"Ann "The Hammer" O'Neil & Co/x?"#)
        #expect(
            call.url
                == "https://shop.example/api/orders/12%2034%2F5?name=Ann%20%22The%20Hammer%22%20O%27Neil%20%26%20Co%2Fx%3F&raw=12%2034%2F5")
        #expect(call.method == "POST")
        #expect(call.timeout == .seconds(5))
        #expect(call.retries == 2)
    }

    @Test("the JSON body escapes inserted values and its own text, keeps literals and key order")
    func jsonBody() throws {
        let (_, call) = try Self.waitingForCall(name: "Ann \"Q\" \\ Lee\n")
        #expect(
            call.body
                == #"{"order":"12 34/5","note":"He said \"hi\" to Ann \"Q\" \\ Lee\n","count":3,"zip":"01234","gift":true,"items":null,"tags":["a","12 34/5",null]}"#
        )
        let body = try #require(call.body)
        #expect((try? JSONSerialization.jsonObject(with: Data(body.utf8))) != nil)
    }

    @Test("secret references stay references; inserted values cannot add headers or secrets")
    func headers() throws {
        let (_, call) = try Self.waitingForCall(name: "Ann\r\nX-Evil: ${env:SHOP_TOKEN}")
        #expect(call.headers.map(\.name) == ["Authorization", "Content-Type", "X-Contact"])
        #expect(call.headers[0].value.parts == [.text("Bearer "), .secret(.environment("SHOP_TOKEN"))])
        #expect(call.headers[0].value.resolved { _ in "s3cret" } == "Bearer s3cret")
        #expect(call.headers[0].value.description == "Bearer ${env:SHOP_TOKEN}")
        #expect(call.headers[1].value.description == "application/json")
        #expect(call.headers[2].value.parts == [.text("Ann X-Evil: ${env:SHOP_TOKEN}")])
    }

    @Test("a 2xx result saves JSON paths (a missing one as null) and continues at next")
    func success() throws {
        let (conversation, call) = try Self.waitingForCall()
        let body = #"{"status":"shipped","items":[{"name":"Mug"}],"total":12.5}"#
        let result = HTTPResult(callID: call.id, status: 201, headers: ["X-Kind": "order"], body: Data(body.utf8))
        let step = Interpreter(program: try Self.lookup()).step(try #require(conversation.state), on: .httpResult(result), now: conversation.now)
        #expect(
            step.effects.map { EffectText.describe($0, now: conversation.now) } == [
                "set code=201, first=Mug, kind=order, missing=, status=shipped, total=12.5",
                "send \"12 34/5: shipped, Mug, total 12.5 (HTTP 201)\"", "end completed",
            ])
        #expect(step.state.vars["missing"] == .null)
        #expect(step.state.vars["total"] == .number(12.5))
        #expect(step.state.flowVariables.httpResponse?.jsonText == #"{"items":[{"name":"Mug"}],"status":"shipped","total":12.5}"#)
    }

    @Test(
        "any other status, 0 included, follows the error edge with the response visible",
        arguments: [
            (503, #"{"message":"down"}"#, "Shop said 503: down"), (404, "Not Found", "Shop said 404: nothing"), (0, "", "Shop said 0: nothing"),
        ]
    )
    func failure(status: Int, body: String, reply: String) throws {
        var (conversation, _) = try Self.waitingForCall()
        #expect(conversation.play(.http(status: status, body: body)) == ["send \"\(reply)\"", "end completed"])
        #expect(conversation.state?.flowVariables.httpStatus == status)
    }

    @Test("without an error edge a failed call ends the execution as http-failed")
    func failureWithoutEdge() throws {
        var (conversation, _) = try Self.waitingForCall(errorEdge: false)
        #expect(conversation.play(.http(status: 500, body: "")) == ["end http-failed"])
    }

    @Test("results of other calls, and messages meanwhile, are ignored")
    func staleResults() throws {
        var (conversation, call) = try Self.waitingForCall()
        conversation.expect([
            (.httpResult(id: call.id + 1, status: 200), ["ignored stale-http-result"]),
            (.reply("hurry up"), ["ignored not-waiting-for-reply"]),
            (.timer(call.id), ["ignored stale-timer"]),
        ])
        #expect(conversation.state?.pendingCall == call.id)
    }

    @Test("before any call, http.status and flow.httpStatus read 0")
    func statusBeforeAnyCall() throws {
        let program = try FlowFixture.program(
            """
            kind: Flow
            name: nocall
            triggers: [{ keywords: [nocall] }]
            start: show
            nodes:
              show: { send: "<<http.status>>/<<flow.httpStatus>>", next: end }
            """)
        var conversation = Conversation(program)
        #expect(conversation.play(.start("nocall")) == ["send \"0/0\"", "end completed"])
    }
}
