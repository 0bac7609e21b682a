namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// The base64 age uses: standard alphabet, no padding, canonical (unused trailing bits zero).
/// Anything else is rejected, because the header MAC covers the text, not the decoded bytes.
/// </summary>
internal static class AgeBase64
{
    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=');

    public static bool TryDecode(ReadOnlySpan<byte> ascii, out byte[] bytes)
    {
        bytes = [];
        if (ascii.Length % 4 == 1)
        {
            return false;
        }

        foreach (var b in ascii)
        {
            if (!IsAlphabet(b))
            {
                return false;
            }
        }

        var padding = (4 - (ascii.Length % 4)) % 4;
        var text = string.Create(ascii.Length + padding, ascii.ToArray(), static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = (char)source[i];
            }

            span[source.Length..].Fill('=');
        });

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return false;
        }

        // Non-zero unused bits decode fine but re-encode differently: that text is not canonical.
        var canonical = Encode(decoded);
        if (canonical.Length != ascii.Length)
        {
            return false;
        }

        for (var i = 0; i < ascii.Length; i++)
        {
            if (canonical[i] != ascii[i])
            {
                return false;
            }
        }

        bytes = decoded;
        return true;
    }

    private static bool IsAlphabet(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'+' or (byte)'/';
}
