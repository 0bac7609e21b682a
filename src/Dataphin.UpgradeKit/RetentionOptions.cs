using NodaTime;

namespace Dataphin.UpgradeKit;

/// <summary>
/// When old finished records are archived and removed from the store. Off unless the host turns it on: nothing is ever
/// removed by default. Validated with the other options (<see cref="UpgradeKitOptions.Validate"/>); binds from
/// configuration with <c>AddUpgradeKit(configuration.GetSection("UpgradeKit"))</c>, durations written as .NET writes a
/// <see cref="TimeSpan"/>, e.g. <c>"Retention": { "Enabled": true, "FinishedRecordAge": "365.00:00:00", "ArchiveDirectory": "/var/lib/console/archive" }</c>.
/// </summary>
/// <remarks>
/// Whatever the policy, a record is never removed while it is not finished, when it is the first record, the latest
/// succeeded record, a pinned record, or a record with a notification not yet delivered (pending or dead-lettered).
/// Everything removed is first written to the archive.
/// </remarks>
public sealed class RetentionOptions
{
    /// <summary>True to let retention remove records (by the hosted service, or by a host calling a run itself).</summary>
    /// <value>The default value is false.</value>
    public bool Enabled { get; set; }

    /// <summary>
    /// True to run the hosted retention service that <c>AddUpgradeKit()</c> registers when <see cref="Enabled"/> is true;
    /// false for a host that runs retention itself.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool ServiceEnabled { get; set; } = true;

    /// <summary>How long after it finished a record may be removed; at least 1 day.</summary>
    /// <value>The default value is 365 days.</value>
    public Duration FinishedRecordAge { get; set; } = Duration.FromDays(365);

    /// <summary>How many of the most recent finished records are kept whatever their age.</summary>
    /// <value>The default value is 100.</value>
    public int MinimumFinishedRecords { get; set; } = 100;

    /// <summary>How many records one batch archives and removes at most (one archive write and one transaction per batch).</summary>
    /// <value>The default value is 100.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>How many batches one run takes at most; the next run goes on where it stopped.</summary>
    /// <value>The default value is 100.</value>
    public int MaxBatchesPerRun { get; set; } = 100;

    /// <summary>How often the hosted service runs; between 1 minute and 7 days.</summary>
    /// <value>The default value is 1 hour.</value>
    public Duration Interval { get; set; } = Duration.FromHours(1);

    /// <summary>
    /// The directory of the default file-system archive. Required when <see cref="Enabled"/> is true, unless the host
    /// registers its own archive.
    /// </summary>
    /// <value>The default value is null.</value>
    public string? ArchiveDirectory { get; set; }

    /// <summary>
    /// True to archive saved configurations (in their stored form: protected when the host protects configurations at
    /// rest); false to leave their bytes out of the archive (the file name and save time stay).
    /// </summary>
    /// <value>The default value is true.</value>
    public bool ArchiveConfigurations { get; set; } = true;

    /// <summary>
    /// How long the change feed (what watchers resume from) keeps its rows, whatever their record; null to keep each
    /// row as long as its record. A watcher that resumes from a position whose following rows were trimmed is told to
    /// reload (the events stream answers 410). At least 1 hour.
    /// </summary>
    /// <value>The default value is null.</value>
    public Duration? ChangeFeedAge { get; set; }

    /// <summary>
    /// How long an audit entry stays in the store, whatever its record's age; null to keep each entry as long as its
    /// record. Entries older than this are archived (one file per day of the entry) and then removed, except the entries
    /// of a record that is not finished, is pinned, or has a notification not yet delivered: their whole trail stays.
    /// At least 1 day.
    /// </summary>
    /// <value>The default value is null.</value>
    public Duration? AuditEntryAge { get; set; }

    /// <summary>The shortest <see cref="AuditEntryAge"/> accepted.</summary>
    internal static readonly Duration MinAuditEntryAge = Duration.FromDays(1);

    /// <summary>The shortest <see cref="ChangeFeedAge"/> accepted.</summary>
    internal static readonly Duration MinChangeFeedAge = Duration.FromHours(1);

    /// <summary>The shortest <see cref="FinishedRecordAge"/> accepted.</summary>
    internal static readonly Duration MinAge = Duration.FromDays(1);

    /// <summary>The problems of these options, each a sentence; empty when valid.</summary>
    internal IEnumerable<string> Problems()
    {
        if (FinishedRecordAge < MinAge)
        {
            yield return $"Retention.FinishedRecordAge must be at least {MinAge} (it is {FinishedRecordAge}).";
        }

        if (ChangeFeedAge is { } feedAge && feedAge < MinChangeFeedAge)
        {
            yield return $"Retention.ChangeFeedAge must be at least {MinChangeFeedAge} or null (it is {feedAge}).";
        }

        if (AuditEntryAge is { } auditAge && auditAge < MinAuditEntryAge)
        {
            yield return $"Retention.AuditEntryAge must be at least {MinAuditEntryAge} or null (it is {auditAge}).";
        }

        if (MinimumFinishedRecords is < 0 or > 1_000_000)
        {
            yield return $"Retention.MinimumFinishedRecords must be between 0 and 1000000 (it is {MinimumFinishedRecords}).";
        }

        if (BatchSize is < 1 or > 10_000)
        {
            yield return $"Retention.BatchSize must be between 1 and 10000 (it is {BatchSize}).";
        }

        if (MaxBatchesPerRun is < 1 or > 100_000)
        {
            yield return $"Retention.MaxBatchesPerRun must be between 1 and 100000 (it is {MaxBatchesPerRun}).";
        }

        if (Interval < Duration.FromMinutes(1) || Interval > Duration.FromDays(7))
        {
            yield return $"Retention.Interval must be between 1 minute and 7 days (it is {Interval}).";
        }

        if (ArchiveDirectory is not null && string.IsNullOrWhiteSpace(ArchiveDirectory))
        {
            yield return "Retention.ArchiveDirectory must name a directory or be null.";
        }
    }
}
