namespace Dataphin.UpgradeKit.Cli.Commands;

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
}
