using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>One record as retention archives it: the record, its configuration, audit entries and timeline events.</summary>
public sealed record ArchivedRecord
{
    /// <summary>The record as it was stored.</summary>
    public required UpgradeRecord Record { get; init; }

    /// <summary>When it finished (the day of the archive file that holds it).</summary>
    public required Instant FinishedAt { get; init; }

    /// <summary>
    /// The saved configuration's bytes in their stored form (protected when the host protects configurations at rest),
    /// or null when none was saved or configurations are left out of the archive.
    /// </summary>
    public ReadOnlyMemory<byte>? ConfigurationContent { get; init; }

    /// <summary>The record's audit entries, oldest first.</summary>
    public required IReadOnlyList<AuditEntry> AuditEntries { get; init; }

    /// <summary>The record's timeline events.</summary>
    public required IReadOnlyList<TimelineEvent> TimelineEvents { get; init; }
}
