using Dataphin.UpgradeKit.Cli.Commands;

return DecryptCommand.Run(args, Console.In, Console.Out, Console.Error);
