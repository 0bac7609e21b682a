namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// The ASCII armor of age v1 (C2SP age, "ASCII armor"): the binary file as padded standard base64 in lines of 64
/// columns (the last one 1 to 64), between a begin and an end line; LF or CRLF line ends; white space only before and
/// after. Reading detects it from the first bytes, so every reader of the SDK opens both forms.
/// </summary>
internal static class AgeArmor
{
    public const string BeginLine = "-----BEGIN AGE ENCRYPTED FILE-----";
    public const string EndLine = "-----END AGE ENCRYPTED FILE-----";
    public const int Columns = 64;

    /// <summary>Bytes per full armor line: 64 base64 characters carry 48 bytes.</summary>
    public const int BytesPerLine = Columns / 4 * 3;

    /// <summary>
    /// How far the reader looks ahead to tell armor from binary, and how much white space it accepts before the begin
    /// line and after the end line, so that a hostile file cannot make it spin or buffer.
    /// </summary>
    public const int MaxSurroundingWhiteSpace = 1024;

    /// <summary>
    /// Returns a stream of the binary age file: <paramref name="source"/> itself (seeked back) or a replaying wrapper
    /// when the input is not armored; a decoding stream when it is. Reads at most 1 KiB ahead to decide.
    /// </summary>
    /// <exception cref="AgeArmorException">The input is armored and its begin line is wrong, or text precedes it.</exception>
    public static Stream Unwrap(Stream source)
    {
        var head = new byte[MaxSurroundingWhiteSpace];
        var count = source.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var visible = 0;
        while (visible < count && IsWhiteSpace(head[visible]))
        {
            visible++;
        }

        if (visible < count && head[visible] == '-')
        {
            return new ArmorReadStream(new PrefixedStream(head.AsSpan(visible, count - visible).ToArray(), source));
        }

        // "Look at this file" text above the armor, as a mail client or a ticket adds it: say so rather than "foreign".
        if (head.AsSpan(0, count).IndexOf("\n-----BEGIN AGE ENCRYPTED FILE-----"u8) >= 0)
        {
            throw new AgeArmorException("The armored file has text before its '-----BEGIN AGE ENCRYPTED FILE-----' line; only white space may precede it.");
        }

        if (source.CanSeek)
        {
            source.Seek(-count, SeekOrigin.Current);
            return source;
        }

        return count == 0 ? source : new PrefixedStream(head.AsSpan(0, count).ToArray(), source);
    }

    public static bool IsWhiteSpace(int b) => b is ' ' or '\t' or '\r' or '\n';

    public static bool IsBase64Character(byte b) => b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'+' or (byte)'/';
}
