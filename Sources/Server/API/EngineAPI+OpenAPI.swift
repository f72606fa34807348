extension EngineAPI {
    /// The OpenAPI 3.1 document of the API (`GET /api/openapi.json`): its paths come from
    /// ``routes``, its schemas from ``OpenAPI/schemas``.
    public static let openAPIDocument: JSONValue = {
        var paths: [(key: String, value: JSONValue)] = []
        for route in routes {
            let name = route.method.rawValue.lowercased()
            if let index = paths.firstIndex(where: { $0.key == route.path }), case .object(var operations) = paths[index].value {
                operations.append((name, route.operation))
                paths[index].value = .object(operations)
            } else {
                paths.append((route.path, .object([(name, route.operation)])))
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "engine API",
                "version": "1",
                "description": """
                Read the resources the configuration files declare, with the status the engine keeps, and queue \
                messages through the outbox. The configuration itself changes only through the files. Every route \
                needs `Authorization: Bearer <token>` (ENGINE_API_TOKEN or Settings' apiToken) when a token is \
                configured; without one the engine listens on loopback only.
                """,
            ],
            "security": [["bearer": []]],
            "paths": .object(paths),
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "responses": [
                    "BadRequest": OpenAPI.jsonResponse("A query parameter or body field is wrong; `field` names it", schema: "Error"),
                    "Unauthorized": OpenAPI.jsonResponse("No bearer token, or not this engine's", schema: "Error"),
                    "NotFound": OpenAPI.jsonResponse("The applied configuration has no such resource", schema: "Error"),
                    "InternalError": OpenAPI.jsonResponse("The engine failed (its log says why); retry later", schema: "Error"),
                ],
                "schemas": .object(OpenAPI.schemas),
            ],
        ]
    }()
}
