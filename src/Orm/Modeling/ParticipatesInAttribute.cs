namespace Horreum.Orm.Modeling;

/// <summary>
/// The model joins a sorted set of another model (<c>[Feature("relationships")]</c>), as Familia's
/// <c>participates_in Team, :members, score: :created</c>: <c>{target prefix}:{target id}:{collection}</c> holds the
/// record's raw identifier, and the record's <c>{prefix}:{id}:participations</c> set names every collection it is in.
/// </summary>
/// <param name="target">The model whose records hold the collection.</param>
/// <param name="collection">The collection's name on the target, e.g. <c>members</c>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class ParticipatesInAttribute(Type target, string collection) : Attribute
{
    /// <summary>The model whose records hold the collection.</summary>
    public Type Target { get; } = target;

    /// <summary>The collection's name on the target (a key segment: no ':').</summary>
    public string Collection { get; } = collection;

    /// <summary>
    /// The property (CLR or storage name) whose numeric value is the member's score; when null, the time of joining
    /// (epoch seconds).
    /// </summary>
    public string? Score { get; set; }
}
