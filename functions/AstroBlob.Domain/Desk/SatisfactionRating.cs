using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Desk;

/// <summary>The customer's verdict on a finished ticket: given once, never changed.</summary>
public sealed record SatisfactionRating(
    string TicketCode,
    int Score,
    string? Comment,
    string RatedBy,
    string RatedByName,
    DateTimeOffset RatedAt);

public static class RatingRules
{
    public const int MinScore = 1;
    public const int MaxScore = 5;
    public const int CommentMax = 2_000;

    /// <summary>
    /// Whether <paramref name="actor"/> speaks for the ticket's customer: its requester, or a
    /// company-wide contact of the same customer. Contacts only copied on the ticket may read it
    /// but not rate it.
    /// </summary>
    public static bool MayRate(Actor actor, TicketState ticket)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(ticket);
        return !actor.IsStaff
            && (ticket.RequesterId == actor.UserId
                || (actor.CompanyWide && actor.CustomerId is not null && actor.CustomerId == ticket.CustomerId));
    }

    /// <summary>
    /// Rates a ticket the caller can see. Checked in the order a person would understand it:
    /// who may rate, then whether the work is finished, then the input. That it is rated only
    /// once is the store's job (the rating row is added, never replaced).
    /// </summary>
    public static SatisfactionRating Rate(TicketState ticket, Actor actor, int score, string? comment, DateTimeOffset now)
    {
        if (!MayRate(actor, ticket))
        {
            throw DomainException.Forbidden("not_requester", "Only the person who asked, or a company-wide contact of the customer, can rate the ticket.");
        }

        if (ticket.Status is not (TicketStatus.Finished or TicketStatus.Closed))
        {
            throw DomainException.Conflict("ticket_not_finished", "A ticket can be rated once it is finished or closed.");
        }

        if (score is < MinScore or > MaxScore)
        {
            throw DomainException.Invalid("invalid_score", $"'score' must be a whole number from {MinScore} to {MaxScore}.").WithField("score");
        }

        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        Validate.Length("comment", text, CommentMax);
        return new SatisfactionRating(ticket.Code, score, text, actor.UserId, actor.Name, now);
    }
}
