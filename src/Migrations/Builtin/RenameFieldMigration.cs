using Horreum.Migrations.Engine;
using Horreum.Migrations.Registry;
using StackExchange.Redis;

namespace Horreum.Migrations.Builtin;

/// <summary>
/// Renames a hash field on every record of <typeparamref name="T"/>, on the record pass like every other kind
/// (pipelined, checkpointed so a killed run resumes, throttled and reported by the run's options): the stored bytes
/// move unchanged to the new field and the old field goes, in one MULTI per record, so a record never has both or
/// neither. A record that already has the new field beside the old one is an error for that record (nothing of it
/// is written); one that has only the new field is done. Reversible: down renames back.
/// What <c>horreum new</c> writes for a renamed property.
/// </summary>
/// <typeparam name="T">The model.</typeparam>
public abstract class RenameFieldMigration<T> : Migration
    where T : class
{
    /// <summary>The old field (storage name).</summary>
    protected abstract string OldField { get; }

    /// <summary>The new field (storage name).</summary>
    protected abstract string NewField { get; }

    /// <inheritdoc />
    public override string Description => $"Rename {typeof(T).Name} field {OldField} → {NewField}";

    /// <inheritdoc />
    public override bool IsReversible => true;

    /// <inheritdoc />
    public override Task DownAsync(MigrationContext context, CancellationToken cancellationToken) => RenameAsync(context, NewField, OldField, cancellationToken);

    internal override Task ExecuteAsync(MigrationContext context, CancellationToken cancellationToken) => RenameAsync(context, OldField, NewField, cancellationToken);

    private Task RenameAsync(MigrationContext context, string from, string to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // No field backups: the way back is the inverse rename (DownAsync), which needs none.
        return RecordPass<T>.RunAsync(context, this, backups: false, (pass, record, _) =>
        {
            if (pass.Stored.TryGetValue(from, out var value))
            {
                if (pass.Stored.ContainsKey(to))
                {
                    throw new MigrationPreconditionFailedException($"{record.Key} has both {from} and {to}: renaming {from} would overwrite {to}; nothing of this record was written.", Id);
                }
                pass.Queue(new PreparedWrite(record.Key, [new FieldWrite(to, value, null)], [new FieldWrite(from, null, value)]));
            }
            return ValueTask.CompletedTask;
        }, cancellationToken);
    }
}
