namespace Dataphin.UpgradeKit.Insights;

/// <summary>Which group a figure belongs to.</summary>
/// <param name="Kind">How the group's records were chosen.</param>
/// <param name="Mode">The mode of a <see cref="InsightsGroupKind.Mode"/> group; null otherwise.</param>
/// <param name="TargetVersion">
/// The target version of a <see cref="InsightsGroupKind.TargetVersion"/> group, with all four numbers (e.g. 5.1.0.0);
/// null otherwise.
/// </param>
public readonly record struct InsightsGroupKey(InsightsGroupKind Kind, UpgradeMode? Mode, ProductVersion? TargetVersion)
{
    /// <summary>The key of the group of every record.</summary>
    public static InsightsGroupKey Overall { get; } = new(InsightsGroupKind.Overall, null, null);

    /// <summary>The key of the group of <paramref name="mode"/>.</summary>
    public static InsightsGroupKey OfMode(UpgradeMode mode) => new(InsightsGroupKind.Mode, mode, null);

    /// <summary>The key of the group of <paramref name="version"/>, numerically equal versions together.</summary>
    public static InsightsGroupKey OfTargetVersion(ProductVersion version) => new(InsightsGroupKind.TargetVersion, null,
        ProductVersion.Parse(FormattableString.Invariant($"{version.Major}.{version.Minor}.{version.Patch}.{version.Revision}")));
}
