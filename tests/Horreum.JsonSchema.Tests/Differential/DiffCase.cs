namespace Horreum.JsonSchema.Tests.Differential;

/// <summary>A generated schema and instance (JSON text); printed as FsCheck's counterexample.</summary>
public sealed record DiffCase(string Schema, string Instance)
{
    public override string ToString() => $"schema {Schema} instance {Instance}";
}
