using System.Globalization;
using System.Resources;

namespace Dataphin.UpgradeKit.Samples.Console;

/// <summary>
/// The sample's own labels (Resources/SampleText*.resx, English and zh-CN), in the culture <c>--culture</c> chose; the
/// SDK's texts (statuses, actions, reasons, timeline names) come localised from the SDK itself.
/// </summary>
internal static class SampleText
{
    private static readonly ResourceManager Resources = new("Dataphin.UpgradeKit.Samples.Console.Resources.SampleText", typeof(SampleText).Assembly);

    public static string Get(string name) =>
        Resources.GetString(name, CultureInfo.CurrentUICulture) ?? throw new InvalidOperationException($"No sample text named {name}.");

    public static string Format(string name, params object?[] values) => string.Format(CultureInfo.CurrentCulture, Get(name), values);
}
