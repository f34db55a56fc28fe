using Horreum.Orm.Modeling;

namespace Horreum.Migrations.FaultHost;

/// <summary>The record the fault tests migrate.</summary>
public sealed class FaultRecord
{
    [Identifier] public string Id { get; set; } = "";
    public string? Status { get; set; }
    public string? Stamp { get; set; }
}
