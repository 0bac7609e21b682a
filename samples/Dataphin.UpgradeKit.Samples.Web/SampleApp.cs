using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.AspNetCore.HealthChecks;
using Dataphin.UpgradeKit.AspNetCore.Operators;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Service;
using NodaTime;

namespace Dataphin.UpgradeKit.Samples.Web;

/// <summary>
/// Wires the sample: UpgradeKit on a SQLite file (reset and seeded at every start), the Upgrade Records endpoints under
/// <c>/api/upgrades</c>, a health check at <c>/health</c>, and the static page. The browser tests start it in process.
/// </summary>
public static partial class SampleApp
{
    /// <summary>The configuration key of the database file; defaults to a file in the temporary folder.</summary>
    public const string DatabasePathKey = "UpgradeKit:DatabasePath";

    /// <summary>Builds the app and seeds its store; the caller starts it (<c>RunAsync</c> or <c>StartAsync</c>).</summary>
    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        var databasePath = builder.Configuration[DatabasePathKey]
            ?? Path.Combine(Path.GetTempPath(), "upgradekit-web-sample", "upgrades.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix); // a fresh, known set of records at every start
        }

        var clock = new SeedingClock(SystemClock.Instance.GetCurrentInstant() - Duration.FromDays(20));
        builder.Services.AddSingleton<IClock>(clock);
        builder.Services.AddSingleton<IOperatorAccessor, CookieOperatorAccessor>();
        builder.Services.AddSingleton<Notifications.IUpgradeNotificationHandler, LoggingNotificationHandler>();
        builder.Services.Configure<UpgradeRecordsEndpointOptions>(o => o.DefaultTimeZone = "Asia/Shanghai");
        builder.Services.AddUpgradeKit().UseSqlite(databasePath).AddHealthCheck();

        var app = builder.Build();
        await new SampleUpgrades(app.Services.GetRequiredService<UpgradeRecordService>(), clock).SeedAsync();
        clock.FollowRealTime();
        Seeded(app.Logger, databasePath);

        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapUpgradeRecords();
        app.MapHealthChecks("/health");
        return app;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Seeded the upgrade records in {DatabasePath}")]
    private static partial void Seeded(ILogger logger, string databasePath);
}
