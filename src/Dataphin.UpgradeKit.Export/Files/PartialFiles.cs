namespace Dataphin.UpgradeKit.Export.Files;

/// <summary>
/// The named partial files of this process (only where no unnamed file could be used), deleted when the process
/// exits before they were committed: <c>Environment.Exit</c>, the runtime's SIGTERM handling and a signal handler that
/// ends the process all run <see cref="AppDomain.ProcessExit"/> (R-SEC-2). A lock keeps a deletion from overlapping a
/// commit, so a file is either renamed into place complete or removed.
/// </summary>
internal static class PartialFiles
{
    private static readonly HashSet<string> Open = [];
    private static readonly Lock Gate = new();
    private static bool s_hooked;

    public static void Track(string path)
    {
        lock (Gate)
        {
            if (!s_hooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();
                s_hooked = true;
            }

            Open.Add(path);
        }
    }

    /// <summary>Runs <paramref name="rename"/> under the lock, unless the process is already exiting.</summary>
    public static void Commit(string path, Action rename)
    {
        lock (Gate)
        {
            if (!Open.Remove(path))
            {
                throw new OperationCanceledException("The process is exiting; the partial plaintext was removed.");
            }

            try
            {
                rename();
            }
            catch
            {
                File.Delete(path);
                throw;
            }
        }
    }

    public static void Delete(string path)
    {
        lock (Gate)
        {
            Open.Remove(path);
            File.Delete(path);
        }
    }

    private static void DeleteAll()
    {
        lock (Gate)
        {
            foreach (var path in Open)
            {
                File.Delete(path);
            }

            Open.Clear();
        }
    }
}
