using System.Reflection;
using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.PostgreSql;
using Dataphin.UpgradeKit.Sqlite;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Packaging.Tests.Docs;

/// <summary>
/// docs/hosting.md's appsettings.json example (issue 22 item 4): bound as an appsettings.json file through every
/// package's configuration overload, each value arrives; it names every option there is; a wrong value is reported
/// under its configuration key.
/// </summary>
public sealed class HostingConfigurationDocTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("upgradekit-appsettings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void HostingDocExample_BoundAsAppSettingsJson_SetsEveryValue()
    {
        var configuration = AppSettings(ExampleJson());
        var kit = configuration.GetSection("UpgradeKit");
        var services = new ServiceCollection();
        services.AddUpgradeKit(kit).UseInMemory(kit.GetSection("InMemory")).ConfigureEndpoints(kit.GetSection("Endpoints"));
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var o = provider.GetRequiredService<IOptions<UpgradeKitOptions>>().Value;
        Assert.Equal(Duration.FromSeconds(2), o.ShortNodeThreshold);
        Assert.Equal("platform-om", o.QualifiedOperatorRole);
        Assert.Equal(5, o.SystemChangeRetries);
        Assert.Equal([UpgradeStatus.Succeeded, UpgradeStatus.Stopped, UpgradeStatus.ForceStoppedSucceeded, UpgradeStatus.ForceStoppedFailed, UpgradeStatus.Failed],
            o.Rules.ViewLogStatuses);
        Assert.Equal(StopWindowReading.Strict, o.Rules.StopWindow);
        Assert.False(o.Rules.RemoveCanceledWithoutConfiguration);
        Assert.True(o.Delivery.DispatcherEnabled);
        Assert.Equal(Duration.FromSeconds(5), o.Delivery.SweepInterval);   // "00:00:05"
        Assert.Equal(Duration.FromMinutes(2), o.Delivery.LeaseDuration);
        Assert.Equal(12, o.Delivery.MaxAttempts);
        Assert.Equal(Duration.FromDays(2), o.Delivery.MaxAge);             // "2.00:00:00"
        Assert.Equal(Duration.FromSeconds(2), o.Delivery.BackoffBase);
        Assert.Equal(Duration.FromMinutes(10), o.Delivery.BackoffCap);
        Assert.Equal(50, o.Delivery.BatchSize);
        Assert.Equal([Dataphin.UpgradeKit.UpgradeAction.ForceStop, Dataphin.UpgradeKit.UpgradeAction.Stop], o.Rules.ReasonRequiredFor!);
        Assert.Equal([Dataphin.UpgradeKit.UpgradeAction.ForceStop], o.Rules.ApprovalRequiredFor!);
        Assert.False(o.Rules.CreatorMayApprove);
        Assert.Equal(Duration.FromMinutes(45), o.Approval.Expiry);
        Assert.Equal(Duration.FromSeconds(30), o.Approval.CheckInterval);
        Assert.Equal(Duration.FromMinutes(15), o.Estimates.StallMargin);
        Assert.Equal(Duration.FromMinutes(45), o.Estimates.NoProgressTimeout);
        Assert.Equal(300, o.Estimates.ComparableWindow);
        Assert.True(o.Estimates.StallCheckEnabled);
        Assert.Equal(Duration.FromMinutes(2), o.Estimates.StallCheckInterval);
        Assert.True(o.Retention.Enabled);
        Assert.True(o.Retention.ServiceEnabled);
        Assert.Equal(Duration.FromDays(400), o.Retention.FinishedRecordAge);
        Assert.Equal(200, o.Retention.MinimumFinishedRecords);
        Assert.Equal(250, o.Retention.BatchSize);
        Assert.Equal(40, o.Retention.MaxBatchesPerRun);
        Assert.Equal(Duration.FromHours(6), o.Retention.Interval);
        Assert.Equal("/var/lib/console/upgrade-archive", o.Retention.ArchiveDirectory);
        Assert.False(o.Retention.ArchiveConfigurations);

        Assert.Equal(10000, UpgradeKitBuilder.ReadInMemoryOptions(kit.GetSection("InMemory")).MaxFinishedRecords);

        var sqlite = SqliteUpgradeKitBuilderExtensions.ReadOptions(kit.GetSection("Sqlite"));
        Assert.Equal("/var/lib/console/upgrades.db", new SqliteConnectionStringBuilder(sqlite.ConnectionString).DataSource);
        Assert.Equal(TimeSpan.FromSeconds(20), sqlite.BusyTimeout);
        Assert.True(sqlite.EnsureSchemaOnFirstUse);
        Assert.False(sqlite.CreateIfMissing);
        Assert.Equal(4194304, sqlite.JournalSizeLimit);
        Assert.Equal(TimeSpan.FromMinutes(5), sqlite.CheckpointInterval);
        Assert.Equal(500, sqlite.CheckpointAfterWrites);

        var postgres = PostgreSqlUpgradeKitBuilderExtensions.ReadOptions(kit.GetSection("PostgreSql"), out var connectionString);
        Assert.Equal("Host=db.internal;Database=console;Username=console", connectionString);
        Assert.True(postgres.EnsureSchemaOnFirstUse);
        Assert.Equal(5, postgres.TransientConflictRetries);
        Assert.Equal(3, postgres.ExpectedInstances);
        Assert.True(postgres.PrepareStatements);

        var endpoints = provider.GetRequiredService<IOptions<UpgradeRecordsEndpointOptions>>().Value;
        Assert.Equal("Asia/Shanghai", endpoints.DefaultTimeZone);
        Assert.Equal("zh-CN", endpoints.DefaultCulture);
        Assert.Equal(50, endpoints.DefaultPageSize);
        Assert.Equal(8192, endpoints.MaxRequestBodySize);
        Assert.True(endpoints.RequireSameOrigin);
        Assert.Equal(["https://console.example.com"], endpoints.TrustedOrigins);
        Assert.Equal(TimeSpan.FromSeconds(30), endpoints.EventsHeartbeatInterval);
        Assert.Equal("platform-om", Assert.Single(endpoints.ActionPolicies, p => p.Key == Dataphin.UpgradeKit.UpgradeAction.ForceStop).Value);
    }

    [Fact]
    public void HostingDocExample_NamesEveryOptionThereIs()
    {
        var keys = AppSettings(ExampleJson()).AsEnumerable().Select(kv => System.Text.RegularExpressions.Regex.Replace(kv.Key, @":\d+$", ""))
            .ToHashSet(StringComparer.Ordinal);
        var expected = Keys("UpgradeKit", typeof(UpgradeKitOptions))
            .Concat(Keys("UpgradeKit:InMemory", typeof(InMemoryUpgradeStoreOptions)))
            .Concat(Keys("UpgradeKit:Sqlite", typeof(SqliteUpgradeStoreOptions)))
            .Concat(Keys("UpgradeKit:PostgreSql", typeof(PostgreSqlUpgradeStoreOptions)).Append("UpgradeKit:PostgreSql:ConnectionString"))
            .Concat(Keys("UpgradeKit:Endpoints", typeof(UpgradeRecordsEndpointOptions)));

        var missing = expected.Where(k => !keys.Contains(k)).ToList();

        Assert.True(missing.Count == 0, "docs/hosting.md's appsettings.json example lacks: " + string.Join(", ", missing)
            + " (add the option to the example, to the package's configuration reader and to this test's checks)");
    }

    [Fact]
    public void AppSettings_WrongValues_EachProblemNamesItsConfigurationKey()
    {
        var configuration = AppSettings("""
            {
              "UpgradeKit": {
                "Delivery": { "MaxAttempts": 0, "SweepInterval": "5s" },
                "Sqlite": { "ConnectionString": "upgrades.db", "BusyTimeout": "01:00:00", "CheckpointAfterWrites": "lots" },
                "PostgreSql": { "TransientConflictRetries": 1000 },
                "Endpoints": { "DefaultPageSize": 0, "EventsHeartbeatInterval": "soon", "ActionPolicies": { "FoceStop": "om" } }
              }
            }
            """);
        var kit = configuration.GetSection("UpgradeKit");

        using var provider = new ServiceCollection().AddUpgradeKit(kit).UseInMemory().ConfigureEndpoints(kit.GetSection("Endpoints"))
            .Services.BuildServiceProvider();
        var core = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("UpgradeKit:Delivery:MaxAttempts must be between 1 and 1000 (it is 0).", core.Failures);
        Assert.Contains("UpgradeKit:Delivery:SweepInterval must be a duration like 00:00:05 (it is '5s').", core.Failures);

        var endpoints = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<UpgradeRecordsEndpointOptions>>().Value);
        Assert.Contains(endpoints.Failures, f => f.StartsWith("UpgradeKit:Endpoints:DefaultPageSize must be from 1 to", StringComparison.Ordinal));
        Assert.Contains("UpgradeKit:Endpoints:EventsHeartbeatInterval must be a duration like 00:00:05 (it is 'soon').", endpoints.Failures);
        Assert.Contains(endpoints.Failures, f => f.StartsWith("UpgradeKit:Endpoints:ActionPolicies:FoceStop is not an action", StringComparison.Ordinal));

        var sqlite = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddUpgradeKit().UseSqlite(kit.GetSection("Sqlite")));
        Assert.Contains("UpgradeKit:Sqlite:BusyTimeout must be between 0 and 10 minutes", sqlite.Message, StringComparison.Ordinal);
        Assert.Contains("UpgradeKit:Sqlite:CheckpointAfterWrites must be a whole number (it is 'lots').", sqlite.Message, StringComparison.Ordinal);

        var postgres = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddUpgradeKit().UsePostgreSql(kit.GetSection("PostgreSql")));
        Assert.Contains("UpgradeKit:PostgreSql:ConnectionString must be set", postgres.Message, StringComparison.Ordinal);
        Assert.Contains("UpgradeKit:PostgreSql:TransientConflictRetries must be between 0 and 100 (it is 1000).", postgres.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_PostgreSqlPrepareStatements_BindsOffAndNamesItsKeyWhenUnreadable()
    {
        var off = AppSettings("""{ "UpgradeKit": { "PostgreSql": { "ConnectionString": "Host=db", "PrepareStatements": false } } }""");
        Assert.False(PostgreSqlUpgradeKitBuilderExtensions.ReadOptions(off.GetSection("UpgradeKit:PostgreSql"), out _).PrepareStatements);
        var absent = AppSettings("""{ "UpgradeKit": { "PostgreSql": { "ConnectionString": "Host=db" } } }""");
        Assert.True(PostgreSqlUpgradeKitBuilderExtensions.ReadOptions(absent.GetSection("UpgradeKit:PostgreSql"), out _).PrepareStatements);

        var unreadable = AppSettings("""{ "UpgradeKit": { "PostgreSql": { "ConnectionString": "Host=db", "PrepareStatements": "sometimes" } } }""");
        var problem = Assert.Throws<ArgumentException>(() => PostgreSqlUpgradeKitBuilderExtensions.ReadOptions(unreadable.GetSection("UpgradeKit:PostgreSql"), out _));
        Assert.Contains("UpgradeKit:PostgreSql:PrepareStatements must be true or false (it is 'sometimes').", problem.Message, StringComparison.Ordinal);
    }

    /// <summary>The configuration keys of <paramref name="type"/>'s settable options (lists and nested options included).</summary>
    private static IEnumerable<string> Keys(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var settable = property.SetMethod is { IsPublic: true };
            var list = property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IList<>);
            if (property.PropertyType == typeof(IClock) || (!settable && !list))
            {
                continue; // a clock is set in code; get-only members other than lists are not options
            }

            var key = prefix + ":" + property.Name;
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && !list)
            {
                foreach (var nested in Keys(key, property.PropertyType))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    private IConfiguration AppSettings(string json)
    {
        var file = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, json);
        return new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: false).Build();
    }

    /// <summary>The <c>json</c> block of docs/hosting.md's "Configuration" section, exactly as written.</summary>
    private static string ExampleJson()
    {
        var doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "hosting.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var section = doc[doc.IndexOf("## Configuration", StringComparison.Ordinal)..];
        var start = section.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        return section[start..section.IndexOf("\n```", start, StringComparison.Ordinal)];
    }
}
