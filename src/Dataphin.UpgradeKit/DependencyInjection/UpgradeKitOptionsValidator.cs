using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Options;

namespace Dataphin.UpgradeKit.DependencyInjection;

/// <summary>Checks the options and that a store was chosen, when the host starts.</summary>
internal sealed class UpgradeKitOptionsValidator(IServiceProvider services) : IValidateOptions<UpgradeKitOptions>
{
    public const string NoStore =
        "No upgrade store was chosen for UpgradeKit: call UseInMemory(), UseSqlite(...) or UsePostgreSql(...) on the builder AddUpgradeKit returns.";

    public ValidateOptionsResult Validate(string? name, UpgradeKitOptions options)
    {
        var failures = new List<string>();
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            failures.Add(ex.Message);
        }

        if (services.GetService(typeof(IUpgradeStore)) is null)
        {
            failures.Add(NoStore);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
