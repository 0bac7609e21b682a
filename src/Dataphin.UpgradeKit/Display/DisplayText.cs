using System.Globalization;

namespace Dataphin.UpgradeKit.Display;

/// <summary>
/// Display names and sentences of the SDK's own texts (<see cref="UpgradeKitTexts.Default"/>) for a culture the host
/// chooses: English (the product page's wording) by default, Chinese shipped as well. A host's own texts
/// reach the projections through the <see cref="UpgradeKitTexts"/> the service is given. Thread-safe.
/// </summary>
public static class DisplayText
{
    /// <summary>The status as the Status column shows it, e.g. "Force-Stopped and Marked as Failed".</summary>
    public static string Status(UpgradeStatus status, CultureInfo? culture = null) => UpgradeKitTexts.Default.Status(status, culture ?? TextCatalog.DefaultCulture);

    /// <summary>The action as the Actions column names it, e.g. "Resume verification".</summary>
    public static string Action(UpgradeAction action, CultureInfo? culture = null) => UpgradeKitTexts.Default.Action(action, culture ?? TextCatalog.DefaultCulture);

    /// <summary>The operation's name, e.g. "Exit maintenance upgrade mode".</summary>
    public static string Operation(UpgradeOperation operation, CultureInfo? culture = null) =>
        UpgradeKitTexts.Default.Operation(operation, culture ?? TextCatalog.DefaultCulture);

    /// <summary>The upgrade mode, e.g. "Zero-downtime upgrade".</summary>
    public static string Mode(UpgradeMode mode, CultureInfo? culture = null) => UpgradeKitTexts.Default.Mode(mode, culture ?? TextCatalog.DefaultCulture);

    /// <summary>The DataService Studio upgrade mode, e.g. "Upgrade together".</summary>
    public static string DataServiceStudioMode(DataServiceStudioUpgradeMode mode, CultureInfo? culture = null) =>
        UpgradeKitTexts.Default.DataServiceStudioMode(mode, culture ?? TextCatalog.DefaultCulture);

    /// <summary>
    /// Why <paramref name="operation"/> was refused or an action is not offered, as a sentence for a tooltip.
    /// Empty for <see cref="ActionReasonCode.None"/>.
    /// </summary>
    public static string Reason(ActionReasonCode reason, UpgradeOperation operation, UpgradeStatus status, CultureInfo? culture = null) =>
        UpgradeKitTexts.Default.Reason(reason, operation, status, culture ?? TextCatalog.DefaultCulture);
}
