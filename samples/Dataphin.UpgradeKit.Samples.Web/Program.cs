// The Dataphin.UpgradeKit web sample: the Upgrade Records page over the AspNetCore package, on the embedded SQLite
// store (or a shared PostgreSQL database with --postgres "<connection string>"), seeded with realistic upgrades.
// Run: dotnet run --project samples/Dataphin.UpgradeKit.Samples.Web -- --urls http://127.0.0.1:5080
using Dataphin.UpgradeKit.Samples.Web;

var app = await SampleApp.BuildAsync(args);
await app.RunAsync();
