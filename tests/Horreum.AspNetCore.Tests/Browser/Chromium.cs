using Microsoft.Playwright;

namespace Horreum.AspNetCore.Tests.Browser;

/// <summary>
/// Debian's chromium driven by Playwright (never Playwright's own browser download: there is no CDN here), with a
/// fresh profile per launch and every background service that could reach the network switched off.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string InstallHint = "apt-get update && apt-get install -y chromium";

    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private Chromium(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    public IBrowserContext Context { get; }

    /// <summary>The browser binary: HORREUM_CHROMIUM, else /usr/bin/chromium.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("HORREUM_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<Chromium> LaunchAsync(int width = 1280, int height = 900)
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"The browser tests need Debian's chromium at {ExecutablePath} (or HORREUM_CHROMIUM=/path). Install it with: {InstallHint}  (./run.sh test does that when run as root).");
        }
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("horreum-chromium-").FullName;
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Timeout = 60_000,
        });
        return new Chromium(playwright, context, profile);
    }

    /// <summary>Where screenshots go: artifacts/test-results/screenshots at the repository root (never committed).</summary>
    public static string ScreenshotDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrmMigrations.sln")))
        {
            dir = dir.Parent;
        }
        var root = dir?.FullName ?? AppContext.BaseDirectory;
        return Directory.CreateDirectory(Path.Combine(root, "artifacts", "test-results", "screenshots")).FullName;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium may still be writing its profile while it exits; the temp folder is cleaned by the OS.
        }
    }
}
