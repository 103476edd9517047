using AstroBlob.Domain.Common;
using AstroBlob.Domain.People;
using AstroBlob.Domain.Tickets;

namespace AstroBlob.Domain.Knowledge;

/// <summary>Who may read an article: staff all of them, customers the customer-facing ones.</summary>
public enum ArticleVisibility
{
    Internal,
    CustomerFacing,
}

/// <summary>The ticket message an article was written from.</summary>
public sealed record ArticleSource(string TicketCode, string MessageId);

/// <summary>A knowledge-base article as stored. The body is Markdown; HTML is rendered when read.</summary>
public sealed record ArticleState
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public required ArticleVisibility Visibility { get; init; }

    /// <summary>The telescope model the article is about (free text, e.g. "PlaneWave CDK20"), if any.</summary>
    public string? TelescopeModel { get; init; }

    public required string AuthorId { get; init; }
    public required string AuthorName { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedById { get; init; }
    public required string UpdatedByName { get; init; }

    /// <summary>Counts content changes; search rows are written per revision (see the store).</summary>
    public int Revision { get; init; } = 1;

    public ArticleSource? Source { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }
    public string? DeletedById { get; init; }
}

/// <summary>What a writer gives for a new article.</summary>
public sealed record ArticleDraft(
    string? Title, string? Body, IReadOnlyList<string>? Tags, ArticleVisibility Visibility, string? TelescopeModel, ArticleSource? Source = null);

/// <summary>A partial update: only the fields present change; a present null telescope model clears it.</summary>
public sealed record ArticlePatch
{
    public Optional<string> Title { get; init; }
    public Optional<string> Body { get; init; }
    public Optional<IReadOnlyList<string>> Tags { get; init; }
    public Optional<ArticleVisibility> Visibility { get; init; }
    public Optional<string?> TelescopeModel { get; init; }
}

/// <summary>Reading and writing rights. What a caller may not read does not exist for them.</summary>
public static class KnowledgeAccess
{
    public static bool CanRead(Actor actor, ArticleState article)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(article);
        return article.DeletedAt is null && (actor.IsStaff || article.Visibility == ArticleVisibility.CustomerFacing);
    }

    /// <summary>Which visibilities a caller's searches and lists cover.</summary>
    public static IReadOnlyList<ArticleVisibility> Readable(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsStaff ? [ArticleVisibility.CustomerFacing, ArticleVisibility.Internal] : [ArticleVisibility.CustomerFacing];
    }

    /// <summary>Admins delete any article; a technician the ones they wrote.</summary>
    public static bool CanDelete(Actor actor, ArticleState article)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(article);
        return actor.IsAdmin || (actor.IsStaff && article.AuthorId == actor.UserId);
    }
}

/// <summary>Input rules of articles; each refusal names its field.</summary>
public static class ArticleRules
{
    public const int TitleMax = Limits.TitleMax;
    public const int BodyMax = 100_000;
    public const int MaxTags = 10;
    public const int TagMax = 40;
    public const int TelescopeModelMax = 100;

    public static string Title(string? title)
    {
        Validate.Required("title", title, TitleMax);
        return title!.Trim();
    }

    public static string Body(string? body)
    {
        Validate.Required("body", body, BodyMax);
        return body!;
    }

    /// <summary>Tags trimmed, inner spaces collapsed, repeats (ignoring case and accents) dropped.</summary>
    public static IReadOnlyList<string> Tags(IReadOnlyList<string>? tags)
    {
        if (tags is null)
        {
            return [];
        }

        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in tags)
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                throw DomainException.Invalid("invalid_tag", "'tags' may not contain empty tags.").WithField("tags");
            }

            Validate.Length("tags", raw, TagMax);
            var tag = string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (seen.Add(SearchText.Fold(tag)))
            {
                result.Add(tag);
            }
        }

        return result.Count > MaxTags
            ? throw DomainException.Invalid("too_many_tags", $"'tags' may have at most {MaxTags} tags.").WithField("tags")
            : result;
    }

    public static string? TelescopeModel(string? model)
    {
        Validate.Length("telescopeModel", model, TelescopeModelMax);
        return string.IsNullOrWhiteSpace(model) ? null : model.Trim();
    }
}

/// <summary>
/// An article's life: written and changed by staff, deleted (softly, restorable) by an admin
/// or its author. Each method checks the rules before anything changes.
/// </summary>
public sealed class Article(ArticleState state)
{
    public ArticleState State { get; private set; } = state;

    /// <summary>Whether the last <see cref="Apply"/> changed anything.</summary>
    public bool Changed { get; private set; }

    public static Article Write(string id, ArticleDraft draft, Actor author, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(author);
        EnsureStaff(author);
        return new Article(new ArticleState
        {
            Id = id,
            Title = ArticleRules.Title(draft.Title),
            Body = ArticleRules.Body(draft.Body),
            Tags = ArticleRules.Tags(draft.Tags),
            Visibility = draft.Visibility,
            TelescopeModel = ArticleRules.TelescopeModel(draft.TelescopeModel),
            AuthorId = author.UserId,
            AuthorName = author.Name,
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedById = author.UserId,
            UpdatedByName = author.Name,
            Source = draft.Source,
        });
    }

    public void Apply(ArticlePatch patch, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(actor);
        EnsureStaff(actor);
        EnsureNotDeleted();
        var s = State;
        var next = s with
        {
            Title = patch.Title.HasValue ? ArticleRules.Title(patch.Title.Value) : s.Title,
            Body = patch.Body.HasValue ? ArticleRules.Body(patch.Body.Value) : s.Body,
            Tags = patch.Tags.HasValue ? ArticleRules.Tags(patch.Tags.Value) : s.Tags,
            Visibility = patch.Visibility.HasValue ? patch.Visibility.Value : s.Visibility,
            TelescopeModel = patch.TelescopeModel.HasValue ? ArticleRules.TelescopeModel(patch.TelescopeModel.Value) : s.TelescopeModel,
        };
        Changed = next.Title != s.Title || next.Body != s.Body || !next.Tags.SequenceEqual(s.Tags)
            || next.Visibility != s.Visibility || next.TelescopeModel != s.TelescopeModel;
        if (Changed)
        {
            State = next with { UpdatedAt = now, UpdatedById = actor.UserId, UpdatedByName = actor.Name, Revision = s.Revision + 1 };
        }
    }

    public void Delete(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        EnsureNotDeleted();
        if (!KnowledgeAccess.CanDelete(actor, State))
        {
            throw DomainException.Forbidden("not_author", "Only an admin or the article's author can delete it.");
        }

        State = State with { DeletedAt = now, DeletedById = actor.UserId };
    }

    /// <summary>Brings a deleted article back as it was (a new revision, so that it is indexed afresh).</summary>
    public void Restore(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (State.DeletedAt is null)
        {
            throw DomainException.Conflict("article_not_deleted", "The article is not deleted.");
        }

        if (!KnowledgeAccess.CanDelete(actor, State))
        {
            throw DomainException.Forbidden("not_author", "Only an admin or the article's author can restore it.");
        }

        State = State with
        {
            DeletedAt = null,
            DeletedById = null,
            UpdatedAt = now,
            UpdatedById = actor.UserId,
            UpdatedByName = actor.Name,
            Revision = State.Revision + 1,
        };
    }

    private static void EnsureStaff(Actor actor)
    {
        if (!actor.IsStaff)
        {
            throw DomainException.Forbidden("staff_only", "Only staff write knowledge-base articles.");
        }
    }

    private void EnsureNotDeleted()
    {
        if (State.DeletedAt is not null)
        {
            throw DomainException.Conflict("article_deleted", "The article is deleted; restore it first.");
        }
    }
}

/// <summary>A message of a ticket's conversation, as far as turning it into an article is concerned.</summary>
public sealed record SourceMessage(string Id, Visibility Visibility, bool ByStaff, string Body, DateTimeOffset At);

/// <summary>
/// Which message of a resolved ticket becomes an article. Only a finished or closed ticket
/// has a resolution; only staff messages are sources (a customer's words are not ours to
/// publish); an internal note may feed an internal article but never a customer-facing one.
/// Without a message id, the last public staff message that has text is taken.
/// </summary>
public static class ArticleFromTicket
{
    public static SourceMessage Choose(TicketStatus status, IReadOnlyList<SourceMessage> conversation, string? messageId, ArticleVisibility visibility)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (status is not TicketStatus.Finished and not TicketStatus.Closed)
        {
            throw DomainException.Conflict("ticket_not_resolved", "Only a finished or closed ticket can become an article.");
        }

        if (messageId is null)
        {
            return conversation
                .Where(m => m.ByStaff && m.Visibility == Visibility.Public && !string.IsNullOrWhiteSpace(m.Body))
                .OrderBy(m => m.At)
                .LastOrDefault()
                ?? throw DomainException.Conflict("no_resolution_message", "The ticket has no public staff message to write the article from; name one with 'messageId'.");
        }

        var chosen = conversation.FirstOrDefault(m => m.Id == messageId)
            ?? throw DomainException.Invalid("unknown_message", "'messageId' is not a message of this ticket.").WithField("messageId");
        if (!chosen.ByStaff)
        {
            throw DomainException.Conflict("source_not_staff", "Only a staff message can become an article.");
        }

        if (chosen.Visibility == Visibility.Internal && visibility == ArticleVisibility.CustomerFacing)
        {
            throw DomainException.Conflict("internal_source", "An internal note cannot become a customer-facing article; make the article internal.");
        }

        return string.IsNullOrWhiteSpace(chosen.Body)
            ? throw DomainException.Conflict("empty_source", "The message has no text to write the article from.")
            : chosen;
    }
}
