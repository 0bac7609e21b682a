using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Options;

namespace Dataphin.UpgradeKit.DependencyInjection;

/// <summary>
/// Checks the options and that a store was chosen, when the host starts. Options bound from configuration are reported
/// under their configuration keys (<c>UpgradeKit:Delivery:MaxAttempts</c>), values that could not be read included.
/// </summary>
internal sealed class UpgradeKitOptionsValidator(IServiceProvider services) : IValidateOptions<UpgradeKitOptions>
{
    public const string NoStore =
        "No upgrade store was chosen for UpgradeKit: call UseInMemory(), UseSqlite(...) or UsePostgreSql(...) on the builder AddUpgradeKit returns.";

    public ValidateOptionsResult Validate(string? name, UpgradeKitOptions options)
    {
        var configuration = services.GetService(typeof(UpgradeKitConfiguration)) as UpgradeKitConfiguration;
        var failures = new List<string>(configuration?.Problems ?? []);
        failures.AddRange(options.Problems().Select(p => OptionsSection.NameKey(p, configuration?.Path ?? string.Empty)));
        if (services.GetService(typeof(IUpgradeStore)) is null)
        {
            failures.Add(NoStore);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
