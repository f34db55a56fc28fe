using Horreum.TestKit;
using Microsoft.Playwright;

namespace Horreum.AspNetCore.Tests.Browser;

/// <summary>The dashboard used as a person would: in chromium, against a real server and a real redis-server.</summary>
public sealed class DashboardBrowserTests(RedisFixture redis)
{
    private const string Token = "browser-token-8d2f41";

    [Fact]
    public async Task Dry_run_then_run_with_the_token_shows_live_progress_to_100_and_the_history_rows()
    {
        // Reads open, runs behind the token: what `horreum serve --token` does on loopback.
        await using var app = await DashboardApp.StartAsync(redis, o =>
        {
            o.AllowAnonymousReads = true;
            o.BearerToken = Token;
        }, customers: 4_000, prefix: "/");
        var shots = Chromium.ScreenshotDirectory();
        // Generous waits: two cores shared with other test processes; the assertions wait for states, not times.
        Assertions.SetDefaultExpectTimeout(30_000);
        await using var browser = await Chromium.LaunchAsync();
        var page = browser.Context.Pages.Count > 0 ? browser.Context.Pages[0] : await browser.Context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        var offSite = new List<string>();
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(app.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal))
            {
                offSite.Add(r.Url);
            }
        };

        await page.GotoAsync(app.BaseUrl.ToString());
        await Assertions.Expect(page.Locator("#migrations tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("4 pending");
        await Assertions.Expect(page.Locator("#migrations tbody tr").First).ToContainTextAsync("pending");

        // Dry run: a preview of what would change; nothing written.
        var before = await redis.DigestAsync(app.Namespace + ":");
        await page.ClickAsync("#dry-run");
        // A dry run reads all 4,000 records: give it time on a loaded machine.
        await Assertions.Expect(page.Locator("#preview tbody tr")).ToHaveCountAsync(4, new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#preview tbody tr").First).ToContainTextAsync("would apply");
        await Assertions.Expect(page.Locator("#preview tbody tr").First).ToContainTextAsync("4,000");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Nothing was written");
        await Assertions.Expect(page.Locator("#planned li").First).ToContainTextAsync("HSET " + app.Namespace + ":customer:");
        await page.ClickAsync("#check-data");
        await Assertions.Expect(page.Locator("#drift tbody td:nth-child(2):text-is('data')").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#drift-summary")).ToContainTextAsync("records checked");
        Assert.Equal(before, await redis.DigestAsync(app.Namespace + ":"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "01-dry-run.png"), FullPage = true });

        // Run without the token: refused, and the page asks for it.
        await page.ClickAsync("#run");
        await Assertions.Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#confirm-text")).ToContainTextAsync("Apply 4 pending migrations");
        await page.ClickAsync("#confirm-run");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("token");
        Assert.Equal(before, await redis.DigestAsync(app.Namespace + ":"));

        await page.FillAsync("#token", Token);
        await page.ClickAsync("#token-form button");
        await page.ClickAsync("#run");
        // Throttled so the run lasts a few seconds and the bar visibly moves.
        await page.FillAsync("#throttle", "2000");
        await page.ClickAsync("#confirm-run");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("started");
        // The page brings the progress bar into view itself when a run starts (it sits below the preview).
        await Assertions.Expect(page.Locator("#progress-bar")).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("#progress-stats")).ToContainTextAsync("records/s");
        await Assertions.Expect(page.Locator("#progress-bar")).Not.ToHaveAttributeAsync("aria-valuenow", "0");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "02-progress.png"), Animations = ScreenshotAnimations.Disabled });

        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-run", "done", new() { Timeout = 90_000 });
        var bar = page.Locator("#progress-bar");
        await Assertions.Expect(bar).ToHaveAttributeAsync("aria-valuenow", "100");
        // 100 % was reached by the stream's own progress reports, not only set at the end.
        await Assertions.Expect(bar).ToHaveAttributeAsync("data-max", "100");
        Assert.True(int.Parse(await bar.GetAttributeAsync("data-events") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 3);
        await Assertions.Expect(page.Locator("#progress-label")).ToContainTextAsync("Run finished: 4 applied");

        var history = page.Locator("#history tbody tr");
        await Assertions.Expect(history).ToHaveCountAsync(4);
        await Assertions.Expect(history.First).ToContainTextAsync("20250102_000000_customers_pro_from_balance");
        await Assertions.Expect(history.First).ToContainTextAsync("applied");
        await Assertions.Expect(page.Locator("#chart rect.bar-rect")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("0 pending");
        await Assertions.Expect(page.Locator("#run")).ToBeDisabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "03-done.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });

        // A phone-sized screen: nothing wider than the viewport except the tables' own scroll areas.
        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(4);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a phone screen");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "04-phone.png"), FullPage = true });

        Assert.Empty(errors);
        Assert.Empty(offSite);
    }
}
