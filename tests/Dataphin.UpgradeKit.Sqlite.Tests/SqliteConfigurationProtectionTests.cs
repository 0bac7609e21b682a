using System.Text;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Sqlite;
using Dataphin.UpgradeKit.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

// R-SEC-6: configuration files are protected at rest in the SQLite file when the host supplies a protector (here ASP.NET
// Core Data Protection), and a database written before protection was enabled stays readable.
public sealed class SqliteConfigurationProtectionTests : IDisposable
{
    private const string Secret = "password: Zq8vT2mW9rLk4xN7";
    private static readonly byte[] Content = Encoding.UTF8.GetBytes($"database:\n  {Secret}\n");
    private static readonly OperatorIdentity Alice = new("alice", "Alice");
    private static readonly string[] FileSuffixes = ["", "-wal", "-shm", "-journal"];

    private readonly SqliteTestDatabase _database = new();
    private readonly DirectoryInfo _keys;

    public SqliteConfigurationProtectionTests()
    {
        _keys = Directory.CreateDirectory(Path.Combine(_database.Directory, "keys"));
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task SaveConfiguration_WithDataProtection_R_SEC_6_LeavesNoContentInTheDatabaseFiles()
    {
        await using (var host = Host(protect: true))
        {
            await SaveAsync(host);
            await RunThroughLifecycleAsync(host);
        }

        Assert.False(FilesContainSecret());
    }

    [Fact]
    public async Task SaveConfiguration_WithoutProtection_StoresTheContentAsItIs()
    {
        // The control of the test above: the search does find the content when nothing protects it.
        await using (var host = Host(protect: false))
        {
            await SaveAsync(host);
        }

        Assert.True(FilesContainSecret());
    }

    [Fact]
    public async Task ReadConfiguration_DatabaseWrittenBeforeProtection_R_SEC_6_IsReadAndProtectedAtTheNextSave()
    {
        UpgradeRecordId id;
        await using (var before = Host(protect: false))
        {
            id = await SaveAsync(before);
        }

        await using (var after = Host(protect: true))
        {
            var store = after.GetRequiredService<IUpgradeStore>();
            Assert.Equal(Content, (await store.ReadConfigurationAsync(id))!.Content.ToArray());
            await UpgradeKitFeatures.From(after).Commands.SaveConfigurationAsync(id,
                new ConfigurationFile("upgrade.yaml", Content, Instant.FromUtc(2026, 12, 1, 8, 1)), Alice);
            var stored = await after.GetRequiredService<SqliteUpgradeStore>().ReadConfigurationAsync(id);
            Assert.NotEqual(Content, stored!.Content.ToArray());
        }

        await using (var restarted = Host(protect: true))
        {
            Assert.Equal(Content, (await restarted.GetRequiredService<IUpgradeStore>().ReadConfigurationAsync(id))!.Content.ToArray());
        }
    }

    [Fact]
    public async Task ReadConfiguration_TamperedContentColumn_R_SEC_6_ThrowsTypedErrorWhileFindStillWorks()
    {
        UpgradeRecordId id;
        await using (var host = Host(protect: true))
        {
            id = await SaveAsync(host);
        }

        using (var connection = new SqliteConnection($"Data Source={_database.PathOf()};Pooling=False"))
        {
            connection.Open();
            byte[] stored;
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT content FROM upgrade_configurations";
                stored = (byte[])read.ExecuteScalar()!;
            }

            // Flip every bit of the last byte, so the stored value always changes (writing a fixed byte left it
            // unchanged whenever the ciphertext already ended in that byte, one run in 256).
            stored[^1] ^= 0xFF;
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE upgrade_configurations SET content = $content";
            command.Parameters.AddWithValue("$content", stored);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        await using (var host = Host(protect: true))
        {
            var ex = await Assert.ThrowsAsync<ConfigurationProtectionException>(async () =>
                await host.GetRequiredService<IUpgradeStore>().ReadConfigurationAsync(id));
            Assert.Equal(id, ex.RecordId);
            Assert.Equal("upgrade.yaml", (await UpgradeKitFeatures.From(host).Queries.FindAsync(id))!.Configuration!.FileName);
        }
    }

    private ServiceProvider Host(bool protect)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(Instant.FromUtc(2026, 12, 1, 8, 0)));
        services.AddDataProtection().PersistKeysToFileSystem(_keys).SetApplicationName("upgradekit-sqlite-tests");
        var builder = services.AddUpgradeKit().UseSqlite(_database.PathOf());
        if (protect)
        {
            builder.ProtectConfigurationsWithDataProtection();
        }

        return services.BuildServiceProvider();
    }

    private static async Task<UpgradeRecordId> SaveAsync(ServiceProvider host)
    {
        await host.GetRequiredService<SqliteUpgradeStore>().EnsureSchemaAsync();
        var service = UpgradeKitFeatures.From(host);
        var record = await service.Commands.CreateAsync(new NewUpgradeRequest
        {
            TargetVersion = ProductVersion.Parse("V5.1.2"), InitialVersion = ProductVersion.Parse("V4.3.0"),
            Mode = UpgradeMode.Maintenance, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
        }, Alice);
        await service.Commands.SaveConfigurationAsync(record.Id, new ConfigurationFile("upgrade.yaml", Content, Instant.FromUtc(2026, 12, 1, 8, 0)), Alice);
        return record.Id;
    }

    private static async Task RunThroughLifecycleAsync(ServiceProvider host)
    {
        var service = UpgradeKitFeatures.From(host);
        var id = (await service.Queries.ListAsync(new Storage.UpgradeRecordQuery())).Items.Single().Id;
        await service.HostReports.StartAsync(id); // every later write of the record writes its configuration again
    }

    // The database and its -wal and -shm files, searched for the secret as bytes, as base64 and as hex.
    // The host was disposed first, so its store cleared its own pool.
    private bool FilesContainSecret()
    {
        var needles = new[]
        {
            Encoding.UTF8.GetBytes(Secret),
            Encoding.ASCII.GetBytes(Convert.ToBase64String(Content)[..16]),
            Encoding.ASCII.GetBytes(Convert.ToHexString(Encoding.UTF8.GetBytes(Secret))),
            Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(Secret))),
        };
        var files = FileSuffixes.Select(s => _database.PathOf() + s).Where(File.Exists).ToList();
        Assert.NotEmpty(files);
        return files.Select(File.ReadAllBytes).Any(bytes => needles.Any(n => bytes.AsSpan().IndexOf(n) >= 0));
    }
}
