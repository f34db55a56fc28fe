using System.Numerics;

namespace Horreum.Orm.Tests.Familia;

/// <summary>The C# value for every ValueSample case of models.rb (VALUE_CASES), written the way a .NET service holds it.</summary>
internal static class FamiliaValueCases
{
    public static readonly IReadOnlyList<(string Case, object? Value)> All =
    [
        ("s_plain", "hello"), ("s_007", "007"), ("s_true", "true"), ("s_false", "false"), ("s_null", "null"), ("s_empty", ""),
        ("s_json_obj", "{\"a\":1}"), ("s_json_arr", "[1,2]"), ("s_number_str", "42"), ("s_float_str", "3.14"), ("s_emoji", "🙂"),
        ("s_eacute", "é"), ("s_u2028", "a\u2028b"), ("s_u2029", "a\u2029b"), ("s_quotes_bs", "say \"hi\" \\ back\\slash"),
        ("s_slash", "a/b</script>"), ("s_ctrl", "tab\tnl\ncr\rnul\u0000bell\u0007"), ("s_del_c1", "del\u007Fc1\u0085"), ("s_html", "<&>'"),
        ("s_spaces", "  padded  "), ("s_colon", "a:b:c"), ("s_astral_cjk", "𝄞漢字"),
        ("i_zero", 0L), ("i_neg5", -5L), ("i_2pow62", 1L << 62), ("i_2pow63", BigInteger.Pow(2, 63)), ("i_2pow64", BigInteger.Pow(2, 64)),
        ("i_neg_2pow63", long.MinValue),
        ("f_0_1", 0.1), ("f_42_0", 42.0), ("f_1e20", 1e20), ("f_1e15", 1e15), ("f_1e16", 1e16), ("f_1e17", 1e17), ("f_neg_0_0", -0.0),
        ("f_1_5e_7", 1.5e-7), ("f_0_0001", 0.0001), ("f_pi", 3.141592653589793), ("f_third", 1.0 / 3), ("f_100_0", 100.0),
        ("f_1_23e300", 1.23e300), ("f_2pow53_p1", 9007199254740993.0), ("f_now_like", 1733150000.123456),
        ("b_true", true), ("b_false", false), ("n_nil", null),
        ("a_empty", new List<object?>()),
        ("a_mixed", new List<object?> { 1L, "two", 3.0, null, true, new Dictionary<string, object?> { ["k"] = "v" }, new List<object?> { 4L } }),
        ("a_strs", new[] { "007", "true", "null" }),
        ("h_empty", new Dictionary<string, object?>()),
        ("h_str_keys", new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new List<object?> { 1L, 2L }, ["c"] = new Dictionary<string, object?> { ["d"] = null } }),
        ("h_sym_keys", new Dictionary<string, object?> { ["a"] = 1L, ["b"] = "x" }),
    ];
}
