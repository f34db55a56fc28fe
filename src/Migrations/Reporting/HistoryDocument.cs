using Horreum.Migrations.Registry;

namespace Horreum.Migrations.Reporting;

/// <summary><c>horreum history [ID] --json</c> and <c>GET …/api/history</c>: recorded steps, oldest first.</summary>
/// <param name="Events">The steps.</param>
internal sealed record HistoryDocument(IReadOnlyList<HistoryItem> Events)
{
    /// <summary>Builds the document from registry events.</summary>
    public static HistoryDocument From(IEnumerable<RegistryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return new HistoryDocument([.. events.Select(HistoryItem.From)]);
    }
}
