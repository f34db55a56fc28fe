using System.Runtime.InteropServices;
using System.Text.Json;

namespace Horreum.JsonSchema.Keywords;

/// <summary><c>propertyNames</c>: each name is validated as a JSON string instance.</summary>
internal sealed class PropertyNamesKeyword(string schemaPointer, SchemaNode names) : Keyword(schemaPointer)
{
    public override bool Evaluate(JsonElement instance, EvaluationContext context, EvaluatedSet? evaluated)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        var valid = true;
        foreach (var property in instance.EnumerateObject())
        {
            // The raw name is already escaped JSON string content, so quoting it yields a valid string document.
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            var buffer = new byte[raw.Length + 2];
            buffer[0] = (byte)'"';
            raw.CopyTo(buffer.AsSpan(1));
            buffer[^1] = (byte)'"';
            using var doc = JsonDocument.Parse(buffer);
            if (context.TracksPath)
            {
                context.PushPath(property.Name);
            }

            var ok = names.Evaluate(doc.RootElement, context, null);
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
}
