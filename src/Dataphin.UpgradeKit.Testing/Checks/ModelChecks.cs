using Dataphin.UpgradeKit.Auditing;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Arbitraries;
using Dataphin.UpgradeKit.Testing.Model;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using NodaTime.Testing;

namespace Dataphin.UpgradeKit.Testing.Checks;

/// <summary>
/// The model-based properties, free of any test framework: each check runs requests through the SDK's service on a
/// store and compares every outcome (record, error, audit entries, notifications, offered actions) with
/// <see cref="ReferenceModel"/>, and throws <see cref="ModelDisagreementException"/> at the first difference. Call
/// them from any test runner; the FsCheck entry points generate the cases and print a replayable seed on failure.
/// </summary>
public static class ModelChecks
{
    /// <summary>The instant generated histories start from (<see cref="OperatorHistory.Origin"/>).</summary>
    public static Instant Origin => OperatorHistory.Origin;

    private const int PendingReadLimit = 100_000;

    /// <summary>The operator who creates every record of a check.</summary>
    private static readonly OperatorIdentity Creator = new("creator");

    /// <summary>
    /// Runs <paramref name="history"/> on a new record of <paramref name="store"/> and checks every request's outcome
    /// against the reference model, and after every request the actions offered to each operator of the history.
    /// </summary>
    /// <param name="store">The store; records of other checks may share it.</param>
    /// <param name="history">The history.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="ModelDisagreementException">The SDK and the model disagree.</exception>
    public static async Task CheckHistoryAsync(IUpgradeStore store, OperatorHistory history, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(history);
        await RunAsync(store, history, cancellationToken);
    }

    /// <summary>
    /// Brings a new record to the race with <see cref="RaceCase.Prefix"/>, then sends both requests at once with the
    /// version both operators saw: exactly one is applied, exactly as the model says; the other fails with a
    /// <see cref="ConcurrencyConflictException"/>, is audited as a conflict, and leaves nothing of itself behind.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="race">The race; both requests must be ones the model accepts on their own.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="ModelDisagreementException">The SDK and the model disagree.</exception>
    public static async Task CheckRaceAsync(IUpgradeStore store, RaceCase race, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(race);
        var run = await RunAsync(store, race.Prefix, cancellationToken);
        if (run.Model is not { } model)
        {
            return;
        }

        var now = run.Clock.GetCurrentInstant();
        var rules = ModelRules.From(race.Prefix.Rules);
        var first = ReferenceModel.Decide(model, race.First, ServiceUnderTest.IsQualified(race.First.Operator), now, rules);
        var second = ReferenceModel.Decide(model, race.Second, ServiceUnderTest.IsQualified(race.Second.Operator), now, rules);
        if (first.Verdict is not (ModelVerdict.Changed or ModelVerdict.Removed) || second.Verdict is not (ModelVerdict.Changed or ModelVerdict.Removed))
        {
            return;
        }

        async Task<Exception?> Send(ModelRequest request)
        {
            await Task.Yield();
            try
            {
                await run.Service.ExecuteAsync(run.Id, request, model.Version, cancellationToken);
                return null;
            }
            catch (UpgradeKitException e)
            {
                return e;
            }
        }

        var errors = await Task.WhenAll(Task.Run(() => Send(race.First), cancellationToken), Task.Run(() => Send(race.Second), cancellationToken));
        var context = race.ToString();
        if (errors.Count(e => e is null) != 1)
        {
            throw Disagree(context, "race", $"exactly one request applied at version {model.Version}",
                $"{errors.Count(e => e is null)} applied; errors: {string.Join(" | ", errors.Select(e => e?.GetType().Name ?? "none"))}");
        }

        var winnerIsFirst = errors[0] is null;
        var (winner, loser, loserError) = winnerIsFirst ? (first, race.Second, errors[1]) : (second, race.First, errors[0]);
        if (loserError is not ConcurrencyConflictException)
        {
            throw Disagree(context, "race", "the loser fails with ConcurrencyConflictException", loserError?.GetType().Name ?? "no error");
        }

        await CompareRecordAsync(store, run.Id, winner.Record, context, "race");
        var audits = (await store.ReadAsync(run.Id, cancellationToken)).Skip(run.AuditCount).Select(ModelAudit.Of).ToList();
        var loserAudit = audits.Where(a => a.Outcome == AuditOutcome.Refused).ToList();
        var winnerAudit = audits.Where(a => a.Outcome == AuditOutcome.Accepted).ToList();
        if (winnerAudit.Count != 1 || winnerAudit[0] != winner.Audit || loserAudit.Count != 1
            || loserAudit[0] is not { Reason: ActionReasonCode.ConcurrencyConflict } conflict
            || conflict.Operation != loser.Operation || conflict.Actor != loser.Operator?.Id)
        {
            throw Disagree(context, "race audit", $"{winner.Audit} and one conflict of {loser}", string.Join(" | ", audits));
        }

        await CompareNotificationsAsync(store, run.Id, [.. run.Notifications, .. winner.Notifications], context, "race");
    }

    /// <summary>
    /// Generates <paramref name="histories"/> histories (under generated rules unless <paramref name="arbitrary"/> says
    /// otherwise) and checks each with <see cref="CheckHistoryAsync"/> on <paramref name="store"/>.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="histories">How many histories.</param>
    /// <param name="arbitrary">The histories to draw from; <see cref="UpgradeKitArbitraries.Histories()"/> when null.</param>
    /// <exception cref="ModelDisagreementException">A history disagrees; the message names FsCheck's seed to replay it.</exception>
    public static void CheckHistories(IUpgradeStore store, int histories, Arbitrary<OperatorHistory>? arbitrary = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var property = Prop.ForAll(arbitrary ?? UpgradeKitArbitraries.Histories(), history => CheckHistoryAsync(store, history).GetAwaiter().GetResult());
        KitCheck.Run(property, histories);
    }

    /// <summary>
    /// Checks every history of <see cref="UpgradeKitArbitraries.Tours"/> under <paramref name="rules"/> with
    /// <see cref="CheckHistoryAsync"/>: every status, every progress fact, both kinds of operator.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="rules">The host's rules; null for the SDK's defaults.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="ModelDisagreementException">A history disagrees.</exception>
    public static async Task CheckToursAsync(IUpgradeStore store, LifecycleRuleOptions? rules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach (var history in UpgradeKitArbitraries.Tours(rules))
        {
            await CheckHistoryAsync(store, history, cancellationToken);
        }
    }

    /// <summary>Generates <paramref name="races"/> races and checks each with <see cref="CheckRaceAsync"/> on <paramref name="store"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="races">How many races.</param>
    /// <param name="arbitrary">The races to draw from; <see cref="UpgradeKitArbitraries.Races()"/> when null.</param>
    /// <exception cref="ModelDisagreementException">A race disagrees; the message names FsCheck's seed to replay it.</exception>
    public static void CheckRaces(IUpgradeStore store, int races, Arbitrary<RaceCase>? arbitrary = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var property = Prop.ForAll(arbitrary ?? UpgradeKitArbitraries.Races(), race => CheckRaceAsync(store, race).GetAwaiter().GetResult());
        KitCheck.Run(property, races);
    }

    private sealed record Run(ServiceUnderTest Service, FakeClock Clock, UpgradeRecordId Id, ModelRecord? Model, int AuditCount,
        IReadOnlyList<ModelNotification> Notifications);

    private static async Task<Run> RunAsync(IUpgradeStore store, OperatorHistory history, CancellationToken cancellationToken)
    {
        var clock = new FakeClock(Origin);
        var service = new ServiceUnderTest(store, clock, history.Rules);
        var rules = ModelRules.From(history.Rules);
        var context = history.ToString();
        var created = await service.CreateAsync(history.Mode, Creator, cancellationToken);
        var id = created.Id;
        ModelRecord? model = ModelRecord.Created(history.Mode);
        await CompareRecordAsync(store, id, model, context, "creation");
        var audits = new List<ModelAudit>();
        var notifications = new List<ModelNotification>();
        var askers = history.Steps.Select(s => s.Request.Operator).OfType<OperatorIdentity>().Append(Creator).Distinct().ToList();
        await CompareOffersAsync(service, id, model, askers, rules, context, "creation", cancellationToken);

        for (var i = 0; i < history.Steps.Count && model is not null; i++)
        {
            var step = history.Steps[i];
            var where = $"step {i + 1} ({step})";
            clock.Reset(clock.GetCurrentInstant() + step.ClockStep);
            var now = clock.GetCurrentInstant();
            var request = step.Request;
            var expected = ReferenceModel.Decide(model, request, ServiceUnderTest.IsQualified(request.Operator), now, rules);
            Exception? error = null;
            try
            {
                var version = ServiceUnderTest.TakesExpectedVersion(request.Operation) ? model.Version : (long?)null;
                await service.ExecuteAsync(id, request, version, cancellationToken);
            }
            catch (UpgradeKitException e)
            {
                error = e;
            }

            var errorMatches = (expected.Verdict, error) switch
            {
                (ModelVerdict.Refused, OperationNotPermittedException refused) => refused.Reason == expected.Reason,
                (ModelVerdict.ImpossibleTime, ImpossibleTimeException) => true,
                (ModelVerdict.Changed or ModelVerdict.Observed or ModelVerdict.Removed, null) => true,
                _ => false,
            };
            if (!errorMatches)
            {
                var wanted = expected.Verdict switch
                {
                    ModelVerdict.Refused => $"refused with {expected.Reason}",
                    ModelVerdict.ImpossibleTime => "ImpossibleTimeException",
                    _ => $"accepted ({expected.Verdict})",
                };
                var got = error switch
                {
                    null => "accepted",
                    OperationNotPermittedException refused => $"refused with {refused.Reason}",
                    _ => $"{error.GetType().Name}: {error.Message}",
                };
                throw Disagree(context, where, wanted, got);
            }

            await CompareRecordAsync(store, id, expected.Record, context, where);
            if (expected.Audit is { } audit)
            {
                audits.Add(audit);
            }

            var stored = (await store.ReadAsync(id, cancellationToken)).Skip(1).Select(ModelAudit.Of).ToList();
            if (!stored.SequenceEqual(audits))
            {
                throw Disagree(context, where + " audit", string.Join(" | ", audits), string.Join(" | ", stored));
            }

            notifications.AddRange(expected.Notifications);
            await CompareNotificationsAsync(store, id, notifications, context, where);
            model = expected.Record;
            if (model is not null)
            {
                await CompareOffersAsync(service, id, model, askers, rules, context, where, cancellationToken);
            }
        }

        return new Run(service, clock, id, model, audits.Count + 1, notifications);
    }

    private static async Task CompareRecordAsync(IUpgradeStore store, UpgradeRecordId id, ModelRecord? expected, string context, string where)
    {
        var stored = await store.FindAsync(id);
        var actual = stored is null ? null : ModelRecord.Of(stored);
        if (actual != expected)
        {
            throw Disagree(context, where + " record", expected?.ToString() ?? "removed", actual?.ToString() ?? "removed");
        }
    }

    private static async Task CompareNotificationsAsync(IUpgradeStore store, UpgradeRecordId id, IReadOnlyList<ModelNotification> expected, string context, string where)
    {
        var pending = await store.ReadPendingAsync(PendingReadLimit);
        var actual = pending.Where(n => n.RecordId == id).Select(NotificationOf).ToList();
        if (!actual.SequenceEqual(expected))
        {
            throw Disagree(context, where + " notifications", string.Join(" | ", expected), string.Join(" | ", actual));
        }
    }

    private static async Task CompareOffersAsync(ServiceUnderTest service, UpgradeRecordId id, ModelRecord model, IReadOnlyList<OperatorIdentity> askers,
        ModelRules rules, string context, string where, CancellationToken cancellationToken)
    {
        foreach (var asker in askers)
        {
            var expected = ReferenceModel.Offers(model, ServiceUnderTest.IsQualified(asker), rules);
            var actual = await service.OffersAsync(id, asker, cancellationToken);
            if (!actual.SequenceEqual(expected))
            {
                var differences = expected.Zip(actual).Where(p => p.First != p.Second).Select(p => $"model {p.First}, SDK {p.Second}");
                throw Disagree(context, $"{where} actions offered to {asker.Id} in {model.Status}", "(per action below)", string.Join(" | ", differences));
            }
        }
    }

    private static ModelNotification NotificationOf(UpgradeNotification notification) => notification switch
    {
        UpgradeStoppedNotification n => new()
        {
            Kind = ModelNotificationKind.Stopped,
            OccurredAt = n.OccurredAt,
            RerunForceStoppedInstances = n.RerunForceStoppedInstances,
            ExitMaintenanceMode = n.ExitMaintenanceMode,
            OperatorReason = n.OperatorReason,
        },
        UpgradeCompletedNotification n => new() { Kind = ModelNotificationKind.Completed, OccurredAt = n.OccurredAt },
        UpgradeFailedNotification n => new() { Kind = ModelNotificationKind.Failed, OccurredAt = n.OccurredAt, Reason = n.Reason },
        UpgradeForceStoppedNotification n => new() { Kind = ModelNotificationKind.ForceStopped, OccurredAt = n.OccurredAt, Result = n.Result, OperatorReason = n.OperatorReason },
        _ => throw new ModelDisagreementException($"A notification the model does not know: {notification.GetType().Name}."),
    };

    private static ModelDisagreementException Disagree(string context, string where, string expected, string actual) =>
        new($"The SDK disagrees with the reference model at {where}.{Environment.NewLine}  model: {expected}{Environment.NewLine}  SDK:   {actual}"
            + $"{Environment.NewLine}History:{Environment.NewLine}{context}");
}
