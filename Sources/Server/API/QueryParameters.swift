import Foundation
import Hummingbird

/// A request's query parameters, checked: an unknown name is a 400 naming it (a typo
/// would otherwise widen a filter silently), and every value is read with its rules.
struct QueryParameters {
    private var values: [String: String] = [:]

    /// Reads the query of `request`, refusing names outside `allowed`.
    init(_ request: Request, allowed: [String]) throws(APIError) {
        for (name, value) in request.uri.queryParameters {
            let name = String(name)
            guard allowed.contains(name) else {
                let accepted = allowed.isEmpty ? "this endpoint takes no query parameters" : "accepted: \(allowed.joined(separator: ", "))"
                throw .invalidField(name, "unknown query parameter; \(accepted)")
            }
            values[name] = String(value)
        }
    }

    /// A non-empty text, or nil when absent.
    func text(_ name: String) throws(APIError) -> String? {
        guard let value = values[name] else { return nil }
        guard !value.isEmpty else { throw .invalidField(name, "must not be empty; leave the parameter out instead") }
        return value
    }

    /// One of `choices`, or nil when absent.
    func choice(_ name: String, of choices: [String]) throws(APIError) -> String? {
        guard let value = try text(name) else { return nil }
        guard choices.contains(value) else { throw .invalidField(name, "'\(value)' is not one of \(choices.joined(separator: ", "))") }
        return value
    }

    /// The page size: `defaultValue` when absent, else an integer within 1...`maximum`.
    func limit(default defaultValue: Int, maximum: Int) throws(APIError) -> Int {
        guard let value = try text("limit") else { return defaultValue }
        guard let limit = Int(value), (1...maximum).contains(limit) else {
            throw .invalidField("limit", "must be a whole number from 1 to \(maximum)")
        }
        return limit
    }

    /// The id a page starts below: a previous page's `nextCursor`.
    func cursor() throws(APIError) -> Int64? {
        guard let value = try text("cursor") else { return nil }
        guard let id = Int64(value), id > 0 else { throw .invalidField("cursor", "pass the nextCursor of the previous page as it is") }
        return id
    }

    /// An ISO 8601 instant (`2025-11-25T08:00:00Z`, fractional seconds allowed).
    func date(_ name: String) throws(APIError) -> Date? {
        guard let value = try text(name) else { return nil }
        guard let date = Self.parseDate(value) else {
            throw .invalidField(name, "'\(value)' is not an ISO 8601 date and time, such as 2025-11-25T08:00:00Z")
        }
        return date
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
