using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Times;
using NodaTime;
using NodaTime.Text;

namespace Dataphin.UpgradeKit.Export.Reports;

/// <summary>
/// The records list and the audit trail as reports a compliance team opens: CSV (RFC 4180, UTF-8) or JSON Lines, with
/// the same filters as the list and the audit query. Rows are read from the store one page at a time and written as
/// they come, so memory does not grow with the number of rows. The first line names the report and its version; in a
/// CSV the second line names the columns. Each time is written as an ISO-8601 instant and in the requested time zone;
/// each duration in seconds and as <c>hhh:mm:ss</c>. A CSV cell that a spreadsheet would run as a formula (one starting
/// with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return) is written with a leading apostrophe.
/// Thread-safe.
/// </summary>
public sealed class UpgradeReports
{
    /// <summary>The version of the report formats this SDK writes.</summary>
    public const int FormatVersion = 1;

    /// <summary>The name of the records report, written on its first line.</summary>
    public const string RecordsReportName = "upgrade-records";

    /// <summary>The name of the audit report, written on its first line.</summary>
    public const string AuditReportName = "upgrade-audit";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly string[] RecordColumns =
    [
        "id", "targetVersion", "initialVersion", "mode", "status", "createdBy", "createdAt", "createdAtLocal",
        "upgradeStart", "upgradeStartLocal", "upgradeEnd", "upgradeEndLocal", "upgradeDurationSeconds", "upgradeDuration",
        "maintenanceStart", "maintenanceStartLocal", "maintenanceEnd", "maintenanceEndLocal", "maintenanceDurationSeconds",
        "maintenanceDuration", "failureReason",
    ];

    private static readonly string[] AuditColumns =
    [
        "at", "atLocal", "recordId", "actor", "operation", "outcome", "statusBefore", "statusAfter", "reason", "recordVersion", "options",
        "operatorReason", "declarationVersion", "declarationLanguage",
    ];

    private readonly UpgradeHistory _history;

    /// <summary>Creates the reports over <paramref name="history"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    public UpgradeReports(UpgradeHistory history)
    {
        _history = Guard.NotNull(history);
    }

    /// <summary>Writes the records <paramref name="query"/> matches, in its order, as CSV.</summary>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public Task WriteRecordsCsvAsync(UpgradeRecordQuery query, DisplayContext display, Stream destination, CancellationToken cancellationToken = default) =>
        WriteCsvAsync(RecordsReportName, RecordColumns, _history.StreamRecordsAsync(Batch(query), cancellationToken), r => RecordCells(r, display), destination, cancellationToken);

    /// <summary>Writes the records <paramref name="query"/> matches, in its order, as JSON Lines.</summary>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public Task WriteRecordsJsonLinesAsync(UpgradeRecordQuery query, DisplayContext display, Stream destination, CancellationToken cancellationToken = default) =>
        WriteJsonLinesAsync(RecordsReportName, RecordColumns, _history.StreamRecordsAsync(Batch(query), cancellationToken), r => RecordCells(r, display), destination, cancellationToken);

    /// <summary>Writes the audit entries <paramref name="query"/> matches, newest first, as CSV.</summary>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public Task WriteAuditCsvAsync(AuditTrailQuery query, DisplayContext display, Stream destination, CancellationToken cancellationToken = default) =>
        WriteCsvAsync(AuditReportName, AuditColumns, _history.StreamAuditAsync(Batch(query), cancellationToken), e => AuditCells(e, display), destination, cancellationToken);

    /// <summary>Writes the audit entries <paramref name="query"/> matches, newest first, as JSON Lines.</summary>
    /// <exception cref="ArgumentException">The query is invalid.</exception>
    public Task WriteAuditJsonLinesAsync(AuditTrailQuery query, DisplayContext display, Stream destination, CancellationToken cancellationToken = default) =>
        WriteJsonLinesAsync(AuditReportName, AuditColumns, _history.StreamAuditAsync(Batch(query), cancellationToken), e => AuditCells(e, display), destination, cancellationToken);

    /// <summary>
    /// The cell as a spreadsheet will not run it: text starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
    /// carriage return gets a leading apostrophe; anything else is unchanged.
    /// </summary>
    public static string? Neutralize(string? cell) =>
        cell is { Length: > 0 } && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;

    private static UpgradeRecordQuery Batch(UpgradeRecordQuery query) => Guard.NotNull(query) with { PageSize = UpgradeRecordQuery.MaxPageSize };

    private static AuditTrailQuery Batch(AuditTrailQuery query) => Guard.NotNull(query) with { PageSize = AuditTrailQuery.MaxPageSize };

    private static async Task WriteCsvAsync<T>(string report, string[] columns, IAsyncEnumerable<T> rows, Func<T, string?[]> cells, Stream destination,
        CancellationToken cancellationToken)
    {
        Guard.NotNull(destination);
        var writer = new StreamWriter(destination, Utf8, bufferSize: 16 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            // RFC 4180 (CRLF line ends, quotes doubled inside quoted fields). Quoting is decided here for every field, so the
            // rule does not hang on the library's defaults: a field holding a CR or an LF alone, a quote, a comma or a space
            // at either end is always quoted (a lone CR left bare splits a row for Python's csv module and for spreadsheets).
            // The first record is the one-field version line, so the field count is not held equal across records.
            var csv = CsvWriter.Create(writer, new CsvWriterOptions { NewLine = "\r\n", Injection = CsvInjection.None, ValidateFieldCount = false }, leaveOpen: true);
            await using (csv.ConfigureAwait(false))
            {
                Field(csv, string.Create(CultureInfo.InvariantCulture, $"#{report}/{FormatVersion}"));
                await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
                foreach (var column in columns)
                {
                    Field(csv, column);
                }

                await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
                var written = 0;
                await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    foreach (var cell in cells(row))
                    {
                        Field(csv, Neutralize(cell));
                    }

                    await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
                    if (++written % 500 == 0)
                    {
                        await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void Field(CsvWriter csv, string? value) =>
        csv.WriteField(value, value is { Length: > 0 } text && (text.AsSpan().IndexOfAny("\r\n\",") >= 0 || text[0] == ' ' || text[^1] == ' ')
            ? CsvQuoting.Always
            : CsvQuoting.WhenNeeded);

    private static async Task WriteJsonLinesAsync<T>(string report, string[] columns, IAsyncEnumerable<T> rows, Func<T, string?[]> cells, Stream destination,
        CancellationToken cancellationToken)
    {
        Guard.NotNull(destination);
        var newline = "\n"u8.ToArray();
        var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await using (json.ConfigureAwait(false))
        {
            json.WriteStartObject();
            json.WriteString("report", report);
            json.WriteNumber("version", FormatVersion);
            json.WriteStartArray("columns");
            foreach (var column in columns)
            {
                json.WriteStringValue(column);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            await destination.WriteAsync(newline, cancellationToken).ConfigureAwait(false);
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                json.Reset();
                json.WriteStartObject();
                var values = cells(row);
                for (var i = 0; i < columns.Length; i++)
                {
                    if (values[i] is null)
                    {
                        json.WriteNull(columns[i]);
                    }
                    else if (columns[i].EndsWith("Seconds", StringComparison.Ordinal) || columns[i] == "recordVersion")
                    {
                        json.WriteNumber(columns[i], long.Parse(values[i]!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.WriteString(columns[i], values[i]);
                    }
                }

                json.WriteEndObject();
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                await destination.WriteAsync(newline, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string?[] RecordCells(UpgradeRecord record, DisplayContext display)
    {
        var upgrade = record is { UpgradeStartedAt: { } us, UpgradeEndedAt: { } ue } ? ue - us : (Duration?)null;
        var maintenance = record is { MaintenanceStartedAt: { } ms, MaintenanceEndedAt: { } me } ? me - ms : (Duration?)null;
        return
        [
            record.Id.ToString(), record.TargetVersion.ToString(), record.InitialVersion.ToString(), record.Mode.ToString(), record.Status.ToString(),
            record.CreatedBy, Iso(record.CreatedAt), Local(record.CreatedAt, display),
            Iso(record.UpgradeStartedAt), Local(record.UpgradeStartedAt, display), Iso(record.UpgradeEndedAt), Local(record.UpgradeEndedAt, display),
            Seconds(upgrade), upgrade is { } u ? DurationText.Format(u) : null,
            Iso(record.MaintenanceStartedAt), Local(record.MaintenanceStartedAt, display), Iso(record.MaintenanceEndedAt), Local(record.MaintenanceEndedAt, display),
            Seconds(maintenance), maintenance is { } m ? DurationText.Format(m) : null,
            record.FailureReason,
        ];
    }

    private static string?[] AuditCells(AuditEntry entry, DisplayContext display) =>
    [
        Iso(entry.At), Local(entry.At, display), entry.RecordId.ToString(), entry.Actor, entry.Operation.ToString(), entry.Outcome.ToString(),
        entry.StatusBefore?.ToString(), entry.StatusAfter?.ToString(), entry.Reason.ToString(),
        entry.RecordVersion.ToString(CultureInfo.InvariantCulture),
        string.Join("; ", entry.Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Key + "=" + o.Value)),

        // R-GOV-1, R-GOV-3: the operator's reason as typed (neutralised in CSV like every cell) and the declaration's version.
        entry.OperatorReason, entry.Declaration?.Version, entry.Declaration?.Language,
    ];

    private static string? Iso(Instant? instant) => instant is { } i ? InstantPattern.ExtendedIso.Format(i) : null;

    private static string? Local(Instant? instant, DisplayContext display) => instant is { } i ? display.FormatTime(i) : null;

    private static string? Seconds(Duration? duration) =>
        duration is { } d ? ((long)Math.Floor(d.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : null;
}
