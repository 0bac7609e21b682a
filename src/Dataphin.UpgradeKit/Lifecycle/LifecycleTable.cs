using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>
/// The answers of one <see cref="LifecycleMachine"/>, compiled: the machine is fired once for every status, operation
/// and <see cref="LifecycleFacts"/> combination (its guards read nothing else), and its answers are kept, so a request
/// costs an array read instead of a <c>Fire</c>. One table per distinct <see cref="LifecycleRules"/> value, shared by
/// every policy and service with those rules, so the service and the eligibility policy cannot disagree with the
/// machine or with each other (R-ACT-2, R-RULE-2). Immutable and thread-safe once built.
/// </summary>
internal sealed class LifecycleTable
{
    private static readonly ConcurrentDictionary<LifecycleRules, LifecycleTable> Tables = new();
    private static readonly int Operations = EnumOrdinals<UpgradeOperation>.Count;

    private readonly LifecycleDecision[] _decisions;
    private readonly UpgradeStatus[][] _supporting;

    private LifecycleTable(LifecycleRules rules)
    {
        Rules = rules;
        var machine = new LifecycleMachine(rules);
        _decisions = new LifecycleDecision[SituationCount * Operations];
        foreach (var status in EnumOrdinals<UpgradeStatus>.Values)
        {
            foreach (var operation in EnumOrdinals<UpgradeOperation>.Values)
            {
                foreach (var facts in LifecycleFacts.All)
                {
                    _decisions[IndexOf(status, operation, facts)] = machine.Decide(status, operation, facts);
                }
            }
        }

        // A status supports an operation when some facts let it through, or refuse it for a reason other than the status.
        _supporting = [.. EnumOrdinals<UpgradeOperation>.Values.Select(operation => EnumOrdinals<UpgradeStatus>.Values
            .Where(status => LifecycleFacts.All.Any(facts => Decide(status, operation, facts).Reason != ActionReasonCode.StatusNotEligible))
            .ToArray())];
    }

    /// <summary>How many situations (status and facts) there are; <see cref="SituationOf"/> runs from 0 to <c>SituationCount - 1</c>.</summary>
    public static int SituationCount { get; } = EnumOrdinals<UpgradeStatus>.Count * LifecycleFacts.Count;

    /// <summary>The table of the spec's decisions.</summary>
    public static LifecycleTable Default => For(LifecycleRules.Default);

    /// <summary>The rules the table was compiled from.</summary>
    public LifecycleRules Rules { get; }

    /// <summary>The table of <paramref name="rules"/>, compiled on first use (a few milliseconds) and shared afterwards.</summary>
    public static LifecycleTable For(LifecycleRules rules) => Tables.GetOrAdd(rules, static r => new LifecycleTable(r));

    /// <summary>The position of a record's situation; the eligibility policy keys its answers by it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SituationOf(UpgradeStatus status, in LifecycleFacts facts) =>
        (EnumOrdinals<UpgradeStatus>.Of(status) * LifecycleFacts.Count) + facts.Index;

    /// <summary>The machine's answer for <paramref name="operation"/> on a record in <paramref name="status"/> with <paramref name="facts"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public LifecycleDecision Decide(UpgradeStatus status, UpgradeOperation operation, in LifecycleFacts facts) =>
        _decisions[IndexOf(status, operation, facts)];

    /// <summary>
    /// The statuses whose records support <paramref name="operation"/> under these rules, in ascending order: the ones
    /// a "status does not allow it" sentence lists, so the sentence says what the host's rules do.
    /// </summary>
    public IReadOnlyList<UpgradeStatus> StatusesSupporting(UpgradeOperation operation) => _supporting[EnumOrdinals<UpgradeOperation>.Of(operation)];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOf(UpgradeStatus status, UpgradeOperation operation, in LifecycleFacts facts) =>
        (SituationOf(status, facts) * Operations) + EnumOrdinals<UpgradeOperation>.Of(operation);
}
