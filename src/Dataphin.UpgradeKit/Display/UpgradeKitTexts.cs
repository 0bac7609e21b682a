using System.Collections.Concurrent;
using System.Globalization;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;
using Microsoft.Extensions.Localization;

namespace Dataphin.UpgradeKit.Display;

/// <summary>
/// Where display names and sentences come from: the host's <see cref="IStringLocalizer{T}"/> of this type first, for
/// every text it has, then the SDK's own texts (English, and Chinese for <c>zh-Hans</c>, <c>zh-CN</c> and the other
/// Simplified Chinese cultures). A host overrides a sentence by answering its name in its localizer, and adds a language
/// by answering names in that culture and listing the culture here. Immutable and thread-safe; <c>AddUpgradeKit()</c>
/// registers one built from the container's <see cref="IStringLocalizer{T}"/>, when the host registered one.
/// </summary>
/// <remarks>
/// <para>A culture without texts of its own falls back along .NET's parent-culture chain
/// (<c>zh-Hans-CN</c> → <c>zh-Hans</c>; <c>fr-CA</c> → <c>fr</c>; <c>de-DE</c> → <c>de</c> → English), and
/// <see cref="Resolve"/> says where it stopped: the projections report it as their <c>Culture</c>.</para>
/// <para>The localizer is asked with <see cref="CultureInfo.CurrentUICulture"/> set to that resolved culture, as
/// <see cref="IStringLocalizer"/> expects; a text it does not find (<see cref="LocalizedString.ResourceNotFound"/>)
/// comes from the SDK. The names are those of the SDK's resources, e.g. <c>Status_Failed</c>,
/// <c>Reason_OperatorNotQualified</c> (listed in <c>docs/timeline.md</c>). Texts are read once per culture and kept.</para>
/// </remarks>
public sealed class UpgradeKitTexts
{
    private static readonly CultureInfo English = TryGetCulture("en") ?? CultureInfo.InvariantCulture;

    // The cultures the SDK's resources answer: English is their neutral language; Chinese ships as zh-Hans, which
    // zh-CN reaches as its parent. zh-CN is named too, so a zh-CN request reports zh-CN rather than its parent.
    private static readonly string[] SdkCultures = ["en", "zh-Hans", "zh-CN"];

    private readonly IStringLocalizer? _localizer;
    private readonly HashSet<string> _cultureNames;
    private readonly ConcurrentDictionary<CultureInfo, CultureInfo> _resolved = new();

    /// <summary>Creates the texts.</summary>
    /// <param name="localizer">The host's texts, asked first; the SDK's own only when null.</param>
    /// <param name="cultures">
    /// The cultures <paramref name="localizer"/> adds, e.g. <c>fr</c>, so that a request in one of them (or in one of their
    /// specific cultures, <c>fr-FR</c>) is answered in it; texts it lacks there come from the SDK in English. English and
    /// Chinese need not be listed.
    /// </param>
    /// <exception cref="CultureNotFoundException">A name in <paramref name="cultures"/> is not a culture.</exception>
    public UpgradeKitTexts(IStringLocalizer<UpgradeKitTexts>? localizer = null, IEnumerable<string>? cultures = null)
    {
        _localizer = localizer;
        var all = new List<CultureInfo>();
        _cultureNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in SdkCultures)
        {
            // A process in globalization-invariant mode knows no culture but the invariant one: the SDK's texts then
            // answer every request as English instead of failing here.
            if (TryGetCulture(name) is { } culture && _cultureNames.Add(culture.Name))
            {
                all.Add(culture);
            }
        }

        foreach (var name in cultures ?? [])
        {
            var culture = CultureInfo.GetCultureInfo(Guard.NotNullOrWhiteSpace(name), predefinedOnly: true);
            if (_cultureNames.Add(culture.Name))
            {
                all.Add(culture);
            }
        }

        Cultures = all.AsReadOnly();
    }

    private static CultureInfo? TryGetCulture(string name)
    {
        try
        {
            return CultureInfo.GetCultureInfo(name, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The SDK's own texts, English and Chinese, with no host localizer.</summary>
    public static UpgradeKitTexts Default { get; } = new();

    /// <summary>The cultures with texts of their own: <c>en</c>, <c>zh-Hans</c>, <c>zh-CN</c>, then the host's.</summary>
    public IReadOnlyList<CultureInfo> Cultures { get; }

    /// <summary>
    /// The culture whose texts answer <paramref name="culture"/>: the first of it and its parent cultures that has texts,
    /// or <c>en</c> when none has (the invariant culture is English too). E.g. <c>zh-SG</c> → <c>zh-Hans</c>,
    /// <c>en-GB</c> → <c>en</c>, <c>de-DE</c> → <c>en</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="culture"/> is null.</exception>
    public CultureInfo Resolve(CultureInfo culture) => _resolved.GetOrAdd(Guard.NotNull(culture), (c, names) =>
    {
        for (var step = c; !string.IsNullOrEmpty(step.Name); step = step.Parent)
        {
            if (names.Contains(step.Name))
            {
                return CultureInfo.GetCultureInfo(step.Name);
            }
        }

        return English;
    }, _cultureNames);

    /// <summary>
    /// The text named <paramref name="name"/> for <paramref name="culture"/>, in the culture <see cref="Resolve"/> chooses:
    /// the host's when it has one, else the SDK's.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Neither the host nor the SDK has a text of that name.</exception>
    public string GetString(string name, CultureInfo culture)
    {
        Guard.NotNull(name);

        // Both are asked in the resolved culture, so what the answer says it used is what it used: a host's texts in a
        // culture it did not list are not mixed into an answer that says "en".
        var used = Resolve(culture);
        if (_localizer is not null)
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = used;
            try
            {
                var text = _localizer[name];
                if (!text.ResourceNotFound)
                {
                    return text.Value;
                }
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }

        return TextCatalog.Find(name, used) ?? throw new ArgumentException($"There is no display text named '{name}'.", nameof(name));
    }

    /// <summary>
    /// The declaration a force-stop's engineer accepts, in <paramref name="culture"/> as <see cref="Resolve"/> chooses:
    /// its version, the language it is in, and its text (<c>Declaration_ForceStop_Version</c> and
    /// <c>Declaration_ForceStop</c>; a host that words it differently answers both names, with a version of its own).
    /// Show this text in the dialog and pass it back in <see cref="Lifecycle.ForceStopRequest.Declaration"/>, so the
    /// audit trail records what was shown.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="culture"/> is null.</exception>
    public ForceStopDeclaration ForceStopDeclaration(CultureInfo culture) => new()
    {
        Version = GetString("Declaration_ForceStop_Version", culture),
        Language = Resolve(culture).Name,
        Text = GetString("Declaration_ForceStop", culture),
    };

    internal string Status(UpgradeStatus status, CultureInfo culture) => GetString("Status_" + status, culture);

    internal string Action(UpgradeAction action, CultureInfo culture) => GetString("Action_" + action, culture);

    internal string Operation(UpgradeOperation operation, CultureInfo culture) => GetString("Operation_" + operation, culture);

    internal string Mode(UpgradeMode mode, CultureInfo culture) => GetString("Mode_" + mode, culture);

    internal string DataServiceStudioMode(DataServiceStudioUpgradeMode mode, CultureInfo culture) => GetString("DssMode_" + mode, culture);

    /// <summary>
    /// Why <paramref name="operation"/> is refused, as a sentence that says what <paramref name="table"/>'s rules do
    /// (the spec's decisions when null): the statuses that support an action, and the Stop window as the host reads it.
    /// </summary>
    internal string Reason(ActionReasonCode reason, UpgradeOperation operation, UpgradeStatus status, CultureInfo culture, LifecycleTable? table = null)
    {
        table ??= LifecycleTable.Default;
        switch (reason)
        {
            case ActionReasonCode.None:
                return string.Empty;
            case ActionReasonCode.StopWindowClosed when table.Rules.StopWindow == StopWindowReading.Strict:
                return GetString("Reason_StopWindowClosed_Strict", culture);
            case ActionReasonCode.StatusNotEligible:
                break;
            default:
                return GetString("Reason_" + reason, culture);
        }

        if (!UpgradeActions.TryFromOperation(operation, out var action))
        {
            return string.Format(culture, GetString("Reason_StatusNotEligible", culture), Operation(operation, culture), Status(status, culture));
        }

        var supporting = table.StatusesSupporting(operation);
        return supporting.Count == 0
            ? string.Format(culture, GetString("Reason_NotOfferedForAnyStatus", culture), Action(action, culture))
            : string.Format(culture, GetString("Reason_StatusNotEligible_" + action, culture), StatusList(supporting, culture));
    }

    /// <summary>"A", "A or B", "A, B, or C" in the culture's words.</summary>
    private string StatusList(IReadOnlyList<UpgradeStatus> statuses, CultureInfo culture)
    {
        if (statuses.Count == 1)
        {
            return Status(statuses[0], culture);
        }

        var last = Status(statuses[^1], culture);
        if (statuses.Count == 2)
        {
            return string.Format(culture, GetString("List_OrPair", culture), Status(statuses[0], culture), last);
        }

        var head = string.Join(GetString("List_Separator", culture), statuses.Take(statuses.Count - 1).Select(s => Status(s, culture)));
        return string.Format(culture, GetString("List_OrLast", culture), head, last);
    }
}
