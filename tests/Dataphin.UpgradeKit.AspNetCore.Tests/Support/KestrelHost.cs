using System.Text;
using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.AspNetCore.Operators;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Timeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a free port, the in-memory store, a fake clock and the endpoints under
/// <c>/api/upgrades</c> plus a <c>/health</c> endpoint and the OpenAPI document at <c>/openapi/v1.json</c>. One per test:
/// records never leak between tests.
/// </summary>
public sealed class KestrelHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public FakeClock Clock => (FakeClock)_app.Services.GetRequiredService<IClock>();

    public IServiceProvider Services => _app.Services;

    public UpgradeKitFeatures Service => UpgradeKitFeatures.From(_app.Services);

    public static async Task<KestrelHost> StartAsync(Func<IServiceProvider, IUpgradeStore>? store = null, ILoggerProvider? logs = null,
        Action<UpgradeRecordsEndpointOptions>? endpoints = null, Action<WebApplicationBuilder>? configure = null, Action<RouteGroupBuilder>? group = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
        }

        builder.Services.AddSingleton<IClock>(new FakeClock(Instant.FromUtc(2026, 11, 2, 8, 0)));
        builder.Services.AddSingleton<IOperatorAccessor, HeaderOperatorAccessor>();
        var kit = builder.Services.AddUpgradeKit();

        // The endpoint tests are about something else than the two-person rule (R-GOV-2): one engineer force-stops alone
        // unless a test's own configuration asks for approval (it runs after this).
        builder.Services.Configure<UpgradeKitOptions>(o => o.Rules.ApprovalRequiredFor ??= []);
        if (store is null)
        {
            kit.UseInMemory();
        }
        else
        {
            // Not kit.UseStore(store): with TStore = IUpgradeStore its forwarding registration would resolve itself.
            builder.Services.AddSingleton(store);
            builder.Services.AddSingleton<IUpgradeRecordStore>(sp => sp.GetRequiredService<IUpgradeStore>());
            builder.Services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<IUpgradeStore>());
            builder.Services.AddSingleton<INotificationOutbox>(sp => sp.GetRequiredService<IUpgradeStore>());
            builder.Services.AddSingleton<ITimelineEventStore>(sp => sp.GetRequiredService<IUpgradeStore>());
        }

        kit.AddHealthCheck(timeout: TimeSpan.FromMilliseconds(500));
        if (endpoints is not null)
        {
            builder.Services.Configure(endpoints);
        }

        builder.Services.AddOpenApi(o => o.AddUpgradeKitSchemas());
        configure?.Invoke(builder);
        var app = builder.Build();
        var upgrades = app.MapUpgradeRecords();
        group?.Invoke(upgrades);
        app.MapHealthChecks("/health");
        app.MapOpenApi();
        app.MapGet("/api/upgrades/host/extra", () => "the host's own"); // a host's endpoint under the same prefix
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new KestrelHost(app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) });
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? operatorId = "alice", string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (operatorId is not null)
        {
            request.Headers.Add("X-Operator", operatorId);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? operatorId = "alice", string? json = null)
    {
        using var request = Request(method, path, operatorId, json);
        return await Client.SendAsync(request);
    }

    /// <summary>An upgrade in progress whose force-stop task ran but whose shutdown has not started: Stop is offered.</summary>
    public async Task<UpgradeRecord> UpgradingAsync()
    {
        var record = await CreateWithConfigurationAsync("V5.2.0", "V5.1.1");
        await Service.HostReports.StartAsync(record.Id);
        Clock.AdvanceMinutes(3);
        return await Service.HostReports.ReportProgressAsync(record.Id, new ProgressReport
        {
            ForceStopTaskRan = true, CurrentStep = "stop-services",
        });
    }

    /// <summary>A maintenance upgrade that went through every timeline node and was completed.</summary>
    public async Task<UpgradeRecord> SucceededAsync()
    {
        var record = await CreateWithConfigurationAsync("V5.0.0", "V4.3.0");
        await Service.HostReports.StartAsync(record.Id);
        var events = new List<TimelineEvent>();
        void Add(TimelineEventKind kind, string subject, int seconds, DataUpdateTaskOutcome? outcome = null) =>
            events.Add(new TimelineEvent { Kind = kind, Subject = subject, At = Clock.GetCurrentInstant().Plus(Duration.FromSeconds(seconds)), Outcome = outcome });
        Add(TimelineEventKind.ServiceStoppingStarted, "gateway", 5);
        Add(TimelineEventKind.ServiceStoppingFinished, "gateway", 20);
        Add(TimelineEventKind.DatabaseBackupStarted, "dataphin_meta", 30);
        Add(TimelineEventKind.DatabaseBackupCompleted, "dataphin_meta", 300);
        Add(TimelineEventKind.ServiceStartingStarted, "gateway", 310);
        Add(TimelineEventKind.ServiceStartingFinished, "gateway", 350);
        Add(TimelineEventKind.DataUpdateTaskStarted, "migrate-metadata-schema", 360);
        Add(TimelineEventKind.DataUpdateTaskFinished, "migrate-metadata-schema", 720, DataUpdateTaskOutcome.Success);
        Clock.AdvanceMinutes(15);
        await Service.HostReports.ReportTimelineEventsAsync(record.Id, events);
        await Service.HostReports.MarkStepsCompletedAsync(record.Id);
        Clock.AdvanceMinutes(10);
        return await Service.Commands.CompleteAsync(record.Id, HeaderOperatorAccessor.Alice);
    }

    public async Task<UpgradeRecord> CreateWithConfigurationAsync(string target, string initial)
    {
        Clock.AdvanceMinutes(60);
        var record = await Service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse(target), InitialVersion = ProductVersion.Parse(initial),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, HeaderOperatorAccessor.Alice);
        Clock.AdvanceMinutes(5);
        return await Service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile($"upgrade-{target}.yaml",
            Encoding.UTF8.GetBytes($"cluster: prod-east\ntarget: {target}\n"), Clock.GetCurrentInstant()), HeaderOperatorAccessor.Alice);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
