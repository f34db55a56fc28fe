namespace Horreum.AspNetCore;

/// <summary>The body of <c>POST …/api/unlock</c>: nothing (an empty body or <c>{}</c>).</summary>
internal sealed record EmptyRequest;
