using Horreum.Migrations.Engine;
using Horreum.Orm.Modeling;

namespace Horreum.Migrations.Builtin;

/// <summary>
/// Converts one field's stored values to the field's new type on every record (Pipeline, raw values, field
/// backups so it is reversible). What <c>horreum new</c> writes for a changed type: <see cref="Convert"/> is yours
/// to write; the scaffold's stub throws, so the migration fails (listing the keys) until it is written.
/// </summary>
/// <typeparam name="T">The model (already declaring the new type).</typeparam>
public abstract class ConvertFieldMigration<T> : PipelineMigration<T>
    where T : class
{
    /// <summary>The field (storage name).</summary>
    protected abstract string Field { get; }

    /// <inheritdoc />
    public override string Description => $"Convert {typeof(T).Name}.{Field} to its new type";

    /// <inheritdoc />
    protected override bool UseRawHash => true;

    /// <summary>The new value (of the property's declared type) for a stored value; null removes the field.</summary>
    protected abstract object? Convert(string stored);

    /// <inheritdoc />
    protected sealed override bool ShouldProcess(T record) => false;

    /// <inheritdoc />
    protected sealed override FieldChanges BuildUpdate(T record) => FieldChanges.None;

    /// <inheritdoc />
    protected override FieldChanges BuildRawUpdate(string key, IReadOnlyDictionary<string, string?> hash, MigrationContext context)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(context);
        if (!hash.TryGetValue(Field, out var raw) || raw is null)
        {
            return FieldChanges.None;
        }
        var type = context.Client.Repository<T>().Model.FieldByStorageName(Field)?.Type
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no field '{Field}'.");
        if (context.Client.Repository<T>().Codec.IsValid(raw, type))
        {
            return FieldChanges.None;
        }
        return new FieldChanges().Set(Field, Convert(raw));
    }
}
