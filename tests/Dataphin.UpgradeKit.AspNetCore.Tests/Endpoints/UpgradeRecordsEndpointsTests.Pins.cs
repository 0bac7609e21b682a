using System.Net;
using System.Text.Json;
using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.AspNetCore.Tests.Support;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Retention;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Endpoints;

/// <summary>Pins over HTTP (R-RET-1): any status, audited, a write like every other.</summary>
public sealed partial class UpgradeRecordsEndpointsTests
{
    [Fact]
    public async Task Pin_PutThenDelete_OnAnUpgradingRecord_PinsUnpinsAndAuditsEach_R_RET_1()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.UpgradingAsync();
        var retention = host.Services.GetRequiredService<UpgradeRetention>();

        using var pin = await host.SendAsync(HttpMethod.Put, $"/api/upgrades/{record.Id}/pin", json: "{}");
        var pinned = await PinOfAsync(pin);
        var pinnedInStore = await retention.IsPinnedAsync(record.Id);
        using var read = await host.SendAsync(HttpMethod.Get, $"/api/upgrades/{record.Id}/pin");
        var readBack = await PinOfAsync(read);
        using var unpin = await host.SendAsync(HttpMethod.Delete, $"/api/upgrades/{record.Id}/pin", operatorId: "olga", json: "{}");
        var unpinned = await PinOfAsync(unpin);

        Assert.Equal((HttpStatusCode.OK, record.Id, true), (pin.StatusCode, pinned.Id, pinned.Pinned));
        Assert.True(pinnedInStore);
        Assert.True(readBack.Pinned);
        Assert.Equal((HttpStatusCode.OK, false), (unpin.StatusCode, unpinned.Pinned));
        Assert.False(await retention.IsPinnedAsync(record.Id));
        var trail = (await host.Service.Queries.GetAuditTrailAsync(record.Id)).Where(e => e.Operation is UpgradeOperation.Pin or UpgradeOperation.Unpin).ToList();
        Assert.Equal(
            [(UpgradeOperation.Pin, "alice", AuditOutcome.Accepted, UpgradeStatus.Upgrading), (UpgradeOperation.Unpin, "olga", AuditOutcome.Accepted, UpgradeStatus.Upgrading)],
            trail.Select(e => (e.Operation, e.Actor, e.Outcome, e.StatusAfter!.Value)));
        // Not a lifecycle change: the record is as it was.
        Assert.Equal(record.Version, (await host.Service.Queries.GetAsync(record.Id)).Version);
    }

    [Fact]
    public async Task Pin_WithoutAJsonBody_Is415AndPinsNothing_R_RET_1()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.SucceededAsync();

        using var response = await host.SendAsync(HttpMethod.Put, $"/api/upgrades/{record.Id}/pin");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.False(await host.Services.GetRequiredService<UpgradeRetention>().IsPinnedAsync(record.Id));
        Assert.DoesNotContain(await host.Service.Queries.GetAuditTrailAsync(record.Id), e => e.Operation == UpgradeOperation.Pin);
    }

    [Fact]
    public async Task Pin_UnknownRecordOrNoOperator_Is404Or401_R_RET_1()
    {
        await using var host = await KestrelHost.StartAsync();
        var record = await host.SucceededAsync();

        using var unknown = await host.SendAsync(HttpMethod.Put, $"/api/upgrades/{UpgradeRecordId.New(host.Clock.GetCurrentInstant())}/pin", json: "{}");
        using var anonymous = await host.SendAsync(HttpMethod.Put, $"/api/upgrades/{record.Id}/pin", operatorId: null, json: "{}");
        using var wrongMethod = await host.SendAsync(HttpMethod.Post, $"/api/upgrades/{record.Id}/pin", json: "{}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.False(await host.Services.GetRequiredService<UpgradeRetention>().IsPinnedAsync(record.Id));
    }

    [Fact]
    public async Task RetentionRuns_NoRunYetAndALimitOutOfRange_AnEmptyListAnd400_R_RET_2()
    {
        await using var host = await KestrelHost.StartAsync();

        using var runs = await host.SendAsync(HttpMethod.Get, "/api/upgrades/retention/runs");
        using var outOfRange = await host.SendAsync(HttpMethod.Get, "/api/upgrades/retention/runs?limit=0");
        using var anonymous = await host.SendAsync(HttpMethod.Get, "/api/upgrades/retention/runs", operatorId: null);

        Assert.Equal((HttpStatusCode.OK, "[]"), (runs.StatusCode, await runs.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static async Task<RecordPinResponse> PinOfAsync(HttpResponseMessage response) =>
        JsonSerializer.Deserialize<RecordPinResponse>(await response.Content.ReadAsStringAsync(), UpgradeKitJson.Options)!;
}
