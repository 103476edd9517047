using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace AstroBlob.Benchmarks;

/// <summary>A ticket the host accepted (answered 201 to its create).</summary>
internal sealed record AcceptedTicket(string Marker, string Code, int Customer, string Priority, DateTimeOffset AcceptedAt);

/// <summary>How a message reached the host.</summary>
internal enum MessageRoute
{
    CustomerPortal,
    CustomerMail,
    StaffReply,
    StaffNote,
}

/// <summary>A message the host accepted, found later by the marker in its text.</summary>
internal sealed record AcceptedMessage(string Marker, string Code, MessageRoute Route, string? AttachmentId);

/// <summary>
/// Everything the host said yes to during the soak, by the marker each client wrote into the text
/// (a ticket's title, a message's body), so the audit can find each of them afterwards.
/// </summary>
internal sealed partial class SoakLedger
{
    public ConcurrentDictionary<string, AcceptedTicket> Tickets { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, AcceptedMessage> Messages { get; } = new(StringComparer.Ordinal);

    /// <summary>Markers of requests whose outcome stayed unknown (given up): they may exist at most once.</summary>
    public ConcurrentDictionary<string, string> Unknown { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers that refused an operation for a reason of the ticket's state (e.g. a reply to a closed ticket), by code.</summary>
    public ConcurrentDictionary<string, int> Refusals { get; } = new(StringComparer.Ordinal);

    public long StatusChanges;
    public long SignOffs;
    public long UploadSlots;
    public long Uploads;
    public long MailsAnswered;

    /// <summary>Mail replies the webhook had taken before its first answer was lost (answered "duplicate" when sent again).</summary>
    public long MailReplays;

    public void Refused(string why) => Refusals.AddOrUpdate(why, 1, (_, n) => n + 1);

    /// <summary>A fresh marker: "[soak:" and 12 hex digits.</summary>
    public static string NewMarker() => $"[soak:{Guid.NewGuid():N}"[..18] + "]";

    /// <summary>Every marker in a text (a title, a message body, a mail), in order.</summary>
    public static IEnumerable<string> MarkersIn(string? text) =>
        text is null ? [] : MarkerPattern().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"\[soak:[0-9a-f]{12}\]")]
    private static partial Regex MarkerPattern();
}
