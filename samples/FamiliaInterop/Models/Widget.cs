using Horreum.Orm.Collections;
using Horreum.Orm.Modeling;

namespace FamiliaInterop.Models;

/// <summary>Ruby <c>Widget</c>: typed fields in Ruby's order, timestamps, and every related collection type.</summary>
[Model(Profile = StorageProfile.Familia)]
public sealed class Widget
{
    /// <summary><c>field :wid</c> (the identifier).</summary>
    [Identifier] public string Wid { get; set; } = "";

    /// <summary><c>field :name</c>.</summary>
    public string? Name { get; set; }

    /// <summary><c>field :count</c>.</summary>
    public long? Count { get; set; }

    /// <summary><c>field :ratio</c>.</summary>
    public double? Ratio { get; set; }

    /// <summary><c>field :active</c>.</summary>
    public bool? Active { get; set; }

    /// <summary><c>field :nothing</c> (always nil in the golden data).</summary>
    public object? Nothing { get; set; }

    /// <summary><c>field :tags_arr</c>.</summary>
    public List<string>? TagsArr { get; set; }

    /// <summary><c>field :meta</c> (a Ruby Hash).</summary>
    public Dictionary<string, object?>? Meta { get; set; }

    /// <summary><c>field :created</c>: set on the first save (float epoch seconds in Redis).</summary>
    public DateTimeOffset? Created { get; set; }

    /// <summary><c>field :updated</c>: set on every save.</summary>
    public DateTimeOffset? Updated { get; set; }

    /// <summary><c>list :events</c>.</summary>
    public HorreumList<object>? Events { get; set; }

    /// <summary><c>set :labels</c>.</summary>
    public HorreumSet<object>? Labels { get; set; }

    /// <summary><c>sorted_set :scores</c>.</summary>
    public HorreumSortedSet<object>? Scores { get; set; }

    /// <summary><c>hashkey :props</c>.</summary>
    public HorreumHash<object>? Props { get; set; }

    /// <summary><c>counter :visits</c>.</summary>
    public HorreumCounter? Visits { get; set; }

    /// <summary><c>string :note</c> (raw text).</summary>
    public HorreumString<string>? Note { get; set; }
}
