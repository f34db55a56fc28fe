namespace Horreum.Orm.Modeling;

/// <summary>Overrides how a model's keys are named and which storage profile it uses. Optional.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ModelAttribute : Attribute
{
    private StorageProfile _profile;

    /// <summary>Key prefix, e.g. <c>customer</c> gives <c>customer:{id}:object</c>; may contain ':' (<c>acme:thing</c>).</summary>
    public string? Prefix { get; set; }

    /// <summary>
    /// The class name the stored data carries: the encryption context of an encrypted field is
    /// <c>{ClassName}:{field}:{identifier}</c>, and without <see cref="Prefix"/> the key prefix comes from its last
    /// <c>::</c> segment. Default: the CLR type name. To share data with Ruby Familia, give the Ruby class name with its
    /// modules (<c>Acme::Vault</c>), as Familia's <c>self.class.name</c> says it.
    /// </summary>
    public string? ClassName { get; set; }

    /// <summary>Suffix of the object hash key; <c>object</c> by default.</summary>
    public string Suffix { get; set; } = "object";

    /// <summary>
    /// The storage profile of this model; when not set, the client's <see cref="HorreumOptions.Profile"/> applies.
    /// </summary>
    public StorageProfile Profile
    {
        get => _profile;
        set
        {
            _profile = value;
            HasProfile = true;
        }
    }

    /// <summary>Whether <see cref="Profile"/> was set on the attribute.</summary>
    public bool HasProfile { get; private set; }
}
