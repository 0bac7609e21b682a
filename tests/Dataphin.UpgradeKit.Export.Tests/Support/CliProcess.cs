namespace Dataphin.UpgradeKit.Export.Tests.Support;

/// <summary>The <c>upgradekit</c> tool as a real process (<c>dotnet Dataphin.UpgradeKit.Cli.dll</c>).</summary>
public static class CliProcess
{
    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "Dataphin.UpgradeKit.Cli.dll");

    /// <summary>
    /// A managed-heap ceiling for the tool (64 MiB): an input read without a bound would exhaust it and crash instead
    /// of failing with the tool's own message, so a test under it proves the memory bound (R-SEC-3).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> BoundedHeap = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x4000000" };

    public static ProcessRunner.Result Run(string? standardInput, string workingDirectory, params string[] args) =>
        ProcessRunner.Run("dotnet", [Dll, .. args], standardInput, workingDirectory);
}
