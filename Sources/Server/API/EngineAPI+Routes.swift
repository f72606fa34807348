import Foundation
import HTTPTypes
import Hummingbird
import QRCodes

extension EngineAPI {
    /// Every route of the API, in the order the OpenAPI document lists them.
    public static let routes: [APIRoute] = [
        APIRoute(
            method: .get, path: "/api/senders",
            operation: OpenAPI.operation("listSenders", "Every sender, with its connection and health", ok: "SenderList"),
            handler: { api, request, _ in
                _ = try QueryParameters(request, allowed: [])
                return EngineAPI.json(SenderList(senders: try await api.source.senders()))
            }),
        APIRoute(
            method: .get, path: "/api/senders/{name}",
            operation: OpenAPI.operation("getSender", "One sender, with its connection and health", parameters: [.name("sender")], ok: "Sender"),
            handler: { api, request, context in
                let name = try api.pathName(request, context)
                _ = try QueryParameters(request, allowed: [])
                guard let sender = try await api.source.sender(named: name) else { throw APIError.notFound("sender", name) }
                return EngineAPI.json(sender)
            }),
        APIRoute(
            method: .get, path: "/api/senders/{name}/qr",
            operation: OpenAPI.operation(
                "getSenderQRCode", "The QR code a WhatsApp Web gateway sender waits to have scanned, as SVG",
                description: "404 when the sender is not waiting for a scan. The code rotates about every 20 seconds: fetch it again to show it.",
                parameters: [.name("sender")], okContent: ["image/svg+xml": ["schema": ["type": "string"]]]),
            handler: { api, request, context in
                let name = try api.pathName(request, context)
                _ = try QueryParameters(request, allowed: [])
                switch try await api.source.pairingCode(sender: name) {
                case .unknownSender:
                    throw APIError.notFound("sender", name)
                case .notPending(let reason):
                    throw APIError(status: 404, code: "sender.no-pairing-code", message: "sender '\(name)' has no QR code to scan: \(reason)")
                case .pending(let code):
                    let svg = try QRCode(encoding: code).svg()
                    return Response(
                        status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: svg)))
                }
            }),
        APIRoute(
            method: .get, path: "/api/senders/{name}/stats",
            operation: OpenAPI.operation(
                "getSenderStats", "A sender's messages by state, its quota windows' use and its health", parameters: [.name("sender")],
                ok: "SenderStats"),
            handler: { api, request, context in
                let name = try api.pathName(request, context)
                _ = try QueryParameters(request, allowed: [])
                guard let stats = try await api.source.senderStats(named: name) else { throw APIError.notFound("sender", name) }
                return EngineAPI.json(stats)
            }),
        APIRoute(
            method: .get, path: "/api/campaigns",
            operation: OpenAPI.operation("listCampaigns", "Every campaign, desired and actual state", ok: "CampaignList"),
            handler: { api, request, _ in
                _ = try QueryParameters(request, allowed: [])
                return EngineAPI.json(CampaignList(campaigns: try await api.source.campaigns()))
            }),
        APIRoute(
            method: .get, path: "/api/campaigns/{name}",
            operation: OpenAPI.operation("getCampaign", "One campaign", parameters: [.name("campaign")], ok: "Campaign"),
            handler: { api, request, context in
                let name = try api.pathName(request, context)
                _ = try QueryParameters(request, allowed: [])
                guard let campaign = try await api.source.campaign(named: name) else { throw APIError.notFound("campaign", name) }
                return EngineAPI.json(campaign)
            }),
        APIRoute(
            method: .get, path: "/api/campaigns/{name}/stats",
            operation: OpenAPI.operation(
                "getCampaignStats", "A campaign's contacts by status, messages by state, recent sends and estimated completion",
                parameters: [.name("campaign")], ok: "CampaignStats"),
            handler: { api, request, context in
                let name = try api.pathName(request, context)
                _ = try QueryParameters(request, allowed: [])
                guard let stats = try await api.source.campaignStats(named: name) else { throw APIError.notFound("campaign", name) }
                return EngineAPI.json(stats)
            }),
        APIRoute(
            method: .get, path: "/api/broadcasts",
            operation: OpenAPI.operation("listBroadcasts", "Every broadcast list and which of its sends started", ok: "BroadcastList"),
            handler: { api, request, _ in
                _ = try QueryParameters(request, allowed: [])
                return EngineAPI.json(BroadcastListBody(broadcasts: try await api.source.broadcasts()))
            }),
        APIRoute(
            method: .get, path: "/api/broadcasts/{name}",
            operation: OpenAPI.operation("getBroadcast", "One broadcast list", parameters: [.name("broadcast list")], ok: "Broadcast"),
            handler: { api, request, context in
                let name = try api.pathName(request, context)
                _ = try QueryParameters(request, allowed: [])
                guard let list = try await api.source.broadcast(named: name) else { throw APIError.notFound("broadcast list", name) }
                return EngineAPI.json(list)
            }),
        APIRoute(
            method: .get, path: "/api/flows",
            operation: OpenAPI.operation("listFlows", "Every flow, with its version and active executions", ok: "FlowList"),
            handler: { api, request, _ in
                _ = try QueryParameters(request, allowed: [])
                return EngineAPI.json(FlowList(flows: try await api.source.flows()))
            }),
        APIRoute(
            method: .get, path: "/api/flows/{name}/executions",
            operation: OpenAPI.operation(
                "listFlowExecutions", "A flow's executions, newest first, a page at a time",
                parameters: [
                    .name("flow"),
                    .query("status", "Only `active` or only `ended` executions.", schema: ["type": "string", "enum": ["active", "ended"]]),
                    .limit, .cursor,
                ], ok: "FlowExecutionPage"),
            handler: { api, request, context in
                let name = try api.pathName(request, context)
                let query = try QueryParameters(request, allowed: ["status", "limit", "cursor"])
                guard
                    let page = try await api.source.flowExecutions(
                        flow: name, status: try query.choice("status", of: ["active", "ended"]), beforeID: try query.cursor(),
                        limit: try query.limit(default: MessageQuery.defaultLimit, maximum: MessageQuery.maximumLimit))
                else { throw APIError.notFound("flow", name) }
                return EngineAPI.json(page)
            }),
        APIRoute(
            method: .get, path: "/api/auto-replies", operation: OpenAPI.operation("listAutoReplies", "Every auto-reply", ok: "AutoReplyList"),
            handler: { api, request, _ in
                _ = try QueryParameters(request, allowed: [])
                return EngineAPI.json(AutoReplyList(autoReplies: try await api.source.autoReplies()))
            }),
        APIRoute(
            method: .get, path: "/api/messages",
            operation: OpenAPI.operation(
                "listMessages", "Outbox messages, newest first, filtered, a page at a time",
                parameters: [
                    .query("sender", "Messages the sender was chosen for."),
                    .query("recipient", "Messages to this number (E.164, such as +15550109001)."),
                    .query(
                        "state", "Messages in this state.", schema: ["type": "string", "enum": .array(MessageQuery.states.map(JSONValue.string))]),
                    .query(
                        "originKind", "Messages queued by this kind of resource.",
                        schema: ["type": "string", "enum": .array(MessageQuery.originKinds.map(JSONValue.string))]),
                    .query("originName", "Messages queued by the resource of this name (`engine send`, `api` for manual ones)."),
                    .query("since", "Messages queued at or after this instant (ISO 8601).", schema: ["type": "string", "format": "date-time"]),
                    .limit, .cursor,
                ], ok: "MessagePage"),
            handler: { api, request, _ in
                let query = try QueryParameters(
                    request, allowed: ["sender", "recipient", "state", "originKind", "originName", "since", "limit", "cursor"])
                let filter = MessageQuery(
                    sender: try query.text("sender"), recipient: try query.text("recipient"),
                    state: try query.choice("state", of: MessageQuery.states),
                    originKind: try query.choice("originKind", of: MessageQuery.originKinds), originName: try query.text("originName"),
                    since: try query.date("since"), beforeID: try query.cursor(),
                    limit: try query.limit(default: MessageQuery.defaultLimit, maximum: MessageQuery.maximumLimit))
                return EngineAPI.json(try await api.source.messages(filter))
            }),
        APIRoute(
            method: .post, path: "/api/messages",
            operation: OpenAPI.operation(
                "sendMessage", "Queue one message through the outbox",
                description: """
                    Sent by `engine run` within the senders' quotas, paced, like `engine send`. The same `idempotencyKey` \
                    (or `Idempotency-Key` header) queues nothing new: the answer is 200 with outcome `duplicate` and the first \
                    message's id. A contact who opted out is refused with 422.
                    """,
                parameters: [.idempotencyKey], requestBody: "SendRequest",
                responses: [
                    ("202", OpenAPI.jsonResponse("Queued", schema: "SendResult")),
                    ("200", OpenAPI.jsonResponse("Queued before under the same idempotency key; nothing new", schema: "SendResult")),
                    ("422", OpenAPI.jsonResponse("The contact opted out; nothing was queued", schema: "Error")),
                ]),
            handler: { api, request, context in try await api.sendOne(request, context) }),
        APIRoute(
            method: .post, path: "/api/messages/bulk",
            operation: OpenAPI.operation(
                "sendMessages", "Queue several messages through the outbox, all or none",
                description: """
                    A JSON array of up to 1000 messages shaped as for `POST /api/messages`. Every message is checked first: one \
                    error refuses the whole request, naming the field (`[3].to`). Contacts who opted out are skipped. With an \
                    `Idempotency-Key` header, message i without its own key uses `KEY:i`.
                    """,
                parameters: [.idempotencyKey], requestBody: "BulkSendRequest",
                responses: [
                    ("202", OpenAPI.jsonResponse("At least one message was queued", schema: "BulkSendResult")),
                    ("200", OpenAPI.jsonResponse("Nothing new was queued (duplicates, opted-out contacts)", schema: "BulkSendResult")),
                ]),
            handler: { api, request, context in try await api.sendBulk(request, context) }),
        APIRoute(
            method: .get, path: "/api/status",
            operation: OpenAPI.operation(
                "getStatus", "The applied and last attempted revision, and the files' current diagnostics",
                description: "While the files are invalid, the last valid revision keeps running and `diagnostics` says why the new one was refused.",
                ok: "RevisionStatus"),
            handler: { api, request, _ in
                _ = try QueryParameters(request, allowed: [])
                return EngineAPI.json(try await api.source.revisionStatus())
            }),
        APIRoute(
            method: .get, path: "/api/openapi.json",
            operation: OpenAPI.operation(
                "getOpenAPIDocument", "This document", okContent: ["application/json": ["schema": ["type": "object"]]]),
            handler: { _, request, _ in
                _ = try QueryParameters(request, allowed: [])
                return EngineAPI.json(openAPIDocument)
            }),
    ]

    /// The `{name}` of the path, non-empty.
    func pathName(_ request: Request, _ context: BasicRequestContext) throws(APIError) -> String {
        guard let name = context.parameters.get("name"), !name.isEmpty else { throw APIError.invalidField("name", "the path names no resource") }
        return name.removingPercentEncoding ?? name
    }
}

/// `{"senders": [...]}`.
struct SenderList: Codable { var senders: [SenderResource] }
/// `{"campaigns": [...]}`.
struct CampaignList: Codable { var campaigns: [CampaignResource] }
/// `{"broadcasts": [...]}`.
struct BroadcastListBody: Codable { var broadcasts: [BroadcastResource] }
/// `{"flows": [...]}`.
struct FlowList: Codable { var flows: [FlowResource] }
/// `{"autoReplies": [...]}`.
struct AutoReplyList: Codable { var autoReplies: [AutoReplyResource] }
