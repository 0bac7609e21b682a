using Dataphin.UpgradeKit.Testing.Storage;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// Put on a test class whose <see cref="StoreFactAttribute"/> tests need a PostgreSQL server: they skip with an install
/// hint when the server binaries are absent, and never skip under <c>CI=true</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresPostgreSqlServerAttribute : StoreSkipConditionAttribute
{
    /// <inheritdoc />
    public override string? SkipReason => PostgreSqlServerBinaries.SkipReason;
}
