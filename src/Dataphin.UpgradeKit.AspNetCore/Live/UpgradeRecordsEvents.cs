using System.Globalization;
using System.Text;
using System.Text.Json;
using Dataphin.UpgradeKit;
using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.AspNetCore.Problems;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Projections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dataphin.UpgradeKit.AspNetCore.Live;

/// <summary>
/// The Server-Sent Events endpoints: the service's watches written as <c>text/event-stream</c> (R-LIVE-1). Each change is
/// one event whose <c>id:</c> is its position and whose <c>data:</c> is the <see cref="RecordWatchEvent"/> as JSON; a
/// reconnecting browser sends the last id back as <c>Last-Event-ID</c> and the watch resumes after it (R-LIVE-2). A
/// comment line goes out when the stream has been silent for the heartbeat interval. Errors found before the stream
/// starts (no operator, an unknown record, a malformed <c>Last-Event-ID</c>, a 410 for a position trimmed from the feed)
/// are problem details like every endpoint's.
/// </summary>
internal static partial class UpgradeRecordsEvents
{
    /// <summary>The header a reconnecting EventSource sends; the query parameter <c>lastEventId</c> is read when it is absent.</summary>
    public const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>The query parameter a client that cannot set headers uses instead of <see cref="LastEventIdHeader"/>.</summary>
    public const string LastEventIdQuery = "lastEventId";

    // A position is a non-negative 64-bit integer: 19 digits at most. Anything longer is refused before it is parsed (R-SEC-3).
    private const int MaxLastEventIdLength = 19;

    // How long an EventSource waits before it reconnects after the stream ends or breaks.
    private static readonly byte[] Retry = "retry: 2000\n\n"u8.ToArray();
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    public static async Task RecordsAsync(UpgradeCaller caller, HttpContext context)
    {
        var cancel = context.RequestAborted;

        // From now, unless resumed: the stream's first line names the position, so a client that reconnects before any
        // change still resumes from there (an EventSource takes an id from an event without data too).
        var resumed = LastEventId(context.Request);
        if (resumed is { } from)
        {
            // Before the response starts, so a position trimmed from the feed is a 410 problem the client can act on.
            await caller.Watches.CheckWatchPositionAsync(from, cancel).ConfigureAwait(false);
        }

        var after = resumed ?? await caller.Watches.GetWatchPositionAsync(cancel).ConfigureAwait(false);
        await StreamAsync(context, caller.Options.EventsHeartbeatInterval, after,
            caller.Watches.WatchRecordsAsync(caller.Actor, caller.Display, after, cancel), cancel).ConfigureAwait(false);
    }

    public static async Task RecordAsync(UpgradeCaller caller, string id, HttpContext context)
    {
        var recordId = UpgradeRecordsHandlers.ParseId(id);
        var after = LastEventId(context.Request);
        var cancel = context.RequestAborted;

        // Before the response starts, so an unknown record is a 404 problem rather than a stream that ends at once.
        _ = await caller.Queries.GetAsync(recordId, cancel).ConfigureAwait(false);
        if (after is { } from)
        {
            await caller.Watches.CheckWatchPositionAsync(from, cancel).ConfigureAwait(false);
        }

        await StreamAsync(context, caller.Options.EventsHeartbeatInterval, null,
            caller.Watches.WatchRecordAsync(recordId, caller.Actor, caller.Display, after, cancel), cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// The position to resume after, from the header or else the query, checked at the boundary: a whole number from
    /// <see cref="InvalidWatchPositionException.Minimum"/> to <see cref="InvalidWatchPositionException.Maximum"/>, so the
    /// service is never asked for the change after the largest position (R-SEC-3, R-LIVE-2).
    /// </summary>
    private static long? LastEventId(HttpRequest request)
    {
        var parameter = LastEventIdHeader;
        var text = request.Headers[LastEventIdHeader].ToString();
        if (string.IsNullOrEmpty(text))
        {
            parameter = LastEventIdQuery;
            text = request.Query[LastEventIdQuery].ToString();
        }

        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > MaxLastEventIdLength
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || position is < InvalidWatchPositionException.Minimum or > InvalidWatchPositionException.Maximum)
        {
            throw new InvalidWatchPositionException(parameter, MaxLastEventIdLength);
        }

        return position;
    }

    private static async Task StreamAsync(HttpContext context, TimeSpan heartbeat, long? startPosition, IAsyncEnumerable<RecordWatchEvent> watch,
        CancellationToken cancel)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        await using var items = watch.GetAsyncEnumerator(cancel);

        // The id of the last event sent: what the client will send back as Last-Event-ID when it reconnects.
        var sent = startPosition;
        var next = items.MoveNextAsync().AsTask();
        try
        {
            await response.Body.WriteAsync(Retry, cancel).ConfigureAwait(false);
            if (startPosition is { } start)
            {
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {start}\n\n")), cancel)
                    .ConfigureAwait(false);
            }

            await response.Body.FlushAsync(cancel).ConfigureAwait(false);
            while (true)
            {
                var first = await Task.WhenAny(next, Task.Delay(heartbeat, cancel)).ConfigureAwait(false);
                if (first != next)
                {
                    cancel.ThrowIfCancellationRequested();
                    await response.Body.WriteAsync(Heartbeat, cancel).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancel).ConfigureAwait(false);
                    continue;
                }

                if (!await next.ConfigureAwait(false))
                {
                    return;
                }

                await response.Body.WriteAsync(Format(items.Current), cancel).ConfigureAwait(false);
                await response.Body.FlushAsync(cancel).ConfigureAwait(false);
                sent = items.Current.Position;
                next = items.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client went away; the watch sees the same token and ends.
        }
#pragma warning disable CA1031 // Once the stream started, no status can be answered: the stream ends and the client resumes by Last-Event-ID.
        catch (Exception ex) when (response.HasStarted)
#pragma warning restore CA1031
        {
            // One log entry, and the response ends normally: an EventSource reconnects after the retry interval with the
            // last id it received and misses nothing (R-LIVE-2). Rethrowing would make the error filter try to answer a
            // status on a started response and the server log the same failure again.
            var logger = Logger(context);
            if (ex is UpgradeStoreException)
            {
                LogStreamEndedByStore(logger, ex, context.Request.Path.Value ?? string.Empty, sent);
            }
            else
            {
                LogStreamFailed(logger, ex, context.Request.Path.Value ?? string.Empty, sent);
            }
        }
        finally
        {
            // An enumerator cannot be disposed while a MoveNextAsync runs: let the pending one finish (it ends on cancel).
            await Settle(next).ConfigureAwait(false);
        }
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("Dataphin.UpgradeKit.AspNetCore") ?? NullLogger.Instance;

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning,
        Message = "Event stream {Path} ended because the upgrade store failed; the client reconnects and resumes after position {LastSentPosition}")]
    private static partial void LogStreamEndedByStore(ILogger logger, Exception exception, string path, long? lastSentPosition);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error,
        Message = "Event stream {Path} failed and was ended; the client reconnects and resumes after position {LastSentPosition}")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception, string path, long? lastSentPosition);

    private static async Task Settle(Task<bool> pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Only waited for so the enumerator can be disposed; its error was already answered or the client left.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static byte[] Format(RecordWatchEvent item)
    {
        // JSON never holds a raw line break, so the data is one line.
        var json = JsonSerializer.Serialize(item, EndpointJson.Info<RecordWatchEvent>());
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {item.Position}\ndata: {json}\n\n"));
    }
}
