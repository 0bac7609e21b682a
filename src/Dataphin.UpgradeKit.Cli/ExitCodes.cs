namespace Dataphin.UpgradeKit.Cli;

/// <summary>Process exit codes, one per kind of failure so scripts can react (documented in --help).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int WrongPassword = 1;
    public const int Usage = 2;
    public const int NotAnAgeFile = 3;
    public const int MalformedHeader = 4;
    public const int HeaderTampered = 5;
    public const int PayloadDamaged = 6;
    public const int IoError = 7;
    public const int ArchiveDamaged = 8;

    /// <summary>128 + the signal's number, as shells report a process a signal ended: SIGHUP 129, SIGINT 130, SIGTERM 143.</summary>
    public const int SignalBase = 128;
}
