using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.AspNetCore.Operators;
using Dataphin.UpgradeKit.DependencyInjection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.OpenApi;
using NodaTime;
using Scalar.AspNetCore;

namespace Dataphin.UpgradeKit.Samples.Web;

/// <summary>
/// Wires the sample: UpgradeKit on a SQLite file (reset and seeded at every start) or on a PostgreSQL database shared by
/// several instances (seeded once), the Upgrade Records endpoints under
/// <c>/api/upgrades</c>, a health check at <c>/health</c>, their OpenAPI document at <c>/openapi/v1.json</c> with a
/// browsable reference at <c>/scalar</c>, and the static page, whose list and open View log update live over the
/// endpoints' Server-Sent Events; <c>--demo</c> drives one upgrade through its steps over about half a minute. The
/// browser tests start it in process.
/// </summary>
public static partial class SampleApp
{
    /// <summary>
    /// The configuration key of the database file; defaults to <c>upgrades.db</c> in the user's local application data
    /// folder (<c>~/.local/share/Dataphin.UpgradeKit.Samples.Web</c> on Linux). The Data Protection key ring that protects
    /// the saved configurations is kept in <c>keys/</c> next to the database.
    /// </summary>
    public const string DatabasePathKey = "UpgradeKit:DatabasePath";

    /// <summary>
    /// The configuration key of a PostgreSQL connection string (<c>--postgres "&lt;connection string&gt;"</c> for short):
    /// when set, the records are kept in that database instead of the SQLite file, so several instances of the sample can
    /// share them and each one's page shows the changes made through the others (R-LIVE-1). The database is never reset;
    /// the sample creates its schema and seeds it only while it holds no record, one instance at a time.
    /// </summary>
    public const string PostgreSqlConnectionStringKey = "UpgradeKit:PostgreSql:ConnectionString";

    /// <summary>
    /// The configuration key of the Data Protection key ring's folder; defaults to <c>keys/</c> next to the SQLite file, or
    /// in the user's local application data folder with PostgreSQL. Instances sharing a database must share the key ring,
    /// or one cannot read the configurations another saved.
    /// </summary>
    public const string KeysPathKey = "UpgradeKit:KeysPath";

    /// <summary>Builds the app and seeds its store; the caller starts it (<c>RunAsync</c> or <c>StartAsync</c>).</summary>
    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        // --demo takes no value, which the command-line configuration cannot read: taken out of the arguments here.
        var demo = args.Contains("--demo", StringComparer.Ordinal);
        args = [.. args.Where(a => a != "--demo").Select(a => a == "--postgres" ? "--" + PostgreSqlConnectionStringKey : a)];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        // R-SEC-6: the database lives in the user's own application data folder, not in the shared temporary folder
        // where its name would be predictable to every local user; the Data Protection keys sit next to it.
        var database = SampleDatabase.Choose(builder.Configuration, UserDataFolder);
        var keysFolder = Directory.CreateDirectory(builder.Configuration[KeysPathKey] ?? database.DefaultKeysFolder);

        var clock = new SeedingClock(SystemClock.Instance.GetCurrentInstant() - Duration.FromDays(20));
        builder.Services.AddSingleton<IClock>(clock);
        builder.Services.AddSingleton<IOperatorAccessor, CookieOperatorAccessor>();
        builder.Services.AddSingleton<Notifications.IUpgradeNotificationHandler, LoggingNotificationHandler>();
        builder.Services.Configure<UpgradeRecordsEndpointOptions>(o =>
        {
            o.DefaultTimeZone = "Asia/Shanghai";
            o.RequireSameOrigin = true; // the operator comes from a cookie: refuse changes sent from another site's page
        });
        builder.Services.AddOpenApi(o => o.AddUpgradeKitSchemas());
        builder.Services.AddDataProtection()
            .SetApplicationName("Dataphin.UpgradeKit.Samples.Web")
            .PersistKeysToFileSystem(keysFolder);
        if (demo)
        {
            builder.Services.AddSingleton(UpgradeKitFeatures.From);
            builder.Services.AddHostedService<LiveDemo>();
        }

        database.Use(builder.Services.AddUpgradeKit()).ProtectConfigurationsWithDataProtection().AddHealthCheck();

        var app = builder.Build();
        if (await database.SeedAsync(UpgradeKitFeatures.From(app.Services), clock, CancellationToken.None))
        {
            Seeded(app.Logger, database.Location);
        }
        else
        {
            AlreadySeeded(app.Logger, database.Location);
        }

        clock.FollowRealTime();

        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapUpgradeRecords();
        app.MapHealthChecks("/health");
        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle("Dataphin.UpgradeKit sample: Upgrade Records API"));
        return app;
    }

    private static string UserDataFolder()
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        if (string.IsNullOrEmpty(root))
        {
            throw new InvalidOperationException($"This user has no local application data folder; give the database file with --{DatabasePathKey}=<file>.");
        }

        return Path.Combine(root, "Dataphin.UpgradeKit.Samples.Web");
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Seeded the upgrade records in {Database}")]
    private static partial void Seeded(ILogger logger, string database);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "The upgrade records in {Database} were seeded already; kept as they are")]
    private static partial void AlreadySeeded(ILogger logger, string database);
}
