using System.Collections.Concurrent;
using System.Diagnostics;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// R-DLV-2 across processes: a host process (Dataphin.UpgradeKit.Testing.DeliveryHost) claims a notification and is
/// killed with SIGKILL while its handler holds it; the host instance in the test process delivers it once the dead
/// process's lease has expired, and not before.
/// </summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlDeliveryProcessKillTests(PostgreSqlClusterFixture cluster)
{
    private static readonly Duration Lease = Duration.FromSeconds(3);

    [StoreFact]
    public async Task InstanceKilledMidDelivery_OtherInstanceDeliversAfterTheLeaseExpires_R_DLV_2()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await DeliveryClaimLog.InstallAsync(connectionString);
        IReadOnlyList<IReadOnlyList<UpgradeNotification>> seeded;
        await using (var seedStore = PostgreSqlUpgradeStore.Create(connectionString + ";Application Name=seed"))
        {
            seeded = await NotificationSeeding.SeedAsync(seedStore, records: 2, perRecord: 1);
        }

        var held = seeded[0][0];
        var other = seeded[1][0];
        var calls = new ConcurrentQueue<(UpgradeNotification Notification, Instant At)>();
        using var child = StartDeliveryHost(connectionString);
        ServiceProvider? survivor = null;
        var heldAttempt = 0;
        try
        {
            var holding = await ReadLineAsync(child, line => line.StartsWith("HOLDING ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            var prefix = $"HOLDING {held.Id} ";
            Assert.StartsWith(prefix, holding, StringComparison.Ordinal);

            // Usually attempt 1. On a loaded machine a freshly started process can take longer than its 3 s lease between
            // claiming and handing over (it is still compiling its handler); it then hands nothing over (event 1220) and
            // its next claim, one attempt later, does: what the survivor must respect is the lease of the claim held.
            heldAttempt = int.Parse(holding[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);

            survivor = Survivor(connectionString, calls);
            await Task.WhenAll(survivor.GetServices<IHostedService>().Select(s => s.StartAsync(CancellationToken.None)));

            // The survivor is sweeping: it delivers the other record's notification while the child holds the first.
            // (Whether it also touched the held one yet is checked below against the lease, not against this moment:
            // on a loaded machine the lease may already have run out here.)
            await WaitAsync(() => calls.Any(c => c.Notification.Id == other.Id), TimeSpan.FromSeconds(10), "the survivor delivered nothing");

            child.Kill(); // SIGKILL: no graceful release, the claim stays until its lease expires.
            await child.WaitForExitAsync();
            await WaitAsync(() => calls.Any(c => c.Notification.Id == held.Id), Lease.ToTimeSpan() + TimeSpan.FromSeconds(10),
                "the survivor never took the dead instance's notification over");
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }

            if (survivor is not null)
            {
                await Task.WhenAll(survivor.GetServices<IHostedService>().Select(s => s.StopAsync(CancellationToken.None)));
                await survivor.DisposeAsync();
            }
        }

        var claim = Assert.Single(await DeliveryClaimLog.ReadClaimsAsync(connectionString), c => c.Id == held.Id && c.Attempt == heldAttempt);
        var takeover = Assert.Single(calls, c => c.Notification.Id == held.Id);
        Assert.Equal(heldAttempt + 1, takeover.Notification.Attempt);
        Assert.True(takeover.At.ToUnixTimeTicks() >= claim.LeaseUntil,
            $"taken over at {takeover.At}, before the dead instance's lease ended at {Instant.FromUnixTimeTicks(claim.LeaseUntil)}");
        var row = Assert.Single(await DeliveryClaimLog.ReadOutboxAsync(connectionString), r => r.Id == held.Id);
        Assert.NotNull(row.DeliveredAt);
        Assert.Equal(heldAttempt + 1, row.Attempts);
    }

    private static Process StartDeliveryHost(string connectionString)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Dataphin.UpgradeKit.Testing.DeliveryHost.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project builds it through a project reference");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(connectionString);
        start.ArgumentList.Add(((long)Lease.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static async Task<string> ReadLineAsync(Process process, Func<string, bool> wanted, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var seen = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
            {
                if (wanted(line))
                {
                    return line;
                }

                seen.Add(line);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }

        var errors = process.HasExited ? await process.StandardError.ReadToEndAsync() : "";
        throw new Xunit.Sdk.XunitException($"the delivery host did not report within {timeout}; output: {string.Join(" | ", seen)}; errors: {errors}");
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }

    private static ServiceProvider Survivor(string connectionString, ConcurrentQueue<(UpgradeNotification, Instant)> calls)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IUpgradeNotificationHandler>(new RecordingHandler(calls));
        services.AddUpgradeKit(options =>
        {
            options.Delivery.LeaseDuration = Lease;
            options.Delivery.SweepInterval = Duration.FromMilliseconds(100);
        }).UsePostgreSql(connectionString + ";Application Name=survivor");
        return services.BuildServiceProvider();
    }

    private sealed class RecordingHandler(ConcurrentQueue<(UpgradeNotification, Instant)> calls) : IUpgradeNotificationHandler
    {
        public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
        {
            calls.Enqueue((notification, SystemClock.Instance.GetCurrentInstant()));
            return Task.CompletedTask;
        }
    }
}
