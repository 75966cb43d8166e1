using System.CommandLine;
using System.Text.Json;
using MLCycle.Cli.Output;
using MLCycle.Cli.Remote;
using MLCycle.Client;
using MLCycle.Evaluation;
using MLCycle.Pipelines;
using MLCycle.Registry;
using MLCycle.Serving;
using MLCycle.Storage;

namespace MLCycle.Cli.Commands;

/// <summary>`mlcycle models list | show NAME | promote NAME VERSION | card NAME:VERSION | export NAME --format onnx --output FILE | route NAME`: the registry, with aliases and their history.</summary>
public static class ModelsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("models", "List registered models, show their versions, move aliases.");
        command.Add(List(console));
        command.Add(Show(console));
        command.Add(Promote(console));
        command.Add(ModelsCardCommand.Create(console));
        command.Add(Export(console));
        command.Add(ModelsRouteCommand.Create(console));
        ModelsApprovalCommand.AddTo(command, console);
        return command;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List registered models with their latest version and aliases.");
        command.SetAction(async (parse, ct) =>
        {
            IReadOnlyList<RegisteredModel> models;
            if (ServerConnection.Open(parse) is { } client)
            {
                using (client) models = [.. (await client.ListModelsAsync(ct)).Select(RemoteRecords.ToModel)];
            }
            else
            {
                await using var store = await RunsCommand.OpenAsync(parse, ct);
                models = await store.Registry.ListModelsAsync(ct);
            }
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(models);
            else ModelViews.WriteList(console, models);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "Registered model name." };
        var at = new Option<string?>("--at") { Description = "Also show which version each alias served at this time (ISO 8601, e.g. 2026-11-30T12:00Z), who moved it and who approved it." };
        var command = new Command("show", "Show a model's versions, aliases and the history of every alias move.") { name, at };
        command.SetAction(async (parse, ct) =>
        {
            var modelName = NameRules.ModelName(parse.GetValue(name));
            var moment = parse.GetValue(at) is { } text ? ParseMoment(text) : (DateTimeOffset?)null;
            if (ServerConnection.Open(parse) is { } client)
            {
                using (client) return await ShowRemoteAsync(console, parse, client, modelName, moment, ct);
            }
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            var model = await store.Registry.GetModelAsync(modelName, ct);
            var versions = await store.Registry.ListVersionsAsync(model.Name, ct);
            var history = await store.Registry.GetAliasHistoryAsync(model.Name, ct);
            var routes = await store.Registry.GetRoutesAsync(model.Name, ct);
            // The newest version's fitted treatments and fairness, read from its manifest, so users see what the model applies and how it treats groups.
            var newest = versions.MaxBy(v => v.Version);
            var manifest = newest is null ? null : await ModelPackage.ReadManifestAsync(store.Artifacts.Resolve(newest.PackagePath), ct);
            var treatments = manifest?.Treatments;
            var importance = newest is null ? null : await ReadImportanceAsync(store, newest, ct);
            var aliasesAt = moment is { } m ? await store.Promotions.AliasesAtAsync(model.Name, m, ct) : null;
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(new { model, versions, aliasHistory = history, treatments, importance, fairness = manifest?.Fairness ?? [], groupThresholds = manifest?.GroupThresholds, routes, at = moment, aliasesAt });
            else
            {
                ModelViews.WriteModel(console, model, versions, history);
                ModelViews.WriteRoutes(console, routes);
                if (aliasesAt is not null) ApprovalViews.WriteAliasesAt(console, model.Name, moment!.Value, aliasesAt);
                if (treatments is not null && newest is not null) TreatmentView.Write(console, newest.Version, treatments);
                if (importance is { Count: > 0 } && newest is not null) EvaluationView.WriteImportance(console.Ansi, importance, $"Permutation importance of version {newest.Version} on its test rows");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    // What the server's API returns: the model, its versions and each alias's history; the newest version's treatments, fairness and
    // importance from its run's artifacts on the server; its shadow and canary routes.
    private static async Task<int> ShowRemoteAsync(CliConsole console, ParseResult parse, MLCycleClient client, string name, DateTimeOffset? moment, CancellationToken ct)
    {
        if (moment is not null) throw new MLCycleException(ErrorKind.BadSpec, "--at works on a local store only; with --server, read the alias history that 'models show' prints.");
        var detail = await client.GetModelAsync(name, ct);
        var model = RemoteRecords.ToModel(detail.Model);
        var versions = detail.Versions.Select(RemoteRecords.ToVersion).ToList();
        var history = new List<AliasChange>();
        foreach (var alias in model.Aliases.Keys.Union(detail.ProtectedAliases.Keys).Order(StringComparer.Ordinal))
        {
            history.AddRange((await client.GetAliasHistoryAsync(model.Name, alias, ct)).Select(RemoteRecords.ToAliasChange));
        }
        history.Sort((a, b) => a.Time.CompareTo(b.Time));
        var routes = (await client.GetRoutesAsync(model.Name, ct)).Select(RemoteRecords.ToRoute).ToList();
        var newest = versions.MaxBy(v => v.Version);
        var (manifest, importance) = newest is null ? (null, null) : await RemotePackageFiles.ReadAsync(client, newest, ct);
        var treatments = manifest?.Treatments;
        if (parse.GetValue(GlobalOptions.Json))
        {
            console.WriteJson(new { model, versions, aliasHistory = history, treatments, importance, fairness = manifest?.Fairness ?? [],
                groupThresholds = manifest?.GroupThresholds, routes, at = moment, aliasesAt = (object?)null });
        }
        else
        {
            ModelViews.WriteModel(console, model, versions, history);
            ModelViews.WriteRoutes(console, routes);
            if (treatments is not null && newest is not null) TreatmentView.Write(console, newest.Version, treatments);
            if (importance is { Count: > 0 } && newest is not null) EvaluationView.WriteImportance(console.Ansi, importance, $"Permutation importance of version {newest.Version} on its test rows");
        }
        return ExitCodes.Ok;
    }

    private static DateTimeOffset ParseMoment(string text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var moment)
            ? moment
            : throw new MLCycleException(ErrorKind.BadSpec, $"--at '{NameRules.Show(text)}' is not a date and time; expected ISO 8601 such as 2026-11-30T12:00Z.");

    // Stored by the run beside the package (the package's hash was fixed before it was measured); null for versions from before it.
    private static async Task<IReadOnlyList<FeatureImportance>?> ReadImportanceAsync(MLCycleStore store, ModelVersion version, CancellationToken ct)
    {
        var path = store.Artifacts.Resolve(version.RunId, PipelineRunner.ImportanceFile);
        if (!File.Exists(path)) return null;
        return JsonSerializer.Deserialize<List<FeatureImportance>>(await File.ReadAllTextAsync(path, ct), ModelPackageJson.Options);
    }

    private static Command Promote(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "Registered model name." };
        var version = new Argument<int>("version") { Description = "Version to point the alias at." };
        var alias = new Option<string>("--alias") { Description = "Alias to move.", DefaultValueFactory = _ => ChampionChallenger.Champion };
        var reason = new Option<string>("--reason") { Description = "Why: recorded in the alias history.", DefaultValueFactory = _ => "manual promotion" };
        var command = new Command("promote", "Point an alias (default: champion) at a version; the move is recorded with who and why.") { name, version, alias, reason };
        command.SetAction(async (parse, ct) =>
        {
            var model = NameRules.ModelName(parse.GetValue(name));
            NameRules.Alias(parse.GetValue(alias));
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            var target = await store.Registry.GetVersionAsync(model, parse.GetValue(version), ct);
            await store.Registry.SetAliasAsync(model, parse.GetValue(alias)!, target.Version, Environment.UserName, parse.GetValue(reason)!, ct);
            var history = await store.Registry.GetAliasHistoryAsync(model, ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(history[^1]);
            else console.Out.WriteLine($"{model}@{parse.GetValue(alias)} -> v{target.Version}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export(CliConsole console)
    {
        var name = new Argument<string>("model") { Description = "NAME, NAME@alias or NAME:version." };
        var format = new Option<string>("--format") { Description = "Export format; onnx is the only one.", Required = true };
        var output = new Option<string>("--output") { Description = "File to write, e.g. churn.onnx; a JSON sidecar (churn.onnx.json) describing inputs and outputs goes beside it.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing output file and sidecar." };
        var command = new Command("export", "Export a registered version as an ONNX file for ONNX Runtime, with a JSON sidecar an app can read.") { name, format, output, force };
        command.SetAction(async (parse, ct) =>
        {
            if (!string.Equals(parse.GetValue(format), "onnx", StringComparison.OrdinalIgnoreCase))
                throw new MLCycleException(ErrorKind.BadSpec, $"--format '{NameRules.Show(parse.GetValue(format) ?? "")}' is not supported; expected onnx.");
            await using var store = await RunsCommand.OpenAsync(parse, ct);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var description = await new OnnxExporter(store.Registry, store.Artifacts).ExportAsync(parse.GetValue(name)!, path, parse.GetValue(force), ct);
            if (parse.GetValue(GlobalOptions.Json)) console.WriteJson(new { output = path, sidecar = OnnxExporter.SidecarPath(path), description });
            else
            {
                console.Out.WriteLine($"{description.Model}:{description.Version} ({description.Algorithm}, {description.Task.ToString().ToLowerInvariant()}) -> {path}");
                console.Out.WriteLine($"  inputs:  {string.Join(", ", description.Inputs.Select(i => $"{i.Name} {i.Type}[{i.Slots!.Count}]"))}");
                console.Out.WriteLine($"  outputs: {string.Join(", ", description.Outputs.Select(o => $"{o.Name} {o.Type}"))}");
                console.Out.WriteLine($"  sidecar: {OnnxExporter.SidecarPath(path)} (slot names, encoding, classes, threshold)");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
