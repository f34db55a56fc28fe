namespace Horreum.Orm.Modeling;

/// <summary>
/// Turns on a model-level feature by name, e.g. <c>[Feature("expiration")]</c>. An unknown name is a
/// <see cref="ModelDefinitionException"/> when the model is first used.
/// </summary>
/// <param name="name">The feature's registered name.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class FeatureAttribute(string name) : Attribute
{
    /// <summary>The feature's registered name.</summary>
    public string Name { get; } = name;
}
