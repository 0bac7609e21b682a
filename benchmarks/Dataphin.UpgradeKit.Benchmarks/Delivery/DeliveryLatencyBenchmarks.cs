using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Dataphin.UpgradeKit.Benchmarks.Storage;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.Benchmarks.Delivery;

/// <summary>
/// Commit-to-handler latency of host notifications (issue 11, R-DLV-1): the hosted dispatcher runs as
/// <c>AddUpgradeKit()</c> registers it (default options: a 5 s sweep, so only the in-process signal explains a prompt
/// delivery), and each operation creates, starts and stops an upgrade. Besides BenchmarkDotNet's time for the whole
/// operation (three commits), every run records the time from the stop's return (its commit) to the handler's call and
/// prints p50 and p99 at the end; a handler called before the stop returned counts as 0.
/// </summary>
[Config(typeof(StorageBenchmarkConfig))]
public class DeliveryLatencyBenchmarks
{
    private static readonly OperatorIdentity Alice = new("alice");
    private static readonly NewUpgradeRequest Request = new NewUpgradeRequest
    {
        TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
        Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
    };

    private readonly List<double> _afterCommitMs = [];
    private readonly Channel<(UpgradeRecordId Record, long At)> _handled = Channel.CreateUnbounded<(UpgradeRecordId, long)>();
    private ServiceProvider _provider = null!;
    private UpgradeKitFeatures _service = null!;

    /// <summary>The store the dispatcher delivers from.</summary>
    [Params("InMemory", "Sqlite")]
    public string Store { get; set; } = "InMemory";

    /// <summary>A service provider with the chosen store, a handler that reports each call, and its dispatcher started.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        IUpgradeStore store = Store == "Sqlite" ? (await BenchmarkDatabases.NewSqliteStoreAsync()).Store : new InMemoryUpgradeStore();
        var services = new ServiceCollection();
        services.AddSingleton<IUpgradeNotificationHandler>(new SignallingHandler(_handled.Writer));
        services.AddUpgradeKit().UseStore(_ => store);
        _provider = services.BuildServiceProvider();
        _service = UpgradeKitFeatures.From(_provider);
        foreach (var hosted in _provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    /// <summary>Create, start and stop an upgrade; returns when the handler has the stop's notification.</summary>
    [Benchmark]
    public async Task StopToHandler()
    {
        var record = await _service.Commands.CreateAsync(Request, Alice);
        record = await _service.HostReports.StartAsync(record.Id);
        await _service.Commands.StopAsync(record.Id, Alice, new StopOptions(true), record.Version);
        var committed = Stopwatch.GetTimestamp();
        while (true)
        {
            var (id, at) = await _handled.Reader.ReadAsync();
            if (id == record.Id)
            {
                _afterCommitMs.Add(Stopwatch.GetElapsedTime(committed, Math.Max(at, committed)).TotalMilliseconds);
                return;
            }
        }
    }

    /// <summary>Stops the dispatcher and prints the commit-to-handler percentiles.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var hosted in _provider.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _provider.DisposeAsync();
        var sorted = _afterCommitMs.Order().ToArray();
        if (sorted.Length > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// commit-to-handler after the stop returned, {Store}: n={sorted.Length}, p50={Percentile(sorted, 0.50):F3} ms, p99={Percentile(sorted, 0.99):F3} ms, max={sorted[^1]:F3} ms"));
        }
    }

    internal static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed class SignallingHandler(ChannelWriter<(UpgradeRecordId, long)> handled) : IUpgradeNotificationHandler
    {
        public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken) =>
            handled.WriteAsync((notification.RecordId, Stopwatch.GetTimestamp()), cancellationToken).AsTask();
    }
}
