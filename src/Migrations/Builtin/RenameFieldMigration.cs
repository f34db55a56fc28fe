using Horreum.Migrations.Engine;

namespace Horreum.Migrations.Builtin;

/// <summary>
/// Renames a hash field on every record of <typeparamref name="T"/> with the Lua catalog's <c>rename_field</c>
/// (atomic per record; a record that already has the target is an error for that record). Reversible: down
/// renames back. What <c>horreum new</c> writes for a renamed property.
/// </summary>
/// <typeparam name="T">The model.</typeparam>
public abstract class RenameFieldMigration<T> : BaseMigration
    where T : class
{
    /// <summary>The old field (storage name).</summary>
    protected abstract string OldField { get; }

    /// <summary>The new field (storage name).</summary>
    protected abstract string NewField { get; }

    /// <inheritdoc />
    public override string Description => $"Rename {typeof(T).Name} field {OldField} → {NewField} (rename_field)";

    /// <inheritdoc />
    public override bool IsReversible => true;

    /// <inheritdoc />
    protected override Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken) => RenameAsync(context, OldField, NewField, cancellationToken);

    /// <inheritdoc />
    public override Task DownAsync(MigrationContext context, CancellationToken cancellationToken) => RenameAsync(context, NewField, OldField, cancellationToken);

    private async Task RenameAsync(MigrationContext context, string from, string to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repository = context.Client.Repository<T>();
        var page = new List<string>(BatchSize);
        await foreach (var id in repository.ScanIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            page.Add(repository.Keys.ObjectKey(id));
            if (page.Count == BatchSize)
            {
                await RenamePageAsync(context, page, from, to, cancellationToken).ConfigureAwait(false);
                page.Clear();
            }
        }
        await RenamePageAsync(context, page, from, to, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RenamePageAsync(MigrationContext context, List<string> keys, string from, string to, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return;
        }
        context.CountScanned(keys.Count);
        var db = context.Database;
        var has = keys.Select(k => db.HashExistsAsync(k, from)).ToArray();
        await Task.WhenAll(has).ConfigureAwait(false);
        var todo = keys.Where((_, i) => has[i].Result).ToArray();
        if (todo.Length == 0)
        {
            return;
        }
        await context.WriteAsync($"rename_field {from}→{to} on {todo.Length} keys, e.g. {todo[0]}", async database =>
        {
            // The whole page is in flight at once (pipelined); each key's outcome is still checked on its own.
            var renames = todo.Select(key => (Key: key, Task: context.Lua.RenameFieldAsync(database, key, from, to, cancellationToken))).ToArray();
            foreach (var (key, task) in renames)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (MigrationPreconditionFailedException ex)
                {
                    context.RecordError(key, ex);
                }
            }
        }, cancellationToken).ConfigureAwait(false);
        foreach (var _ in todo)
        {
            context.CountChange(1);
        }
    }
}
