using System.Text;

namespace Dataphin.UpgradeKit.Export.Age;

/// <summary>
/// Parses an age v1 header from a stream, byte by byte so that the stream is left exactly at the
/// payload nonce. The parser is strict, as the specification asks: every deviation is an
/// <see cref="AgeHeaderException"/>, never a guess.
/// </summary>
internal static class AgeHeaderReader
{
    private static readonly byte[] MagicBytes = Encoding.ASCII.GetBytes(AgeFormat.Magic);

    /// <exception cref="AgeForeignFileException">The input does not start like an age file.</exception>
    /// <exception cref="AgeHeaderException">The header breaks a rule of the format.</exception>
    public static AgeHeader Read(Stream source)
    {
        var raw = new MemoryStream();
        var first = ReadLine(source, raw, out var end);
        CheckVersionLine(first, end);

        var stanzas = new List<AgeStanza>();
        while (true)
        {
            var lineStart = (int)raw.Length;
            var line = ReadLine(source, raw, out end);
            CheckComplete(end, "The age header ends before its MAC line (the file is truncated).");

            if (StartsWith(line, "-> "))
            {
                stanzas.Add(ReadStanza(line, source, raw));
                continue;
            }

            if (StartsWith(line, "---"))
            {
                if (stanzas.Count == 0)
                {
                    throw new AgeHeaderException("The age header has no recipient stanza.");
                }

                var mac = ParseMacLine(line);
                var macInput = raw.GetBuffer().AsSpan(0, lineStart + 3).ToArray();
                return new AgeHeader(stanzas, macInput, mac);
            }

            throw new AgeHeaderException("The age header has a line that is neither a stanza nor the MAC line.");
        }
    }

    private static void CheckVersionLine(byte[] line, LineEnd end)
    {
        if (end == LineEnd.LineFeed && line.AsSpan().SequenceEqual(Encoding.ASCII.GetBytes(AgeFormat.VersionLine)))
        {
            return;
        }

        var prefixLength = Math.Min(line.Length, MagicBytes.Length);
        if (!line.AsSpan(0, prefixLength).SequenceEqual(MagicBytes.AsSpan(0, prefixLength)) || line.Length == 0)
        {
            throw new AgeForeignFileException("The file is not an age-encrypted file: it does not begin with the age version line.");
        }

        CheckComplete(end, "The age version line is truncated.");

        throw new AgeHeaderException("The age file has an unsupported version line; only age-encryption.org/v1 is supported.");
    }

    private static AgeStanza ReadStanza(byte[] line, Stream source, MemoryStream raw)
    {
        var arguments = new List<string>();
        var text = line.AsSpan(3);
        foreach (var range in text.Split((byte)' '))
        {
            var argument = text[range];
            if (argument.IsEmpty)
            {
                throw new AgeHeaderException("An age stanza has an empty argument.");
            }

            foreach (var b in argument)
            {
                if (b is < 33 or > 126)
                {
                    throw new AgeHeaderException("An age stanza argument has a character outside printable ASCII.");
                }
            }

            arguments.Add(Encoding.ASCII.GetString(argument));
        }

        // Every stanza ends with a body line shorter than 64 columns, possibly empty.
        var body = new List<byte>();
        while (true)
        {
            var bodyLine = ReadLine(source, raw, out var end);
            CheckComplete(end, "An age stanza body is truncated.");

            if (bodyLine.Length > AgeFormat.BodyLineColumns)
            {
                throw new AgeHeaderException("An age stanza body line is longer than 64 columns.");
            }

            body.AddRange(bodyLine);
            if (bodyLine.Length < AgeFormat.BodyLineColumns)
            {
                break;
            }
        }

        if (!AgeBase64.TryDecode(body.ToArray(), out var decoded))
        {
            throw new AgeHeaderException("An age stanza body is not canonical unpadded base64.");
        }

        return new AgeStanza(arguments[0], arguments.Skip(1).ToArray(), decoded);
    }

    private static byte[] ParseMacLine(byte[] line)
    {
        if (!StartsWith(line, "--- ") || !AgeBase64.TryDecode(line.AsSpan(4), out var mac) || mac.Length != AgeFormat.MacSize)
        {
            throw new AgeHeaderException("The age header MAC line is malformed.");
        }

        return mac;
    }

    /// <summary>Fails with the precise reason when a header line did not end with its line feed (R-SEC-3).</summary>
    private static void CheckComplete(LineEnd end, string truncated)
    {
        if (end == LineEnd.TooLong)
        {
            throw new AgeHeaderException(
                $"The age header has a line longer than the {AgeFormat.MaxLineLength / 1024} KiB this reader accepts; the file is refused before reading further.");
        }

        if (end == LineEnd.EndOfStream)
        {
            throw new AgeHeaderException(truncated);
        }
    }

    /// <summary>Reads up to a line feed (not returned), recording every byte in <paramref name="raw"/>; at most <see cref="AgeFormat.MaxLineLength"/> bytes.</summary>
    private static byte[] ReadLine(Stream source, MemoryStream raw, out LineEnd end)
    {
        var line = new List<byte>();
        while (line.Count <= AgeFormat.MaxLineLength)
        {
            var b = source.ReadByte();
            if (b < 0)
            {
                end = LineEnd.EndOfStream;
                return line.ToArray();
            }

            if (raw.Length >= AgeFormat.MaxHeaderSize)
            {
                throw new AgeHeaderException($"The age header is larger than the {AgeFormat.MaxHeaderSize / (1024 * 1024)} MiB this reader accepts.");
            }

            raw.WriteByte((byte)b);
            if (b == '\n')
            {
                end = LineEnd.LineFeed;
                return line.ToArray();
            }

            line.Add((byte)b);
        }

        end = LineEnd.TooLong;
        return line.ToArray();
    }

    private static bool StartsWith(ReadOnlySpan<byte> line, string prefix)
    {
        if (line.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (line[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private enum LineEnd
    {
        LineFeed,
        EndOfStream,
        TooLong,
    }
}
