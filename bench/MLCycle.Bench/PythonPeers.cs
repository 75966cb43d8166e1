using System.Diagnostics;

namespace MLCycle.Bench;

/// <summary>
/// The Python peers a benchmark compares with (pandas, scikit-learn, PyTorch), from Debian's packages: a fresh machine has
/// none of them, so the benchmark installs what it cannot import before it starts, as .ci/postgres.sh does for PostgreSQL.
/// </summary>
public static class PythonPeers
{
    private const string Python = "/usr/bin/python3";

    /// <summary>
    /// Installs the Debian package of every peer whose import statement fails; says so, and carries on if it cannot. The
    /// statement names what the benchmark uses (a bare "import sklearn" succeeds on a half-removed package's empty folders).
    /// </summary>
    public static void Ensure(params (string Import, string Package)[] peers)
    {
        var missing = peers.Where(p => !Imports(p.Import)).Select(p => p.Package).Distinct().ToArray();
        if (missing.Length == 0) return;
        Console.Error.WriteLine($"Installing the benchmark's peers with apt-get: {string.Join(' ', missing)} ...");
        var installed = Run("apt-get", ["update"]) && Run("apt-get", ["install", "-y", "--no-install-recommends", .. missing]);
        if (!installed || peers.Any(p => !Imports(p.Import)))
            Console.Error.WriteLine($"Could not install {string.Join(' ', missing)} (apt-get needs root); the benchmark reports the peers it cannot run.");
    }

    /// <summary>True when Debian's python3 runs the import statement (such as "import pandas").</summary>
    public static bool Imports(string statement) => File.Exists(Python) && Run(Python, ["-c", statement]);

    private static bool Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        try
        {
            using var process = Process.Start(info)!;
            // Read both streams so a chatty apt-get never blocks on a full pipe.
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            _ = output.Result + errors.Result;
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no such program (no apt-get, no python3)
        }
    }
}
