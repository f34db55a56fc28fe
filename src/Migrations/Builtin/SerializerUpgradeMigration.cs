using Horreum.Migrations.Engine;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;

namespace Horreum.Migrations.Builtin;

/// <summary>
/// The built-in v1 → v2 migration for any model: derive from it with your id. Field types come from the model's
/// declared properties (heuristics only for <c>object</c>/<c>JsonNode</c> fields). Idempotent: a second run
/// converts 0 fields. Counts per type (<c>converted.&lt;Type&gt;</c>, <c>removed.nil</c>, <c>already_v2</c>);
/// a value it cannot convert is reported with key and field, left untouched, and fails the migration unless
/// <see cref="Migration.MaxErrors"/> / <see cref="Migration.ContinueOnError"/> allow it. Fields the model does
/// not declare are left alone.
/// </summary>
/// <typeparam name="T">The model.</typeparam>
public abstract class SerializerUpgradeMigration<T> : PipelineMigration<T>
    where T : class
{
    // "converted.<Type>" per field type, built once rather than per field of every record.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> _statNames = new();

    /// <inheritdoc />
    public override string Description => $"Rewrite {typeof(T).Name} records from v1 (plain strings) to v2 (type-preserving JSON)";

    /// <inheritdoc />
    protected override bool UseRawHash => true;

    /// <summary>
    /// False by default: backing up every field of every record would double the data for an upgrade nobody
    /// rolls back to v1. Override to true to make the upgrade reversible.
    /// </summary>
    protected override bool BackupChangedFields => false;

    /// <inheritdoc />
    protected sealed override bool ShouldProcess(T record) => false;

    /// <inheritdoc />
    protected sealed override FieldChanges BuildUpdate(T record) => FieldChanges.None;

    /// <summary>
    /// What the text <c>null</c> in a string field means (see <see cref="V1NullText"/>). The default,
    /// <see cref="V1NullText.Leave"/>, changes nothing and loses nothing; the dry run lists every such value per
    /// field, so override this with <see cref="V1NullText.Text"/> or <see cref="V1NullText.Nil"/> once you know.
    /// </summary>
    protected virtual V1NullText NullText => V1NullText.Leave;

    /// <inheritdoc />
    protected override FieldChanges BuildRawUpdate(string key, IReadOnlyDictionary<string, string?> hash, MigrationContext context)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(context);
        var model = context.Client.Repository<T>().Model;
        var changes = new FieldChanges();
        List<string>? quoted = null;
        foreach (var (name, raw) in hash)
        {
            var field = model.FieldByStorageName(name);
            if (field is null || raw is null)
            {
                continue;
            }
            var decision = V1Values.Classify(raw, field.Type, context.Client.Serializer, NullText);
            switch (decision.Kind)
            {
                case V1ConversionKind.AlreadyV2:
                    context.TrackStat("already_v2");
                    if (field.Type == typeof(string) && V1Values.IsJsonStringLiteral(raw))
                    {
                        (quoted ??= []).Add(name);
                    }
                    break;
                case V1ConversionKind.Ambiguous:
                    context.TrackStat("left.null");
                    context.ReportFinding(typeof(T).Name, name, "ambiguous null", key,
                        "hold the text null, left as stored (read as null); set NullText to Text (the word) or Nil (remove) to decide");
                    break;
                case V1ConversionKind.Remove:
                    context.TrackStat("removed.nil");
                    changes.Remove(name);
                    if (raw == "null" && field.Type == typeof(string))
                    {
                        context.ReportFinding(typeof(T).Name, name, "null as nil", key, "hold the text null, removed as nil (NullText = Nil)");
                    }
                    break;
                case V1ConversionKind.Convert:
                    context.TrackStat(_statNames.GetOrAdd(field.Type, static t => "converted." + TypeNames.Of(Nullable.GetUnderlyingType(t) ?? t)));
                    changes.Set(name, decision.Value);
                    if (raw == "null")
                    {
                        context.ReportFinding(typeof(T).Name, name, "null as text", key, "hold the text null, written as the string \"null\" (NullText = Text)");
                    }
                    break;
                default:
                    context.RecordError(key, new FieldDecodeException(key, name, field.Type, raw, decision.Reason ?? "cannot be converted"));
                    break;
            }
        }
        if (quoted is not null && !changes.IsEmpty)
        {
            // A record with v1 values whose string field already looks like a JSON string: v2 (kept), or v1 text that
            // began and ended with a quote? Kept as v2; listed so you can check.
            foreach (var name in quoted)
            {
                context.ReportFinding(typeof(T).Name, name, "already a JSON string", key,
                    "hold text that is already a JSON string in a record with v1 values, kept as v2 (check: v1 text with quotes would lose them)");
            }
        }
        return changes;
    }
}
