using Dataphin.UpgradeKit.Cli.Commands;

return DecryptCommand.Run(args, Console.OpenStandardInput(), Console.IsInputRedirected, Console.Out, Console.Error);
