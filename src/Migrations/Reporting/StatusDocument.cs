using Horreum.Migrations.Engine;
using Horreum.Migrations.Locking;

namespace Horreum.Migrations.Reporting;

/// <summary><c>horreum status --json</c> and <c>GET …/api/status</c>: every migration with its state.</summary>
/// <param name="Pending">How many a run would execute.</param>
/// <param name="LockHolder">Who holds the runner lock now; null when it is free.</param>
/// <param name="Migrations">Each migration, in run order, then registry entries whose code is gone.</param>
public sealed record StatusDocument(int Pending, MigrationLockHolder? LockHolder, IReadOnlyList<StatusItem> Migrations)
{
    /// <summary>Builds the document from the runner's status and the lock holder.</summary>
    public static StatusDocument From(IReadOnlyList<MigrationStatusEntry> entries, MigrationLockHolder? holder)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new StatusDocument(entries.Count(e => e.IsPending), holder, [.. entries.Select(StatusItem.From)]);
    }
}
