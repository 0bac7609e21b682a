using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using NodaTime;
using NodaTime.Text;

namespace Dataphin.UpgradeKit.Internal;

/// <summary>
/// Reads options from one configuration section by hand, key by key, instead of through the reflection binder: it needs
/// no trimming annotations, it reads NodaTime durations in .NET's <see cref="TimeSpan"/> text (<c>00:00:05</c>,
/// <c>1.00:00:00</c>) as well as NodaTime's own (<c>0:00:00:05</c>), and every value it cannot read becomes a problem
/// that names its configuration key (<c>UpgradeKit:Delivery:MaxAttempts</c>), so all of them are reported together.
/// A key that is absent leaves the option's default.
/// </summary>
/// <remarks>
/// The packages that bind options (SQLite, PostgreSQL, ASP.NET Core) use this one reader through the core's
/// <c>InternalsVisibleTo</c>, as Polly.Core shares its internals with Polly.Extensions: one namespace, one assembly.
/// </remarks>
internal sealed partial class OptionsSection
{
    private readonly IConfiguration _section;
    private readonly List<string> _problems;

    public OptionsSection(IConfiguration section, List<string> problems)
    {
        _section = section;
        _problems = problems;
        Path = section is IConfigurationSection s ? s.Path : string.Empty;
    }

    /// <summary>The section's full key (<c>UpgradeKit</c>, <c>UpgradeKit:Delivery</c>); empty for a configuration root.</summary>
    public string Path { get; }

    /// <summary>The full configuration key of <paramref name="key"/> in this section.</summary>
    public string KeyOf(string key) => Path.Length == 0 ? key : ConfigurationPath.Combine(Path, key);

    /// <summary>The sub-section <paramref name="key"/> (empty when absent).</summary>
    public OptionsSection Child(string key) => new(_section.GetSection(key), _problems);

    public void String(string key, Action<string> set)
    {
        if (_section[key] is { } text)
        {
            set(text);
        }
    }

    public void Boolean(string key, Action<bool> set) => Read(key, set, "true or false",
        static (string text, out bool value) => bool.TryParse(text.Trim(), out value));

    public void Int32(string key, Action<int> set) => Read(key, set, "a whole number",
        static (string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value));

    public void Int64(string key, Action<long> set) => Read(key, set, "a whole number",
        static (string text, out long value) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value));

    public void NullableInt32(string key, Action<int?> set) => Read<int?>(key, set, "a whole number or empty",
        static (string text, out int? value) =>
        {
            value = null;
            if (text.Trim().Length == 0)
            {
                return true;
            }

            var ok = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number);
            value = number;
            return ok;
        });

    public void TimeSpan(string key, Action<TimeSpan> set) => Read(key, set, "a duration like 00:00:05", TryParseTimeSpan);

    public void Duration(string key, Action<Duration> set) => Read(key, set, "a duration like 00:00:05",
        static (string text, out Duration value) =>
        {
            if (TryParseTimeSpan(text, out var span))
            {
                value = NodaTime.Duration.FromTimeSpan(span);
                return true;
            }

            // NodaTime's round-trip text keeps nanoseconds, which TimeSpan's 7 fraction digits cannot.
            var parsed = DurationPattern.Roundtrip.Parse(text.Trim());
            value = parsed.Success ? parsed.Value : default;
            return parsed.Success;
        });

    public void Enum<T>(string key, Action<T> set)
        where T : struct, Enum => Read(key, set, "one of " + string.Join(", ", System.Enum.GetNames<T>()), TryParseEnum);

    /// <summary>A list written as a JSON array (children <c>0</c>, <c>1</c>, …) or as one comma-separated value.</summary>
    public void EnumList<T>(string key, Action<IList<T>> set)
        where T : struct, Enum => List(key, set, "one of " + string.Join(", ", System.Enum.GetNames<T>()), TryParseEnum);

    /// <summary>A list of strings written as a JSON array or as one comma-separated value.</summary>
    public void StringList(string key, Action<IList<string>> set) => List(key, set, "text",
        static (string text, out string value) =>
        {
            value = text;
            return true;
        });

    /// <summary>
    /// <paramref name="problem"/> with its leading option path (<c>Delivery.MaxAttempts must …</c>) written as the
    /// configuration key it was bound from (<c>UpgradeKit:Delivery:MaxAttempts must …</c>); unchanged when
    /// <paramref name="path"/> is empty (the options were set in code).
    /// </summary>
    public static string NameKey(string problem, string path) =>
        path.Length == 0 ? problem : LeadingOptionPath().Replace(problem, m => path + ":" + m.Value.Replace('.', ':'), 1);

    /// <summary>Throws an <see cref="ArgumentException"/> listing <paramref name="problems"/> after <paramref name="title"/>, if there are any.</summary>
    public static void ThrowIfAny(IReadOnlyCollection<string> problems, string title)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException(title + " " + string.Join(" ", problems));
        }
    }

    private delegate bool TryParse<T>(string text, out T value);

    private void Read<T>(string key, Action<T> set, string expected, TryParse<T> parse)
    {
        if (_section[key] is not { } text)
        {
            return;
        }

        if (parse(text, out var value))
        {
            set(value);
        }
        else
        {
            _problems.Add($"{KeyOf(key)} must be {expected} (it is '{Shorten(text)}').");
        }
    }

    private void List<T>(string key, Action<IList<T>> set, string expected, TryParse<T> parse)
    {
        var section = _section.GetSection(key);
        var texts = section.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select((t, i) => (Key: KeyOf(key), Text: t))
            : section.GetChildren().Where(c => c.Value is not null).Select(c => (Key: c.Path, Text: c.Value!));
        var items = texts.ToList();
        if (section.Value is null && items.Count == 0)
        {
            return;
        }

        var values = new List<T>(items.Count);
        var ok = true;
        foreach (var (itemKey, text) in items)
        {
            if (parse(text, out var value))
            {
                values.Add(value);
            }
            else
            {
                ok = false;
                _problems.Add($"{itemKey} must be {expected} (it is '{Shorten(text)}').");
            }
        }

        if (ok)
        {
            set(values);
        }
    }

    private static bool TryParseTimeSpan(string text, out TimeSpan value) =>
        System.TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out value);

    private static bool TryParseEnum<T>(string text, out T value)
        where T : struct, Enum =>
        System.Enum.TryParse(text.Trim(), ignoreCase: true, out value) && System.Enum.IsDefined(value)
        && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    // A value is echoed so the operator sees what was read; configuration values here are settings, never secrets
    // (connection strings are not read through these methods' messages: String() reports nothing).
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    // Every problem sentence of the options starts with the path of the option it is about ("Delivery.MaxAttempts must").
    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*(?= )")]
    private static partial Regex LeadingOptionPath();
}
