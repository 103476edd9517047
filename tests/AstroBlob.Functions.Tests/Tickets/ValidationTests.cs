using System.Net;
using System.Text;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Tickets;

/// <summary>Bad input gets a clear problem and writes nothing.</summary>
public sealed class ValidationTests(World world) : IClassFixture<World>
{
    private string Alpha(string path) => world.Api(world.Alpha, path);

    public static TheoryData<string, string, string> BadCreates => new()
    {
        { """{"title":"x","type":"repair","colour":"red"}""", "invalid_field", "colour" },
        { """{"title":"x","type":"teleport"}""", "invalid_field", "type" },
        { """{"title":"x","type":"repair","priority":3}""", "invalid_field", "priority" },
        { """{"title":42,"type":"repair"}""", "invalid_field", "title" },
        { """{"type":"repair"}""", "invalid_field", "title" },
        { """{"title":"   ","type":"repair"}""", "required", "title" },
        { """{"title":null,"type":"repair"}""", "invalid_field", "title" },
        { """{"title":"x","type":"repair","telescopeId":"../../etc"}""", "unknown_telescope", "telescopeId" },
        { """["title"]""", "invalid_json", "" },
        { """{"title":"x",""", "invalid_json", "" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task ABadCreateIsA400NamingTheFieldAndCreatesNothing(string json, string code, string field)
    {
        var before = await CountAsync();
        using var response = await world.Ana.Client.PostAsync(Alpha("/tickets"), Requests.RawJson(json));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, code);
        if (field.Length > 0)
        {
            Assert.NotNull(problem["errors"]?[field]);
        }

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task ATitleLongerThan200CharactersIsRefused()
    {
        using var response = await world.Ana.Client.PostAsync(Alpha("/tickets"), new { title = new string('a', 201), type = "question" });
        await response.ProblemAsync(HttpStatusCode.BadRequest, "too_long");
    }

    [Fact]
    public async Task ANonJsonBodyIs415AndAnOversizedBodyIs413()
    {
        using (var text = await world.Ana.Client.PostAsync(new Uri(Alpha("/tickets"), UriKind.Relative), new StringContent("title=x", Encoding.UTF8, "text/plain")))
        {
            await text.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        }

        var huge = "{\"title\":\"" + new string('a', 600_000) + "\",\"type\":\"question\"}";
        using var big = await world.Ana.Client.PostAsync(Alpha("/tickets"), Requests.RawJson(huge));
        await big.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task UnknownPatchFieldsAndNullsForRequiredFieldsAreRefusedWithoutChanges()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Parche", type = "question" }))["code"]!;
        var (_, etag) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        using (var unknown = await world.L1.Client.PatchAsync(Alpha($"/tickets/{code}"), Requests.RawJson("""{"priority":"high","owner":"me"}"""), etag))
        {
            await unknown.ProblemAsync(HttpStatusCode.BadRequest, "invalid_field");
        }

        using (var nullStatus = await world.L1.Client.PatchAsync(Alpha($"/tickets/{code}"), Requests.RawJson("""{"status":null}"""), etag))
        {
            await nullStatus.ProblemAsync(HttpStatusCode.BadRequest, "invalid_field");
        }

        using (var badLevel = await world.L1.Client.PatchAsync(Alpha($"/tickets/{code}"), new { supportLevel = 7 }, etag))
        {
            await badLevel.ProblemAsync(HttpStatusCode.BadRequest, "invalid_support_level");
        }

        using (var ghost = await world.L1.Client.PatchAsync(Alpha($"/tickets/{code}"), new { assignees = new[] { world.Ana.Id } }, etag))
        {
            await ghost.ProblemAsync(HttpStatusCode.BadRequest, "unknown_staff");
        }

        var (_, after) = await world.GetTicketAsync(world.L1, world.Alpha, code);
        Assert.Equal(etag, after);
    }

    [Fact]
    public async Task AnExplicitNullClearsAClearableField()
    {
        var code = (string)(await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = "Telescopio quitado", type = "question", telescopeId = world.AnaScope }))["code"]!;
        await world.PatchTicketAsync(world.L1, world.Alpha, code, new { externalRef = "EXT-1" });
        var cleared = await world.PatchTicketAsync(world.L1, world.Alpha, code, Requests.RawJson("""{"telescopeId":null,"externalRef":null}"""));
        Assert.Null((string?)cleared["telescopeId"]);
        Assert.Null((string?)cleared["externalRef"]);
    }

    [Theory]
    [InlineData("NOT-A-CODE!")]
    [InlineData("ALPHA-999999")]
    [InlineData("..%2F..%2Fsecrets")]
    [InlineData("ALPHA-1%7Ct%7CBETA-000001")]
    public async Task MalformedOrUnknownCodesAreNotFound(string code)
    {
        using var response = await world.L1.Client.GetAsync(new Uri(Alpha($"/tickets/{code}"), UriKind.Relative));
        await response.ProblemAsync(HttpStatusCode.NotFound, "ticket_not_found");
    }

    [Theory]
    [InlineData("status=done", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("createdFrom=yesterday", "createdFrom")]
    [InlineData("cursor=%%%", "cursor")]
    [InlineData("customerId=x%27%20or%20true", "customerId")]
    public async Task BadListParametersAre400NamingTheParameter(string query, string parameter)
    {
        using var response = await world.L1.Client.GetAsync(new Uri(Alpha($"/tickets?{query}"), UriKind.Relative));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, query.StartsWith("cursor", StringComparison.Ordinal) ? "invalid_cursor" : "invalid_query");
        Assert.NotNull(problem["errors"]![parameter]);
    }

    [Fact]
    public async Task ACursorFromAnotherQueryIsRefused()
    {
        for (var i = 0; i < 3; i++)
        {
            await world.CreateTicketAsync(world.Ana, world.Alpha, new { title = $"Página {i}", type = "question" });
        }

        var page = await world.L1.Client.GetJsonAsync(Alpha("/tickets?limit=1"));
        var cursor = (string)page["nextCursor"]!;
        using var response = await world.L1.Client.GetAsync(new Uri(Alpha($"/tickets?status=open&limit=1&cursor={cursor}"), UriKind.Relative));
        await response.ProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
    }

    private async Task<int> CountAsync() =>
        (await world.L1.Client.GetJsonAsync(Alpha("/tickets?limit=100")))["items"]!.AsArray().Count;
}
