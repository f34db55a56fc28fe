namespace Horreum.Orm.Modeling;

/// <summary>Overrides how a model's keys are named. Optional: by default the prefix is the snake_case class name.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ModelAttribute : Attribute
{
    /// <summary>Key prefix, e.g. <c>customer</c> gives <c>customer:{id}:object</c>. Must not contain ':'-free-breaking glob characters.</summary>
    public string? Prefix { get; set; }

    /// <summary>Suffix of the object hash key; <c>object</c> by default.</summary>
    public string Suffix { get; set; } = "object";
}
