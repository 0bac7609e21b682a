using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Tests.Timeline;

/// <summary>Records and events for the timeline, times and projection tests, written out by hand.</summary>
internal static class TimelineTestData
{
    /// <summary>2026-03-29T00:00:00Z: one hour before Europe/Berlin springs forward (02:00 CET becomes 03:00 CEST).</summary>
    public static readonly Instant T0 = Instant.FromUtc(2026, 3, 29, 0, 0, 0);

    public static readonly UpgradeRecordId FixedId = UpgradeRecordId.Parse("0195e0a1b2c37d4e8f9a0b1c2d3e4f50");

    public static UpgradeRecord Record(
        UpgradeStatus status,
        UpgradeMode mode = UpgradeMode.Maintenance,
        Instant? upgradeStart = null,
        Instant? upgradeEnd = null,
        Instant? maintenanceStart = null,
        Instant? maintenanceEnd = null,
        UpgradeRecordId? id = null,
        ConfigurationFileInfo? configuration = null,
        bool forceStopTaskRan = false,
        bool shutdownStarted = false,
        Instant? createdAt = null) =>
        Fields(status, mode, upgradeStart, upgradeEnd, maintenanceStart, maintenanceEnd, id, configuration, forceStopTaskRan, shutdownStarted, createdAt)
            .ToRecord();

    /// <summary>The stored fields <see cref="Record"/> builds its record from, for tests of states no record can have.</summary>
    public static UpgradeRecordSnapshot Fields(
        UpgradeStatus status,
        UpgradeMode mode = UpgradeMode.Maintenance,
        Instant? upgradeStart = null,
        Instant? upgradeEnd = null,
        Instant? maintenanceStart = null,
        Instant? maintenanceEnd = null,
        UpgradeRecordId? id = null,
        ConfigurationFileInfo? configuration = null,
        bool forceStopTaskRan = false,
        bool shutdownStarted = false,
        Instant? createdAt = null) => new UpgradeRecordSnapshot
        {
            Id = id ?? FixedId,
            TargetVersion = ProductVersion.Parse("V5.1.0"),
            InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = mode,
            DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
            Status = status,
            CreatedAt = createdAt ?? T0,
            CreatedBy = "alice",
            UpgradeStartedAt = upgradeStart,
            UpgradeEndedAt = upgradeEnd,
            MaintenanceStartedAt = maintenanceStart,
            MaintenanceEndedAt = maintenanceEnd,
            Configuration = configuration,
            ForceStopTaskRan = forceStopTaskRan,
            ApplicationShutdownStarted = shutdownStarted,
            Version = 1,
        };

    public static TimelineEvent E(TimelineEventKind kind, string subject, Instant at, DataUpdateTaskOutcome? outcome = null, string? link = null) =>
        new() { Kind = kind, Subject = subject, At = at, Outcome = outcome, DetailsLink = link };

    public static Instant At(int minutes, int seconds = 0) => T0 + Duration.FromMinutes(minutes) + Duration.FromSeconds(seconds);
}
