using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Relational;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// The test databases are small: without this the insights over every record would read the records (below
/// <see cref="InsightsSql.KeptFrom"/>), and the contract's R-INS-2 property would never check the kept tables' path.
/// </summary>
internal static class KeptInsightsEverywhere
{
    [ModuleInitializer]
    internal static void Initialize() => InsightsSql.KeptFrom = 0;
}
