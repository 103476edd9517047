using System.Runtime.InteropServices;

namespace AstroBlob.Benchmarks;

/// <summary>The options of one benchmark mode: parsed from the command line, with a usage text.</summary>
internal interface IModeOptions<TSelf>
    where TSelf : IModeOptions<TSelf>
{
    static abstract string Usage { get; }

    /// <exception cref="BenchmarkException">An option is unknown or its value is off.</exception>
    static abstract TSelf Parse(IReadOnlyList<string> args);

    bool Help { get; }
}

/// <summary>
/// Runs one mode the same way for all of them: parses its options (exit code 2 when they are
/// off), prints its usage for --help, turns SIGINT, SIGTERM and SIGQUIT into a cancellation so
/// that Azurite and the host are cleaned up, and maps the outcome to an exit code (1 for a
/// <see cref="BenchmarkException"/>, 130 when cancelled).
/// </summary>
internal static class ModeRunner
{
    /// <param name="name">Names the mode in "... failed: " messages.</param>
    public static async Task<int> RunAsync<TOptions>(IReadOnlyList<string> args, string name, Func<TOptions, CancellationToken, Task<int>> run)
        where TOptions : IModeOptions<TOptions>
    {
        TOptions options;
        try
        {
            options = TOptions.Parse(args);
        }
        catch (BenchmarkException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        if (options.Help)
        {
            Console.WriteLine(TOptions.Usage);
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
            return await run(options, cancel.Token);
        }
        catch (BenchmarkException e)
        {
            await Console.Error.WriteLineAsync($"{name} failed: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled.");
            return 130;
        }
    }
}
