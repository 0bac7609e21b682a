using System.Globalization;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// What schema 3's governance columns (003_governance.sql) must do to a real version-2 database: its audit entries read
/// as "no reason, no declaration recorded", and a force-stop made afterwards keeps its reason and declaration.
/// </summary>
public static class SchemaV2GovernanceChecks
{
    /// <summary>Checks <paramref name="store"/>, opened on an upgraded copy of a <see cref="SchemaV2Fixtures"/> database.</summary>
    public static async Task AssertReasonsAndDeclarationsAsync(IUpgradeStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var records = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items;
        var audit = new List<Auditing.AuditEntry>();
        foreach (var record in records)
        {
            audit.AddRange(await store.ReadAsync(record.Id));
        }

        Assert.Equal(SchemaV2Fixtures.AuditEntryCount, audit.Count);
        Assert.All(audit, entry => Assert.True(entry.OperatorReason is null && entry.Declaration is null, entry.ToString()));

        var upgrading = Assert.Single(records, r => r.Status == UpgradeStatus.Upgrading);
        // The fixtures were written on a simulated clock: decide an hour after the record started, not at today's time.
        // One engineer force-stops alone here: the force-stop's reason and declaration on a version-2 database (R-GOV-1, R-GOV-3).
        var features = new UpgradeKitFeatures(store, new FixedClock(upgrading.UpgradeStartedAt!.Value + Duration.FromHours(1)), options: new UpgradeKitOptions { Rules = { ApprovalRequiredFor = [] } });
        var olga = new OperatorIdentity("olga", "Olga", [UpgradeKitOptions.DefaultQualifiedOperatorRole]);
        var reason = OperatorReason.Parse("升级后手动回滚 <b>done</b>");
        var declaration = UpgradeKitTexts.Default.ForceStopDeclaration(CultureInfo.GetCultureInfo("zh-CN"));
        await features.Commands.ForceStopAsync(upgrading.Id, olga,
            new ForceStopRequest(ForceStopResult.Failed, true) { Reason = reason, Declaration = declaration });

        var entry = (await store.ReadAsync(upgrading.Id))[^1];
        Assert.Equal((reason.Text, declaration), (entry.OperatorReason, entry.Declaration));
        var panel = await features.Queries.ViewLogAsync(upgrading.Id, olga, new DisplayContext(DateTimeZone.Utc, CultureInfo.GetCultureInfo("en")));
        Assert.Equal(reason.Text, panel.EndedBy?.Reason);
    }

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }
}
