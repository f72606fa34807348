import Manifest
import Scheduler
import Store

/// The routes of every resource that sends, by origin: what the outbox dispatcher needs
/// of the configuration.
///
/// Business messages of a resource without a route stay queued (a campaign that is
/// paused, or not applied yet, sends nothing); conversation replies without one still go
/// out on the conversation's sender, so that a reload never strands a reply.
public struct OutboxRoutes: Sendable {
    /// Campaign routes by campaign name; only campaigns that are sending belong here.
    public var campaigns: [String: OutboxRoute]
    /// Broadcast list routes by list name.
    public var broadcasts: [String: OutboxRoute]
    /// Flow routes by flow name.
    public var flows: [String: OutboxRoute]
    /// Auto-reply routes by auto-reply name.
    public var autoReplies: [String: OutboxRoute]
    /// The route of messages enqueued by hand, whatever their origin name; nil leaves them queued.
    public var manual: OutboxRoute?

    /// Creates routes.
    public init(
        campaigns: [String: OutboxRoute] = [:], broadcasts: [String: OutboxRoute] = [:], flows: [String: OutboxRoute] = [:],
        autoReplies: [String: OutboxRoute] = [:], manual: OutboxRoute? = nil
    ) {
        self.campaigns = campaigns
        self.broadcasts = broadcasts
        self.flows = flows
        self.autoReplies = autoReplies
        self.manual = manual
    }

    /// The route of a message, given the sender its row names.
    ///
    /// A conversation reply keeps its conversation: its sender is put first among the
    /// allowed senders when the resource no longer lists it, and a reply whose resource is
    /// gone may use its sender alone. A manual send that names its sender
    /// (`engine send --sender`) goes out from that sender alone.
    public func route(for origin: OutboxOrigin, sender: String?) -> OutboxRoute? {
        switch origin.kind {
        case .campaign: return campaigns[origin.name]
        case .broadcast: return broadcasts[origin.name]
        case .manual:
            guard var route = manual else { return nil }
            if let sender { route.allowedSenders = [sender] }
            return route
        case .flow: return conversationRoute(flows[origin.name], sender: sender)
        case .autoReply: return conversationRoute(autoReplies[origin.name], sender: sender)
        }
    }

    /// The route of an outbox row: ``route(for:sender:)``, with business traffic sent
    /// without pacing when the row is a burst (``NewOutboxMessage/isBurst``).
    public func route(for record: OutboxRecord) -> OutboxRoute? {
        guard var route = route(for: record.origin, sender: record.sender) else { return nil }
        if record.isBurst, case .business = route.traffic { route.traffic = .burst }
        return route
    }

    /// Whether a message of `origin` cut off mid-send is sent again.
    public func resendsUnknown(_ origin: OutboxOrigin) -> Bool {
        route(for: origin, sender: nil)?.resendsUnknown ?? false
    }

    /// The queued rows worth reading: every reply, and the business messages of the
    /// resources that have a route.
    var selections: [OutboxSelection] {
        var selections = [OutboxSelection(kind: .flow), OutboxSelection(kind: .autoReply)]
        selections += campaigns.keys.sorted().map { OutboxSelection(kind: .campaign, name: $0) }
        selections += broadcasts.keys.sorted().map { OutboxSelection(kind: .broadcast, name: $0) }
        if manual != nil { selections.append(OutboxSelection(kind: .manual)) }
        return selections
    }

    /// The schedule of every campaign that business traffic names, by campaign name; a
    /// route without one is open at all times.
    var schedules: [String: SendingSchedule] {
        var schedules: [String: SendingSchedule] = [:]
        for route in campaigns.values {
            if case .business(let campaign?, _) = route.traffic { schedules[campaign] = route.schedule ?? SendingSchedule() }
        }
        return schedules
    }

    private func conversationRoute(_ route: OutboxRoute?, sender: String?) -> OutboxRoute? {
        guard var route else {
            return sender.map { OutboxRoute(traffic: .conversation, allowedSenders: [$0]) }
        }
        if let sender, !route.allowedSenders.contains(sender) {
            route.allowedSenders.insert(sender, at: 0)
        }
        return route
    }
}

extension OutboxRoutes {
    /// The routes a configuration declares.
    ///
    /// - Campaigns: business traffic with their pacing (typing when `pacing.typing`),
    ///   their senders, schedule and `resendUnknown`. Pass `sendingCampaigns` to route
    ///   only those whose live state is running; a campaign whose time zone is unknown
    ///   (validation reports it) gets no route.
    /// - Broadcast lists: business traffic on their sender, paced by `broadcastPacing`.
    /// - Flows and auto-replies: conversation traffic on their senders (every sender
    ///   when they name none).
    /// - Manual sends: business traffic on every sender, paced by `manualPacing`; a row
    ///   that names its sender goes out from it alone, and a burst row is not paced.
    public init(
        _ configuration: Configuration, sendingCampaigns: Set<String>? = nil,
        broadcastPacing: PacingRule = PacingRule(minDelay: .seconds(2), maxDelay: .seconds(5), typing: nil),
        manualPacing: PacingRule = .standard
    ) {
        let everySender = configuration.senders.map(\.header.name)
        self.init()
        for campaign in configuration.campaigns where sendingCampaigns?.contains(campaign.header.name) ?? true {
            guard let schedule = SendingSchedule(campaign.schedule, settings: configuration.settings) else { continue }
            let name = campaign.header.name
            campaigns[name] = OutboxRoute(
                traffic: .business(campaign: name, pacing: PacingRule(campaign.pacing)), allowedSenders: campaign.senders.map(\.value),
                resendsUnknown: campaign.resendUnknown, schedule: schedule)
        }
        for list in configuration.broadcastLists {
            broadcasts[list.header.name] = OutboxRoute(
                traffic: .business(campaign: nil, pacing: broadcastPacing), allowedSenders: [list.sender.value], resendsUnknown: list.resendUnknown)
        }
        for flow in configuration.flows {
            flows[flow.header.name] = OutboxRoute(traffic: .conversation, allowedSenders: flow.senders?.map(\.value) ?? everySender)
        }
        for autoReply in configuration.autoReplies {
            autoReplies[autoReply.header.name] = OutboxRoute(
                traffic: .conversation, allowedSenders: autoReply.senders?.map(\.value) ?? everySender)
        }
        manual = OutboxRoute(traffic: .business(campaign: nil, pacing: manualPacing), allowedSenders: everySender)
    }
}
