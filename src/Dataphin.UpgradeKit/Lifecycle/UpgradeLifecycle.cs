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
/// to a snapshot, and the table the eligibility policy answers from. Thread-safe: each thread fires on a
/// machine of its own, configured once.
/// </summary>
internal sealed class UpgradeLifecycle
{
    private const int FactCombinations = 8;
    private static readonly UpgradeStatus[] Statuses = Enum.GetValues<UpgradeStatus>();

    [ThreadStatic]
    private static LifecycleMachine? t_machine;

    private readonly ActionReasonCode[] _reasons;
    private readonly ConcurrentDictionary<CultureInfo, ActionEligibilitySet[]> _sets = new();
    private readonly Func<CultureInfo, ActionEligibilitySet[]> _buildSets;

    private UpgradeLifecycle()
    {
        _reasons = BuildReasonTable(new LifecycleMachine());
        _buildSets = BuildSets;
    }

    /// <summary>The one instance: the rules have no options, so every service shares it.</summary>
    public static UpgradeLifecycle Instance { get; } = new();

    /// <summary>A machine for the calling thread.</summary>
    public static LifecycleMachine Machine => t_machine ??= new LifecycleMachine();

    /// <summary>
    /// The seven actions for a record in <paramref name="status"/>, answered from a table that the state machine
    /// itself filled in (CanFire over every combination of the facts the guards read), so the policy cannot
    /// disagree with firing (R-ACT-2) and costs an array lookup.
    /// </summary>
    public ActionEligibilitySet Eligibility(UpgradeStatus status, bool forceStopTaskRan, bool shutdownStarted, bool operatorQualified, CultureInfo? culture)
    {
        var sets = _sets.GetOrAdd(culture ?? TextCatalog.DefaultCulture, _buildSets);
        return sets[Index(status, forceStopTaskRan, shutdownStarted, operatorQualified)];
    }

    private static int Index(UpgradeStatus status, bool forceStopTaskRan, bool shutdownStarted, bool operatorQualified) =>
        (((int)status - 1) * FactCombinations) + (forceStopTaskRan ? 4 : 0) + (shutdownStarted ? 2 : 0) + (operatorQualified ? 1 : 0);

    private static ActionReasonCode[] BuildReasonTable(LifecycleMachine machine)
    {
        var actions = UpgradeActions.All;
        var table = new ActionReasonCode[Statuses.Length * FactCombinations * actions.Count];
        foreach (var status in Statuses)
        {
            for (var bits = 0; bits < FactCombinations; bits++)
            {
                // "With valid arguments" (R-ACT-2): the declaration is made and a result chosen.
                var facts = new LifecycleFacts(
                    ForceStopTaskRan: (bits & 4) != 0,
                    ApplicationShutdownStarted: (bits & 2) != 0,
                    InMaintenanceMode: false,
                    OperatorQualified: (bits & 1) != 0,
                    DeclarationAccepted: true,
                    DeclaredResult: ForceStopResult.Succeeded);
                var row = (((int)status - 1) * FactCombinations) + bits;
                foreach (var action in actions)
                {
                    table[(row * actions.Count) + (int)action] = machine.Check(status, action.ToOperation(), facts);
                }
            }
        }

        return table;
    }

    private ActionEligibilitySet[] BuildSets(CultureInfo culture)
    {
        var actions = UpgradeActions.All;
        var sets = new ActionEligibilitySet[Statuses.Length * FactCombinations];
        foreach (var status in Statuses)
        {
            for (var bits = 0; bits < FactCombinations; bits++)
            {
                var row = (((int)status - 1) * FactCombinations) + bits;
                var items = new ActionEligibility[actions.Count];
                foreach (var action in actions)
                {
                    var reason = _reasons[(row * actions.Count) + (int)action];
                    items[(int)action] = new ActionEligibility(action, reason == ActionReasonCode.None, reason,
                        DisplayText.Reason(reason, action.ToOperation(), status, culture));
                }

                sets[row] = new ActionEligibilitySet(items);
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
        var decision = Machine.Decide(record.Status, operation, facts);

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
        var id = Guid.CreateVersion7(now.ToDateTimeOffset());
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
