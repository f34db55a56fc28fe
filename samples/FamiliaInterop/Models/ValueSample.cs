using Horreum.Orm.Modeling;

namespace FamiliaInterop.Models;

/// <summary>Ruby: <c>class ValueSample; identifier_field :case_id; field :case_id; field :v</c> (untyped).</summary>
[Model(Profile = StorageProfile.Familia)]
public sealed class ValueSample
{
    /// <summary>The case name.</summary>
    [Identifier] public string CaseId { get; set; } = "";

    /// <summary>Any Ruby value: long/BigInteger, double, decimal (BigDecimal), string, bool, list, dictionary.</summary>
    public object? V { get; set; }
}
