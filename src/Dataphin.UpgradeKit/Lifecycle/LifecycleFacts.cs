using System.Runtime.CompilerServices;
using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>
/// Everything the lifecycle's guards look at besides the status, and the one place those facts are packed into a
/// dense number: the decision table and the eligibility answers are both indexed by <see cref="Index"/>. A new fact
/// is a new property here, one more bit in <see cref="Index"/> and <see cref="FromIndex"/>; nothing else counts them.
/// </summary>
internal readonly record struct LifecycleFacts(
    bool ForceStopTaskRan,
    bool ApplicationShutdownStarted,
    bool InMaintenanceMode,
    bool ConfigurationSaved,
    bool OperatorQualified,
    bool DeclarationAccepted,
    ForceStopResult? DeclaredResult,
    bool ForceStopPending = false,
    bool OperatorIsRequester = false,
    bool OperatorIsCreator = false)
{
    private const int Flags = 9;
    private const int FlagCombinations = 1 << Flags;

    // "No result declared", then every declared result: no assumption about how ForceStopResult is numbered.
    private static readonly int ResultValues = EnumOrdinals<ForceStopResult>.Count + 1;

    /// <summary>How many distinct values there are: <see cref="Index"/> runs from 0 to <c>Count - 1</c>.</summary>
    public static int Count { get; } = FlagCombinations * ResultValues;

    /// <summary>This combination's position among all <see cref="Count"/> of them.</summary>
    public int Index
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var flags = (ForceStopTaskRan ? 1 : 0) | (ApplicationShutdownStarted ? 2 : 0) | (InMaintenanceMode ? 4 : 0)
                | (ConfigurationSaved ? 8 : 0) | (OperatorQualified ? 16 : 0) | (DeclarationAccepted ? 32 : 0)
                | (ForceStopPending ? 64 : 0) | (OperatorIsRequester ? 128 : 0) | (OperatorIsCreator ? 256 : 0);
            var result = DeclaredResult is { } declared ? EnumOrdinals<ForceStopResult>.Of(declared) + 1 : 0;
            return (result * FlagCombinations) + flags;
        }
    }

    /// <summary>Every combination, in <see cref="Index"/> order.</summary>
    public static IEnumerable<LifecycleFacts> All => Enumerable.Range(0, Count).Select(FromIndex);

    /// <summary>The combination at <paramref name="index"/>; <c>FromIndex(f.Index) == f</c>.</summary>
    public static LifecycleFacts FromIndex(int index)
    {
        var flags = index % FlagCombinations;
        var result = index / FlagCombinations;
        return new LifecycleFacts(
            ForceStopTaskRan: (flags & 1) != 0,
            ApplicationShutdownStarted: (flags & 2) != 0,
            InMaintenanceMode: (flags & 4) != 0,
            ConfigurationSaved: (flags & 8) != 0,
            OperatorQualified: (flags & 16) != 0,
            DeclarationAccepted: (flags & 32) != 0,
            DeclaredResult: result == 0 ? null : EnumOrdinals<ForceStopResult>.Values[result - 1],
            ForceStopPending: (flags & 64) != 0,
            OperatorIsRequester: (flags & 128) != 0,
            OperatorIsCreator: (flags & 256) != 0);
    }

    /// <summary>What <paramref name="record"/> and a request with these arguments show the guards.</summary>
    public static LifecycleFacts Of(UpgradeRecord record, bool operatorQualified, ForceStopRequest? forceStop) => new(
        record.ForceStopTaskRan,
        record.ApplicationShutdownStarted,
        record.IsInMaintenanceMode,
        record.IsConfigurationSaved,
        operatorQualified,
        forceStop?.DeclarationAccepted ?? false,
        forceStop?.Result);

    /// <summary>
    /// What <paramref name="record"/> and <paramref name="request"/> show the guards, with the record's pending
    /// force-stop request (R-GOV-2): approving declares what the request declared.
    /// </summary>
    public static LifecycleFacts Of(UpgradeRecord record, LifecycleRequest request)
    {
        var pending = request.PendingForceStop;
        var facts = Of(record, request.OperatorQualified, request.ForceStop) with
        {
            ForceStopPending = pending is not null,
            OperatorIsRequester = pending is not null && request.Operator is not null && pending.RequestedBy == request.Actor,
            OperatorIsCreator = request.Operator is not null && record.CreatedBy == request.Actor,
        };
        return request.Operation == UpgradeOperation.ApproveForceStop
            ? facts with { DeclarationAccepted = pending is not null, DeclaredResult = pending?.Result }
            : facts;
    }

    /// <summary>
    /// The facts of the eligibility question for <paramref name="actor"/>, with the record's pending force-stop request
    /// (null when none): approving declares what the request declared.
    /// </summary>
    public static LifecycleFacts ForEligibility(UpgradeRecord record, bool operatorQualified, ForceStopApprovalRequest? pending, string? actor) =>
        ForEligibility(record, operatorQualified) with
        {
            ForceStopPending = pending is not null,
            OperatorIsRequester = pending is not null && actor is not null && pending.RequestedBy == actor,
            OperatorIsCreator = actor is not null && record.CreatedBy == actor,
        };

    /// <summary>
    /// The facts of the eligibility question: the record's, the operator's, and "valid arguments" for whatever an action
    /// takes (R-ACT-2: the declaration made and a result chosen).
    /// </summary>
    public static LifecycleFacts ForEligibility(UpgradeRecord record, bool operatorQualified) => new(
        record.ForceStopTaskRan,
        record.ApplicationShutdownStarted,
        record.IsInMaintenanceMode,
        record.IsConfigurationSaved,
        operatorQualified,
        DeclarationAccepted: true,
        DeclaredResult: EnumOrdinals<ForceStopResult>.Values[0]);
}
