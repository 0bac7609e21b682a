using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.Storage;

public abstract partial class UpgradeStoreContract
{
    /// <summary>An empty store lists an empty page with no continuation token.</summary>
    [StoreFact]
    public async Task List_EmptyStore_ReturnsAnEmptyLastPage()
    {
        var store = await NewStoreAsync();

        var page = await store.ListAsync(new UpgradeRecordQuery());

        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
    }

    /// <summary>Paging to the end gives every record exactly once, newest first.</summary>
    [StoreFact]
    public async Task List_PagedThroughToTheEnd_GivesEveryRecordOnceNewestFirst()
    {
        var store = await NewStoreAsync();
        var stored = new List<UpgradeRecord>();
        for (var i = 0; i < 47; i++)
        {
            // Every third record shares its creation time with the one before, so ties are broken by id.
            var createdAt = T0 + Duration.FromMinutes(i - (i % 3 == 2 ? 1 : 0));
            stored.Add(await InsertAsync(store, NewRecord(createdAt)));
        }

        var pages = await ReadAllPagesAsync(store, new UpgradeRecordQuery { PageSize = 10 });

        Assert.Equal([10, 10, 10, 10, 7], pages.Select(p => p.Count));
        var expected = stored.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => r.Id);
        Assert.Equal(expected, pages.SelectMany(p => p).Select(r => r.Id));
    }

    /// <summary>Records added between two pages neither repeat nor hide older records (keyset paging).</summary>
    [StoreFact]
    public async Task List_RecordsAddedBetweenPages_NeitherRepeatNorSkipOlderOnes()
    {
        var store = await NewStoreAsync();
        var older = new List<UpgradeRecord>();
        for (var i = 0; i < 6; i++)
        {
            older.Add(await InsertAsync(store, NewRecord(T0 + Duration.FromMinutes(i))));
        }

        var first = await store.ListAsync(new UpgradeRecordQuery { PageSize = 3 });
        await InsertAsync(store, NewRecord(T0 + Duration.FromHours(1)));
        var second = await store.ListAsync(new UpgradeRecordQuery { PageSize = 3, ContinuationToken = first.ContinuationToken });

        Assert.Equal(older.AsEnumerable().Reverse().Select(r => r.Id), first.Items.Concat(second.Items).Select(r => r.Id));
    }

    /// <summary>A status filter keeps only those statuses on every page.</summary>
    [StoreFact]
    public async Task List_StatusFilter_KeepsOnlyThoseStatusesAcrossPages()
    {
        var store = await NewStoreAsync();
        var statuses = new[] { UpgradeStatus.Configuring, UpgradeStatus.Upgrading, UpgradeStatus.Succeeded, UpgradeStatus.Failed, UpgradeStatus.Canceled };
        var stored = new List<UpgradeRecord>();
        for (var i = 0; i < 25; i++)
        {
            stored.Add(await InsertAsync(store, NewRecord(T0 + Duration.FromMinutes(i), statuses[i % statuses.Length])));
        }

        var query = new UpgradeRecordQuery { Statuses = [UpgradeStatus.Succeeded, UpgradeStatus.Failed], PageSize = 4 };
        var listed = (await ReadAllPagesAsync(store, query)).SelectMany(p => p).ToList();

        var expected = stored.Where(r => r.Status is UpgradeStatus.Succeeded or UpgradeStatus.Failed).OrderByDescending(r => r.CreatedAt).Select(r => r.Id);
        Assert.Equal(expected, listed.Select(r => r.Id));
    }

    /// <summary>A version filter matches the target or the initial version, numerically (V4.3 equals 4.3.0.0).</summary>
    [StoreFact]
    public async Task List_VersionFilter_MatchesTargetOrInitialNumerically()
    {
        var store = await NewStoreAsync();
        var toFive = await InsertAsync(store, NewRecord(T0, target: "V5.0.0", initial: "V4.3.0"));
        var fromFive = await InsertAsync(store, NewRecord(T0 + Duration.FromMinutes(1), target: "5.1", initial: "5.0"));
        await InsertAsync(store, NewRecord(T0 + Duration.FromMinutes(2), target: "V5.0.1", initial: "V4.3.0"));
        await InsertAsync(store, NewRecord(T0 + Duration.FromMinutes(3), target: "V50.0", initial: "V4.3.0"));

        var page = await store.ListAsync(new UpgradeRecordQuery { Version = ProductVersion.Parse("v5.0.0.0") });

        Assert.Equal([fromFive.Id, toFive.Id], page.Items.Select(r => r.Id));
    }

    /// <summary>A creation interval includes its start and excludes its end.</summary>
    [StoreFact]
    public async Task List_CreatedWithin_StartIsInclusiveAndEndExclusive()
    {
        var store = await NewStoreAsync();
        var stored = new List<UpgradeRecord>();
        for (var i = 0; i < 6; i++)
        {
            stored.Add(await InsertAsync(store, NewRecord(T0 + Duration.FromHours(i))));
        }

        var within = new Interval(T0 + Duration.FromHours(1), T0 + Duration.FromHours(4));
        var page = await store.ListAsync(new UpgradeRecordQuery { CreatedWithin = within });
        var openEnded = await store.ListAsync(new UpgradeRecordQuery { CreatedWithin = new Interval(T0 + Duration.FromHours(4), null) });

        Assert.Equal([stored[3].Id, stored[2].Id, stored[1].Id], page.Items.Select(r => r.Id));
        Assert.Equal([stored[5].Id, stored[4].Id], openEnded.Items.Select(r => r.Id));
    }

    /// <summary>Combined filters must all hold.</summary>
    [StoreFact]
    public async Task List_FiltersCombined_AllMustHold()
    {
        var store = await NewStoreAsync();
        var match = await InsertAsync(store, NewRecord(T0 + Duration.FromHours(1), UpgradeStatus.Succeeded, target: "V6.0.0"));
        await InsertAsync(store, NewRecord(T0 + Duration.FromHours(1), UpgradeStatus.Failed, target: "V6.0.0"));
        await InsertAsync(store, NewRecord(T0 + Duration.FromHours(9), UpgradeStatus.Succeeded, target: "V6.0.0"));
        await InsertAsync(store, NewRecord(T0 + Duration.FromHours(1), UpgradeStatus.Succeeded, target: "V7.0.0"));

        var page = await store.ListAsync(new UpgradeRecordQuery
        {
            Statuses = [UpgradeStatus.Succeeded],
            Version = ProductVersion.Parse("6.0"),
            CreatedWithin = new Interval(T0, T0 + Duration.FromHours(2)),
        });

        Assert.Equal([match.Id], page.Items.Select(r => r.Id));
    }

    /// <summary>A continuation token no store issued is refused with an ArgumentException.</summary>
    [StoreFact]
    public async Task List_TokenNotIssuedByAStore_ThrowsArgumentException()
    {
        var store = await NewStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync(new UpgradeRecordQuery { ContinuationToken = "not-a-token" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync(new UpgradeRecordQuery { PageSize = 0 }));
    }

    /// <summary>Reads every page of <paramref name="query"/>, following continuation tokens.</summary>
    protected static async Task<List<IReadOnlyList<UpgradeRecord>>> ReadAllPagesAsync(IUpgradeStore store, UpgradeRecordQuery query)
    {
        var pages = new List<IReadOnlyList<UpgradeRecord>>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(query with { ContinuationToken = token });
            pages.Add(page.Items);
            token = page.ContinuationToken;
            Assert.True(pages.Count < 1000, "The continuation tokens do not end.");
        }
        while (token is not null);

        return pages;
    }
}
