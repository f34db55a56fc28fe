using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Horreum.Orm.Collections;
using Horreum.Orm.Modeling;

namespace Horreum.Orm.Tests.Models;

public enum Tier { Free, Pro, Enterprise }

[JsonPolymorphic]
[JsonDerivedType(typeof(CardPayment), "card")]
[JsonDerivedType(typeof(BankPayment), "bank")]
public abstract class Payment
{
    public decimal Amount { get; set; }
}

public sealed class CardPayment : Payment
{
    public string? Last4 { get; set; }
}

public sealed class BankPayment : Payment
{
    public string? Iban { get; set; }
}

public sealed record Address(string Street, string City, int? Zip);

/// <summary>Every supported field kind on one model; the prefix is set per test.</summary>
public sealed class Customer
{
    [Identifier] public string Id { get; set; } = "";
    public string? Name { get; set; }
    public int Age { get; set; }
    public long? Visits { get; set; }
    public bool Active { get; set; }
    public decimal Balance { get; set; }
    public double Score { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTimeOffset? LastSeen { get; set; }
    public Tier Tier { get; set; }
    public Guid? Token { get; set; }
    public List<string>? Tags { get; set; }
    public Dictionary<string, int>? Limits { get; set; }
    public Address? Address { get; set; }
    public object? Extra { get; set; }
    public JsonNode? Doc { get; set; }
    public Payment? Payment { get; set; }
    [Field("mail")] public string? Email { get; set; }
    [NotStored] public string? Scratch { get; set; }
}

[Model(Prefix = "acct")]
public sealed class Account
{
    [Identifier] public string Id { get; set; } = "";
    public string? Owner { get; set; }
    public HorreumList<string>? History { get; set; }
    public HorreumSet<int>? Flags { get; set; }
    public HorreumSortedSet<string>? Ranking { get; set; }
    public HorreumHash<decimal>? Prices { get; set; }
    public HorreumString<Address>? Home { get; set; }
    public HorreumCounter? Logins { get; set; }
    [Related(References = typeof(Account))] public HorreumSet<string>? Friends { get; set; }
}

[Feature("expiration")]
[Expiration(120)]
public sealed class Session
{
    [Identifier] public string Id { get; set; } = "";
    public string? User { get; set; }
    public HorreumList<string>? Events { get; set; }
}

[Feature("no_such_feature")]
public sealed class Misdeclared
{
    [Identifier] public string Id { get; set; } = "";
}

public sealed class NumericId
{
    [Identifier] public long Id { get; set; }
    public string? Label { get; set; }
}

/// <summary>A model without nullable fields: a whole save of it is one HMSET and nothing else.</summary>
public sealed class Line
{
    [Identifier] public string Id { get; set; } = "";
    public string Text { get; set; } = "";
    public int Number { get; set; }
}
