namespace Horreum.JsonSchema;

/// <summary>
/// Mutable per-validation state (error list, instance path, dynamic scope, depth). One is cached per thread
/// so a validation of a valid instance allocates nothing.
/// </summary>
internal sealed class EvaluationContext
{
    [ThreadStatic]
    private static EvaluationContext? t_cached;

    private readonly Stack<EvaluatedSet> _sets = new();
    private PathSegment[] _path = new PathSegment[16];
    private int _pathLength;
    private SchemaResource[] _scope = new SchemaResource[16];
    private int _scopeLength;
    private int _suppressed;
    private int _depth;
    private int _maxDepth;

    public List<JsonSchemaViolation>? Errors { get; private set; }

    /// <summary>True when violations are being recorded (second pass over an invalid instance, outside not/anyOf/oneOf/if).</summary>
    public bool Collecting => Errors is not null && _suppressed == 0;

    /// <summary>True in the second pass, which tracks the instance path so violations can name their location.</summary>
    public bool TracksPath => Errors is not null;

    public bool TrackScope { get; private set; }

    public bool DepthExceeded { get; private set; }

    public int MaxDepth => _maxDepth;

    public ReadOnlySpan<SchemaResource> Scope => _scope.AsSpan(0, _scopeLength);

    public static EvaluationContext Rent(bool trackScope, int maxDepth, bool collect)
    {
        var context = t_cached ?? new EvaluationContext();
        t_cached = null;
        context.TrackScope = trackScope;
        context._maxDepth = maxDepth;
        context.Reset(collect);
        return context;
    }

    public static void Return(EvaluationContext context)
    {
        context.Errors = null;
        t_cached = context;
    }

    public void Reset(bool collect)
    {
        Errors = collect ? [] : null;
        _pathLength = 0;
        _scopeLength = 0;
        _suppressed = 0;
        _depth = 0;
        DepthExceeded = false;
    }

    public bool Enter()
    {
        if (++_depth > _maxDepth)
        {
            DepthExceeded = true;
            return false;
        }

        return true;
    }

    public void Exit() => _depth--;

    public bool PushScope(SchemaResource resource)
    {
        if (_scopeLength > 0 && ReferenceEquals(_scope[_scopeLength - 1], resource))
        {
            return false;
        }

        if (_scopeLength == _scope.Length)
        {
            Array.Resize(ref _scope, _scope.Length * 2);
        }

        _scope[_scopeLength++] = resource;
        return true;
    }

    public void PopScope() => _scopeLength--;

    /// <summary>Stops recording violations for subschemas whose failure is not itself a violation (not, anyOf, if...).</summary>
    public void Suppress() => _suppressed++;

    public void Unsuppress() => _suppressed--;

    public void PushPath(string name)
    {
        if (_pathLength == _path.Length)
        {
            Array.Resize(ref _path, _path.Length * 2);
        }

        _path[_pathLength++] = new PathSegment(name, 0);
    }

    public void PushPath(int index)
    {
        if (_pathLength == _path.Length)
        {
            Array.Resize(ref _path, _path.Length * 2);
        }

        _path[_pathLength++] = new PathSegment(null, index);
    }

    public void PopPath() => _pathLength--;

    public void Report(string schemaPointer, string message) =>
        Errors?.Add(new JsonSchemaViolation(JsonPointerText.Build(_path.AsSpan(0, _pathLength)), schemaPointer, message));

    public EvaluatedSet RentSet()
    {
        if (_sets.TryPop(out var set))
        {
            set.Clear();
            return set;
        }

        return new EvaluatedSet();
    }

    public void ReturnSet(EvaluatedSet set) => _sets.Push(set);
}
