namespace Dataphin.UpgradeKit.Export.Tests.Support;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "upgradekit-export-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public IReadOnlyList<string> FileNames() => Directory.GetFiles(Path).Select(f => System.IO.Path.GetFileName(f)!).Order().ToList();

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
