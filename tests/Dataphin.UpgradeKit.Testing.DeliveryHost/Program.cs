using System.Globalization;
using Dataphin.UpgradeKit.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

// A host instance in its own process: the standard registration on PostgreSQL with its running dispatcher, and a
// handler that says on stdout which notification it holds and then hangs until the process dies.
// Usage: Dataphin.UpgradeKit.Testing.DeliveryHost <connection string> <lease in milliseconds>
// It exits when its standard input closes, so it never outlives the test that started it.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: Dataphin.UpgradeKit.Testing.DeliveryHost <connection string> <lease in milliseconds>");
    return 2;
}

var services = new ServiceCollection();
services.AddSingleton<IUpgradeNotificationHandler>(new HangingHandler());
services.AddUpgradeKit(options =>
{
    options.Delivery.LeaseDuration = Duration.FromMilliseconds(int.Parse(args[1], CultureInfo.InvariantCulture));
    options.Delivery.SweepInterval = Duration.FromMilliseconds(100);
    options.Delivery.BatchSize = 1; // One claim at a time: what it holds is exactly what it said it holds.
}).UsePostgreSql(args[0] + ";Application Name=delivery-host");
await using var provider = services.BuildServiceProvider();
var hosted = provider.GetServices<IHostedService>().ToList();
foreach (var service in hosted)
{
    await service.StartAsync(CancellationToken.None);
}

await Console.Out.WriteLineAsync("STARTED");
await Console.In.ReadToEndAsync();
foreach (var service in hosted)
{
    await service.StopAsync(CancellationToken.None);
}

return 0;

/// <summary>Announces the notification it was handed (id and attempt), then waits for cancellation.</summary>
internal sealed class HangingHandler : IUpgradeNotificationHandler
{
    public async Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
    {
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"HOLDING {notification.Id} {notification.Attempt}"));
        await Console.Out.FlushAsync(cancellationToken);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
