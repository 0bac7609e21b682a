namespace Dataphin.UpgradeKit.Cli.Commands;

/// <summary>The parsed arguments of <c>upgradekit decrypt</c>.</summary>
internal sealed record DecryptOptions(string InputPath, string OutputPath, string? PasswordFile, bool Force)
{
    /// <summary>Parses <paramref name="args"/> (after the <c>decrypt</c> verb); returns null with an error text when they are wrong.</summary>
    public static DecryptOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? input = null, output = null, passwordFile = null;
        var force = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--out" or "-o":
                    if (!TryValue(args, ref i, out output))
                    {
                        error = "--out needs a path.";
                        return null;
                    }

                    break;
                case "--password-file":
                    if (!TryValue(args, ref i, out passwordFile))
                    {
                        error = "--password-file needs a path.";
                        return null;
                    }

                    break;
                case "--force":
                    force = true;
                    break;
                case var option when option.StartsWith('-') && option != "-":
                    error = $"Unknown option '{option}'. The password is never taken from the command line: pipe it or use --password-file.";
                    return null;
                case var path when input is null:
                    input = path;
                    break;
                default:
                    error = $"Unexpected argument '{args[i]}'.";
                    return null;
            }
        }

        if (input is null)
        {
            error = "Missing the encrypted file to decrypt.";
            return null;
        }

        // R-SEC-4 and R-CFG-4: standard output would show plaintext before the file verified; standard input carries the password.
        if (output == "-")
        {
            error = Messages.StandardOutputRefused;
            return null;
        }

        if (input == "-")
        {
            error = Messages.StandardInputRefused;
            return null;
        }

        if (output is null)
        {
            if (!input.EndsWith(".age", StringComparison.OrdinalIgnoreCase) || input.Length <= 4)
            {
                error = "The input does not end in '.age': say where the plaintext goes with --out <path>.";
                return null;
            }

            output = input[..^4];
        }

        error = null;
        return new DecryptOptions(input, output, passwordFile, force);
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int i, out string? value)
    {
        if (i + 1 < args.Count)
        {
            value = args[++i];
            return true;
        }

        value = null;
        return false;
    }
}
