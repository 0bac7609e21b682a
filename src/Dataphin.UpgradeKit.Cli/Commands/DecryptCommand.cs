using System.Reflection;
using Dataphin.UpgradeKit.Cli.Input;
using Dataphin.UpgradeKit.Export;
using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Files;

namespace Dataphin.UpgradeKit.Cli.Commands;

/// <summary><c>upgradekit decrypt &lt;file&gt; [--out &lt;path&gt;] [--password-file &lt;path&gt;] [--force]</c>.</summary>
internal static class DecryptCommand
{
    public const string Help = """
        upgradekit: decrypt a configuration file downloaded from the upgrade records page, or read a retention
        archive back.

        Usage:
          upgradekit decrypt <file> [--out <path>] [--password-file <path>] [--force]
          upgradekit archive <directory> [--record <id>]
          upgradekit --help | --version

        Arguments:
          <file>                  The encrypted file: an age v1 file with a passphrase recipient, binary or
                                  ASCII-armored (the text form 'age -a' writes).

        Options:
          -o, --out <path>        Where to write the plaintext. Default: <file> without its '.age' suffix.
                                  Only a regular file is written: a symbolic link, a device, a folder or the
                                  input itself is refused, even with --force. '-' (standard output) is refused:
                                  nothing may be shown before the whole file is verified.
          --password-file <path>  Read the password from this file (at most 1024 bytes; one line end is ignored).
          --force                 Replace the output file if it exists (a regular file only).
          -h, --help              Show this help.
          --version               Show the tool's version.

        archive: checks every file a retention archive's manifest lists against its SHA-256, then lists each archived
        record (id, final status, finish, versions, counts, configuration file name) and counts the audit entries
        archived by their own period; --record <id> shows one record and its audit entries. Nothing is written.

        The password is read from --password-file, else from standard input when it is piped (its first line,
        at most 1024 bytes), else from a prompt that does not echo. It is never taken as an argument.

        Nothing is left behind on failure. The header and password are checked before any output exists; the
        plaintext then goes to a file with no name (Linux O_TMPFILE, in the output's folder), which is named
        <path> only after the whole file verified. An error, Ctrl+C (SIGINT), SIGTERM or SIGHUP removes it
        (exit 128 + the signal number), and on Linux so does SIGKILL or a crash: an unnamed file cannot
        outlive the process. Where O_TMPFILE is missing (other systems, some file systems), a hidden
        '.<name>.<random>.partial' file next to the output is used instead and removed on every failure and
        signal above; only SIGKILL or a crash can leave it, and it may then be deleted.

        Exit codes:
          0    decrypted
          1    wrong password
          2    usage error (arguments, password missing or too large)
          3    the input is not an age file
          4    the header or armor is malformed or unsupported (e.g. work factor above the cap)
          5    the header was tampered with (MAC mismatch)
          6    the payload is damaged or truncated
          7    I/O error (input missing, output refused or exists, cannot write)
          8    archive: a file is missing or does not match the manifest's SHA-256, or no manifest
          129  interrupted by SIGHUP, 130 by SIGINT, 143 by SIGTERM: nothing was written
        """;

    public static int Run(string[] args, Stream stdin, bool stdinIsRedirected, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help" || args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Help);
            return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        if (args is ["--version"])
        {
            stdout.WriteLine("upgradekit " + Version());
            return ExitCodes.Success;
        }

        if (args[0] == "archive")
        {
            return ArchiveCommand.Run(args[1..], stdout, stderr);
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

        try
        {
            var written = Decrypt(options, stdin, stdinIsRedirected, stderr);
            stdout.WriteLine($"Decrypted {written} bytes to {options.OutputPath}");
            return ExitCodes.Success;
        }
        catch (CliException e)
        {
            stderr.WriteLine("upgradekit: " + e.Message);
            return e.ExitCode;
        }
    }

    /// <summary>The informational version, without the source revision a build may append after '+'.</summary>
    internal static string Version()
    {
        var version = typeof(DecryptCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    private static long Decrypt(DecryptOptions options, Stream stdin, bool stdinIsRedirected, TextWriter stderr)
    {
        var input = OpenInput(options.InputPath);
        using (input)
        {
            var password = PasswordReader.Read(options.PasswordFile, stdin, stdinIsRedirected, stderr);
            if (password.Length == 0)
            {
                throw new CliException(Messages.NoPassword);
            }

            // Signals are caught only from here: before, nothing exists that could be left behind (and a prompt must stay interruptible).
            using var signals = new InterruptSignals(stderr);
            try
            {
                return ConfigurationDecryptor.DecryptToFile(input, options.OutputPath, password, options.Force, signals.Token);
            }
            catch (OperationCanceledException) when (signals.Received is { } signal)
            {
                throw new CliException(Messages.Interrupted(signal.Name), signal.ExitCode);
            }
            catch (Exception e) when (Describe(e, options) is { } failure)
            {
                throw new CliException(failure.Message, failure.ExitCode);
            }
            finally
            {
                signals.Finished();
            }
        }
    }

    private static FileStream OpenInput(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliException(Messages.InputIsAFolder(path), ExitCodes.IoError);
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 16 * 1024);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException(Messages.InputMissing(path), ExitCodes.IoError);
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException(Messages.InputUnreadable(path), ExitCodes.IoError);
        }
    }

    /// <summary>The operator's sentence and exit code for a failure of the decryption, or null to let it pass (a bug).</summary>
    private static (string Message, int ExitCode)? Describe(Exception error, DecryptOptions options) => error switch
    {
        AgeWrongPasswordException => (Messages.WrongPassword, ExitCodes.WrongPassword),
        AgeForeignFileException => (Messages.NotAnAgeFile(options.InputPath), ExitCodes.NotAnAgeFile),
        AgeArmorException => (Messages.DamagedArmor(options.InputPath), ExitCodes.MalformedHeader),
        AgeHeaderException e => (Messages.DamagedHeader(options.InputPath, e.Message), ExitCodes.MalformedHeader),
        AgeHeaderMacException => (Messages.TamperedHeader(options.InputPath), ExitCodes.HeaderTampered),
        AgePayloadException => (Messages.DamagedPayload(options.InputPath), ExitCodes.PayloadDamaged),
        OutputFileRefusedException e => (Refusal(e, options.OutputPath), ExitCodes.IoError),
        UnauthorizedAccessException => (Messages.OutputUnwritable(options.OutputPath), ExitCodes.IoError),
        IOException e => (Messages.WriteFailed(options.OutputPath, e.Message), ExitCodes.IoError),
        _ => null,
    };

    private static string Refusal(OutputFileRefusedException refusal, string output) => refusal.Reason switch
    {
        OutputFileRefusal.Exists => Messages.OutputExists(output),
        OutputFileRefusal.SymbolicLink => Messages.OutputIsALink(output),
        OutputFileRefusal.Directory => Messages.OutputIsAFolder(output),
        OutputFileRefusal.SameAsInput => Messages.OutputIsTheInput(output),
        OutputFileRefusal.DirectoryMissing => Messages.OutputFolderMissing(Path.GetFullPath(output)),
        _ => Messages.OutputIsNotAFile(output),
    };
}
