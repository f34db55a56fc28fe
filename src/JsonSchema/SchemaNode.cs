using System.Text.Json;
using Horreum.JsonSchema.Keywords;

namespace Horreum.JsonSchema;

/// <summary>A compiled (sub)schema: a boolean schema or an ordered list of keywords.</summary>
internal sealed class SchemaNode
{
    private static readonly Keyword[] NoKeywords = [];

    private readonly bool? _constant;
    private Keyword[] _keywords = NoKeywords;
    private bool _hasUnevaluated;

    public SchemaNode(SchemaResource resource, string pointer, bool? constant)
    {
        Resource = resource;
        Pointer = pointer;
        _constant = constant;
    }

    public SchemaResource Resource { get; }

    /// <summary>Report location of the schema itself.</summary>
    public string Pointer { get; }

    public IReadOnlyList<Keyword> Keywords => _keywords;

    /// <summary>True for the boolean schema <c>false</c>, so callers can word their own, more specific violation.</summary>
    public bool IsFalse => _constant == false;

    /// <summary>Called once by the compiler; unevaluated* keywords must come last so they see their siblings' annotations.</summary>
    public void SetKeywords(Keyword[] keywords, bool hasUnevaluated)
    {
        _keywords = keywords;
        _hasUnevaluated = hasUnevaluated;
    }

    public bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (_constant is { } constant)
        {
            if (!constant && context.Collecting)
            {
                context.Report(Pointer, "No value is allowed here (the schema is false).");
            }

            return constant;
        }

        if (!context.Enter())
        {
            return false;
        }

        var pushed = context.TrackScope && context.PushScope(Resource);
        var local = _hasUnevaluated ? context.RentSet() : evaluated;
        var valid = true;
        var keywords = _keywords;
        for (var i = 0; i < keywords.Length; i++)
        {
            if (!keywords[i].Evaluate(instance, context, local))
            {
                valid = false;
                if (!context.Collecting || context.DepthExceeded)
                {
                    break;
                }
            }
        }

        if (_hasUnevaluated)
        {
            if (valid && evaluated is not null)
            {
                evaluated.UnionWith(local!);
            }

            context.ReturnSet(local!);
        }

        if (pushed)
        {
            context.PopScope();
        }

        context.Exit();
        return valid;
    }
}
