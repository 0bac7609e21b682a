using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Downloads;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Protection;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// Real databases of schema version 2, written by the version-2 code (see <c>tests/fixtures/schema-v2/README.md</c>
/// for how and what they hold), for in-place upgrade tests. Tests work on copies: the committed files never change.
/// </summary>
public static class SchemaV2Fixtures
{
    /// <summary>The folder the fixtures are copied to next to the test assembly.</summary>
    public static string Directory => SchemaFixtureFiles.DirectoryOf(2);

    /// <summary>The number of upgrade records in each fixture database.</summary>
    public const int RecordCount = 13;

    /// <summary>The number of records with a saved configuration.</summary>
    public const int ConfigurationCount = 12;

    /// <summary>The number of saved configurations stored protected (the others were stored before protection was enabled).</summary>
    public const int ProtectedConfigurationCount = 3;

    /// <summary>The number of notifications not delivered: <see cref="DeadLetterCount"/> dead-lettered and the rest pending after one failed attempt.</summary>
    public const int UndeliveredNotificationCount = 4;

    /// <summary>The number of dead-lettered notifications.</summary>
    public const int DeadLetterCount = 1;

    /// <summary>The number of notifications in each fixture database, delivered or not.</summary>
    public const int NotificationCount = 10;

    /// <summary>The number of timeline events in each fixture database.</summary>
    public const int TimelineEventCount = 357;

    /// <summary>The number of audit entries of the records each fixture database holds (two more belong to a removed record).</summary>
    public const int AuditEntryCount = 64;

    /// <summary>The idempotency key of the one record created with a key.</summary>
    public const string IdempotencyKey = "console-request-7f3e9c1a";

    /// <summary>
    /// The published test key the fixtures' protected configurations were protected under (AES-256-GCM: 12-byte nonce,
    /// 16-byte tag, ciphertext). Not a secret; <see cref="Protector"/> uses it.
    /// </summary>
    public static ReadOnlySpan<byte> ProtectionKey => SHA256.HashData("Dataphin.UpgradeKit schema fixtures test key"u8);

    /// <summary>A protector that reads (and writes) configurations under <see cref="ProtectionKey"/>.</summary>
    public static IConfigurationProtector Protector { get; } = new FixtureProtector();

    /// <summary>
    /// Copies the version-2 SQLite database to <paramref name="path"/> (which must not exist) with mode 0600, and
    /// returns <paramref name="path"/>.
    /// </summary>
    public static string CopySqliteDatabase(string path) => SchemaFixtureFiles.CopySqliteDatabase(2, path);

    /// <summary>
    /// Creates database <paramref name="database"/> in <paramref name="cluster"/> and restores the version-2 dump into
    /// it with <c>psql</c>; returns a connection string to it.
    /// </summary>
    public static string RestorePostgreSqlDatabase(PostgreSqlTestCluster cluster, string database) =>
        SchemaFixtureFiles.RestorePostgreSqlDatabase(2, cluster, database);

    /// <summary>
    /// On a store over a copy of a version-2 fixture (brought to the current schema): every record reads, with its
    /// timeline events and audit entries; each record whose status offers View log shows its panel and hands out its
    /// configuration (the protected ones through <see cref="Protector"/>) as it was saved; the undelivered and
    /// dead-lettered notifications are all there.
    /// </summary>
    public static async Task AssertEveryRecordReadsAsync(IUpgradeStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var records = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items;
        Assert.Equal(RecordCount, records.Count);
        Assert.Equal(
            "Canceled,Configuring,Failed,Failed,ForceStoppedFailed,ForceStoppedSucceeded,Stopped,Stopped,Succeeded,Succeeded,Succeeded,Succeeded,Upgrading",
            string.Join(",", records.Select(r => r.Status.ToString()).Order(StringComparer.Ordinal)));
        var keyed = Assert.Single(records, r => r.Configuration is null);

        var features = new UpgradeKitFeatures(new ConfigurationProtectingStore(store, Protector), SystemClock.Instance);
        var reader = new OperatorIdentity("fixture-reader");
        var display = new DisplayContext(DateTimeZone.Utc, CultureInfo.InvariantCulture);
        int events = 0, audit = 0, stillProtected = 0, downloads = 0;
        foreach (var record in records)
        {
            Assert.Equal(record, await store.FindAsync(record.Id));
            Assert.False(store is IRetentionStore retention && await retention.IsPinnedAsync(record.Id)); // schema 3: nothing pinned by the upgrade
            events += (await store.ReadEventsAsync(record.Id)).Count;
            audit += (await store.ReadAsync(record.Id)).Count;
            if (record.Configuration is not null
                && (await store.ReadConfigurationAsync(record.Id))!.Content.Span.StartsWith("\0UKP1"u8))
            {
                stillProtected++;
            }

            if (!LifecycleRuleOptions.DefaultViewLogStatuses.Contains(record.Status))
            {
                continue;
            }

            var panel = await features.Queries.ViewLogAsync(record.Id, reader, display);
            Assert.Equal(record.Id, panel.Id);
            Assert.Equal(record.TargetVersion.ToString(), panel.TargetVersion);
            using var destination = new MemoryStream();
            var receipt = await features.Queries.DownloadConfigurationAsync(record.Id, reader, new PlainEncryptor(), destination);
            Assert.Equal(record.Configuration!.FileName, receipt.FileName);
            Assert.StartsWith($"# Dataphin upgrade {record.InitialVersion} -> {record.TargetVersion}\ncluster: prod-east\n",
                Encoding.UTF8.GetString(destination.ToArray()), StringComparison.Ordinal);
            downloads++;
        }

        Assert.Equal(TimelineEventCount, events);
        Assert.Equal(AuditEntryCount, audit);
        Assert.Equal(ProtectedConfigurationCount, stillProtected);
        Assert.Equal(8, downloads); // Succeeded ×4, Stopped ×2 and both force-stopped offer View log
        Assert.Equal(UndeliveredNotificationCount, (await store.ReadPendingAsync(100)).Count);
        Assert.Equal(DeadLetterCount, await store.CountDeadLettersAsync());

        // The creation the fixture made with a key, retried: the store finds the record it made, and creates none.
        var retried = await features.Commands.CreateAsync(
            new NewUpgradeRequest { TargetVersion = keyed.TargetVersion, InitialVersion = keyed.InitialVersion, Mode = keyed.Mode, DataServiceStudioMode = keyed.DataServiceStudioMode, IdempotencyKey = IdempotencyKey }, reader);
        Assert.Equal(keyed.Id, retried.Id);
        Assert.Equal(RecordCount, (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items.Count);
    }

    private sealed class PlainEncryptor : IConfigurationEncryptor
    {
        public string Encrypt(ConfigurationFile configuration, Stream destination)
        {
            destination.Write(configuration.Content.Span);
            return Convert.ToHexStringLower(SHA256.HashData(configuration.Content.Span));
        }
    }

    private sealed class FixtureProtector : IConfigurationProtector
    {
        public byte[] Protect(ReadOnlySpan<byte> content)
        {
            var output = new byte[12 + 16 + content.Length];
            RandomNumberGenerator.Fill(output.AsSpan(0, 12));
            using var aes = new AesGcm(ProtectionKey, 16);
            aes.Encrypt(output.AsSpan(0, 12), content, output.AsSpan(28), output.AsSpan(12, 16));
            return output;
        }

        public byte[] Unprotect(ReadOnlySpan<byte> protectedContent)
        {
            if (protectedContent.Length < 28)
            {
                throw new CryptographicException("Too short to be a protected configuration.");
            }

            var plain = new byte[protectedContent.Length - 28];
            using var aes = new AesGcm(ProtectionKey, 16);
            aes.Decrypt(protectedContent[..12], protectedContent[28..], protectedContent.Slice(12, 16), plain);
            return plain;
        }
    }
}
