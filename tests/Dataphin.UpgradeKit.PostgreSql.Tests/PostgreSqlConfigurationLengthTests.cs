using System.Globalization;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.HostTools;
using Dataphin.UpgradeKit.Testing.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>Schema version 3 records the configuration's length; a real version-2 database opened by today's code.</summary>
[Collection(PostgreSqlClusterDefinition.Name)]
[RequiresPostgreSqlServer]
public sealed class PostgreSqlConfigurationLengthTests(PostgreSqlClusterFixture cluster)
{
    private static int s_databases;

    /// <summary>
    /// The version-2 configurations read with no length (the stored bytes may be sealed, so none is derived from them);
    /// a file saved afterwards, protected at rest, reads with the length of the file as saved, in the record and the list.
    /// </summary>
    [StoreFact]
    public async Task EnsureSchema_RealVersionTwoDatabase_OldConfigurationsHaveNoLengthNewSavesHaveThePlainLength_R_SEC_6()
    {
        var connectionString = SchemaV2Fixtures.RestorePostgreSqlDatabase(cluster.Cluster,
            string.Create(CultureInfo.InvariantCulture, $"v2_length_{Interlocked.Increment(ref s_databases)}_{Environment.ProcessId}"));
        await using var store = PostgreSqlUpgradeStore.Create(connectionString);
        await store.EnsureSchemaAsync();

        var records = (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items;
        Assert.All(records.Where(r => r.Configuration is not null), r => Assert.Null(r.Configuration!.Length));

        var configuring = records.Single(r => r.Status == UpgradeStatus.Configuring);
        var features = new UpgradeKitFeatures(new ConfigurationProtectingStore(store, SchemaV2Fixtures.Protector), SystemClock.Instance);
        var content = "cluster: prod-east\ntarget: after schema 3\n"u8.ToArray();
        var saved = await features.Commands.SaveConfigurationAsync(configuring.Id,
            new ConfigurationFile("after-v3.yaml", content, SystemClock.Instance.GetCurrentInstant()), new OperatorIdentity("alice"));

        Assert.Equal(content.Length, saved.Configuration!.Length);
        Assert.Equal(content.Length, (await store.FindAsync(configuring.Id))!.Configuration!.Length);
        Assert.Equal(content.Length, (await store.ListAsync(new UpgradeRecordQuery { PageSize = 100 })).Items.Single(r => r.Id == configuring.Id).Configuration!.Length);
        Assert.NotEqual(content.Length, (await store.ReadConfigurationAsync(configuring.Id))!.Content.Length); // sealed at rest
    }
}
