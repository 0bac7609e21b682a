using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Export.Reports;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Reports;

public sealed partial class UpgradeReportsTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 1, 8, 0, 0);

    private static readonly string[] Hostile =
    [
        "=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2", "@SUM(A1)", "\tTab", "\rReturn", "comma, \"quoted\"\nnew line", "plain 升级",
    ];

    [Fact]
    public async Task RecordsCsv_ReadByPythonsCsvModule_EveryCellAsWrittenAndFormulasNeutralised_R_RPT_1()
    {
        var store = new InMemoryUpgradeStore();
        var records = new List<UpgradeRecord>();
        for (var i = 0; i < Hostile.Length; i++)
        {
            var record = Failed(T0 + Duration.FromMinutes(i), createdBy: Hostile[(i + 1) % Hostile.Length], reason: Hostile[i]);
            await store.InsertAsync(record, new RecordChange(Created(record), []));
            records.Add(record);
        }

        var running = new UpgradeRecordSnapshot
        {
            Id = UpgradeRecordId.New(T0 + Duration.FromHours(2)), TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.ZeroDowntime, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether, Status = UpgradeStatus.Upgrading,
            CreatedAt = T0 + Duration.FromHours(2), CreatedBy = "bob", UpgradeStartedAt = T0 + Duration.FromHours(2), Version = 2,
        }.ToRecord();
        await store.InsertAsync(running, new RecordChange(Created(running), []));
        var display = new DisplayContext(DateTimeZoneProviders.Tzdb["Asia/Shanghai"], System.Globalization.CultureInfo.GetCultureInfo("en"));
        using var csv = new MemoryStream();

        await new UpgradeReports(new UpgradeHistory(store)).WriteRecordsCsvAsync(new UpgradeRecordQuery(), display, csv);

        var rows = ParseWithPython(csv.ToArray());
        Assert.Equal(["#upgrade-records/1"], rows[0]);
        var header = rows[1];
        Assert.Equal(records.Count + 1, rows.Count - 2);
        var byId = rows.Skip(2).ToDictionary(r => r[header.IndexOf("id")]);
        foreach (var record in records)
        {
            var row = byId[record.Id.ToString()];
            Assert.Equal(header.Count, row.Count);
            string Cell(string column) => row[header.IndexOf(column)];
            Assert.Equal(UpgradeReports.Neutralize(record.FailureReason), Cell("failureReason"));
            Assert.Equal(UpgradeReports.Neutralize(record.CreatedBy), Cell("createdBy"));
            Assert.DoesNotContain(row, cell => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
            Assert.Equal("V5.1.0", Cell("targetVersion"));
            Assert.Equal("Failed", Cell("status"));
            Assert.Equal(NodaTime.Text.InstantPattern.ExtendedIso.Format(record.UpgradeStartedAt!.Value), Cell("upgradeStart"));
            Assert.Equal(display.FormatTime(record.UpgradeStartedAt!.Value), Cell("upgradeStartLocal"));
            Assert.Equal("5400", Cell("upgradeDurationSeconds"));
            Assert.Equal("001:30:00", Cell("upgradeDuration"));
            Assert.Equal("", Cell("maintenanceEnd")); // a failed upgrade's maintenance end may be unknown
        }

        var open = byId[running.Id.ToString()];
        Assert.Equal("", open[header.IndexOf("upgradeEnd")]);
        Assert.Equal("", open[header.IndexOf("upgradeDurationSeconds")]);
        Assert.Equal("bob", open[header.IndexOf("createdBy")]);
    }

    [Fact]
    public async Task AuditJsonLines_FirstLineNamesTheReportThenOneObjectPerEntryWithTheSameFilters_R_RPT_1()
    {
        var store = new InMemoryUpgradeStore();
        var record = Failed(T0, createdBy: "alice", reason: "disk full");
        await store.InsertAsync(record, new RecordChange(Created(record), []));
        await store.AppendAsync(new AuditEntry(record.Id, T0 + Duration.FromHours(3), "=bob", UpgradeOperation.ViewLog, AuditOutcome.Refused, UpgradeStatus.Failed,
            UpgradeStatus.Failed, ActionReasonCode.StatusNotEligible, 1, AuditEntry.NoOptions));
        using var lines = new MemoryStream();

        await new UpgradeReports(new UpgradeHistory(store)).WriteAuditJsonLinesAsync(new AuditTrailQuery { Outcome = AuditOutcome.Refused }, DisplayContext.Default, lines);

        var text = Encoding.UTF8.GetString(lines.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, text.Length);
        using var first = JsonDocument.Parse(text[0]);
        Assert.Equal("upgrade-audit", first.RootElement.GetProperty("report").GetString());
        Assert.Equal(1, first.RootElement.GetProperty("version").GetInt32());
        using var entry = JsonDocument.Parse(text[1]);
        Assert.Equal("=bob", entry.RootElement.GetProperty("actor").GetString()); // JSON is data, not a formula: unchanged
        Assert.Equal("ViewLog", entry.RootElement.GetProperty("operation").GetString());
        Assert.Equal(1, entry.RootElement.GetProperty("recordVersion").GetInt64());
    }

    private static UpgradeRecord Failed(Instant createdAt, string createdBy, string reason) => new UpgradeRecordSnapshot
    {
        Id = UpgradeRecordId.New(createdAt),
        TargetVersion = ProductVersion.Parse("V5.1.0"),
        InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = UpgradeMode.Maintenance,
        DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        Status = UpgradeStatus.Failed,
        CreatedAt = createdAt,
        CreatedBy = createdBy,
        UpgradeStartedAt = createdAt + Duration.FromMinutes(5),
        UpgradeEndedAt = createdAt + Duration.FromMinutes(95),
        MaintenanceStartedAt = createdAt + Duration.FromMinutes(5),
        FailureReason = reason,
        Version = 3,
    }.ToRecord();

    private static AuditEntry Created(UpgradeRecord record) =>
        new(record.Id, record.CreatedAt, record.CreatedBy, UpgradeOperation.Create, AuditOutcome.Accepted, null, UpgradeStatus.Configuring, ActionReasonCode.None, 1, AuditEntry.NoOptions);

    // A second, independent parser: Python's csv module, reading the bytes as UTF-8, answering with JSON.
    private static List<List<string>> ParseWithPython(byte[] csv)
    {
        var path = Path.Combine(Path.GetTempPath(), $"upgradekit-report-{Guid.NewGuid():N}.csv");
        File.WriteAllBytes(path, csv);
        try
        {
            var start = new ProcessStartInfo("python3")
            {
                ArgumentList = { "-c", "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8') as f:\n    print(json.dumps(list(csv.reader(f))))", path },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
            return JsonSerializer.Deserialize<List<List<string>>>(output)!;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
