using System.Text;
using NodaTime;

namespace Dataphin.UpgradeKit.Testing.Model;

/// <summary>One request of a history and how far the clock moves before it (negative: the clock went back).</summary>
public sealed record HistoryStep
{
    /// <summary>How far the clock moves before the request; negative for clock skew.</summary>
    public required Duration ClockStep { get; init; }

    /// <summary>The request.</summary>
    public required ModelRequest Request { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{(ClockStep < Duration.Zero ? "" : "+")}{ClockStep.TotalSeconds:0.###}s {Request}";
}

/// <summary>
/// A generated history: the host's rules, the mode of the record an operator creates, and the requests that follow.
/// Its text lists every step, so a failing case reads as a script.
/// </summary>
public sealed record OperatorHistory
{
    /// <summary>The host's rules; null for the SDK's defaults.</summary>
    public LifecycleRuleOptions? Rules { get; init; }

    /// <summary>The upgrade mode of the record.</summary>
    public required UpgradeMode Mode { get; init; }

    /// <summary>The requests after the creation, in order.</summary>
    public required IReadOnlyList<HistoryStep> Steps { get; init; }

    /// <summary>The instant generated histories start from.</summary>
    public static readonly NodaTime.Instant Origin = NodaTime.Instant.FromUtc(2026, 3, 1, 8, 0, 0);

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Rules is null ? "rules: defaults" : $"rules: {ModelRules.From(Rules)}{(Rules.ViewLogStatuses is null ? " (view log by default)" : "")}");
        text.Append(", mode: ").Append(Mode);
        for (var i = 0; i < Steps.Count; i++)
        {
            text.Append(Environment.NewLine).Append("  ").Append(i + 1).Append(". ").Append(Steps[i]);
        }

        return text.ToString();
    }
}

/// <summary>
/// A generated race: a record brought to some point by <see cref="Prefix"/>, then two operators' requests sent at once
/// with the version both of them saw.
/// </summary>
public sealed record RaceCase
{
    /// <summary>The history that brings the record to the race.</summary>
    public required OperatorHistory Prefix { get; init; }

    /// <summary>One operator's request.</summary>
    public required ModelRequest First { get; init; }

    /// <summary>The other operator's request.</summary>
    public required ModelRequest Second { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Prefix}{Environment.NewLine}  race: {First} | {Second}";
}

/// <summary>The SDK and the reference model disagree; the message says where, with the history that led there.</summary>
public sealed class ModelDisagreementException : UpgradeKitException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">Where and how they disagree.</param>
    public ModelDisagreementException(string message)
        : base(message)
    {
    }
}
