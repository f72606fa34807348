import Foundation
import Manifest
import Store

/// Estimates when a campaign will have sent its remaining messages, minute by minute,
/// from its senders' quotas and pacing, its sending window and daily cap, and the other
/// campaigns that share its senders. An estimate for `plan`, not a schedule: the
/// scheduler's windows slide where this one uses calendar hours and days.
public struct CompletionEstimate: Sendable {
    let configuration: Configuration
    let now: Date
    /// Beyond this the estimate gives up (a campaign that would take longer is shown without an ETA).
    static let horizonMinutes = 400 * 24 * 60

    /// An estimate for `configuration`'s campaigns from `now` on.
    public init(configuration: Configuration, now: Date) {
        self.configuration = configuration
        self.now = now
    }

    /// When `campaign` should have sent its `messages` unsent ones; nil when it has no
    /// enabled sender or would take longer than the horizon.
    public func finish(of campaign: Campaign, messages: Int, liveCampaigns: [String: CampaignRecord]) -> Date? {
        guard messages > 0 else { return now }
        let senders = configuration.senders.filter { sender in
            sender.isEnabled && campaign.senders.contains { $0.value == sender.header.name }
        }
        guard !senders.isEmpty else { return nil }
        // Each sender's time is shared with the other running campaigns that use it.
        let sharing = senders.map { sender in
            1
                + configuration.campaigns.count { other in
                    other.header.name != campaign.header.name
                        && (liveCampaigns[other.header.name]?.state == .running || other.desiredState == .running)
                        && other.senders.contains { $0.value == sender.header.name }
                }
        }
        let averageDelay = max(0.001, (campaign.pacing.minDelay + campaign.pacing.maxDelay).seconds / 2)
        let timezone = TimeZone(identifier: campaign.schedule.timezone ?? configuration.settings.timezone) ?? TimeZone(identifier: "UTC")!
        let startSeconds = max(now.timeIntervalSince1970, Double(campaign.schedule.start?.secondsSince1970 ?? 0))

        var remaining = Double(messages)
        var hourBudget = [Double](repeating: 0, count: senders.count)
        var dayBudget = [Double](repeating: 0, count: senders.count)
        var campaignDay = -1, campaignDaySent = 0.0
        var currentHour = -1, currentDay = -1
        var offset = timezone.secondsFromGMT(for: Date(timeIntervalSince1970: startSeconds))
        for minute in 0..<Self.horizonMinutes {
            let seconds = startSeconds + Double(minute * 60)
            let hour = Int(seconds / 3600), day = Int(seconds / 86_400)
            if hour != currentHour {
                currentHour = hour
                offset = timezone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))
                for index in senders.indices { hourBudget[index] = Double(senders[index].quota.perHour) }
            }
            if day != currentDay {
                currentDay = day
                for index in senders.indices { dayBudget[index] = Double(senders[index].quota.perDay) }
            }
            let local = Int(seconds) + offset
            if let window = campaign.schedule.window, !Self.isOpen(window, localSeconds: local) { continue }
            var capacity = 0.0
            for (index, sender) in senders.enumerated() {
                let perMinute = min(Double(sender.quota.perMinute), 60 / averageDelay) / Double(sharing[index])
                let sent = min(perMinute, hourBudget[index], dayBudget[index])
                hourBudget[index] -= sent
                dayBudget[index] -= sent
                capacity += sent
            }
            if let cap = campaign.schedule.dailyCap {
                let localDay = local / 86_400
                if localDay != campaignDay { campaignDay = localDay; campaignDaySent = 0 }
                capacity = min(capacity, Double(cap) - campaignDaySent)
                campaignDaySent += max(0, capacity)
            }
            remaining -= max(0, capacity)
            if remaining <= 0 { return Date(timeIntervalSince1970: seconds + 60) }
        }
        return nil
    }

    static func isOpen(_ window: TimeWindow, localSeconds: Int) -> Bool {
        let daySeconds = ((localSeconds % 86_400) + 86_400) % 86_400
        let minuteOfDay = daySeconds / 60
        let days = (localSeconds - daySeconds) / 86_400
        // 1970-01-01 was a Thursday: ISO weekday 4.
        let weekday = ((days % 7) + 7 + 3) % 7 + 1
        if window.from < window.to {
            return window.days.contains(isoWeekday: weekday) && minuteOfDay >= window.from.minutes && minuteOfDay < window.to.minutes
        }
        // Overnight: open from `from` to midnight on a listed day, and until `to` the morning after.
        let previous = weekday == 1 ? 7 : weekday - 1
        return (window.days.contains(isoWeekday: weekday) && minuteOfDay >= window.from.minutes)
            || (window.days.contains(isoWeekday: previous) && minuteOfDay < window.to.minutes)
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
