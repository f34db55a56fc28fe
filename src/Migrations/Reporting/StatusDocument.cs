using Horreum.Migrations.Engine;
using Horreum.Migrations.Locking;
using Horreum.Migrations.Registry;

namespace Horreum.Migrations.Reporting;

/// <summary><c>horreum status --json</c> and <c>GET …/api/status</c>: every migration with its state.</summary>
/// <param name="Pending">How many a run would execute.</param>
/// <param name="LockHolder">Who holds the runner lock now; null when it is free.</param>
/// <param name="Migrations">Each migration, in run order, then registry entries whose code is gone.</param>
internal sealed record StatusDocument(int Pending, MigrationLockHolder? LockHolder, IReadOnlyList<StatusItem> Migrations)
{
    /// <summary>
    /// Migrations Ruby Familia recorded in its own ledger (<c>familia:migrations:*</c>), read-only: shown beside ours,
    /// never counted as pending or applied here. Empty when there are none.
    /// </summary>
    public IReadOnlyList<FamiliaAppliedMigration> FamiliaMigrations { get; init; } = [];

    /// <summary>Builds the document from the runner's status, the lock holder and the migrations Ruby Familia recorded.</summary>
    public static StatusDocument From(IReadOnlyList<MigrationStatusEntry> entries, MigrationLockHolder? holder, IReadOnlyList<FamiliaAppliedMigration>? familia = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new StatusDocument(entries.Count(e => e.IsPending), holder, [.. entries.Select(StatusItem.From)]) { FamiliaMigrations = familia ?? [] };
    }
}
