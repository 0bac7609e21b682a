using Xunit;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>Tests that assert a wall-clock bound run alone, never beside other tests of this project.</summary>
[CollectionDefinition("Timing", DisableParallelization = true)]
public sealed class TimingTestGroup
{
}
