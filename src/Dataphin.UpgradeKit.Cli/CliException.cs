namespace Dataphin.UpgradeKit.Cli;

/// <summary>A problem the tool reports to the operator with <see cref="Exception.Message"/> (one sentence saying what to do) and exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Usage) : UpgradeKitException(message)
{
    public int ExitCode { get; } = exitCode;
}
