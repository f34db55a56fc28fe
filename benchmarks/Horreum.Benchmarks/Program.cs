using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

// One shared config for every suite: allocations always reported, so "0 B" claims are measured, not assumed.
var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.OperationsPerSecond);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
