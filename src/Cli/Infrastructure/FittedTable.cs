using Spectre.Console;

namespace Horreum.Cli.Infrastructure;

/// <summary>
/// A table that fits the terminal: migration ids never wrap, columns keep their natural width, and when the
/// terminal is too narrow the least important columns are left out and free-text columns wrap at a minimum width,
/// so an 80-column terminal shows whole ids instead of splitting each over five lines.
/// </summary>
internal sealed class FittedTable
{
    // Spectre's square border: "│ a │ b │" is 1 + (width + 3) per column.
    private const int PerColumn = 3;

    private readonly List<Spec> _columns = [];
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a column.</summary>
    /// <param name="header">The header text.</param>
    /// <param name="priority">0 = always shown; higher numbers are left out first when the terminal is narrow.</param>
    /// <param name="wrapAt">For free text: the narrowest width it may wrap at; null keeps it on one line.</param>
    /// <param name="right">Right-aligned (numbers).</param>
    public FittedTable Column(string header, int priority = 0, int? wrapAt = null, bool right = false)
    {
        _columns.Add(new Spec(header, priority, wrapAt, right));
        return this;
    }

    /// <summary>Adds a row of plain text cells (escaped when built).</summary>
    public FittedTable Row(params string[] cells)
    {
        if (cells.Length != _columns.Count)
        {
            throw new ArgumentException($"{cells.Length} cells for {_columns.Count} columns.", nameof(cells));
        }
        _rows.Add(cells);
        return this;
    }

    /// <summary>The Spectre table for a terminal <paramref name="width"/> columns wide.</summary>
    public Table Build(int width)
    {
        var natural = _columns.Select((c, i) => Math.Max(c.Header.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var needed = _columns.Select((c, i) => c.WrapAt is { } min ? Math.Min(natural[i], min) : natural[i]).ToArray();
        var shown = Enumerable.Range(0, _columns.Count).ToList();
        while (Width(shown, needed) > width && shown.Any(i => _columns[i].Priority > 0))
        {
            var drop = shown.Where(i => _columns[i].Priority > 0).OrderByDescending(i => _columns[i].Priority).ThenByDescending(i => i).First();
            shown.Remove(drop);
        }
        // Whatever is left over goes to the wrapping columns, up to their natural width.
        var widths = shown.ToDictionary(i => i, i => needed[i]);
        var spare = width - Width(shown, needed);
        foreach (var i in shown.Where(i => _columns[i].WrapAt is not null))
        {
            var grow = Math.Max(0, Math.Min(spare, natural[i] - widths[i]));
            widths[i] += grow;
            spare -= grow;
        }

        var table = new Table();
        foreach (var i in shown)
        {
            var spec = _columns[i];
            var column = new TableColumn(Markup.Escape(spec.Header)) { NoWrap = spec.WrapAt is null, Width = Math.Max(1, widths[i]) };
            table.AddColumn(spec.Right ? column.RightAligned() : column);
        }
        foreach (var row in _rows)
        {
            table.AddRow(shown.Select(i => Markup.Escape(row[i])).ToArray());
        }
        return table;
    }

    private static int Width(List<int> shown, int[] widths) => 1 + shown.Sum(i => widths[i] + PerColumn);

    private sealed record Spec(string Header, int Priority, int? WrapAt, bool Right);
}
