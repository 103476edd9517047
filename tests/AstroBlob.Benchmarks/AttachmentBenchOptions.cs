namespace AstroBlob.Benchmarks;

/// <summary>Command-line options of the attachment benchmark (<c>--attachments</c>).</summary>
internal sealed record AttachmentBenchOptions : IModeOptions<AttachmentBenchOptions>
{
    public static string Usage => """
        Usage: dotnet run -c Release --project tests/AstroBlob.Benchmarks -- --attachments [options]

        Makes sample files (phone photos with Magick.NET, H.264 videos with ffmpeg, a PDF), times
        the host's ImageWork and VideoWork on them in this process, one at a time and two at once,
        then starts Azurite and the AstroBlob host and times uploads from the slot request until
        polling sees the file ready, with 1 and with 4 clients. Prints a Markdown section and
        records it in tests/AstroBlob.Benchmarks/RESULTS.md under "## Attachments (issue 4)".

          --quick       a few files of each kind instead of tens (a smoke run; RESULTS.md is
                        left alone unless --write is given)
          --write       write RESULTS.md even for a --quick run
          --no-write    do not touch RESULTS.md
          --help        this text
        """;

    public bool Quick { get; init; }

    public bool WriteResults { get; init; } = true;

    public bool Help { get; init; }

    /// <summary>Runs per media phase of a large sample (4000x3000 photo, 10 s 720p video), one at a time and again two at once.</summary>
    public int LargeRuns => Quick ? 3 : 10;

    /// <summary>Runs per media phase of a small sample (1200x800 photo, 2 s 320x240 video).</summary>
    public int SmallRuns => Quick ? 6 : 20;

    /// <summary>Unmeasured runs of each sample before its phases (JIT, Magick's and ffmpeg's first loads).</summary>
    public int WarmUpRuns => 2;

    /// <summary>How many media runs go at once in the parallel phases: the cores of the machine this was sized for.</summary>
    public int Parallel => 2;

    /// <summary>Uploads per kind and number of clients: photos, PDFs, videos.</summary>
    public (int Photos, int Pdfs, int Videos) Uploads => Quick ? (8, 8, 3) : (40, 40, 10);

    /// <summary>Concurrent uploading clients per level.</summary>
    public IReadOnlyList<int> Clients => [1, 4];

    /// <summary>
    /// Unmeasured upload rounds, each followed by a pause, repeat for at least this long and until
    /// the JIT is done: tiered compilation moves thousands of the host's methods to their final
    /// code on a background thread that busy phases hold back (without this, a quick run still
    /// spent over 1 s of JIT per video upload, about 3,000 methods compiled once each).
    /// </summary>
    public TimeSpan UploadWarmUpTime => TimeSpan.FromSeconds(Quick ? 8 : 20);

    /// <summary>The warm-up stops here even if the JIT is still busy (the report then shows it).</summary>
    public TimeSpan UploadWarmUpLimit => TimeSpan.FromSeconds(Quick ? 20 : 60);

    /// <summary>The JIT counts as done when it used less than this share of a warm-up round's time.</summary>
    public double SettledJitShare => 0.03;

    /// <summary>Idle time after each upload warm-up round.</summary>
    public TimeSpan UploadWarmUpPause => TimeSpan.FromSeconds(2);

    /// <summary>How often a client asks whether its upload is ready.</summary>
    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(50);

    public static AttachmentBenchOptions Parse(IReadOnlyList<string> args)
    {
        var flags = CommandLine.Parse(args, "--attachments", Usage, (_, _) => false);
        return flags.Help
            ? new AttachmentBenchOptions { Help = true }
            : new AttachmentBenchOptions { Quick = flags.Quick, WriteResults = flags.WriteResults };
    }
}
