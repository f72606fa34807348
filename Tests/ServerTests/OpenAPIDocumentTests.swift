import Foundation
import Hummingbird
import Server
import Testing

@Suite("The OpenAPI document")
struct OpenAPIDocumentTests {
    @Test("every registered /api route is in the document with its method, and the document has nothing else")
    func coversEveryRoute() async throws {
        let router = Router()
        let registered = EngineAPI(source: StubDataSource(), token: nil).register(on: router)
        #expect(registered.count == EngineAPI.routes.count)
        try await APIWorld.run { world in
            let document = try await world.document()
            #expect(document["openapi"] == "3.1.0")
            var documented: [String] = []
            for path in document["paths"]?.keys ?? [] {
                for method in document["paths"]?[path]?.keys ?? [] { documented.append("\(method.uppercased()) \(path)") }
            }
            #expect(Set(documented) == Set(registered))
            for route in registered { #expect(route.contains(" /api/"), "\(route)") }
        }
    }

    @Test("the issue's routes are all there")
    func namedRoutes() {
        let routes = Set(EngineAPI.routes.map { "\($0.method.rawValue) \($0.path)" })
        for route in [
            "GET /api/senders", "GET /api/senders/{name}", "GET /api/senders/{name}/qr", "GET /api/senders/{name}/stats", "GET /api/campaigns",
            "GET /api/campaigns/{name}", "GET /api/campaigns/{name}/stats", "GET /api/broadcasts", "GET /api/broadcasts/{name}", "GET /api/flows",
            "GET /api/flows/{name}/executions", "GET /api/auto-replies", "GET /api/messages", "POST /api/messages", "POST /api/messages/bulk",
            "GET /api/status", "GET /api/openapi.json",
        ] {
            #expect(routes.contains(route), "\(route)")
        }
    }

    @Test("every path parameter is declared, every operation has an id and responses, every $ref resolves")
    func wellFormed() throws {
        let document = EngineAPI.openAPIDocument
        let checker = SchemaChecker(document: document)
        var operationIDs: Set<String> = []
        for path in document["paths"]?.keys ?? [] {
            let placeholders = path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
            for method in document["paths"]?[path]?.keys ?? [] {
                let operation = try #require(document["paths"]?[path]?[method])
                let id = try #require(operation["operationId"]?.string)
                #expect(operationIDs.insert(id).inserted, "duplicate operationId \(id)")
                #expect(operation["responses"]?.keys.contains("401") == true, "\(method) \(path) documents no 401")
                guard case .array(let parameters) = operation["parameters"] ?? .array([]) else { continue }
                let declared = parameters.filter { $0["in"] == "path" }.compactMap { $0["name"]?.string }
                #expect(Set(declared) == Set(placeholders), "\(method) \(path)")
            }
        }
        var references: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let members):
                for member in members {
                    if member.key == "$ref", let reference = member.value.string { references.append(reference) } else { collect(member.value) }
                }
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        for reference in references { #expect(checker.resolve(reference) != nil, "\(reference)") }
    }

    @Test("the schema checker the contract tests rely on catches a missing, an extra and a mistyped field")
    func checkerCatchesMistakes() {
        let checker = SchemaChecker(document: EngineAPI.openAPIDocument)
        let schema = OpenAPIDocumentTests.reference("SendResult")
        #expect(checker.problems(["outcome": "queued", "id": 1, "to": "+15550109001"], against: schema).isEmpty)
        #expect(checker.problems(["id": 1, "to": "+15550109001"], against: schema) == ["$: lacks required 'outcome'"])
        #expect(checker.problems(["outcome": "queued", "to": "+1", "extra": true], against: schema) == ["$: 'extra' is not in the schema"])
        #expect(checker.problems(["outcome": "lost", "to": 3], against: schema).count == 2)
    }

    static func reference(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    @Test("the document is the committed golden file (re-record with RECORD_GOLDEN=1)")
    func matchesGolden() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(EngineAPI.openAPIDocument), as: UTF8.self) + "\n"
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/openapi.json")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
            try text.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(golden.lastPathComponent); run again without RECORD_GOLDEN")
            return
        }
        #expect(text == (try String(contentsOf: golden, encoding: .utf8)), "re-record with RECORD_GOLDEN=1 if the change is intended")
    }
}
