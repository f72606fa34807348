import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing
import Transports

/// The server with the API over a stub data source, and a client that speaks to it.
struct APIWorld {
    static let token = "t0ken-for-tests"

    let client: any TestClientProtocol
    let source: StubDataSource
    let wakes: WakeCounter
    let metrics: EngineMetrics
    let sink: RecordingSink

    /// Runs `body` against a fresh server; `token` nil leaves the API open.
    static func run(
        source: StubDataSource = StubDataSource(), token: String? = APIWorld.token, _ body: @Sendable (APIWorld) async throws -> Void
    ) async throws {
        let wakes = WakeCounter()
        let metrics = EngineMetrics()
        let sink = RecordingSink()
        let simulator = SimulatorTransport(
            configuration: SimulatorConfiguration(senderName: "sim", senderPhone: "+15550100009"), clock: TestClock(),
            recorder: InMemorySimulatorRecorder())
        let api = EngineAPI(source: source, token: token.flatMap(APIToken.init), wakeDispatcher: { wakes.wake() })
        let router = EngineServer.router(
            endpoints: WebhookEndpoints(simulators: ["sim": simulator], sink: sink), isReady: { true }, api: api, metrics: metrics)
        try await Application(router: router).test(.router) { client in
            try await body(APIWorld(client: client, source: source, wakes: wakes, metrics: metrics, sink: sink))
        }
    }

    /// An answer, its body read as text and, when it is JSON, parsed.
    struct Answer {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        var json: JSONValue? { JSONValue(parsing: Data(text.utf8)) }
        /// The error code of a JSON error.
        var errorCode: String? { json?["error"]?["code"]?.string }
        /// The field a JSON error names.
        var errorField: String? { json?["error"]?["field"]?.string }
    }

    /// Sends a request with the token (or `token`, or none when it is nil).
    func request(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = APIWorld.token, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> Answer {
        var headers = headers
        if let token { headers[.authorization] = "Bearer \(token)" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Answer(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    func get(_ uri: String, token: String? = APIWorld.token) async throws -> Answer {
        try await request(.get, uri, token: token)
    }

    func post(_ uri: String, _ body: String, headers: HTTPFields = [:]) async throws -> Answer {
        try await request(.post, uri, headers: headers, body: body)
    }

    /// The OpenAPI document as the server serves it.
    func document() async throws -> JSONValue {
        try #require(try await get("/api/openapi.json").json)
    }

    /// Checks that `answer`'s body matches the schema the document gives for `method`
    /// `template` and the answer's status.
    func expectConforms(
        _ answer: Answer, to method: String, _ template: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let document = try await document()
        let status = String(answer.status.code)
        let responses = document["paths"]?[template]?[method]?["responses"]
        var response = responses?[status]
        if let reference = response?["$ref"]?.string { response = SchemaChecker(document: document).resolve(reference) }
        let schema = try #require(
            response?["content"]?["application/json"]?["schema"], "no JSON schema for \(method) \(template) \(status)", sourceLocation: sourceLocation
        )
        let body = try #require(answer.json, "the answer is not JSON: \(answer.text)", sourceLocation: sourceLocation)
        let problems = SchemaChecker(document: document).problems(body, against: schema)
        #expect(problems.isEmpty, "\(method) \(template) \(status): \(problems)", sourceLocation: sourceLocation)
    }
}
