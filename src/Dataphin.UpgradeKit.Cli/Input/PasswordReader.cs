using System.Text;

namespace Dataphin.UpgradeKit.Cli.Input;

/// <summary>
/// Reads the password from a file, from piped standard input, or from an interactive prompt without
/// echo; never from the command line, where it would land in shell history and process listings.
/// </summary>
internal static class PasswordReader
{
    public static string Read(string? passwordFile, TextReader stdin, TextWriter prompt)
    {
        if (passwordFile is not null)
        {
            return StripLineEnd(File.ReadAllText(passwordFile));
        }

        if (Console.IsInputRedirected)
        {
            return StripLineEnd(stdin.ReadLine() ?? string.Empty);
        }

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
                password.Append(key.KeyChar);
            }
        }
    }

    /// <summary>Removes one trailing line end, as editors and <c>echo</c> add one; other white space is kept.</summary>
    private static string StripLineEnd(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2]
        : text.EndsWith('\n') ? text[..^1]
        : text;
}
