using System.Runtime.InteropServices;

namespace AstroBlob.Benchmarks;

/// <summary>
/// Entry point of the benchmark command. (Not top-level statements: those would declare a
/// second global <c>Program</c> next to the host's.)
/// </summary>
internal static class BenchmarkEntry
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--sla"))
        {
            // The SLA timer benchmark (issue 3): options, signals and report of its own.
            return await SlaBenchmark.MainAsync(args);
        }

        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (BenchmarkException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(BenchmarkOptions.Usage);
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            if (cancel.IsCancellationRequested)
            {
                // The second one: let the runtime end the process at once.
                return;
            }

            context.Cancel = true;
            Console.Error.WriteLine($"{context.Signal}: stopping, cleaning up Azurite and the host (repeat it to force) ...");
            cancel.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

        try
        {
            return await Benchmark.RunAsync(options, args, cancel.Token);
        }
        catch (BenchmarkException e)
        {
            await Console.Error.WriteLineAsync("Benchmark failed: " + e.Message);
            return 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return 130;
        }
    }
}
