using AstroBlob.Domain.Common;
using AstroBlob.Domain.Desk;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Desk;

public class RatingRulesTests
{
    [Theory]
    [InlineData(TicketStatus.Finished)]
    [InlineData(TicketStatus.Closed)]
    public void TheRequesterRatesAFinishedOrClosedTicket(TicketStatus status)
    {
        var rating = RatingRules.Rate(InStatus(status).State, Requester, 4, "  Rápidos y amables  ", MuchLater);

        Assert.Equal(new SatisfactionRating("DEMO-000042", 4, "Rápidos y amables", Requester.UserId, Requester.Name, MuchLater), rating);
    }

    [Fact]
    public void ACompanyWideContactOfTheCustomerMayRateForIt() =>
        Assert.Equal(5, RatingRules.Rate(InStatus(TicketStatus.Finished).State, CompanyWideContact, 5, null, MuchLater).Score);

    [Fact]
    public void AColleagueCopiedOnTheTicketMayReadItButNotRateIt()
    {
        var ticket = InStatus(TicketStatus.Finished).State with { Cc = [Colleague.UserId] };
        AssertRefused(DomainErrorKind.Forbidden, "not_requester", () => RatingRules.Rate(ticket, Colleague, 5, null, MuchLater));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("technician")]
    public void StaffCannotRate(string who) =>
        AssertRefused(DomainErrorKind.Forbidden, "not_requester", () => RatingRules.Rate(InStatus(TicketStatus.Finished).State, ActorNamed(who), 5, null, MuchLater));

    [Fact]
    public void ACompanyWideContactOfAnotherCustomerCannotRate() =>
        AssertRefused(DomainErrorKind.Forbidden, "not_requester", () => RatingRules.Rate(InStatus(TicketStatus.Finished).State, OtherCustomerContact, 5, null, MuchLater));

    [Theory]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.InProgress)]
    [InlineData(TicketStatus.Blocked)]
    [InlineData(TicketStatus.Cancelled)]
    public void AnUnfinishedTicketCannotBeRatedYet(TicketStatus status) =>
        AssertRefused(DomainErrorKind.Conflict, "ticket_not_finished", () => RatingRules.Rate(InStatus(status).State, Requester, 5, null, MuchLater));

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void TheScoreGoesFromOneToFive(int score)
    {
        var e = AssertRefused(DomainErrorKind.Invalid, "invalid_score", () => RatingRules.Rate(InStatus(TicketStatus.Finished).State, Requester, score, null, MuchLater));
        Assert.Equal("score", e.Data["field"]);
    }

    [Fact]
    public void ABlankCommentIsNoCommentAndALongOneIsRefused()
    {
        Assert.Null(RatingRules.Rate(InStatus(TicketStatus.Finished).State, Requester, 3, "   ", MuchLater).Comment);
        var e = AssertRefused(DomainErrorKind.Invalid, "too_long", () =>
            RatingRules.Rate(InStatus(TicketStatus.Finished).State, Requester, 3, new string('x', RatingRules.CommentMax + 1), MuchLater));
        Assert.Equal("comment", e.Data["field"]);
    }

    [Fact]
    public void WhoMayRateIsDecidedBeforeTheStateAndTheInput() =>
        AssertRefused(DomainErrorKind.Forbidden, "not_requester", () => RatingRules.Rate(InStatus(TicketStatus.Open).State, Admin, 9, null, MuchLater));

    [Fact]
    public void TheOwnRoleDecidesNotTheClaimedCustomer() =>
        Assert.False(RatingRules.MayRate(new Actor("u-x", "X", Role.Technician, CustomerId, CompanyWide: true), InStatus(TicketStatus.Finished).State));
}
