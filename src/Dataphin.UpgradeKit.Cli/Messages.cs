namespace Dataphin.UpgradeKit.Cli;

/// <summary>
/// What the tool tells an operator: one sentence each, saying what happened in plain words and what to do next, never
/// a .NET message, a temporary file's name or the password.
/// </summary>
internal static class Messages
{
    public const string WrongPassword =
        "The password does not open this file: type it exactly as it was shown with the download, or download the file again for a new password.";

    public const string NoPassword =
        "No password was given: type the one shown with the download, pipe it, or use --password-file <file>.";

    public const string StandardOutputRefused =
        "The plaintext is not written to standard output, because nothing may be shown before the whole file is verified: give a file path with --out.";

    public const string StandardInputRefused =
        "The encrypted file is not read from standard input (that is where a piped password comes from): give the file's path.";

    public static string NotAnAgeFile(string input) =>
        $"'{input}' is not an encrypted configuration file: choose the .age file the download gave you.";

    public static string DamagedArmor(string input) =>
        $"'{input}' is an armored (text) file whose text was changed or cut: copy it again, from its '-----BEGIN' line to its '-----END' line.";

    public static string DamagedHeader(string input, string detail) =>
        $"'{input}' cannot be opened, its header is damaged or was not written by a download ({Sentence(detail)}): download the file again.";

    public static string TamperedHeader(string input) =>
        $"'{input}' was changed after it was downloaded (its header does not verify): download the file again.";

    public static string DamagedPayload(string input) =>
        $"'{input}' is damaged or incomplete (cut off or changed after download), so nothing was written: download the file again.";

    public static string InputMissing(string input) => $"The file '{input}' does not exist: check the path.";

    public static string InputIsAFolder(string input) => $"'{input}' is a folder: give the path of the encrypted file itself.";

    public static string InputUnreadable(string input) => $"'{input}' cannot be read (permission denied): check its permissions.";

    public static string OutputExists(string output) =>
        $"'{output}' already exists: add --force to replace it, or choose another path with --out.";

    public static string OutputIsALink(string output) =>
        $"'{output}' is a symbolic link, which upgradekit never replaces, even with --force: choose another path with --out.";

    public static string OutputIsAFolder(string output) =>
        $"'{output}' is a folder: give the path of a file in it with --out.";

    public static string OutputIsNotAFile(string output) =>
        $"'{output}' is a device, pipe or socket, and upgradekit writes only regular files: choose another path with --out.";

    public static string OutputIsTheInput(string output) =>
        $"'{output}' is the encrypted file itself: choose another path with --out.";

    public static string OutputFolderMissing(string output) =>
        $"The folder '{Path.GetDirectoryName(output)}' does not exist: create it, or choose another path with --out.";

    public static string OutputUnwritable(string output) =>
        $"upgradekit may not write in '{Path.GetDirectoryName(output)}' (permission denied): choose a folder you can write to with --out.";

    public static string WriteFailed(string output, string detail) =>
        $"Writing '{output}' failed ({Sentence(detail)}) and nothing was left behind: free some space or choose another path with --out.";

    public static string Interrupted(string signal) =>
        $"Interrupted by {signal} before the file was complete: nothing was written.";

    public static string PasswordFileMissing(string path) => $"The password file '{path}' does not exist: check the path.";

    public static string PasswordFileIsAFolder(string path) => $"The password file '{path}' is a folder: give the path of the file that holds the password.";

    public static string PasswordFileUnreadable(string path) => $"The password file '{path}' cannot be read (permission denied): check its permissions.";

    public static string PasswordFileTooLarge(string path, int limit) =>
        $"The password file '{path}' holds more than {limit} bytes, so it is not a password: check that you chose the right file.";

    public static string PipedPasswordTooLarge(int limit) =>
        $"Standard input gave more than {limit} bytes before a line end, so it is not a password: pipe only the password, e.g. echo \"$PASSWORD\" | upgradekit decrypt <file>.";

    public static string TypedPasswordTooLong(int limit) =>
        $"The typed password is longer than {limit} characters: type the password shown with the download.";

    public static string PasswordNotUtf8(string source) =>
        $"The password from {source} is not UTF-8 text: save it as UTF-8 or type it at the prompt.";

    /// <summary>A library message as a clause: without its final period and with a lower-case start.</summary>
    private static string Sentence(string message)
    {
        var text = message.TrimEnd('.');
        return text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }
}
