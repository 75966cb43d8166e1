using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Training.Algorithms;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle algorithms [--task T]`: the names train.algorithms takes, the tasks each trains and what it tunes.</summary>
public static class AlgorithmsCommand
{
    public static Command Create(CliConsole console)
    {
        var task = new Option<string?>("--task") { Description = "Only algorithms that train this task." };
        task.AcceptOnlyFromAmong(Enum.GetValues<TaskKind>().Select(AlgorithmCatalog.TaskName).ToArray());
        var command = new Command("algorithms", "List the algorithms train.algorithms takes, with their tasks and tuned hyperparameters.") { task };
        command.SetAction(parse =>
        {
            var wanted = parse.GetValue(task);
            var algorithms = wanted is null
                ? AlgorithmCatalog.Descriptors
                : AlgorithmCatalog.For(Enum.GetValues<TaskKind>().First(t => AlgorithmCatalog.TaskName(t) == wanted));
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(algorithms);
            else AlgorithmViews.Write(console, algorithms);
            return ExitCodes.Ok;
        });
        return command;
    }
}
