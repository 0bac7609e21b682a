using Dataphin.UpgradeKit.Operators;

namespace Dataphin.UpgradeKit.Testing.Model;

/// <summary>
/// One request of a history: an operator action (with <see cref="Operator"/>) or a host report (without), with the
/// options its dialog or report carries.
/// </summary>
public sealed record ModelRequest
{
    /// <summary>
    /// What is asked. <see cref="UpgradeOperation.Create"/>, <see cref="UpgradeOperation.ViewLog"/> and
    /// <see cref="UpgradeOperation.DownloadConfiguration"/> are not requests of a history.
    /// </summary>
    public required UpgradeOperation Operation { get; init; }

    /// <summary>The operator acting; null for what the host reports (start, progress, steps completed, failure, maintenance exit).</summary>
    public OperatorIdentity? Operator { get; init; }

    /// <summary>Stop: whether to rerun force-stopped instances.</summary>
    public bool RerunForceStoppedInstances { get; init; }

    /// <summary>Force-stop: the declared result; null when none was selected.</summary>
    public ForceStopResult? DeclaredResult { get; init; }

    /// <summary>Force-stop: whether the declaration checkbox was selected.</summary>
    public bool DeclarationAccepted { get; init; }

    /// <summary>Stop, Force-stop, Cancel: the operator's reason (a valid one); null when none was given.</summary>
    public string? Reason { get; init; }

    /// <summary>Progress: the force-stop task has run.</summary>
    public bool ForceStopTaskRan { get; init; }

    /// <summary>Progress: application shutdown has started.</summary>
    public bool ApplicationShutdownStarted { get; init; }

    /// <summary>Progress: the step the upgrade is now at; null leaves it as it is.</summary>
    public string? CurrentStep { get; init; }

    /// <summary>Save configuration: the file's name.</summary>
    public string ConfigurationFileName { get; init; } = "upgrade-config.yaml";

    /// <summary>Save configuration: the file's length in bytes.</summary>
    public int ConfigurationLength { get; init; } = 16;

    /// <summary>Failure: the host's description; may be null.</summary>
    public string? FailureReason { get; init; }

    /// <inheritdoc />
    public override string ToString() => Operation switch
    {
        UpgradeOperation.Stop => $"Stop(rerun={RerunForceStoppedInstances}, reason={Reason ?? "-"}) by {Operator?.Id}",
        UpgradeOperation.ForceStop => $"ForceStop(result={DeclaredResult?.ToString() ?? "none"}, declaration={DeclarationAccepted}, reason={Reason ?? "-"}) by {Describe(Operator)}",
        UpgradeOperation.Cancel => $"Cancel(reason={Reason ?? "-"}) by {Describe(Operator)}",
        UpgradeOperation.ReportProgress => $"ReportProgress(forceStopTaskRan={ForceStopTaskRan}, shutdown={ApplicationShutdownStarted}, step={CurrentStep ?? "-"})",
        UpgradeOperation.SaveConfiguration => $"SaveConfiguration({ConfigurationFileName}, {ConfigurationLength} bytes) by {Operator?.Id}",
        UpgradeOperation.Fail => $"Fail({FailureReason ?? "-"})",
        _ => Operator is null ? Operation.ToString() : $"{Operation} by {Describe(Operator)}",
    };

    private static string Describe(OperatorIdentity? actor) =>
        actor is null ? "host" : actor.Roles.Count == 0 ? actor.Id : $"{actor.Id}[{string.Join(",", actor.Roles)}]";
}
