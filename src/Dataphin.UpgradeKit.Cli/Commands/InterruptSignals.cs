using System.Runtime.InteropServices;

namespace Dataphin.UpgradeKit.Cli.Commands;

/// <summary>
/// Turns SIGINT, SIGTERM and SIGHUP into a cancellation while the plaintext is being written (R-SEC-2): the decryption
/// stops at the next chunk and removes what it wrote. If it cannot stop within a second (blocked on a slow input, or
/// in the key derivation), the process exits from here; a partial file with a name is removed by the decryptor's
/// exit hook, and the unnamed one used on Linux vanishes with the process anyway.
/// </summary>
internal sealed class InterruptSignals : IDisposable
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _cancellation = new();
    private readonly ManualResetEventSlim _finished = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TextWriter _stderr;

    public InterruptSignals(TextWriter stderr)
    {
        _stderr = stderr;
        foreach (var signal in (PosixSignal[])[PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP])
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // SIGHUP has no meaning on Windows; the others are still handled.
            }
        }
    }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>The signal that cancelled, as a name and the exit code to return.</summary>
    public (string Name, int ExitCode)? Received { get; private set; }

    /// <summary>Tells a pending signal that the command returned, so it need not end the process itself.</summary>
    public void Finished() => _finished.Set();

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _finished.Set();
        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        var (name, number) = context.Signal switch
        {
            PosixSignal.SIGHUP => ("SIGHUP", 1),
            PosixSignal.SIGTERM => ("SIGTERM", 15),
            _ => ("SIGINT", 2),
        };
        Received ??= (name, ExitCodes.SignalBase + number);
        _cancellation.Cancel();
        if (!_finished.Wait(GracePeriod))
        {
            _stderr.WriteLine("upgradekit: " + Messages.Interrupted(Received.Value.Name));
            Environment.Exit(Received.Value.ExitCode);
        }
    }
}
