using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Lifecycle;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Model;
using NodaTime;

namespace Dataphin.UpgradeKit.Testing.Checks;

/// <summary>
/// Every call the kit makes into the SDK's service, in one place: when the service's shape changes, only this file
/// follows it. The model and the properties speak <see cref="ModelRequest"/> and <see cref="ModelRecord"/>.
/// </summary>
internal sealed class ServiceUnderTest(IUpgradeStore store, IClock clock, LifecycleRuleOptions? rules)
{
    private readonly UpgradeKitFeatures _service = new(store, clock, options: new UpgradeKitOptions { Rules = rules ?? new LifecycleRuleOptions() });

    /// <summary>The role the service's default qualification asks for.</summary>
    public const string QualifiedRole = UpgradeKitOptions.DefaultQualifiedOperatorRole;

    public static bool IsQualified(OperatorIdentity? actor) => actor is not null && actor.IsInRole(QualifiedRole);

    public static string? ConfigurationFileNameOf(UpgradeRecord record) => record.Configuration?.FileName;

    /// <summary>True for the operations that take the version the operator saw.</summary>
    public static bool TakesExpectedVersion(UpgradeOperation operation) => operation is UpgradeOperation.SaveConfiguration or UpgradeOperation.Cancel
        or UpgradeOperation.Stop or UpgradeOperation.ForceStop or UpgradeOperation.Complete;

    public Task<UpgradeRecord> CreateAsync(UpgradeMode mode, OperatorIdentity actor, CancellationToken cancellationToken) =>
        _service.Commands.CreateAsync(
            new NewUpgradeRequest
            {
                TargetVersion = ProductVersion.Parse("V5.1.0"), InitialVersion = ProductVersion.Parse("V4.3.0"),
                Mode = mode, DataServiceStudioMode = DataServiceStudioUpgradeMode.UpgradeTogether,
            },
            actor, cancellationToken);

    public async Task ExecuteAsync(UpgradeRecordId id, ModelRequest request, long? expectedVersion, CancellationToken cancellationToken)
    {
        var actor = request.Operator;
        switch (request.Operation)
        {
            case UpgradeOperation.Start:
                await _service.HostReports.StartAsync(id, cancellationToken);
                break;
            case UpgradeOperation.ReportProgress:
                await _service.HostReports.ReportProgressAsync(id, new ProgressReport
                {
                    ForceStopTaskRan = request.ForceStopTaskRan,
                    ApplicationShutdownStarted = request.ApplicationShutdownStarted, CurrentStep = request.CurrentStep,
                }, cancellationToken);
                break;
            case UpgradeOperation.CompleteSteps:
                await _service.HostReports.MarkStepsCompletedAsync(id, cancellationToken);
                break;
            case UpgradeOperation.Fail:
                await _service.HostReports.MarkFailedAsync(id, request.FailureReason, cancellationToken);
                break;
            case UpgradeOperation.ExitMaintenanceMode:
                await _service.HostReports.ExitMaintenanceModeAsync(id, cancellationToken);
                break;
            case UpgradeOperation.SaveConfiguration:
                await _service.Commands.SaveConfigurationAsync(id, new ConfigurationFile(request.ConfigurationFileName, new byte[request.ConfigurationLength], clock.GetCurrentInstant()),
                    Required(actor), expectedVersion, cancellationToken);
                break;
            case UpgradeOperation.ResumeUpgrade:
                await _service.Commands.ResumeUpgradeAsync(id, Required(actor), cancellationToken);
                break;
            case UpgradeOperation.ResumeVerification:
                await _service.Commands.ResumeVerificationAsync(id, Required(actor), cancellationToken);
                break;
            case UpgradeOperation.Cancel:
                await _service.Commands.CancelAsync(id, Required(actor), new CancelOptions { Reason = ReasonOf(request) }, expectedVersion, cancellationToken);
                break;
            case UpgradeOperation.Stop:
                await _service.Commands.StopAsync(id, Required(actor), new StopOptions(request.RerunForceStoppedInstances) { Reason = ReasonOf(request) }, expectedVersion, cancellationToken);
                break;
            case UpgradeOperation.ForceStop:
                await _service.Commands.ForceStopAsync(id, Required(actor), new ForceStopRequest(request.DeclaredResult, request.DeclarationAccepted) { Reason = ReasonOf(request) }, expectedVersion, cancellationToken);
                break;
            case UpgradeOperation.Complete:
                await _service.Commands.CompleteAsync(id, Required(actor), expectedVersion, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Operation, "Not a request of a history.");
        }
    }

    public async Task<IReadOnlyList<ModelOffer>> OffersAsync(UpgradeRecordId id, OperatorIdentity actor, CancellationToken cancellationToken)
    {
        var set = await _service.Queries.GetAvailableActionsAsync(id, actor, cancellationToken: cancellationToken);
        return [.. ReferenceModel.Actions.Select(action => new ModelOffer(action, set[action].IsOffered, set[action].Reason))];
    }

    private static OperatorReason? ReasonOf(ModelRequest request) => request.Reason is { } text ? OperatorReason.Parse(text) : null;

    private static OperatorIdentity Required(OperatorIdentity? actor) =>
        actor ?? throw new ArgumentException("An operator action needs an operator.", nameof(actor));
}
