using Dataphin.UpgradeKit.AspNetCore.Operators;
using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// Who asks, through which feature types, in which display: resolved once per request by parameter binding
/// (<see cref="BindAsync"/>), so no handler repeats it. Binding runs before any endpoint filter and cannot answer with a
/// problem itself, so a request without an operator, or with an unknown culture or time zone, binds to an unresolved
/// caller and <see cref="UpgradeRecordsFilters.RequireCallerAsync"/> answers for it before the handler runs.
/// </summary>
internal sealed class UpgradeCaller
{
    // For a caller bound outside MapUpgradeRecords' endpoints (which carry their own cache as metadata); bounded all the same.
    private static readonly DisplayContextCache Unmapped = new();

    private readonly OperatorIdentity? _actor;
    private readonly DisplayContext? _display;

    private UpgradeCaller(IServiceProvider services, UpgradeRecordsEndpointOptions options, OperatorIdentity? actor, DisplayContext? display,
        Exception? failure)
    {
        Commands = services.GetRequiredService<UpgradeCommands>();
        Queries = services.GetRequiredService<UpgradeQueries>();
        Watches = services.GetRequiredService<UpgradeWatches>();
        Options = options;
        _actor = actor;
        _display = display;
        Failure = failure;
    }

    public UpgradeCommands Commands { get; }

    public UpgradeQueries Queries { get; }

    public UpgradeWatches Watches { get; }

    public UpgradeRecordsEndpointOptions Options { get; }

    /// <summary>The signed-in operator (R-SM-7). Read only after the filter let the request through.</summary>
    public OperatorIdentity Actor => _actor ?? throw new InvalidOperationException("The caller was not resolved: UpgradeRecordsFilters.RequireCallerAsync must run first.");

    /// <summary>The culture and time zone of the answer (R-DISP-1).</summary>
    public DisplayContext Display => _display ?? throw new InvalidOperationException("The caller was not resolved: UpgradeRecordsFilters.RequireCallerAsync must run first.");

    /// <summary>Why the caller could not be resolved (an unknown culture or time zone, a failing authorization policy), or null.</summary>
    public Exception? Failure { get; }

    /// <summary>True when the host's <see cref="IOperatorAccessor"/> named an operator.</summary>
    public bool IsAuthenticated => _actor is not null;

    /// <summary>Called by minimal-API parameter binding for every handler that takes an <see cref="UpgradeCaller"/>.</summary>
    /// <remarks>
    /// The operator is resolved first and a request without one does no further work: display settings are chosen only for
    /// a known operator, from a bounded cache (<see cref="DisplayContextCache"/>), so anonymous requests cannot grow
    /// server memory.
    /// </remarks>
    public static async ValueTask<UpgradeCaller?> BindAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetService<IOptions<UpgradeRecordsEndpointOptions>>()?.Value ?? new UpgradeRecordsEndpointOptions();
        var actor = services.GetRequiredService<IOperatorAccessor>().GetOperator(context);
        if (actor is null)
        {
            return new UpgradeCaller(services, options, actor: null, display: null, failure: null);
        }

        try
        {
            actor = await ActionAuthorization.QualifyAsync(context, actor, options).ConfigureAwait(false);
            return new UpgradeCaller(services, options, actor, DisplayFor(context, options), failure: null);
        }
#pragma warning disable CA1031 // Binding runs before the error filter: a failure is kept and answered as a problem by RequireCallerAsync.
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return new UpgradeCaller(services, options, actor, display: null, ex);
        }
    }

    /// <summary>The row of <paramref name="record"/> as the list shows it: with the actions its pending force-stop request allows (R-GOV-2).</summary>
    public Task<RecordListRow> RowAsync(UpgradeRecord record, CancellationToken cancellationToken) =>
        Queries.ToListRowAsync(record, Actor, Display, cancellationToken);

    /// <summary>The problem to answer instead of running the handler, or null when the caller is resolved.</summary>
    public IResult? Problem(HttpContext context) => !IsAuthenticated
        ? UpgradeProblems.Unauthenticated()
        : Failure is { } failure ? UpgradeProblems.From(failure, context) : null;

    private static DisplayContext DisplayFor(HttpContext context, UpgradeRecordsEndpointOptions options)
    {
        var query = context.Request.Query;
        var zone = string.IsNullOrWhiteSpace(query["timeZone"]) ? options.DefaultTimeZone : query["timeZone"].ToString();
        var culture = string.IsNullOrWhiteSpace(query["culture"]) ? options.DefaultCulture : query["culture"].ToString();
        var cache = context.GetEndpoint()?.Metadata.GetMetadata<DisplayContextCache>() ?? Unmapped;
        return cache.Get(zone, culture);
    }
}
