using System.Collections.Concurrent;
using System.Globalization;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;

namespace Dataphin.UpgradeKit.Actions;

/// <summary>
/// The default policy under the host's <see cref="LifecycleRuleOptions"/>. It answers from the table the
/// lifecycle's own state machine filled in for those rules, the table the service fires with, so what it offers is
/// exactly what firing accepts, in an array lookup and without allocating. Thread-safe.
/// </summary>
/// <remarks>
/// It builds each answer once per situation and culture, with its sentences, and hands out the same instance
/// afterwards. A host that wraps it (a decorator registered as <see cref="IActionEligibilityPolicy"/>) may reword the
/// explanations, log or count; to change what is offered it changes the rules options instead, so that the
/// lifecycle changes with it and the two never disagree.
/// </remarks>
public sealed class ActionEligibilityPolicy : IActionEligibilityPolicy
{
    private readonly IOperatorQualification _qualification;
    private readonly LifecycleTable _table;
    private readonly UpgradeKitTexts _texts;
    private readonly UpgradeLifecycle _lifecycle;
    private readonly ConcurrentDictionary<CultureInfo, ActionEligibilitySet?[]> _answers = new();

    /// <summary>Creates the policy.</summary>
    /// <param name="qualification">Who is a qualified O&amp;M engineer; <see cref="RoleOperatorQualification"/> when null.</param>
    /// <param name="rules">The host's rules; the spec's decisions when null.</param>
    /// <param name="texts">Where the explanations' sentences come from; the SDK's own (<see cref="UpgradeKitTexts.Default"/>) when null.</param>
    /// <exception cref="ArgumentException"><paramref name="rules"/> are invalid.</exception>
    public ActionEligibilityPolicy(IOperatorQualification? qualification = null, LifecycleRuleOptions? rules = null, UpgradeKitTexts? texts = null)
    {
        _qualification = qualification ?? new RoleOperatorQualification();
        _table = LifecycleTable.For(RulesOf(rules));
        _lifecycle = new UpgradeLifecycle(_table.Rules, rules?.ReasonRequiredFor);
        _texts = texts ?? UpgradeKitTexts.Default;
    }

    /// <inheritdoc />
    public ActionEligibilitySet Evaluate(UpgradeRecord record, OperatorIdentity actor, CultureInfo? culture = null) =>
        EvaluateWithPendingRequest(record, actor, null, culture);

    /// <inheritdoc />
    public ActionEligibilitySet EvaluateWithPendingRequest(UpgradeRecord record, OperatorIdentity actor, ForceStopApprovalRequest? pendingForceStop,
        CultureInfo? culture = null)
    {
        Guard.NotNull(record);
        Guard.NotNull(actor);

        // R-GOV-2: the pending request is one more fact of the situation (pending, asker is the requester, the creator), so the
        // answers stay one cached set per situation and culture.
        var facts = LifecycleFacts.ForEligibility(record, _qualification.IsQualifiedOmEngineer(actor), pendingForceStop, actor.Id);
        var situation = LifecycleTable.SituationOf(record.Status, facts);
        culture ??= TextCatalog.DefaultCulture;
        var answers = _answers.GetOrAdd(culture, static _ => new ActionEligibilitySet?[LifecycleTable.SituationCount]);
        return answers[situation] ?? Build(answers, situation, record.Status, facts, culture);
    }

    internal static LifecycleRules RulesOf(LifecycleRuleOptions? rules)
    {
        if (rules is null)
        {
            return LifecycleRules.Default;
        }

        var problems = rules.Problems().ToList();
        return problems.Count == 0
            ? LifecycleRules.From(rules)
            : throw new ArgumentException("Invalid lifecycle rules: " + string.Join(" ", problems), nameof(rules));
    }

    private ActionEligibilitySet Build(ActionEligibilitySet?[] answers, int situation, UpgradeStatus status, in LifecycleFacts facts, CultureInfo culture)
    {
        var actions = UpgradeActions.All;
        var items = new ActionEligibility[actions.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var operation = actions[i].ToOperation();
            var reason = _table.Decide(status, operation, facts).Reason;
            items[i] = new ActionEligibility(actions[i], reason == ActionReasonCode.None, reason, _texts.Reason(reason, operation, status, culture, _table))
            {
                ReasonRequired = _lifecycle.RequiresReason(operation),
            };
        }

        // Two threads may build the same answer at once: the first one stored is the one everybody gets.
        return Interlocked.CompareExchange(ref answers[situation], new ActionEligibilitySet(items), null) ?? answers[situation]!;
    }
}
