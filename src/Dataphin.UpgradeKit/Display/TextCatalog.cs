using System.Globalization;
using System.Resources;

namespace Dataphin.UpgradeKit.Display;

/// <summary>Reads the display texts of <c>Display/Strings*.resx</c> (R-DISP-1).</summary>
internal static class TextCatalog
{
    private static readonly ResourceManager Resources =
        new("Dataphin.UpgradeKit.Display.Strings", typeof(TextCatalog).Assembly);

    /// <summary>The culture used when the host names none: English, the product page's wording.</summary>
    public static CultureInfo DefaultCulture { get; } = CultureInfo.GetCultureInfo("en");

    public static string Get(string key, CultureInfo? culture) =>
        Resources.GetString(key, culture ?? DefaultCulture)
        ?? throw new InvalidOperationException($"Display text '{key}' is missing from the resources.");

    public static string Format(string key, CultureInfo? culture, params object[] args) =>
        string.Format(culture ?? DefaultCulture, Get(key, culture), args);
}
