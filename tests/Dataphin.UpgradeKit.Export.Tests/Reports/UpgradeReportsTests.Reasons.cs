using System.Globalization;
using System.Text;
using System.Text.Json;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Export.Reports;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Reports;

public sealed partial class UpgradeReportsTests
{
    /// <summary>
    /// An audit entry's reason and declaration travel to both reports: the CSV neutralises a reason that reads like a
    /// formula (as it does every cell) and keeps every other reason as typed; JSON Lines keeps it unchanged.
    /// </summary>
    [Fact]
    public async Task AuditReports_OperatorReasonAndDeclaration_ExportedAsTypedCsvNeutralised_R_GOV_1_R_GOV_3()
    {
        var store = new InMemoryUpgradeStore();
        var record = Failed(T0, createdBy: "alice", reason: "disk full");
        await store.InsertAsync(record, new RecordChange(Created(record), []));
        var declaration = UpgradeKitTexts.Default.ForceStopDeclaration(CultureInfo.GetCultureInfo("zh-CN"));
        for (var i = 0; i < Hostile.Length; i++)
        {
            await store.AppendAsync(new AuditEntry(record.Id, T0 + Duration.FromMinutes(i + 1), "olga", UpgradeOperation.ForceStop, AuditOutcome.Refused,
                UpgradeStatus.Failed, UpgradeStatus.Failed, ActionReasonCode.StatusNotEligible, 3, AuditEntry.NoOptions)
            {
                OperatorReason = Hostile[i],
                Declaration = declaration,
            });
        }

        var reports = new UpgradeReports(new UpgradeHistory(store));
        using var csv = new MemoryStream();
        using var lines = new MemoryStream();
        await reports.WriteAuditCsvAsync(new AuditTrailQuery { Outcome = AuditOutcome.Refused }, DisplayContext.Default, csv);
        await reports.WriteAuditJsonLinesAsync(new AuditTrailQuery { Outcome = AuditOutcome.Refused }, DisplayContext.Default, lines);

        var rows = ParseWithPython(csv.ToArray());
        var header = rows[1];
        var csvReasons = rows.Skip(2).Select(r => r[header.IndexOf("operatorReason")]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Hostile.Select(UpgradeReports.Neutralize).Order(StringComparer.Ordinal), csvReasons);
        Assert.All(rows.Skip(2), r => Assert.Equal((declaration.Version, "zh-CN"), (r[header.IndexOf("declarationVersion")], r[header.IndexOf("declarationLanguage")])));

        var jsonReasons = Encoding.UTF8.GetString(lines.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line =>
            {
                using var entry = JsonDocument.Parse(line);
                return entry.RootElement.GetProperty("operatorReason").GetString();
            })
            .Order(StringComparer.Ordinal);
        Assert.Equal(Hostile.Order(StringComparer.Ordinal), jsonReasons);
    }
}
