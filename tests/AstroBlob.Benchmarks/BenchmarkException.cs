namespace AstroBlob.Benchmarks;

/// <summary>A failure the benchmark explains to the person running it; no stack trace needed.</summary>
internal sealed class BenchmarkException(string message) : Exception(message);
