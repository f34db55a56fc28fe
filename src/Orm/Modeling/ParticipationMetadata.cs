namespace Horreum.Orm.Modeling;

/// <summary>A sorted set of another model that records of this model join (<see cref="ParticipatesInAttribute"/>).</summary>
public sealed class ParticipationMetadata
{
    internal ParticipationMetadata(Type target, string collection, FieldMetadata? score)
    {
        Target = target;
        Collection = collection;
        Score = score;
    }

    /// <summary>The model holding the collection.</summary>
    public Type Target { get; }

    /// <summary>The collection name on the target.</summary>
    public string Collection { get; }

    /// <summary>The field whose value is the score; null for the time of joining.</summary>
    public FieldMetadata? Score { get; }
}
