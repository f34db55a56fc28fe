using Horreum.Migrations.Engine;
using Horreum.Orm.Modeling;

namespace Horreum.Migrations.Builtin;

/// <summary>
/// Re-encrypts every <c>[Encrypted]</c> field of <typeparamref name="T"/> whose envelope names a key version other
/// than <see cref="Horreum.Orm.Encryption.EncryptionOptions.CurrentKeyVersion"/>, so the old key can be retired. Both
/// the old and the current keys must be configured. A dry run counts the records and fields it would re-encrypt (and
/// proves the old keys still decrypt them). Resumable like every Pipeline migration; reversible through its field
/// backups (the old envelopes come back, which still need the old key).
/// </summary>
/// <typeparam name="T">The model.</typeparam>
public abstract class RotateEncryptionKeyMigration<T> : PipelineMigration<T>
    where T : class
{
    private string? _current;
    private IReadOnlyList<EncryptedFieldMetadata> _fields = [];

    /// <inheritdoc />
    public override string Description => $"Re-encrypt the encrypted fields of {typeof(T).Name} with the current key version";

    /// <inheritdoc />
    public override Task PrepareAsync(MigrationContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var repository = context.Client.Repository<T>();
        _fields = repository.Model.EncryptedFields;
        _current = context.Client.Options.Encryption.CurrentKeyVersion;
        if (_fields.Count == 0)
        {
            throw new InvalidOperationException($"{Id}: {typeof(T).Name} has no [Encrypted] field.");
        }
        if (_current is null)
        {
            throw new InvalidOperationException($"{Id}: no current encryption key version is configured (HorreumOptions.Encryption).");
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override bool ShouldProcess(T record) => _fields.Any(f => NeedsRotation(f, record));

    /// <inheritdoc />
    protected override FieldChanges BuildUpdate(T record)
    {
        var changes = new FieldChanges();
        foreach (var field in _fields.Where(f => NeedsRotation(f, record)))
        {
            // Decrypt with the version the envelope names; the write encrypts with the current version.
            changes.Set(field.Field.StorageName, ConcealedString.From(((ConcealedString)field.Field.GetValue(record)!).Reveal()));
        }
        return changes;
    }

    private bool NeedsRotation(EncryptedFieldMetadata field, T record) =>
        field.Field.GetValue(record) is ConcealedString { Envelope: { } envelope } && Horreum.Orm.Encryption.FieldCipher.KeyVersionOf(envelope) != _current;
}
