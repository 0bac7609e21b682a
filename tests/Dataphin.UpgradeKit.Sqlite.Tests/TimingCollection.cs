using Xunit;

namespace Dataphin.UpgradeKit.Sqlite.Tests;

/// <summary>
/// Tests that assert a wall-clock bound (trait <c>Category=Timing</c>): they run alone, each with a generous ceiling and
/// its measured figure printed, so that a loaded machine does not fail the ordinary tests.
/// </summary>
[CollectionDefinition("Timing", DisableParallelization = true)]
public sealed class TimingRunsAlone;
