using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests.Support;

/// <summary>A fact that needs Chromium and the PostgreSQL server binaries: skips with install advice when either is absent, never under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresChromiumAndPostgreSqlFactAttribute : FactAttribute
{
    public RequiresChromiumAndPostgreSqlFactAttribute()
    {
        Skip = HostTool.SkipReasonIfMissing("chromium", "apt-get install chromium") ?? PostgreSqlServerBinaries.SkipReason;
    }
}
