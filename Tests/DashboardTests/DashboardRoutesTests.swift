import Dashboard
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Dashboard routes")
struct DashboardRoutesTests {
    struct StoreUnavailable: Error, CustomStringConvertible {
        var description: String { "the database is locked" }
    }

    @Test("GET / answers 200 text/html with the page")
    func servesPage() async throws {
        let router = Router()
        Dashboard.addRoutes(to: router) { try Fixtures.busy() }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.cacheControl] == "no-store")
                let body = String(buffer: response.body)
                #expect(body.hasPrefix("<!doctype html>"))
                #expect(body.contains("june-newsletter"))
            }
        }
    }

    @Test("a model that cannot be read answers 500 with a plain message")
    func failingModel() async throws {
        let router = Router()
        Dashboard.addRoutes(to: router) { throw StoreUnavailable() }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(String(buffer: response.body) == "The dashboard could not read the engine's state: the database is locked\n")
            }
        }
    }

    @Test("the page mounts under a group at another path")
    func mountsInGroup() async throws {
        let router = Router()
        Dashboard.addRoutes(to: router.group("admin"), at: "dashboard") { Fixtures.empty }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/admin/dashboard", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("No messages yet."))
            }
        }
    }

    @Test("response(for:) is the page as a response")
    func plainResponse() {
        let response = Dashboard.response(for: Fixtures.empty)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8")
    }
}
