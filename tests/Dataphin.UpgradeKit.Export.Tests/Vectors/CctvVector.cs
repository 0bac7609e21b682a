namespace Dataphin.UpgradeKit.Export.Tests.Vectors;

/// <summary>One C2SP CCTV age test vector: its header fields and the age file it carries.</summary>
public sealed record CctvVector(string Name, IReadOnlyDictionary<string, IReadOnlyList<string>> Fields, byte[] File)
{
    public string Expect => Fields["expect"][0];

    public string? Payload => Field("payload");

    public string? FileKey => Field("file key");

    public IReadOnlyList<string> Passphrases => Fields.TryGetValue("passphrase", out var values) ? values : [];

    public bool Armored => Field("armored") == "yes";

    public bool UsesIdentity => Fields.ContainsKey("identity");

    public override string ToString() => Name;

    private string? Field(string key) => Fields.TryGetValue(key, out var values) ? values[0] : null;
}
