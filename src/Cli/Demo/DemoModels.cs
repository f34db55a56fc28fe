using Horreum.Orm.Collections;
using Horreum.Orm.Modeling;

namespace Horreum.Cli.Demo;

/// <summary>A customer of the demo shop.</summary>
public sealed class Customer
{
    /// <summary>Identifier.</summary>
    [Identifier] public string Id { get; set; } = "";

    /// <summary>Display name.</summary>
    public string? Name { get; set; }

    /// <summary>Postal code: a string that looks like a number.</summary>
    public string? PostalCode { get; set; }

    /// <summary>Age in years.</summary>
    public int Age { get; set; }

    /// <summary>Whether the account is active.</summary>
    public bool Active { get; set; }

    /// <summary>Balance, exact.</summary>
    public decimal Balance { get; set; }

    /// <summary>Sign-up time (UTC).</summary>
    public DateTime SignedUpAt { get; set; }

    /// <summary>Plan.</summary>
    public Plan Plan { get; set; }

    /// <summary>Free-form tags.</summary>
    public List<string>? Tags { get; set; }

    /// <summary>Optional nickname (null: no field stored).</summary>
    public string? Nickname { get; set; }

    /// <summary>Orders placed, a related list at <c>customer:{id}:orders</c>.</summary>
    public HorreumList<string>? Orders { get; set; }
}

/// <summary>A customer's plan.</summary>
public enum Plan
{
    /// <summary>Free.</summary>
    Free,

    /// <summary>Paid.</summary>
    Pro,
}

/// <summary>A login session: expires, and is checked against its JSON Schema on every save.</summary>
[Feature("expiration")]
[Expiration(3600)]
[Feature("schema_validation")]
public sealed class Session
{
    /// <summary>Identifier.</summary>
    [Identifier] public string Id { get; set; } = "";

    /// <summary>The customer's id.</summary>
    public string? CustomerId { get; set; }

    /// <summary>The client address (stored as <c>ip</c> by the old app; the demo renames it).</summary>
    public string? IpAddress { get; set; }

    /// <summary>When the session started.</summary>
    public DateTimeOffset StartedAt { get; set; }
}
