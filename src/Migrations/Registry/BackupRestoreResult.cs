namespace Horreum.Migrations.Registry;

/// <summary>What restoring a migration's field backups did.</summary>
/// <param name="FieldsRestored">Fields set back to their old value.</param>
/// <param name="FieldsDeleted">Fields deleted because they did not exist before the migration.</param>
public sealed record BackupRestoreResult(long FieldsRestored, long FieldsDeleted);
