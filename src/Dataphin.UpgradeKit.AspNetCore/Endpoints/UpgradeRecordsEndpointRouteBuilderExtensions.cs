using Dataphin.UpgradeKit.AspNetCore.Operators;
using Dataphin.UpgradeKit.Service;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>Maps the HTTP API of the Upgrade Records page.</summary>
public static class UpgradeRecordsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the Upgrade Records endpoints under <paramref name="prefix"/>. Every answer is one of the SDK's projections
    /// serialised unchanged with <see cref="Projections.UpgradeKitJson.Options"/>, or an RFC 7807 problem
    /// (<see cref="Problems.UpgradeProblemTypes"/>). Lists and rows are computed for the operator the registered
    /// <see cref="IOperatorAccessor"/> returns; <c>culture</c> and <c>timeZone</c> query parameters choose the display
    /// (defaults: <see cref="UpgradeRecordsEndpointOptions"/>).
    /// <list type="table">
    /// <item><term><c>GET {prefix}</c></term><description>a <c>RecordListPage</c>; query <c>status</c> (repeatable or comma-separated), <c>pageSize</c>, <c>continuationToken</c>.</description></item>
    /// <item><term><c>GET {prefix}/{id}</c></term><description>one <c>RecordListRow</c>.</description></item>
    /// <item><term><c>GET {prefix}/{id}/actions</c></term><description>the row's actions: offered, reason code and sentence.</description></item>
    /// <item><term><c>GET {prefix}/{id}/log</c></term><description>the <c>ViewLogPanel</c> (audited; refused where View log is not offered).</description></item>
    /// <item><term><c>POST {prefix}/{id}/stop</c></term><description>body <c>{rerunForceStoppedInstances, expectedVersion}</c>; answers the new row.</description></item>
    /// <item><term><c>POST {prefix}/{id}/force-stop</c></term><description>body <c>{result, declarationAccepted, expectedVersion}</c>; answers the new row.</description></item>
    /// <item><term><c>POST {prefix}/{id}/cancel</c>, <c>/complete</c></term><description>body <c>{expectedVersion}</c> or none; cancel answers <c>{removed, row}</c>, complete the new row.</description></item>
    /// <item><term><c>POST {prefix}/{id}/resume-upgrade</c>, <c>/resume-verification</c></term><description>a <c>ResumePoint</c>.</description></item>
    /// <item><term><c>POST {prefix}/{id}/download</c></term><description>a <see cref="ConfigurationDownloadResponse"/> with the one-time password, <c>Cache-Control: no-store</c>.</description></item>
    /// </list>
    /// </summary>
    /// <param name="endpoints">The application's route builder.</param>
    /// <param name="prefix">The route prefix.</param>
    /// <returns>The route group, to add authorization, rate limiting or CORS to.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// <see cref="UpgradeRecordService"/> or <see cref="IOperatorAccessor"/> is not registered (call <c>AddUpgradeKit</c> and
    /// register an accessor first).
    /// </exception>
    public static RouteGroupBuilder MapUpgradeRecords(this IEndpointRouteBuilder endpoints, string prefix = "/api/upgrades")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        var registered = endpoints.ServiceProvider.GetService<IServiceProviderIsService>();
        if (registered is not null)
        {
            if (!registered.IsService(typeof(UpgradeRecordService)))
            {
                throw new InvalidOperationException("MapUpgradeRecords needs UpgradeRecordService: call services.AddUpgradeKit(...) and choose a store.");
            }

            if (!registered.IsService(typeof(IOperatorAccessor)))
            {
                throw new InvalidOperationException(
                    "MapUpgradeRecords needs an IOperatorAccessor that says who is asking: register the host's implementation in the container.");
            }
        }

        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(UpgradeRecordsHandlers.TranslateErrorsAsync);
        group.MapGet("/", UpgradeRecordsHandlers.ListAsync);
        group.MapGet("/{id}", UpgradeRecordsHandlers.GetRowAsync);
        group.MapGet("/{id}/actions", UpgradeRecordsHandlers.GetActionsAsync);
        group.MapGet("/{id}/log", UpgradeRecordsHandlers.ViewLogAsync);
        group.MapPost("/{id}/stop", UpgradeRecordsHandlers.StopAsync);
        group.MapPost("/{id}/force-stop", UpgradeRecordsHandlers.ForceStopAsync);
        group.MapPost("/{id}/cancel", UpgradeRecordsHandlers.CancelAsync);
        group.MapPost("/{id}/complete", UpgradeRecordsHandlers.CompleteAsync);
        group.MapPost("/{id}/resume-upgrade", UpgradeRecordsHandlers.ResumeUpgradeAsync);
        group.MapPost("/{id}/resume-verification", UpgradeRecordsHandlers.ResumeVerificationAsync);
        group.MapPost("/{id}/download", UpgradeRecordsHandlers.DownloadAsync);
        return group;
    }
}
