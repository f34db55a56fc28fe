using System.Diagnostics;

namespace Horreum.Packaging.Tests;

/// <summary>Runs a program to completion and keeps what it printed, for assertions that show the whole output.</summary>
internal sealed record DotnetProcess(int ExitCode, string Output)
{
    public static async Task<DotnetProcess> RunAsync(string fileName, string workingDirectory, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // The packed tool and app must not pick up this test host's MSBuild or test settings.
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new DotnetProcess(process.ExitCode, (await stdout) + (await stderr));
    }

    public override string ToString() => $"exit {ExitCode}\n{Output}";
}
