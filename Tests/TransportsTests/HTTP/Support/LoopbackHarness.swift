import Foundation
import Glibc
import Testing
import Transports

/// Runs `body` with a fresh loopback server and client, then shuts both down.
func withLoopback(
    maximumResponseBodySize: Int = CurlHTTPClient.defaultMaximumResponseBodySize,
    threads: Int = 1,
    _ body: (LoopbackHTTPServer, CurlHTTPClient) async throws -> Void
) async throws {
    let server = try LoopbackHTTPServer()
    defer { server.stop() }
    let client = try CurlHTTPClient(maximumResponseBodySize: maximumResponseBodySize, threads: threads)
    do {
        try await body(server, client)
    } catch {
        await client.shutdown()
        throw error
    }
    await client.shutdown()
}

/// Sends `request` expecting an `HTTPError`; records an issue and returns nil on a response.
func expectFailure(
    of request: HTTPRequest, on client: CurlHTTPClient, sourceLocation: SourceLocation = #_sourceLocation
) async -> HTTPError? {
    do {
        let response = try await client.send(request)
        Issue.record("expected an HTTPError, got status \(response.status)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Sends `request` and captures the outcome, so a task can hand back a typed error.
func outcome(of request: HTTPRequest, on client: CurlHTTPClient) async -> Result<HTTPResponse, HTTPError> {
    do {
        return .success(try await client.send(request))
    } catch {
        return .failure(error)
    }
}
