using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>How <c>AddUpgradeKit()</c> builds <see cref="UpgradeRetention"/>: the host's archive, else the file-system one in <see cref="RetentionOptions.ArchiveDirectory"/>.</summary>
internal static class RetentionRegistration
{
    public static UpgradeRetention Create(IServiceProvider services, IUpgradeStore store)
    {
        var options = services.GetRequiredService<IOptions<UpgradeKitOptions>>().Value;
        var archive = services.GetService<IRetentionArchive>()
            ?? (options.Retention.ArchiveDirectory is { } directory ? new FileSystemRetentionArchive(directory) : null);
        if (options.Retention.Enabled && archive is null)
        {
            throw new InvalidOperationException(
                "Retention is on (UpgradeKit:Retention:Enabled) but has nowhere to archive: set UpgradeKit:Retention:ArchiveDirectory or register an IRetentionArchive.");
        }

        return new UpgradeRetention(store, archive, services.GetRequiredService<IClock>(), options,
            services.GetService<ILogger<UpgradeRetention>>(), services.GetService<System.Diagnostics.Metrics.IMeterFactory>());
    }
}
