using System.Threading.Channels;
using Dataphin.UpgradeKit.Delivery;
using Dataphin.UpgradeKit.Internal;
using NodaTime;
using NodaTime.Testing;

namespace Dataphin.UpgradeKit.Tests.Delivery;

/// <summary>
/// The dispatcher's waits driven by hand on a <see cref="FakeClock"/>: each wait the dispatcher enters is handed to the
/// test (<see cref="NextWaitAsync"/>), which then elapses it (the clock moves by the wait's timeout) or sets the
/// service's signal. A wait the dispatcher enters means its round is over, so the test asserts on a settled state; nothing
/// sleeps and no time passes unless the test says so.
/// </summary>
internal sealed class SteppedDispatcherTime(FakeClock clock)
{
    /// <summary>How long a test waits for the dispatcher to reach its next wait: a ceiling for a hang, never reached otherwise.</summary>
    public static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(30);

    private readonly Channel<DispatcherWaitStep> _waits = Channel.CreateUnbounded<DispatcherWaitStep>();

    /// <summary>The wait the dispatcher passes to <see cref="Delivery.NotificationDispatcher"/> in place of real time.</summary>
    public async Task WaitAsync(DeliverySignal signal, Duration timeout, CancellationToken cancellationToken)
    {
        // A signal already set ends the wait at once: that is no idle point to hand to the test.
        if (await signal.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return;
        }

        var step = new DispatcherWaitStep(timeout, clock.GetCurrentInstant());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = signal.WaitAsync(Timeout.InfiniteTimeSpan, stop.Token);
        _waits.Writer.TryWrite(step);
        try
        {
            await Task.WhenAny(signalled, step.Elapsed.Task.WaitAsync(cancellationToken));
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await signalled;
            }
            catch (OperationCanceledException)
            {
                // The signal was not set: nothing consumed.
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The next wait the dispatcher enters (its round is over).</summary>
    public async Task<DispatcherWaitStep> NextWaitAsync() => await _waits.Reader.ReadAsync().AsTask().WaitAsync(Ceiling);

    /// <summary>Lets <paramref name="step"/>'s whole timeout pass on the clock and ends it; returns the next wait.</summary>
    public Task<DispatcherWaitStep> ElapseAsync(DispatcherWaitStep step)
    {
        clock.Advance(step.Timeout);
        step.Elapsed.TrySetResult();
        return NextWaitAsync();
    }
}

/// <summary>One wait of the dispatcher: how long it asked to wait, and when (on the fake clock) it began.</summary>
internal sealed record DispatcherWaitStep(Duration Timeout, Instant Since)
{
    /// <summary>Completed by the test when the timeout has passed.</summary>
    public TaskCompletionSource Elapsed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When the wait ends unless a signal comes first.</summary>
    public Instant Until => Since + Timeout;
}
