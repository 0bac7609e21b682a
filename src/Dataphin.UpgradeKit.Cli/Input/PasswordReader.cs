using System.Text;

namespace Dataphin.UpgradeKit.Cli.Input;

/// <summary>
/// Reads the password from a file, from piped standard input, or from an interactive prompt without echo; never from
/// the command line, where it would land in shell history and process listings. Every source is bounded before
/// anything is buffered (R-SEC-3): <c>/dev/zero</c> as a password file or as standard input fails after
/// <see cref="MaxBytes"/> bytes with a message, in constant memory.
/// </summary>
internal static class PasswordReader
{
    /// <summary>The most bytes a password may have: a one-time password has 31; a passphrase chosen for <c>age -p</c> fits easily.</summary>
    public const int MaxBytes = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the password; a problem is reported as a <see cref="CliException"/> with a message for the operator.</summary>
    public static string Read(string? passwordFile, Stream stdin, bool stdinIsRedirected, TextWriter prompt)
    {
        if (passwordFile is not null)
        {
            return FromFile(passwordFile);
        }

        if (stdinIsRedirected)
        {
            var line = ReadBounded(stdin, stopAtLineFeed: true)
                ?? throw new CliException(Messages.PipedPasswordTooLarge(MaxBytes));
            return Decode(line, "standard input");
        }

        return FromPrompt(prompt);
    }

    private static string FromFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliException(Messages.PasswordFileIsAFolder(path));
        }

        byte[]? bytes;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            bytes = ReadBounded(file, stopAtLineFeed: false);
        }
        catch (FileNotFoundException)
        {
            throw new CliException(Messages.PasswordFileMissing(path));
        }
        catch (DirectoryNotFoundException)
        {
            throw new CliException(Messages.PasswordFileMissing(path));
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException(Messages.PasswordFileUnreadable(path));
        }

        return bytes is null
            ? throw new CliException(Messages.PasswordFileTooLarge(path, MaxBytes))
            : Decode(bytes, $"the password file '{path}'");
    }

    /// <summary>
    /// The password's bytes without one line end, reading at most <see cref="MaxBytes"/> + 3 bytes (up to a line feed
    /// when <paramref name="stopAtLineFeed"/>); null when the password is longer than <see cref="MaxBytes"/>.
    /// </summary>
    private static byte[]? ReadBounded(Stream source, bool stopAtLineFeed)
    {
        var buffer = new byte[MaxBytes + 3];
        var count = 0;
        while (count < buffer.Length)
        {
            // A pipe is read byte by byte so that nothing after the first line is consumed; a file in bounded reads.
            var read = source.Read(buffer, count, stopAtLineFeed ? 1 : buffer.Length - count);
            if (read == 0)
            {
                break;
            }

            count += read;
            if (stopAtLineFeed && buffer[count - 1] == '\n')
            {
                break;
            }
        }

        var password = StripLineEnd(buffer.AsSpan(0, count));
        var result = password.Length > MaxBytes ? null : password.ToArray();
        Array.Clear(buffer);
        return result;
    }

    private static string FromPrompt(TextWriter prompt)
    {
        prompt.Write("Password: ");
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                prompt.WriteLine();
                return password.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                if (password.Length >= MaxBytes)
                {
                    prompt.WriteLine();
                    throw new CliException(Messages.TypedPasswordTooLong(MaxBytes));
                }

                password.Append(key.KeyChar);
            }
        }
    }

    private static string Decode(ReadOnlySpan<byte> bytes, string source)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CliException(Messages.PasswordNotUtf8(source));
        }
    }

    /// <summary>Removes one trailing line end, as editors and <c>echo</c> add one; other white space is kept.</summary>
    private static ReadOnlySpan<byte> StripLineEnd(ReadOnlySpan<byte> text) =>
        text.EndsWith("\r\n"u8) ? text[..^2]
        : text.EndsWith("\n"u8) ? text[..^1]
        : text;
}
