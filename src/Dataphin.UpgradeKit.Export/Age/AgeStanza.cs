namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>One recipient stanza of an age header: its type, the other arguments and the decoded body.</summary>
internal sealed record AgeStanza(string Type, IReadOnlyList<string> Arguments, byte[] Body);
