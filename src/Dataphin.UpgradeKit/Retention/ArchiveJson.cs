using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using NodaTime;
using NodaTime.Text;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>
/// The archive's line format: one JSON object per record, times as ISO-8601 instants, enums as the SDK's declared
/// numbers, the configuration's stored bytes in base64. Written and read only here, so the two cannot drift.
/// </summary>
internal static class ArchiveJson
{
    public const int FormatVersion = 1;

    /// <summary>The files a manifest entry of a batch names, with their hashes and counts.</summary>
    public static List<RetentionArchiveFile> FilesOf(JsonNode batch) => [.. batch["files"]!.AsArray().Select(f => new RetentionArchiveFile
    {
        Name = (string)f!["name"]!,
        Sha256 = (string)f["sha256"]!,
        Records = (int)f["records"]!,
        AuditEntries = (int)f["auditEntries"]!,
        TimelineEvents = (int)f["timelineEvents"]!,
    })];

    public static void Write(Utf8JsonWriter writer, ArchivedRecord archived)
    {
        var r = archived.Record;
        writer.WriteStartObject();
        writer.WriteNumber("format", FormatVersion);
        writer.WriteString("id", r.Id.ToString());
        writer.WriteString("finishedAt", Format(archived.FinishedAt));
        writer.WriteNumber("version", r.Version);
        writer.WriteNumber("status", (int)r.Status);
        writer.WriteString("targetVersion", r.TargetVersion.ToString());
        writer.WriteString("initialVersion", r.InitialVersion.ToString());
        writer.WriteNumber("mode", (int)r.Mode);
        writer.WriteNumber("dataServiceStudioMode", (int)r.DataServiceStudioMode);
        writer.WriteString("createdAt", Format(r.CreatedAt));
        writer.WriteString("createdBy", r.CreatedBy);
        Optional(writer, "upgradeStartedAt", r.UpgradeStartedAt);
        Optional(writer, "upgradeEndedAt", r.UpgradeEndedAt);
        Optional(writer, "stepsCompletedAt", r.StepsCompletedAt);
        Optional(writer, "maintenanceStartedAt", r.MaintenanceStartedAt);
        Optional(writer, "maintenanceEndedAt", r.MaintenanceEndedAt);
        writer.WriteBoolean("forceStopTaskRan", r.ForceStopTaskRan);
        writer.WriteBoolean("applicationShutdownStarted", r.ApplicationShutdownStarted);
        if (r.CurrentStep is { } step)
        {
            writer.WriteString("currentStep", step);
        }

        if (r.RerunForceStoppedInstances is { } rerun)
        {
            writer.WriteBoolean("rerunForceStoppedInstances", rerun);
        }

        if (r.ForceStopResult is { } result)
        {
            writer.WriteNumber("forceStopResult", (int)result);
        }

        if (r.FailureReason is { } reason)
        {
            writer.WriteString("failureReason", reason);
        }

        if (r.Configuration is { } configuration)
        {
            writer.WriteStartObject("configuration");
            writer.WriteString("fileName", configuration.FileName);
            writer.WriteString("savedAt", Format(configuration.SavedAt));
            if (configuration.Length is { } length)
            {
                writer.WriteNumber("length", length);
            }

            if (archived.ConfigurationContent is { } content)
            {
                writer.WriteBase64String("content", content.Span);
            }

            writer.WriteEndObject();
        }

        writer.WriteStartArray("audit");
        foreach (var entry in archived.AuditEntries)
        {
            writer.WriteStartObject();
            WriteEntry(writer, entry);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("events");
        foreach (var e in archived.TimelineEvents)
        {
            writer.WriteStartObject();
            writer.WriteNumber("kind", (int)e.Kind);
            writer.WriteString("subject", e.Subject);
            writer.WriteString("at", Format(e.At));
            if (e.Outcome is { } outcome)
            {
                writer.WriteNumber("outcome", (int)outcome);
            }

            if (e.DetailsLink is { } link)
            {
                writer.WriteString("detailsLink", link);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>One audit entry archived by its own period: its store id and record, then the entry's fields.</summary>
    public static void WriteAuditLine(Utf8JsonWriter writer, StoredAuditEntry stored)
    {
        writer.WriteStartObject();
        writer.WriteNumber("format", FormatVersion);
        writer.WriteString("entryId", stored.Id);
        writer.WriteString("recordId", stored.Entry.RecordId.ToString());
        WriteEntry(writer, stored.Entry);
        writer.WriteEndObject();
    }

    public static StoredAuditEntry ReadAuditLine(JsonElement line) => new()
    {
        Id = line.GetProperty("entryId").GetString()!,
        Entry = ReadEntry(UpgradeRecordId.Parse(line.GetProperty("recordId").GetString()!), line),
    };

    private static void WriteEntry(Utf8JsonWriter writer, AuditEntry entry)
    {
        writer.WriteString("at", Format(entry.At));
        writer.WriteString("actor", entry.Actor);
        writer.WriteNumber("operation", (int)entry.Operation);
        writer.WriteNumber("outcome", (int)entry.Outcome);
        if (entry.StatusBefore is { } before)
        {
            writer.WriteNumber("statusBefore", (int)before);
        }

        if (entry.StatusAfter is { } after)
        {
            writer.WriteNumber("statusAfter", (int)after);
        }

        writer.WriteNumber("reason", (int)entry.Reason);
        writer.WriteNumber("recordVersion", entry.RecordVersion);
        writer.WriteStartObject("options");
        foreach (var option in entry.Options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            writer.WriteString(option.Key, option.Value);
        }

        writer.WriteEndObject();
        if (entry.OperatorReason is { } reason)
        {
            writer.WriteString("operatorReason", reason);
        }

        if (entry.Declaration is { } declaration)
        {
            writer.WriteStartObject("declaration");
            writer.WriteString("version", declaration.Version);
            writer.WriteString("language", declaration.Language);
            writer.WriteString("text", declaration.Text);
            writer.WriteEndObject();
        }
    }

    private static AuditEntry ReadEntry(UpgradeRecordId recordId, JsonElement a) => new(
        recordId,
        Parse(a.GetProperty("at")),
        a.GetProperty("actor").GetString()!,
        (UpgradeOperation)a.GetProperty("operation").GetInt32(),
        (AuditOutcome)a.GetProperty("outcome").GetInt32(),
        a.TryGetProperty("statusBefore", out var before) ? (UpgradeStatus)before.GetInt32() : null,
        a.TryGetProperty("statusAfter", out var after) ? (UpgradeStatus)after.GetInt32() : null,
        (ActionReasonCode)a.GetProperty("reason").GetInt32(),
        a.GetProperty("recordVersion").GetInt64(),
        a.GetProperty("options").EnumerateObject().ToDictionary(o => o.Name, o => o.Value.GetString()!, StringComparer.Ordinal))
    {
        OperatorReason = a.TryGetProperty("operatorReason", out var reason) ? reason.GetString() : null,
        Declaration = a.TryGetProperty("declaration", out var d)
            ? new ForceStopDeclaration { Version = d.GetProperty("version").GetString()!, Language = d.GetProperty("language").GetString()!, Text = d.GetProperty("text").GetString()! }
            : null,
    };

    public static ArchivedRecord Read(JsonElement line)
    {
        var configuration = line.TryGetProperty("configuration", out var c)
            ? new ConfigurationFileInfo(c.GetProperty("fileName").GetString()!, Parse(c.GetProperty("savedAt")),
                c.TryGetProperty("length", out var length) ? length.GetInt64() : null)
            : null;
        ReadOnlyMemory<byte>? content = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("content", out var bytes) ? bytes.GetBytesFromBase64() : null;
        var record = new UpgradeRecordSnapshot
        {
            Id = UpgradeRecordId.Parse(line.GetProperty("id").GetString()!),
            Version = line.GetProperty("version").GetInt64(),
            Status = (UpgradeStatus)line.GetProperty("status").GetInt32(),
            TargetVersion = ProductVersion.Parse(line.GetProperty("targetVersion").GetString()!),
            InitialVersion = ProductVersion.Parse(line.GetProperty("initialVersion").GetString()!),
            Mode = (UpgradeMode)line.GetProperty("mode").GetInt32(),
            DataServiceStudioMode = (DataServiceStudioUpgradeMode)line.GetProperty("dataServiceStudioMode").GetInt32(),
            CreatedAt = Parse(line.GetProperty("createdAt")),
            CreatedBy = line.GetProperty("createdBy").GetString()!,
            UpgradeStartedAt = OptionalInstant(line, "upgradeStartedAt"),
            UpgradeEndedAt = OptionalInstant(line, "upgradeEndedAt"),
            StepsCompletedAt = OptionalInstant(line, "stepsCompletedAt"),
            MaintenanceStartedAt = OptionalInstant(line, "maintenanceStartedAt"),
            MaintenanceEndedAt = OptionalInstant(line, "maintenanceEndedAt"),
            ForceStopTaskRan = line.GetProperty("forceStopTaskRan").GetBoolean(),
            ApplicationShutdownStarted = line.GetProperty("applicationShutdownStarted").GetBoolean(),
            CurrentStep = line.TryGetProperty("currentStep", out var step) ? step.GetString() : null,
            RerunForceStoppedInstances = line.TryGetProperty("rerunForceStoppedInstances", out var rerun) ? rerun.GetBoolean() : null,
            ForceStopResult = line.TryGetProperty("forceStopResult", out var result) ? (ForceStopResult)result.GetInt32() : null,
            FailureReason = line.TryGetProperty("failureReason", out var reason) ? reason.GetString() : null,
            Configuration = configuration,
        }.ToRecord(); // refuses a state no operation can produce, as a store does
        var audit = line.GetProperty("audit").EnumerateArray().Select(a => ReadEntry(record.Id, a)).ToList();
        var events = line.GetProperty("events").EnumerateArray().Select(e => new TimelineEvent
        {
            Kind = (TimelineEventKind)e.GetProperty("kind").GetInt32(),
            Subject = e.GetProperty("subject").GetString()!,
            At = Parse(e.GetProperty("at")),
            Outcome = e.TryGetProperty("outcome", out var outcome) ? (DataUpdateTaskOutcome)outcome.GetInt32() : null,
            DetailsLink = e.TryGetProperty("detailsLink", out var link) ? link.GetString() : null,
        }).ToList();
        return new ArchivedRecord
        {
            Record = record,
            FinishedAt = Parse(line.GetProperty("finishedAt")),
            ConfigurationContent = content,
            AuditEntries = audit,
            TimelineEvents = events,
        };
    }

    private static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    private static Instant Parse(JsonElement text) => InstantPattern.ExtendedIso.Parse(text.GetString()!).GetValueOrThrow();

    private static Instant? OptionalInstant(JsonElement line, string name) => line.TryGetProperty(name, out var value) ? Parse(value) : null;

    private static void Optional(Utf8JsonWriter writer, string name, Instant? instant)
    {
        if (instant is { } value)
        {
            writer.WriteString(name, Format(value));
        }
    }

    /// <summary>The day of finish an archive file is named after, as yyyy-MM-dd (UTC).</summary>
    public static string Day(Instant finishedAt) => finishedAt.InUtc().Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
