using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Horreum.JsonSchema.Keywords;

/// <summary>
/// properties, patternProperties and additionalProperties in one pass over the instance, since
/// additionalProperties depends on what the other two matched.
/// </summary>
internal sealed class PropertiesKeyword : Keyword
{
    private readonly (string Name, byte[] Utf8, SchemaNode Node)[] _properties;
    private readonly (Regex Regex, SchemaNode Node)[] _patterns;
    private readonly SchemaNode? _additional;

    public PropertiesKeyword(
        string schemaPointer,
        IReadOnlyList<(string Name, SchemaNode Node)> properties,
        IReadOnlyList<(Regex Regex, SchemaNode Node)> patterns,
        SchemaNode? additional)
        : base(schemaPointer)
    {
        _properties = [.. properties.Select(p => (p.Name, Encoding.UTF8.GetBytes(p.Name), p.Node))];
        _patterns = [.. patterns];
        _additional = additional;
    }

    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        if (_patterns.Length == 0 && _additional is null && evaluated is null)
        {
            return EvaluateNamedOnly(instance, context);
        }

        var valid = true;
        var index = -1;
        foreach (var property in instance.EnumerateObject())
        {
            index++;
            var matched = false;
            for (var i = 0; i < _properties.Length; i++)
            {
                if (property.NameEquals(_properties[i].Utf8))
                {
                    matched = true;
                    if (!EvaluateChild(_properties[i].Node, property, context))
                    {
                        valid = false;
                        if (!context.Collecting)
                        {
                            return false;
                        }
                    }
                }
            }

            for (var i = 0; i < _patterns.Length; i++)
            {
                if (JsonStrings.CheckName(property, _patterns[i].Regex, static (r, s) => r.IsMatch(s)))
                {
                    matched = true;
                    if (!EvaluateChild(_patterns[i].Node, property, context))
                    {
                        valid = false;
                        if (!context.Collecting)
                        {
                            return false;
                        }
                    }
                }
            }

            if (!matched && _additional is not null)
            {
                matched = true;
                if (_additional.IsFalse)
                {
                    if (context.Collecting)
                    {
                        context.PushPath(property.Name);
                        context.Report(_additional.Pointer, $"Property '{property.Name}' is not allowed (additionalProperties is false).");
                        context.PopPath();
                    }

                    valid = false;
                    if (!context.Collecting)
                    {
                        return false;
                    }
                }
                else if (!EvaluateChild(_additional, property, context))
                {
                    valid = false;
                    if (!context.Collecting)
                    {
                        return false;
                    }
                }
            }

            if (matched)
            {
                evaluated?.Mark(index);
            }
        }

        return valid;
    }

    private bool EvaluateNamedOnly(JsonElement instance, EvaluationContext context)
    {
        var valid = true;
        for (var i = 0; i < _properties.Length; i++)
        {
            if (!instance.TryGetProperty(_properties[i].Utf8, out var value))
            {
                continue;
            }

            if (context.TracksPath)
            {
                context.PushPath(_properties[i].Name);
            }

            var ok = _properties[i].Node.Evaluate(value, context, null);
            if (context.TracksPath)
            {
                context.PopPath();
            }

            if (!ok)
            {
                valid = false;
                if (!context.Collecting)
                {
                    return false;
                }
            }
        }

        return valid;
    }

    private static bool EvaluateChild(SchemaNode node, JsonProperty property, EvaluationContext context)
    {
        if (context.TracksPath)
        {
            context.PushPath(property.Name);
        }

        var ok = node.Evaluate(property.Value, context, null);
        if (context.TracksPath)
        {
            context.PopPath();
        }

        return ok;
    }
}
