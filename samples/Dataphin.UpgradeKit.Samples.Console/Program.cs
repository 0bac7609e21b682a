System.Console.WriteLine("Dataphin.UpgradeKit sample: coming with the lifecycle core.");
