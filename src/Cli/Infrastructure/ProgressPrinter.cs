using System.Globalization;
using Horreum.Migrations.Engine;

namespace Horreum.Cli.Infrastructure;

/// <summary>
/// Progress of a run: a line redrawn in place on a terminal, plain lines (at most one every 2 s per migration)
/// when output is redirected, nothing with --json.
/// </summary>
internal sealed class ProgressPrinter(CliIo io) : IProgress<MigrationProgress>
{
    private readonly Dictionary<string, TimeSpan> _lastLine = new(StringComparer.Ordinal);

    public void Report(MigrationProgress value)
    {
        if (io.Json)
        {
            return;
        }
        var done = value.EstimatedTotal is { } total && value.Processed >= total;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"  {value.MigrationId}: {value.Processed:N0}{(value.EstimatedTotal is { } t ? $"/{t:N0}" : "")} records{(value.Fraction is { } f ? $" ({f * 100:0}%)" : "")}, {value.RecordsPerSecond:N0}/s{(value.EstimatedRemaining is { } eta && !done ? $", ETA {eta.TotalSeconds:0} s" : "")}");
        if (io.IsInteractive)
        {
            var width = Math.Max(10, Math.Min(40, System.Console.WindowWidth - text.Length - 5));
            var filled = (int)Math.Round((value.Fraction ?? 0) * width);
            io.Output.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}]{text}   ");
            if (done)
            {
                io.Output.WriteLine();
            }
            return;
        }
        if (!_lastLine.TryGetValue(value.MigrationId, out var last) || value.Elapsed - last >= TimeSpan.FromSeconds(2) || done)
        {
            _lastLine[value.MigrationId] = value.Elapsed;
            io.Line(text);
        }
    }
}
