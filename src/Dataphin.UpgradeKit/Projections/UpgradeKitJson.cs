using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;

namespace Dataphin.UpgradeKit.Projections;

/// <summary>
/// The JSON settings of the projections' documented shape (<c>docs/timeline.md</c>): camelCase properties, enum codes as
/// camelCase strings, instants as ISO-8601 UTC text (<c>2026-03-29T00:30:00Z</c>), record ids as 32 hex digits, nulls
/// written so every property is always present, non-ASCII text (e.g. Chinese) unescaped. A <see cref="ConfigurationFile"/> is written as
/// <c>{"fileName", "length", "savedAt"}</c>, never with its content: serializing an <see cref="UpgradeRecord"/> with these
/// options cannot put the saved configuration on the wire (the content leaves the SDK only encrypted), and a
/// configuration file is not read back from JSON.
/// </summary>
/// <remarks>
/// The SDK's own types (projections, records, change-feed events, notifications) are described at compile time, so
/// these options work in trimmed and NativeAOT hosts. Where reflection-based serialisation is enabled (the default
/// for an untrimmed host), other types, such as a host's own object that holds SDK values, serialise too. A trimmed or
/// NativeAOT host passes the metadata rather than the options, which the trim analyzer accepts:
/// <c>JsonSerializer.Serialize(page, (JsonTypeInfo&lt;RecordListPage&gt;)UpgradeKitJson.Options.GetTypeInfo(typeof(RecordListPage)))</c>.
/// </remarks>
public static class UpgradeKitJson
{
    /// <summary>Read-only, thread-safe options; pass them to <see cref="JsonSerializer"/> or copy them to change indentation.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            TypeInfoResolver = Resolver(),

            // Chinese and other non-ASCII text as itself, not \uXXXX; HTML-sensitive characters (<, >, &, ', ") stay
            // escaped, unlike UnsafeRelaxedJsonEscaping, so the JSON is still safe to embed in a page.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        };
        AddNodaTimeConverters(options.Converters);
        AddEnumConverters(options.Converters);
        options.Converters.Add(new UpgradeRecordIdJsonConverter());
        options.Converters.Add(new ConfigurationFileJsonConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// The NodaTime values the SDK writes, in NodaTime's own JSON forms (those of <c>ConfigureForNodaTime</c>): an
    /// <see cref="Instant"/> as extended ISO text, a <see cref="Duration"/> as <c>-H:mm:ss.FFFFFFFFF</c>. Only these two:
    /// <c>ConfigureForNodaTime</c> brings converters that reach their values through reflection, which trimmed and
    /// NativeAOT hosts lack.
    /// </summary>
    private static void AddNodaTimeConverters(IList<JsonConverter> converters)
    {
        converters.Add(new NodaPatternConverter<Instant>(InstantPattern.ExtendedIso));
        converters.Add(new NodaPatternConverter<Duration>(DurationPattern.JsonRoundtrip));
    }

    /// <summary>
    /// Each of the SDK's enums as its camelCase name, through a converter made for it at compile time (the general
    /// <see cref="JsonStringEnumConverter"/> builds one at run time, which NativeAOT cannot). A test keeps this list
    /// complete. Where code can be generated at run time, other enums (a host's own) are written the same way.
    /// </summary>
    private static void AddEnumConverters(IList<JsonConverter> converters)
    {
        converters.Add(new JsonStringEnumConverter<UpgradeStatus>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<UpgradeMode>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<DataServiceStudioUpgradeMode>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<UpgradeOperation>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<UpgradeAction>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<ActionReasonCode>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<ForceStopResult>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<OperatorReasonProblem>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<ForceStopRequestState>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<StopWindowReading>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Auditing.AuditOutcome>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Storage.RecordChangeKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Lifecycle.ResumeStage>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Timeline.TimelineNodeKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Timeline.TimelineNodeState>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Timeline.TimelineEventKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Timeline.DataUpdateTaskStatus>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Timeline.DataUpdateTaskOutcome>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<DurationState>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Estimates.StallReason>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Storage.UpgradeOutcomeCategory>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Storage.UpgradeRecordSortOrder>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Insights.InsightsGroupKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Insights.InsightsMetric>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        converters.Add(new JsonStringEnumConverter<Storage.RetentionRunOutcome>(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        if (System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
        {
            converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        }
    }

    // A trimmed or NativeAOT host turns the feature switch off, and the trimmer then removes the reflection branch.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reached only when reflection-based serialization is enabled, which trimming and NativeAOT turn off.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Reached only when reflection-based serialization is enabled, which trimming and NativeAOT turn off.")]
    private static IJsonTypeInfoResolver Resolver() =>
        JsonSerializer.IsReflectionEnabledByDefault
            ? JsonTypeInfoResolver.Combine(UpgradeKitJsonContext.Default, new DefaultJsonTypeInfoResolver())
            : UpgradeKitJsonContext.Default;
}
