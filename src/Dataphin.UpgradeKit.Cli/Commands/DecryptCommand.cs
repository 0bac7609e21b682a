using Dataphin.UpgradeKit.Cli.Input;
using Dataphin.UpgradeKit.Export;
using Dataphin.UpgradeKit.Export.Age;

namespace Dataphin.UpgradeKit.Cli.Commands;

/// <summary><c>upgradekit decrypt &lt;file&gt; [--out &lt;path&gt;] [--password-file &lt;path&gt;] [--force]</c>.</summary>
internal static class DecryptCommand
{
    public const string Help = """
        upgradekit: decrypt a configuration file downloaded from the upgrade records page.

        Usage:
          upgradekit decrypt <file> [--out <path>] [--password-file <path>] [--force]
          upgradekit --help

        Arguments:
          <file>                  The encrypted file (an age v1 file with a passphrase recipient).

        Options:
          -o, --out <path>        Where to write the plaintext. Default: <file> without its '.age' suffix.
          --password-file <path>  Read the one-time password from this file (one trailing line end is ignored).
          --force                 Replace the output file if it exists.
          -h, --help              Show this help.

        The password is read from --password-file, else from standard input when it is piped, else from
        an interactive prompt that does not echo. It is never accepted as a command-line argument.
        The plaintext is written to a temporary file next to the output and renamed into place only
        after the whole file authenticated: on any failure no output file is left behind.

        Exit codes:
          0  decrypted
          1  wrong password
          2  usage error
          3  the input is not an age file
          4  the header is malformed or unsupported (e.g. work factor above the cap)
          5  the header was tampered with (MAC mismatch)
          6  the payload is damaged or truncated
          7  I/O error (input missing, output exists, cannot write)
        """;

    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help" || args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Help);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        if (args[0] != "decrypt")
        {
            stderr.WriteLine($"upgradekit: unknown command '{args[0]}'. Run 'upgradekit --help'.");
            return ExitCodes.Usage;
        }

        var options = DecryptOptions.Parse(args[1..], out var error);
        if (options is null)
        {
            stderr.WriteLine($"upgradekit: {error} Run 'upgradekit --help'.");
            return ExitCodes.Usage;
        }

        return Decrypt(options, stdin, stdout, stderr);
    }

    private static int Decrypt(DecryptOptions options, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            if (!File.Exists(options.InputPath))
            {
                return Fail(stderr, ExitCodes.IoError, $"the input file '{options.InputPath}' does not exist.");
            }

            if (!options.Force && File.Exists(options.OutputPath))
            {
                return Fail(stderr, ExitCodes.IoError, $"the output file '{options.OutputPath}' exists; use --force to replace it.");
            }

            var password = PasswordReader.Read(options.PasswordFile, stdin, stderr);
            if (password.Length == 0)
            {
                return Fail(stderr, ExitCodes.Usage, "no password was given.");
            }

            using var input = File.OpenRead(options.InputPath);
            var written = ConfigurationDecryptor.DecryptToFile(input, options.OutputPath, password, options.Force);
            stdout.WriteLine($"Decrypted {written} bytes to {options.OutputPath}");
            return ExitCodes.Success;
        }
        catch (AgeWrongPasswordException e)
        {
            return Fail(stderr, ExitCodes.WrongPassword, "wrong password. " + e.Message);
        }
        catch (AgeForeignFileException e)
        {
            return Fail(stderr, ExitCodes.NotAnAgeFile, e.Message);
        }
        catch (AgeHeaderException e)
        {
            return Fail(stderr, ExitCodes.MalformedHeader, e.Message);
        }
        catch (AgeHeaderMacException e)
        {
            return Fail(stderr, ExitCodes.HeaderTampered, e.Message);
        }
        catch (AgePayloadException e)
        {
            return Fail(stderr, ExitCodes.PayloadDamaged, e.Message + " No output was written.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, ExitCodes.IoError, e.Message);
        }
    }

    private static int Fail(TextWriter stderr, int code, string message)
    {
        stderr.WriteLine($"upgradekit: {message}");
        return code;
    }
}
