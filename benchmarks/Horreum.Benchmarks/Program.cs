using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;
using Horreum.Benchmarks;

// "pass": one Stopwatch-timed pass per approach at up to a million records (BenchmarkDotNet would take hours there).
// "compare": the release runner's regression check of a pass report against benchmarks/baseline.json.
if (args.Length > 0 && args[0] == "pass")
{
    return await PassRunner.RunAsync(args[1..]);
}
if (args.Length > 0 && args[0] == "compare")
{
    return BaselineComparer.Run(args[1..]);
}

// One shared config for every suite: allocations always reported, so "0 B" claims are measured, not assumed.
var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.OperationsPerSecond);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
