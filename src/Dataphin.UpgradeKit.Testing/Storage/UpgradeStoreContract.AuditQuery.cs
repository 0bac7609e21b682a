using System.Text;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>
    /// The audit trail across records filters by operator, operation, record, outcome and interval (combined with "and"),
    /// newest first across pages.
    /// </summary>
    [StoreFact]
    public async Task QueryAudit_EachFilterAndCombined_NewestFirstAcrossPages_R_HIST_2()
    {
        var store = await NewStoreAsync();
        var (a, b) = (await InsertAsync(store, NewRecord(T0)), await InsertAsync(store, NewRecord(T0 + Duration.FromSeconds(1))));
        var written = new List<AuditEntry>();
        for (var i = 0; i < 20; i++)
        {
            var entry = new AuditEntry(i % 2 == 0 ? a.Id : b.Id, T0 + Duration.FromMinutes(10 + i), i % 3 == 0 ? "bob" : "carol",
                i % 4 == 0 ? UpgradeOperation.ForceStop : UpgradeOperation.Stop, i % 5 == 0 ? AuditOutcome.Refused : AuditOutcome.Accepted,
                UpgradeStatus.Upgrading, UpgradeStatus.Upgrading, i % 5 == 0 ? ActionReasonCode.StatusNotEligible : ActionReasonCode.None, 1, AuditEntry.NoOptions);
            await store.AppendAsync(entry);
            written.Add(entry);
        }

        var all = written.Concat([Audit(a, UpgradeOperation.Create, null), Audit(b, UpgradeOperation.Create, null)]).ToList();
        var within = new Interval(T0 + Duration.FromMinutes(12), T0 + Duration.FromMinutes(25));
        var cases = new (AuditTrailQuery Query, Func<AuditEntry, bool> Expected)[]
        {
            (new AuditTrailQuery { PageSize = 3 }, _ => true),
            (new AuditTrailQuery { Actor = "bob", PageSize = 2 }, e => e.Actor == "bob"),
            (new AuditTrailQuery { Operations = [UpgradeOperation.ForceStop, UpgradeOperation.Create] }, e => e.Operation is UpgradeOperation.ForceStop or UpgradeOperation.Create),
            (new AuditTrailQuery { RecordId = b.Id, PageSize = 4 }, e => e.RecordId == b.Id),
            (new AuditTrailQuery { Outcome = AuditOutcome.Refused }, e => e.Outcome == AuditOutcome.Refused),
            (new AuditTrailQuery { Within = within }, e => within.Contains(e.At)),
            (new AuditTrailQuery { Actor = "carol", RecordId = a.Id, Outcome = AuditOutcome.Accepted, Within = within, Operations = [UpgradeOperation.Stop], PageSize = 1 },
                e => e.Actor == "carol" && e.RecordId == a.Id && e.Outcome == AuditOutcome.Accepted && within.Contains(e.At) && e.Operation == UpgradeOperation.Stop),
        };
        foreach (var (query, expected) in cases)
        {
            var listed = await ReadAllAuditAsync(store, query);
            var want = all.Where(expected).OrderByDescending(e => e.At).ToList();
            Assert.Equal(want.Select(Describe), listed.Select(Describe));
        }
    }

    /// <summary>Entries appended between page reads neither repeat nor hide older entries (keyset paging).</summary>
    [StoreFact]
    public async Task QueryAudit_EntriesAppendedBetweenPages_NeitherRepeatNorSkipOlderOnes_R_HIST_2()
    {
        var store = await NewStoreAsync();
        var record = await InsertAsync(store, NewRecord(T0));
        for (var i = 0; i < 9; i++)
        {
            // Three entries per instant: ties are kept in one order from page to page.
            await store.AppendAsync(Refusal(record, T0 + Duration.FromMinutes(1 + (i / 3)), "bob"));
        }

        var before = await ReadAllAuditAsync(store, new AuditTrailQuery { PageSize = AuditTrailQuery.MaxPageSize });
        var seen = new List<AuditEntry>();
        string? token = null;
        do
        {
            var page = await store.QueryAuditAsync(new AuditTrailQuery { PageSize = 2, ContinuationToken = token });
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
            await store.AppendAsync(Refusal(record, T0 + Duration.FromMinutes(2), "carol")); // at an instant already paged through
            await store.AppendAsync(Refusal(record, T0 + Duration.FromHours(1), "carol"));
        }
        while (token is not null && seen.Count < 100);

        Assert.Equal(before.Count, seen.Count(e => e.Actor != "carol"));
        Assert.Equal(before.Select(Describe), seen.Where(e => e.Actor != "carol").Select(Describe));
    }

    /// <summary>An audit query answers without configuration content, whatever the records' configurations hold.</summary>
    [StoreFact]
    public async Task QueryAudit_RecordsWithConfigurations_NeverCarriesTheirContent_R_HIST_2()
    {
        var store = await NewStoreAsync();
        const string Marker = "db-password=s3cr3t-9f1c";
        await InsertAsync(store, NewRecord(T0), new ConfigurationFile("upgrade.yaml", Encoding.UTF8.GetBytes(Marker), T0));

        var page = await store.QueryAuditAsync(new AuditTrailQuery());

        var entry = Assert.Single(page.Items);
        Assert.DoesNotContain("s3cr3t", entry.ToString(), StringComparison.Ordinal);
        Assert.All(entry.Options, option => Assert.DoesNotContain("s3cr3t", option.Key + option.Value, StringComparison.Ordinal));
    }

    /// <summary>A token no store issued, or a bad page size, is refused with an ArgumentException.</summary>
    [StoreFact]
    public async Task QueryAudit_InvalidQuery_ThrowsArgumentException_R_HIST_2()
    {
        var store = await NewStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.QueryAuditAsync(new AuditTrailQuery { ContinuationToken = "not-a-token" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.QueryAuditAsync(new AuditTrailQuery { PageSize = 0 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.QueryAuditAsync(new AuditTrailQuery { Actor = " " }));
    }

    private static AuditEntry Refusal(UpgradeRecord record, Instant at, string actor) =>
        new(record.Id, at, actor, UpgradeOperation.Stop, AuditOutcome.Refused, record.Status, record.Status, ActionReasonCode.StatusNotEligible, 1, AuditEntry.NoOptions);

    private static string Describe(AuditEntry entry) => entry.ToString();

    private static async Task<List<AuditEntry>> ReadAllAuditAsync(IUpgradeStore store, AuditTrailQuery query)
    {
        var entries = new List<AuditEntry>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.QueryAuditAsync(query with { ContinuationToken = token });
            Assert.True(page.Items.Count <= query.PageSize);
            entries.AddRange(page.Items);
            token = page.ContinuationToken;
            Assert.True(++pages < 1000, "The continuation tokens do not end.");
        }
        while (token is not null);

        return entries;
    }
}
