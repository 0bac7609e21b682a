using System.Globalization;

namespace Dataphin.UpgradeKit.Display;

/// <summary>
/// Display names and sentences for a culture the host chooses (R-DISP-1): English (the product page's wording)
/// by default, <c>zh-CN</c> shipped as well. Thread-safe.
/// </summary>
public static class DisplayText
{
    /// <summary>The status as the Status column shows it, e.g. "Force-Stopped and Marked as Failed".</summary>
    public static string Status(UpgradeStatus status, CultureInfo? culture = null) => TextCatalog.Get("Status_" + status, culture);

    /// <summary>The action as the Actions column names it, e.g. "Resume verification".</summary>
    public static string Action(UpgradeAction action, CultureInfo? culture = null) => TextCatalog.Get("Action_" + action, culture);

    /// <summary>The operation's name, e.g. "Exit maintenance upgrade mode".</summary>
    public static string Operation(UpgradeOperation operation, CultureInfo? culture = null) => TextCatalog.Get("Operation_" + operation, culture);

    /// <summary>The upgrade mode, e.g. "Zero-downtime upgrade".</summary>
    public static string Mode(UpgradeMode mode, CultureInfo? culture = null) => TextCatalog.Get("Mode_" + mode, culture);

    /// <summary>The DataService Studio upgrade mode, e.g. "Upgrade together".</summary>
    public static string DataServiceStudioMode(DataServiceStudioUpgradeMode mode, CultureInfo? culture = null) => TextCatalog.Get("DssMode_" + mode, culture);

    /// <summary>
    /// Why <paramref name="operation"/> was refused or an action is not offered, as a sentence for a tooltip.
    /// Empty for <see cref="ActionReasonCode.None"/>.
    /// </summary>
    public static string Reason(ActionReasonCode reason, UpgradeOperation operation, UpgradeStatus status, CultureInfo? culture = null)
    {
        if (reason == ActionReasonCode.None)
        {
            return string.Empty;
        }

        if (reason != ActionReasonCode.StatusNotEligible)
        {
            return TextCatalog.Get("Reason_" + reason, culture);
        }

        return UpgradeActions.TryFromOperation(operation, out var action)
            ? TextCatalog.Get("Reason_StatusNotEligible_" + action, culture)
            : TextCatalog.Format("Reason_StatusNotEligible", culture, Operation(operation, culture), Status(status, culture));
    }
}
