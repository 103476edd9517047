namespace AstroBlob.Benchmarks;

/// <summary>
/// Entry point of the benchmark command: one mode per issue, chosen by its flag. (Not top-level
/// statements: those would declare a second global <c>Program</c> next to the host's.)
/// </summary>
internal static class BenchmarkEntry
{
    public static Task<int> Main(string[] args) =>
        args.Contains("--soak") ? ModeRunner.RunAsync<SoakOptions>(args, "Soak", SoakRun.RunAsync)
        : args.Contains("--sla") ? ModeRunner.RunAsync<SlaOptions>(args, "SLA benchmark", SlaBenchmark.RunAsync)
        : args.Contains("--attachments") ? ModeRunner.RunAsync<AttachmentBenchOptions>(args, "Attachment benchmark", AttachmentBenchmark.RunAsync)
        : ModeRunner.RunAsync<BenchmarkOptions>(args, "Benchmark", (options, ct) => Benchmark.RunAsync(options, args, ct));
}
