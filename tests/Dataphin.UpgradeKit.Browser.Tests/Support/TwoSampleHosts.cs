using System.Collections.Concurrent;
using Dataphin.UpgradeKit.Samples.Web;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Dataphin.UpgradeKit.Browser.Tests.Support;

/// <summary>
/// Two instances of the web sample in process, A and B, each with its own connection pool and LISTEN connection, on one
/// database of a throw-away PostgreSQL cluster (<c>--postgres</c>); both build (and so seed) at the same time, and they
/// share one Data Protection key ring. The browser opens host A's page; the tests change records through host B. Host A
/// notes every Server-Sent Events request it receives with its <c>Last-Event-ID</c>, so a test can see how the page's
/// <c>EventSource</c> reconnected. Every page of the browser records what its <c>EventSource</c>s did (created, open, error,
/// each message's id) in <c>window.sseLog</c>, before the sample's own script runs.
/// </summary>
public sealed class TwoSampleHosts : BrowserSite
{
    public const string HostAName = "sample-host-a";

    private const string Database = "live_two_hosts";

    // Wraps the page's EventSource so a test reads what the browser received, not what the server meant to send.
    private const string RecordEventSources = """
        (() => {
          const Native = window.EventSource;
          window.sseLog = [];
          window.EventSource = class extends Native {
            constructor(url, init) {
              super(url, init);
              const stream = new URL(url, window.location.href).pathname;
              const note = (type, id) => window.sseLog.push({ stream, type, id: id === undefined ? null : id, at: performance.now() });
              note("created");
              this.addEventListener("open", () => note("open"));
              this.addEventListener("error", () => note("error"));
              this.addEventListener("message", (e) => note("message", e.lastEventId));
            }
          };
        })();
        """;

    private readonly ConcurrentDictionary<HttpContext, string> _openStreams = new();
    private PostgreSqlTestCluster? _cluster;
    private WebApplication? _hostA;
    private WebApplication? _hostB;

    /// <summary>The Server-Sent Events requests host A received: path and <c>Last-Event-ID</c> (null when absent), in arrival order.</summary>
    public ConcurrentQueue<(string Path, string? LastEventId)> EventRequestsToA { get; } = new();

    /// <summary>The Server-Sent Events requests host A answered with an error: path, <c>Last-Event-ID</c> and status code.</summary>
    public ConcurrentQueue<(string Path, string? LastEventId, int Status)> RefusedEventRequestsToA { get; } = new();

    /// <summary>Host B's service: what a host's upgrade engine calls.</summary>
    public UpgradeKitFeatures ServiceB => UpgradeKitFeatures.From(_hostB!.Services);

    /// <summary>Host B's store (its change feed).</summary>
    public IUpgradeStore StoreB => _hostB!.Services.GetRequiredService<IUpgradeStore>();

    /// <summary>Host B's address, for its HTTP API.</summary>
    public string AddressB { get; private set; } = string.Empty;

    /// <summary>A superuser connection string to the hosts' database.</summary>
    public string ConnectionString => _cluster!.ConnectionString(Database);

    /// <summary>How many records each target version has, as host B reads them.</summary>
    public async Task<IReadOnlyList<UpgradeRecord>> RecordsAsync()
    {
        await StartAsync();
        return (await ServiceB.Queries.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items;
    }

    public async Task<UpgradeRecord> RecordAsync(string targetVersion) =>
        (await RecordsAsync()).Single(r => r.TargetVersion.ToString() == targetVersion);

    protected override async Task<string> StartHostsAsync()
    {
        var bin = PostgreSqlServerBinaries.Find()
            ?? throw new InvalidOperationException($"The PostgreSQL server binaries are missing: {PostgreSqlServerBinaries.HowToInstall}.");
        _cluster = PostgreSqlTestCluster.Start(bin);
        await using (var admin = new NpgsqlConnection(_cluster.ConnectionString() + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var keys = Path.Combine(Root, "keys");
        string[] Args(string name) =>
            ["--urls", "http://127.0.0.1:0", "--postgres", $"{ConnectionString};Application Name={name}", $"--{SampleApp.KeysPathKey}={keys}",
             "--environment", "Production", "--Logging:LogLevel:Default=Warning"];

        // Built together: both seed at once, and only one of them may (the other finds the records there).
        var a = SampleApp.BuildAsync(Args(HostAName));
        var b = SampleApp.BuildAsync(Args("sample-host-b"));
        (_hostA, _hostB) = (await a, await b);
        _hostA.Use(async (context, next) =>
        {
            if (context.Request.Path.Value is not { } path || !path.EndsWith("/events", StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
            EventRequestsToA.Enqueue((path, lastEventId.Length == 0 ? null : lastEventId));
            _openStreams[context] = path;
            try
            {
                await next(context);
            }
            finally
            {
                _openStreams.TryRemove(context, out _);
            }

            if (context.Response.StatusCode != StatusCodes.Status200OK)
            {
                RefusedEventRequestsToA.Enqueue((path, lastEventId.Length == 0 ? null : lastEventId, context.Response.StatusCode));
            }
        });
        await _hostA.StartAsync();
        await _hostB.StartAsync();
        AddressB = SampleSite.Address(_hostB);
        return SampleSite.Address(_hostA);
    }

    protected override Task OnBrowserStartedAsync() => Browser.AddInitScriptAsync(RecordEventSources);

    /// <summary>Drops or restores the browser's network (Chrome DevTools' offline emulation) for every page.</summary>
    public Task SetOfflineAsync(bool offline) => Browser.SetOfflineAsync(offline);

    /// <summary>
    /// Cuts the TCP connection of every Server-Sent Events stream host A is serving (<see cref="HttpContext.Abort"/>, as
    /// a failing network or a proxy would) and returns their paths.
    /// </summary>
    public IReadOnlyList<string> CutEventStreamsOfA()
    {
        var cut = new List<string>();
        foreach (var (context, path) in _openStreams)
        {
            context.Abort();
            cut.Add(path);
        }

        return cut;
    }

    protected override async Task StopHostsAsync()
    {
        foreach (var host in new[] { _hostA, _hostB })
        {
            if (host is not null)
            {
                await host.StopAsync();
                await host.DisposeAsync();
            }
        }

        NpgsqlConnection.ClearAllPools();
        _cluster?.Dispose();
    }
}
