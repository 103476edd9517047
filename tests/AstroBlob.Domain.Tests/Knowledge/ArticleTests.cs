using AstroBlob.Domain.Common;
using AstroBlob.Domain.Knowledge;
using AstroBlob.Domain.Tickets;
using static AstroBlob.Domain.Tests.Fixtures;

namespace AstroBlob.Domain.Tests.Knowledge;

public class ArticleTests
{
    private static ArticleDraft Draft(string? title = "Colimación", string? body = "Use el láser.", IReadOnlyList<string>? tags = null) =>
        new(title, body, tags, ArticleVisibility.CustomerFacing, "  RC 16  ");

    [Fact]
    public void StaffWriteAnArticleWithItsFieldsTidied()
    {
        var article = Article.Write("a1", Draft(title: "  Colimación  ", tags: [" óptica ", "Óptica", "mantenimiento  preventivo"]), Technician, Created);

        var s = article.State;
        Assert.Equal("Colimación", s.Title);
        Assert.Equal(["óptica", "mantenimiento preventivo"], s.Tags);
        Assert.Equal("RC 16", s.TelescopeModel);
        Assert.Equal(Technician.UserId, s.AuthorId);
        Assert.Equal(1, s.Revision);
    }

    [Fact]
    public void CustomersCannotWriteArticles()
    {
        AssertRefused(DomainErrorKind.Forbidden, "staff_only", () => Article.Write("a1", Draft(), Requester, Created));
    }

    [Theory]
    [InlineData(null, "body", "required", "title")]
    [InlineData("  ", "body", "required", "title")]
    [InlineData("t", null, "required", "body")]
    [InlineData("t", "  \n ", "required", "body")]
    public void TitleAndBodyAreRequired(string? title, string? body, string code, string field)
    {
        var e = AssertRefused(DomainErrorKind.Invalid, code, () => Article.Write("a1", Draft(title, body), Technician, Created));

        Assert.Equal(field, e.Data["field"]);
    }

    [Fact]
    public void ABodyMayHaveAHundredThousandCharactersButNotMore()
    {
        Article.Write("a1", Draft(body: new string('b', ArticleRules.BodyMax)), Technician, Created);

        var e = AssertRefused(DomainErrorKind.Invalid, "too_long", () => Article.Write("a1", Draft(body: new string('b', ArticleRules.BodyMax + 1)), Technician, Created));
        Assert.Equal("body", e.Data["field"]);
    }

    [Fact]
    public void TagsAreAtMostTenNonEmptyShortOnes()
    {
        Article.Write("a1", Draft(tags: [.. Enumerable.Range(0, 10).Select(i => "t" + i)]), Technician, Created);

        Assert.Equal("tags", AssertRefused(DomainErrorKind.Invalid, "too_many_tags", () => Article.Write("a1", Draft(tags: [.. Enumerable.Range(0, 11).Select(i => "t" + i)]), Technician, Created)).Data["field"]);
        Assert.Equal("tags", AssertRefused(DomainErrorKind.Invalid, "invalid_tag", () => Article.Write("a1", Draft(tags: ["ok", " "]), Technician, Created)).Data["field"]);
        Assert.Equal("tags", AssertRefused(DomainErrorKind.Invalid, "too_long", () => Article.Write("a1", Draft(tags: [new string('t', 41)]), Technician, Created)).Data["field"]);
    }

    [Fact]
    public void AnUpdateThatChangesSomethingIsANewRevisionAndOneThatDoesNotIsNothing()
    {
        var article = Article.Write("a1", Draft(), Technician, Created);

        article.Apply(new ArticlePatch { Title = "Colimación" }, OtherTechnician, Later);
        Assert.False(article.Changed);
        Assert.Equal(1, article.State.Revision);

        article.Apply(new ArticlePatch { Visibility = ArticleVisibility.Internal, TelescopeModel = new Optional<string?>(true, null) }, OtherTechnician, Later);
        Assert.True(article.Changed);
        Assert.Equal(2, article.State.Revision);
        Assert.Equal(ArticleVisibility.Internal, article.State.Visibility);
        Assert.Null(article.State.TelescopeModel);
        Assert.Equal(OtherTechnician.UserId, article.State.UpdatedById);
        Assert.Equal(Technician.UserId, article.State.AuthorId);
    }

    [Fact]
    public void OnlyAnAdminOrTheAuthorDeletesAndADeletedArticleIsReadByNobody()
    {
        var article = Article.Write("a1", Draft(), Technician, Created);
        AssertRefused(DomainErrorKind.Forbidden, "not_author", () => article.Delete(OtherTechnician, Later));

        article.Delete(Technician, Later);

        Assert.False(KnowledgeAccess.CanRead(Admin, article.State));
        AssertRefused(DomainErrorKind.Conflict, "article_deleted", () => article.Apply(new ArticlePatch { Title = "x" }, Admin, Later));
        Assert.True(KnowledgeAccess.CanDelete(Admin, article.State));
    }

    [Fact]
    public void ARestoredArticleIsANewRevisionReadableAgain()
    {
        var article = Article.Write("a1", Draft(), Technician, Created);
        article.Delete(Admin, Later);

        article.Restore(Technician, MuchLater);

        Assert.Null(article.State.DeletedAt);
        Assert.Equal(2, article.State.Revision);
        Assert.True(KnowledgeAccess.CanRead(Requester, article.State));
        AssertRefused(DomainErrorKind.Conflict, "article_not_deleted", () => article.Restore(Admin, MuchLater));
    }

    [Fact]
    public void CustomersReadOnlyCustomerFacingArticles()
    {
        var article = Article.Write("a1", Draft() with { Visibility = ArticleVisibility.Internal }, Technician, Created).State;

        Assert.False(KnowledgeAccess.CanRead(Requester, article));
        Assert.True(KnowledgeAccess.CanRead(Technician, article));
        Assert.Equal([ArticleVisibility.CustomerFacing], KnowledgeAccess.Readable(CompanyWideContact));
    }

    private static readonly SourceMessage Question = new("m1", Visibility.Public, ByStaff: false, "No cierra la cúpula", Created);
    private static readonly SourceMessage Note = new("m2", Visibility.Internal, ByStaff: true, "Era el relé; cambiado.", Later);
    private static readonly SourceMessage Answer = new("m3", Visibility.Public, ByStaff: true, "Cambiamos el relé del motor.", Later.AddMinutes(5));
    private static readonly SourceMessage Files = new("m4", Visibility.Public, ByStaff: true, "", Later.AddMinutes(9));
    private static readonly SourceMessage[] Conversation = [Question, Note, Answer, Files];

    [Theory]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.InProgress)]
    [InlineData(TicketStatus.Cancelled)]
    public void OnlyAResolvedTicketBecomesAnArticle(TicketStatus status)
    {
        AssertRefused(DomainErrorKind.Conflict, "ticket_not_resolved", () => ArticleFromTicket.Choose(status, Conversation, null, ArticleVisibility.Internal));
    }

    [Fact]
    public void WithoutAMessageIdTheLastPublicStaffMessageWithTextIsTheSource()
    {
        Assert.Equal("m3", ArticleFromTicket.Choose(TicketStatus.Closed, Conversation, null, ArticleVisibility.CustomerFacing).Id);
        AssertRefused(DomainErrorKind.Conflict, "no_resolution_message", () => ArticleFromTicket.Choose(TicketStatus.Finished, [Question, Note], null, ArticleVisibility.Internal));
    }

    [Fact]
    public void AnInternalNoteFeedsOnlyAnInternalArticle()
    {
        Assert.Equal("m2", ArticleFromTicket.Choose(TicketStatus.Finished, Conversation, "m2", ArticleVisibility.Internal).Id);
        AssertRefused(DomainErrorKind.Conflict, "internal_source", () => ArticleFromTicket.Choose(TicketStatus.Finished, Conversation, "m2", ArticleVisibility.CustomerFacing));
    }

    [Fact]
    public void ACustomersMessageAnEmptyOneOrAStrangerAreNotSources()
    {
        AssertRefused(DomainErrorKind.Conflict, "source_not_staff", () => ArticleFromTicket.Choose(TicketStatus.Finished, Conversation, "m1", ArticleVisibility.Internal));
        AssertRefused(DomainErrorKind.Conflict, "empty_source", () => ArticleFromTicket.Choose(TicketStatus.Finished, Conversation, "m4", ArticleVisibility.Internal));
        var e = AssertRefused(DomainErrorKind.Invalid, "unknown_message", () => ArticleFromTicket.Choose(TicketStatus.Finished, Conversation, "nope", ArticleVisibility.Internal));
        Assert.Equal("messageId", e.Data["field"]);
    }
}
