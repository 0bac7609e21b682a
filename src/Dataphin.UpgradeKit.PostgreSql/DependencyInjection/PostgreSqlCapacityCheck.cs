using Dataphin.UpgradeKit;
using Dataphin.UpgradeKit.PostgreSql;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Runs <see cref="PostgreSqlUpgradeStore.CheckConnectionCapacityAsync"/> once when the host starts, so that pools too
/// large for the server are a warning (event 2210) at start-up rather than refused connections in the first burst.
/// </summary>
/// <remarks>
/// The check runs beside the host's start, not in its way: a server that is down at start-up delays nothing and is
/// reported at debug level (event 2211); the store's own calls report it properly once they are made.
/// </remarks>
internal sealed class PostgreSqlCapacityCheck(PostgreSqlUpgradeStore store, ILogger<PostgreSqlUpgradeStore>? logger = null) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _check = Task.CompletedTask;

    /// <summary>The check under way, for tests.</summary>
    internal Task Completion => _check;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _check = Task.Run(CheckAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _check.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task CheckAsync()
    {
        try
        {
            await store.CheckConnectionCapacityAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The host stopped first; nothing to report.
        }
        catch (Exception ex) when (ex is UpgradeStoreException or ObjectDisposedException)
        {
            PostgreSqlLog.CapacityNotChecked(logger ?? (ILogger)NullLogger.Instance, ex);
        }
    }
}
