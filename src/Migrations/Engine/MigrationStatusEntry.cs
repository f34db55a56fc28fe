using Horreum.Migrations.Registry;

namespace Horreum.Migrations.Engine;

/// <summary>One line of <c>status</c>.</summary>
/// <param name="Id">The migration id.</param>
/// <param name="Description">Its description ("" when its code is gone).</param>
/// <param name="State">Its state.</param>
/// <param name="Record">The registry's metadata, when any.</param>
/// <param name="CodeMissing">The registry knows it but no loaded migration has this id.</param>
/// <param name="ChecksumChanged">Applied, and its code or description changed since.</param>
public sealed record MigrationStatusEntry(string Id, string Description, MigrationState State, MigrationRecord? Record, bool CodeMissing, bool ChecksumChanged)
{
    /// <summary>Whether a run would execute it.</summary>
    public bool IsPending => State is MigrationState.Pending or MigrationState.Failed or MigrationState.RolledBack && !CodeMissing;
}
