using System.Globalization;
using System.Resources;

namespace Dataphin.UpgradeKit.Display;

/// <summary>Reads the SDK's own display texts, <c>Display/Strings*.resx</c> (R-DISP-1).</summary>
internal static class TextCatalog
{
    private static readonly ResourceManager Resources =
        new("Dataphin.UpgradeKit.Display.Strings", typeof(TextCatalog).Assembly);

    /// <summary>The culture used when the host names none: English, the product page's wording.</summary>
    public static CultureInfo DefaultCulture { get; } = CultureInfo.GetCultureInfo("en");

    /// <summary>The text, along the culture's parent chain down to the English neutral resources; null for an unknown name.</summary>
    public static string? Find(string key, CultureInfo culture) => Resources.GetString(key, culture);
}
