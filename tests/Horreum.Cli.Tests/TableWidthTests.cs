using Horreum.Cli.Infrastructure;
using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Horreum.Cli.Tests;

/// <summary>The tables on an 80-column terminal: ids whole on one line, nothing wider than the terminal.</summary>
public sealed class TableWidthTests
{
    private static readonly string[] s_ids =
    [
        "20250101_000000_customers_v1_to_v2",
        "20250101_000100_sessions_rename_ip",
        "20250101_000200_sessions_v1_to_v2",
        "20250102_000000_customers_pro_from_balance",
    ];

    private static string[] RenderAt(int width, IRenderable table)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        console.Write(table);
        return writer.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
    }

    private static void AssertFits(string[] lines, int width, params string[] mustShow)
    {
        Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} columns: {l}"));
        foreach (var id in s_ids)
        {
            Assert.Contains(lines, l => l.Contains(id, StringComparison.Ordinal));
        }
        foreach (var text in mustShow)
        {
            Assert.Contains(lines, l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(80)]
    [InlineData(100)]
    [InlineData(160)]
    public void Run_table_keeps_ids_whole(int width)
    {
        var run = new MigrationRunResult(false, s_ids.Select(id => new MigrationResult
        {
            Id = id,
            Outcome = MigrationState.Applied,
            Scanned = 100_000,
            Modified = 99_999,
            FieldsChanged = 642_857,
            Duration = TimeSpan.FromSeconds(3.4),
        }).ToArray());
        AssertFits(RenderAt(width, Render.Run(run, width)), width, "Applied", "100,000");
    }

    [Theory]
    [InlineData(80)]
    [InlineData(160)]
    public void Status_table_keeps_ids_whole(int width)
    {
        var entries = s_ids.Select((id, i) => new MigrationStatusEntry(id, "", i < 2 ? MigrationState.Applied : MigrationState.Pending,
            i < 2 ? new MigrationRecord { Id = id, Status = MigrationState.Applied, AppliedAt = new DateTime(2026, 12, 4, 16, 0, 0, DateTimeKind.Utc), DurationMs = 1234, Scanned = 100_000, Modified = 100_000 } : null,
            CodeMissing: false, ChecksumChanged: i == 1)).ToArray();
        AssertFits(RenderAt(width, Render.Status(entries, width)), width, "Applied", "Pending", "code changed");
    }

    [Theory]
    [InlineData(80)]
    [InlineData(160)]
    public void History_table_keeps_ids_whole(int width)
    {
        var events = s_ids.Select(id => new RegistryEvent(new DateTime(2026, 12, 4, 16, 0, 0, DateTimeKind.Utc), id, MigrationState.Applied, 166, null, "build-agent-7")).ToArray();
        AssertFits(RenderAt(width, Render.History(events, width)), width, "Applied", "2026-12-04");
    }
}
