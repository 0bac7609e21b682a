using System.Globalization;

namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// The sort and filter key of a product version: its four numbers, missing ones as zero, each as ten digits
/// (an <c>int</c> has at most ten), dot-separated. Keys of numerically equal versions are equal, and keys order
/// like the numbers, so one indexed text column serves both the version filter and a version sort.
/// </summary>
internal static class VersionKey
{
    public static string For(ProductVersion version) => string.Create(CultureInfo.InvariantCulture,
        $"{version.Major:D10}.{version.Minor:D10}.{version.Patch:D10}.{version.Revision:D10}");
}
