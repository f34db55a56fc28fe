using Horreum.Orm.Modeling;

namespace Horreum.Cli.Tests.Fixtures;

/// <summary>A model for the CLI tests that load this assembly with --assembly.</summary>
public sealed class Member
{
    [Identifier] public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Email { get; set; }
}
