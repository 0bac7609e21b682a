using System.Collections.Concurrent;
using System.Globalization;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Notifications;
using NodaTime;

namespace Dataphin.UpgradeKit.Lifecycle;

/// <summary>
/// The lifecycle rules (SPEC §3) and everything derived from them: deciding a request, applying its effects
/// to a snapshot, and the answers the eligibility policy gives. Thread-safe.
/// </summary>
/// <remarks>
/// The rules live in one place, the Stateless configuration of <see cref="LifecycleMachine"/>. When the lifecycle is
/// first used, that machine is fired once for every status, operation and combination of the facts its guards read
/// (the guards read nothing else), and its answers are kept in a table. A request then costs a lookup of the
/// machine's own answer instead of a fresh <c>Fire</c>, and the eligibility policy reads the same table, so neither
/// can disagree with the machine (R-ACT-2); <c>UpgradeLifecycleTests</c> checks every entry against live firing.
/// </remarks>
internal sealed class UpgradeLifecycle
{
    private const int FactCombinations = 32; // force-stop task ran, shutdown started, maintenance on, qualified, declared
    private const int ResultValues = 3;      // no declared result, succeeded, failed
    private const int EligibilityCombinations = 8; // the facts the seven actions depend on: ran, shutdown, qualified
    private static readonly UpgradeStatus[] Statuses = Enum.GetValues<UpgradeStatus>();
    private static readonly UpgradeOperation[] Operations = Enum.GetValues<UpgradeOperation>();

    private readonly LifecycleDecision[] _decisions;
    private readonly ConcurrentDictionary<CultureInfo, ActionEligibilitySet[]> _sets = new();
    private readonly Func<CultureInfo, ActionEligibilitySet[]> _buildSets;

    private UpgradeLifecycle()
    {
        _decisions = Compile(new LifecycleMachine());
        _buildSets = BuildSets;
    }

    /// <summary>The one instance: the rules have no options, so every service shares it.</summary>
    public static UpgradeLifecycle Instance { get; } = new();

    /// <summary>The machine's answer for <paramref name="operation"/> on a record in <paramref name="status"/> with <paramref name="facts"/>.</summary>
    public LifecycleDecision Decide(UpgradeStatus status, UpgradeOperation operation, in LifecycleFacts facts) =>
        _decisions[Index(status, operation, facts)];

    private static int Index(UpgradeStatus status, UpgradeOperation operation, in LifecycleFacts facts)
    {
        var bits = (facts.ForceStopTaskRan ? 1 : 0) | (facts.ApplicationShutdownStarted ? 2 : 0) | (facts.InMaintenanceMode ? 4 : 0)
            | (facts.OperatorQualified ? 8 : 0) | (facts.DeclarationAccepted ? 16 : 0);
        var result = facts.DeclaredResult switch
        {
            null => 0,
            ForceStopResult.Succeeded => 1,
            ForceStopResult.Failed => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(facts), facts.DeclaredResult, "Unknown force-stop result."),
        };
        return (((((((int)status - 1) * Operations.Length) + ((int)operation - 1)) * FactCombinations) + bits) * ResultValues) + result;
    }

    /// <summary>Every combination the guards can see, each fired once on <paramref name="machine"/>.</summary>
    private static LifecycleDecision[] Compile(LifecycleMachine machine)
    {
        var decisions = new LifecycleDecision[Statuses.Length * Operations.Length * FactCombinations * ResultValues];
        foreach (var status in Statuses)
        {
            foreach (var operation in Operations)
            {
                for (var bits = 0; bits < FactCombinations; bits++)
                {
                    foreach (var result in (ReadOnlySpan<ForceStopResult?>)[null, ForceStopResult.Succeeded, ForceStopResult.Failed])
                    {
                        var facts = FactsOf(bits, result);
                        decisions[Index(status, operation, facts)] = machine.Decide(status, operation, facts);
                    }
                }
            }
        }

        return decisions;
    }

    /// <summary>The facts of combination <paramref name="bits"/> (see <see cref="Index"/>).</summary>
    internal static LifecycleFacts FactsOf(int bits, ForceStopResult? result) => new(
        ForceStopTaskRan: (bits & 1) != 0,
        ApplicationShutdownStarted: (bits & 2) != 0,
        InMaintenanceMode: (bits & 4) != 0,
        OperatorQualified: (bits & 8) != 0,
        DeclarationAccepted: (bits & 16) != 0,
        DeclaredResult: result);

    /// <summary>All fact combinations, for tests that compare the table with live firing.</summary>
    internal static IEnumerable<LifecycleFacts> AllFacts()
    {
        for (var bits = 0; bits < FactCombinations; bits++)
        {
            yield return FactsOf(bits, null);
            yield return FactsOf(bits, ForceStopResult.Succeeded);
            yield return FactsOf(bits, ForceStopResult.Failed);
        }
    }

    /// <summary>
    /// The seven actions for a record in <paramref name="status"/>: the machine's answers "with valid arguments"
    /// (R-ACT-2: the declaration made and a result chosen), with their sentences in <paramref name="culture"/>.
    /// Shared instances, so asking allocates nothing.
    /// </summary>
    public ActionEligibilitySet Eligibility(UpgradeStatus status, bool forceStopTaskRan, bool shutdownStarted, bool operatorQualified, CultureInfo? culture)
    {
        var sets = _sets.GetOrAdd(culture ?? TextCatalog.DefaultCulture, _buildSets);
        return sets[(((int)status - 1) * EligibilityCombinations) + (forceStopTaskRan ? 4 : 0) + (shutdownStarted ? 2 : 0) + (operatorQualified ? 1 : 0)];
    }

    private ActionEligibilitySet[] BuildSets(CultureInfo culture)
    {
        var actions = UpgradeActions.All;
        var sets = new ActionEligibilitySet[Statuses.Length * EligibilityCombinations];
        foreach (var status in Statuses)
        {
            for (var bits = 0; bits < EligibilityCombinations; bits++)
            {
                var facts = new LifecycleFacts(
                    ForceStopTaskRan: (bits & 4) != 0,
                    ApplicationShutdownStarted: (bits & 2) != 0,
                    InMaintenanceMode: false,
                    OperatorQualified: (bits & 1) != 0,
                    DeclarationAccepted: true,
                    DeclaredResult: ForceStopResult.Succeeded);
                var items = new ActionEligibility[actions.Count];
                foreach (var action in actions)
                {
                    var reason = Decide(status, action.ToOperation(), facts).Reason;
                    items[(int)action] = new ActionEligibility(action, reason == ActionReasonCode.None, reason,
                        DisplayText.Reason(reason, action.ToOperation(), status, culture));
                }

                sets[(((int)status - 1) * EligibilityCombinations) + bits] = new ActionEligibilitySet(items);
            }
        }

        return sets;
    }

    /// <summary>
    /// Decides <paramref name="request"/> for <paramref name="record"/> at <paramref name="now"/> and computes the
    /// result. Pure: it reads no clock and writes nothing.
    /// </summary>
    /// <exception cref="ImpossibleTimeException">The change would end a span before it started (R-TIME-2).</exception>
    public static LifecycleResult Apply(UpgradeRecord record, LifecycleRequest request, Instant now)
    {
        var operation = request.Operation;
        var facts = new LifecycleFacts(
            record.ForceStopTaskRan,
            record.ApplicationShutdownStarted,
            record.IsInMaintenanceMode,
            request.OperatorQualified,
            request.ForceStop?.DeclarationAccepted ?? false,
            request.ForceStop?.Result);
        var decision = Instance.Decide(record.Status, operation, facts);

        if (decision.IsPermitted && operation == UpgradeOperation.DownloadConfiguration && !record.IsConfigurationSaved)
        {
            decision = decision with { IsPermitted = false, Destination = record.Status, Reason = ActionReasonCode.ConfigurationNotSaved };
        }

        if (!decision.IsPermitted)
        {
            return new LifecycleResult(LifecycleEffect.Refused, record,
                Audit(record, request, now, AuditOutcome.Refused, record.Status, decision.Reason, record.Version), []);
        }

        var next = Effects(record, request, decision.Destination, now);
        if (next is null)
        {
            var effect = operation == UpgradeOperation.Cancel ? LifecycleEffect.Removed : LifecycleEffect.Observed;
            var after = effect == LifecycleEffect.Removed ? (UpgradeStatus?)null : record.Status;
            return new LifecycleResult(effect, record, Audit(record, request, now, AuditOutcome.Accepted, after, ActionReasonCode.None, record.Version), []);
        }

        CheckSpans(next);
        return new LifecycleResult(LifecycleEffect.Changed, next,
            Audit(record, request, now, AuditOutcome.Accepted, next.Status, ActionReasonCode.None, next.Version),
            Notifications(next, request, now));
    }

    /// <summary>The new snapshot, or null when the record does not change (observed) or goes away (removed).</summary>
    private static UpgradeRecord? Effects(UpgradeRecord record, LifecycleRequest request, UpgradeStatus destination, Instant now)
    {
        var maintenanceEnd = record.IsInMaintenanceMode ? now : record.MaintenanceEndedAt;
        var version = record.Version + 1;
        return request.Operation switch
        {
            UpgradeOperation.Start => record with
            {
                Version = version,
                Status = destination,
                UpgradeStartedAt = now,
                MaintenanceStartedAt = record.Mode == UpgradeMode.Maintenance ? now : null,
            },
            UpgradeOperation.SaveConfiguration => record with { Version = version, Configuration = request.Configuration },
            UpgradeOperation.ReportProgress => record with
            {
                Version = version,
                ForceStopTaskRan = record.ForceStopTaskRan || request.Progress!.ForceStopTaskRan,
                ApplicationShutdownStarted = record.ApplicationShutdownStarted || request.Progress!.ApplicationShutdownStarted,
                CurrentStep = request.Progress!.CurrentStep ?? record.CurrentStep,
            },
            UpgradeOperation.CompleteSteps => record with { Version = version, Status = destination },
            UpgradeOperation.Fail => record with { Version = version, Status = destination, UpgradeEndedAt = now, FailureReason = request.FailureReason },
            UpgradeOperation.ExitMaintenanceMode => record with { Version = version, MaintenanceEndedAt = now },
            UpgradeOperation.Cancel => record.IsConfigurationSaved ? record with { Version = version, Status = destination } : null,
            UpgradeOperation.Stop => record with
            {
                Version = version,
                Status = destination,
                UpgradeEndedAt = now,
                MaintenanceEndedAt = maintenanceEnd,
                RerunForceStoppedInstances = request.Stop!.RerunForceStoppedInstances,
            },

            // R-SM-5 / R-TIME-4: the upgrade ends now; maintenance end stays unknown.
            UpgradeOperation.ForceStop => record with { Version = version, Status = destination, UpgradeEndedAt = now, ForceStopResult = request.ForceStop!.Result },
            UpgradeOperation.Complete => record with { Version = version, Status = destination, UpgradeEndedAt = now, MaintenanceEndedAt = maintenanceEnd },
            _ => null,
        };
    }

    private static void CheckSpans(UpgradeRecord next)
    {
        if (next.UpgradeStartedAt is { } start && next.UpgradeEndedAt is { } end && end < start)
        {
            throw new ImpossibleTimeException(next.Id, "the upgrade", start, end);
        }

        if (next.MaintenanceStartedAt is { } mStart && next.MaintenanceEndedAt is { } mEnd && mEnd < mStart)
        {
            throw new ImpossibleTimeException(next.Id, "maintenance upgrade mode", mStart, mEnd);
        }
    }

    private static AuditEntry Audit(UpgradeRecord record, LifecycleRequest request, Instant now, AuditOutcome outcome,
        UpgradeStatus? after, ActionReasonCode reason, long version) =>
        new(record.Id, now, request.Actor, request.Operation, outcome, record.Status, after, reason, version, Options(request));

    private static IReadOnlyDictionary<string, string> Options(LifecycleRequest request)
    {
        switch (request.Operation)
        {
            case UpgradeOperation.Stop when request.Stop is { } stop:
                return new Dictionary<string, string>(1)
                {
                    ["rerunForceStoppedInstances"] = stop.RerunForceStoppedInstances ? "true" : "false",
                };
            case UpgradeOperation.ForceStop when request.ForceStop is { } forceStop:
                return new Dictionary<string, string>(2)
                {
                    ["result"] = forceStop.Result?.ToString() ?? "none",
                    ["declarationAccepted"] = forceStop.DeclarationAccepted ? "true" : "false",
                };
            case UpgradeOperation.SaveConfiguration when request.Configuration is { } file:
                return new Dictionary<string, string>(2)
                {
                    ["fileName"] = file.FileName,
                    ["bytes"] = file.Content.Length.ToString(CultureInfo.InvariantCulture),
                };
            case UpgradeOperation.ReportProgress when request.Progress is { } progress:
                var options = new Dictionary<string, string>(3);
                if (progress.ForceStopTaskRan) options["forceStopTaskRan"] = "true";
                if (progress.ApplicationShutdownStarted) options["applicationShutdownStarted"] = "true";
                if (progress.CurrentStep is { } step) options["currentStep"] = step;
                return options;
            case UpgradeOperation.Fail when request.FailureReason is { } failure:
                return new Dictionary<string, string>(1) { ["reason"] = failure };
            default:
                return AuditEntry.NoOptions;
        }
    }

    private static UpgradeNotification[] Notifications(UpgradeRecord next, LifecycleRequest request, Instant now)
    {
        var id = Internal.TimeOrderedIds.NewGuid(now);
        return request.Operation switch
        {
            UpgradeOperation.Stop =>
            [
                new UpgradeStoppedNotification
                {
                    Id = id,
                    RecordId = next.Id,
                    OccurredAt = now,
                    RerunForceStoppedInstances = request.Stop!.RerunForceStoppedInstances,
                    ExitMaintenanceMode = next.Mode == UpgradeMode.Maintenance,
                },
            ],
            UpgradeOperation.Complete => [new UpgradeCompletedNotification { Id = id, RecordId = next.Id, OccurredAt = now }],
            UpgradeOperation.Fail => [new UpgradeFailedNotification { Id = id, RecordId = next.Id, OccurredAt = now, Reason = request.FailureReason }],
            UpgradeOperation.ForceStop =>
            [
                new UpgradeForceStoppedNotification { Id = id, RecordId = next.Id, OccurredAt = now, Result = request.ForceStop!.Result!.Value },
            ],
            _ => [],
        };
    }
}
