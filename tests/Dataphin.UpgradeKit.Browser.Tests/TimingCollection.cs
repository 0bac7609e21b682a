using Xunit;

namespace Dataphin.UpgradeKit.Browser.Tests;

/// <summary>
/// Tests that assert a wall-clock bound (trait <c>Category=Timing</c>): they run alone, not beside the other test classes
/// of this assembly, state their bound as a generous ceiling and print what they measured.
/// </summary>
[CollectionDefinition("Timing", DisableParallelization = true)]
public sealed class TimingCollectionDefinition;
