using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>Every PostgreSQL test class shares one cluster per test run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlClusterDefinition : ICollectionFixture<PostgreSqlClusterFixture>
{
    public const string Name = "PostgreSQL cluster";
}
