using System.Globalization;
using System.Text;
using System.Text.Json;
using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Projections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Dataphin.UpgradeKit.AspNetCore.Live;

/// <summary>
/// The Server-Sent Events endpoints: the service's watches written as <c>text/event-stream</c> (R-LIVE-1). Each change is
/// one event whose <c>id:</c> is its position and whose <c>data:</c> is the <see cref="RecordWatchEvent"/> as JSON; a
/// reconnecting browser sends the last id back as <c>Last-Event-ID</c> and the watch resumes after it (R-LIVE-2). A
/// comment line goes out when the stream has been silent for the heartbeat interval. Errors found before the stream
/// starts (no operator, an unknown record, a malformed <c>Last-Event-ID</c>, a 410 for a position trimmed from the feed)
/// are problem details like every endpoint's.
/// </summary>
internal static class UpgradeRecordsEvents
{
    /// <summary>The header a reconnecting EventSource sends; the query parameter <c>lastEventId</c> is read when it is absent.</summary>
    public const string LastEventIdHeader = "Last-Event-ID";

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
            await caller.Service.CheckWatchPositionAsync(from, cancel).ConfigureAwait(false);
        }

        var after = resumed ?? await caller.Service.GetWatchPositionAsync(cancel).ConfigureAwait(false);
        await StreamAsync(context, caller.Options.EventsHeartbeatInterval, after,
            caller.Service.WatchRecordsAsync(caller.Actor, caller.Display, after, cancel), cancel).ConfigureAwait(false);
    }

    public static async Task RecordAsync(UpgradeCaller caller, string id, HttpContext context)
    {
        var recordId = UpgradeRecordsHandlers.ParseId(id);
        var after = LastEventId(context.Request);
        var cancel = context.RequestAborted;

        // Before the response starts, so an unknown record is a 404 problem rather than a stream that ends at once.
        _ = await caller.Service.GetAsync(recordId, cancel).ConfigureAwait(false);
        if (after is { } from)
        {
            await caller.Service.CheckWatchPositionAsync(from, cancel).ConfigureAwait(false);
        }

        await StreamAsync(context, caller.Options.EventsHeartbeatInterval, null,
            caller.Service.WatchRecordAsync(recordId, caller.Actor, caller.Display, after, cancel), cancel).ConfigureAwait(false);
    }

    private static long? LastEventId(HttpRequest request)
    {
        var text = request.Headers[LastEventIdHeader].ToString();
        if (string.IsNullOrEmpty(text))
        {
            text = request.Query["lastEventId"].ToString();
        }

        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > MaxLastEventIdLength
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
        {
            throw new ArgumentException(
                $"{LastEventIdHeader} must be the id of an event this stream sent: a whole number of at most {MaxLastEventIdLength} digits.");
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
                next = items.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The client went away; the watch sees the same token and ends.
        }
        finally
        {
            // An enumerator cannot be disposed while a MoveNextAsync runs: let the pending one finish (it ends on cancel).
            await Settle(next).ConfigureAwait(false);
        }
    }

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
        var json = JsonSerializer.Serialize(item, UpgradeKitJson.Options);
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"id: {item.Position}\ndata: {json}\n\n"));
    }
}
