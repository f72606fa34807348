import Foundation
import Manifest
import Scheduler
import Testing

/// The scheduler's values built from a real, validated configuration: the repository's
/// `examples/multi-sender-quiet-hours`.
@Suite("Configuration")
struct ConfigurationTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/multi-sender-quiet-hours").path

    func configuration(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Configuration {
        let report = try Validator(directory: Self.example, currentDirectory: Self.example).validate()
        let errors = report.diagnostics.filter(\.isError).map(\.summary)
        try #require(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
        return report.configuration
    }

    @Test("sender profiles carry quotas, warm-up, transport limits and application")
    func profiles() throws {
        let senders = try configuration().senders.sorted { $0.header.name < $1.header.name }
        let profiles = senders.map(SenderProfile.init)
        #expect(profiles.map(\.name) == ["berlin-1", "berlin-2", "hamburg", "munich"])
        let munich = try #require(profiles.last)
        #expect(munich.limits == QuotaLimits(perMinute: 5, perHour: 100, perDay: 800))
        #expect(munich.warmup == WarmupRamp(days: 10, from: 40, to: 800))
        #expect(munich.transportLimits == .standard(for: .simulator))
        #expect(munich.application == "simulator munich")
        #expect(profiles[0].warmup == nil)
    }

    @Test("a campaign's schedule and pacing come from its YAML, in the configuration's time zone")
    func schedule() throws {
        let configuration = try configuration()
        let campaign = try #require(configuration.campaigns.first)
        let schedule = try #require(SendingSchedule(campaign.schedule, settings: configuration.settings))
        #expect(schedule.timeZone.identifier == "Europe/Berlin")
        #expect(schedule.dailyCap == 400)
        #expect(schedule.start == (try Fixtures.date("2027-01-11T09:00:00+01:00")))
        #expect(schedule.hours == (try Fixtures.hours("mon-fri", "09:00", "18:00")))
        #expect(!schedule.isOpen(at: try Fixtures.date("2027-01-08T10:00:00+01:00")))
        #expect(schedule.nextOpening(after: try Fixtures.date("2027-01-01T00:00:00Z")) == (try Fixtures.date("2027-01-11T09:00:00+01:00")))
        let pacing = PacingRule(campaign.pacing)
        #expect(pacing == PacingRule(minDelay: .seconds(4), maxDelay: .seconds(12), typing: .standard))
    }
}
