using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Tests;

public class EnumTextTests
{
    [Theory]
    [InlineData(TicketStatus.Open, "open")]
    [InlineData(TicketStatus.InProgress, "in_progress")]
    [InlineData(TicketStatus.Blocked, "blocked")]
    [InlineData(TicketStatus.Finished, "finished")]
    [InlineData(TicketStatus.Cancelled, "cancelled")]
    [InlineData(TicketStatus.Closed, "closed")]
    public void StatusesAreSnakeCaseOnTheWire(TicketStatus status, string wire) =>
        Assert.Equal(wire, EnumText.ToWire(status));

    [Fact]
    public void EveryOtherEnumIsLowerCaseOnTheWire()
    {
        Assert.Equal(["low", "medium", "high", "critical"], Wires<TicketPriority>());
        Assert.Equal(["question", "installation", "repair", "upgrade", "visit"], Wires<TicketType>());
        Assert.Equal(["none", "customer", "provider", "support"], Wires<WaitingOn>());
        Assert.Equal(["public", "internal"], Wires<Visibility>());
        Assert.Equal(["customer", "technician", "admin"], Wires<Role>());
        Assert.Equal(["active", "maintenance", "offline", "retired"], Wires<TelescopeStatus>());
    }

    [Fact]
    public void RenderIsToWire() => Assert.Equal("in_progress", Ticket.Render(TicketStatus.InProgress));

    [Fact]
    public void EveryValueOfEveryEnumRoundTrips()
    {
        AssertRoundTrips<TicketStatus>();
        AssertRoundTrips<TicketPriority>();
        AssertRoundTrips<TicketType>();
        AssertRoundTrips<WaitingOn>();
        AssertRoundTrips<Visibility>();
        AssertRoundTrips<Role>();
        AssertRoundTrips<TelescopeStatus>();
        AssertRoundTrips<DomainErrorKind>();
    }

    [Theory]
    [InlineData("InProgress")]
    [InlineData("IN_PROGRESS")]
    [InlineData("In_Progress")]
    [InlineData("inprogress")]
    [InlineData("in-progress")]
    [InlineData(" in_progress")]
    [InlineData("in_progress ")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParseAcceptsOnlyTheExactWireText(string? text)
    {
        Assert.False(EnumText.TryParse<TicketStatus>(text, out var value));
        Assert.Equal(default, value);
    }

    [Fact]
    public void TryParseRejectsNumbersForEveryEnum()
    {
        Assert.False(EnumText.TryParse<TicketPriority>("2", out _));
        Assert.False(EnumText.TryParse<Visibility>("1", out _));
        Assert.False(EnumText.TryParse<Role>("Admin", out _));
    }

    private static string[] Wires<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => EnumText.ToWire(v)).ToArray();

    private static void AssertRoundTrips<T>() where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.True(EnumText.TryParse<T>(EnumText.ToWire(value), out var parsed), $"{typeof(T).Name}.{value} did not parse back.");
            Assert.Equal(value, parsed);
        }

        // Distinct wire names: two values must never share a text.
        Assert.Equal(Enum.GetValues<T>().Length, Wires<T>().Distinct(StringComparer.Ordinal).Count());
    }
}
