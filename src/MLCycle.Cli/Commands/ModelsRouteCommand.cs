using System.CommandLine;
using MLCycle.Cli.Output;
using MLCycle.Registry;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle models route NAME --shadow REF | --canary REF=P% | --clear`: sets or ends the routes of a model's default reference,
/// which a running `mlcycle serve` picks up without a restart.</summary>
public static class ModelsRouteCommand
{
    public static Command Create(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "Registered model name." };
        var shadow = new Option<string?>("--shadow") { Description = "Alias or version scored beside the champion on every request, logged and not returned (e.g. challenger)." };
        var canary = new Option<string?>("--canary") { Description = "Alias or version answering a share of the requests instead of the champion, as REF=P% (e.g. challenger=10%)." };
        var clear = new Option<bool>("--clear") { Description = "End every route of the model." };
        var command = new Command("route", "Shadow or canary another version beside the champion on the model's default route; shown by `models show`.")
        {
            name, shadow, canary, clear,
        };
        command.SetAction(async (parse, ct) =>
        {
            var model = NameRules.ModelName(parse.GetValue(name));
            var shadowText = parse.GetValue(shadow);
            var canaryText = parse.GetValue(canary);
            var clearing = parse.GetValue(clear);
            if (clearing == (shadowText is not null || canaryText is not null))
                throw new MLCycleException(ErrorKind.BadSpec, "Give --shadow REF and/or --canary REF=P%, or --clear alone.");
            // Parsed before the store opens, so a malformed share is answered without touching it.
            var shadowTarget = shadowText is null ? null : ModelRoute.ParseTarget(model, shadowText);
            var canaryTarget = canaryText is null ? default : ParseCanary(model, canaryText);
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            var actor = Environment.UserName;
            if (clearing)
            {
                var ended = await store.Registry.ClearRoutesAsync(model, actor, ct);
                if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(new { model, cleared = ended, routes = Array.Empty<ModelRoute>() });
                else console.Out.WriteLine(ended.Count == 0 ? $"{model} has no routes." : $"{model}: ended {string.Join(", ", ended.Select(ModelViews.Route))}");
                return ExitCodes.Ok;
            }
            if (shadowTarget is not null) await store.Registry.SetRouteAsync(model, RouteKind.Shadow, shadowTarget, null, actor, ct);
            if (canaryTarget.Target is not null) await store.Registry.SetRouteAsync(model, RouteKind.Canary, canaryTarget.Target, canaryTarget.Share, actor, ct);
            var routes = await store.Registry.GetRoutesAsync(model, ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(new { model, routes });
            else console.Out.WriteLine($"{model}: {string.Join(", ", routes.Select(ModelViews.Route))}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (ModelReference? Target, double Share) ParseCanary(string model, string text)
    {
        var equals = text.LastIndexOf('=');
        if (equals <= 0)
            throw new MLCycleException(ErrorKind.BadSpec, $"--canary '{NameRules.Show(text)}': expected REF=P%, such as challenger=10%.");
        return (ModelRoute.ParseTarget(model, text[..equals]), ModelRoute.ParseShare(text[(equals + 1)..]));
    }
}
