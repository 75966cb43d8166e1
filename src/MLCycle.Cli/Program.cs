using MLCycle.Cli;

return await CliApp.RunAsync(args);
