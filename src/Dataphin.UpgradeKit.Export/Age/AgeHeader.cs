namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>A parsed age header: the stanzas, the bytes the MAC covers and the MAC itself.</summary>
/// <param name="Stanzas">Recipient stanzas in file order; at least one.</param>
/// <param name="MacInput">The header text from the version line up to and including <c>---</c>.</param>
/// <param name="Mac">The decoded header MAC.</param>
internal sealed record AgeHeader(IReadOnlyList<AgeStanza> Stanzas, byte[] MacInput, byte[] Mac);
