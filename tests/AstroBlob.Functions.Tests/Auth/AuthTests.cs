using System.Net;
using AstroBlob.Functions.Tests.Infrastructure;

namespace AstroBlob.Functions.Tests.Auth;

public sealed class AuthTests(World world) : IClassFixture<World>
{
    private string Alpha(string path) => world.Api(world.Alpha, path);

    [Fact]
    public async Task LoginReturnsATokenAndWhoYouAre()
    {
        using var response = await world.Anonymous.PostAsync(Alpha("/auth/login"), new { email = "L1@Alpha.Example", password = World.Password });
        var body = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(world.L1.Id, (string?)body["user"]!["id"]);
        Assert.Equal("technician", (string?)body["user"]!["role"]);
        Assert.False(string.IsNullOrEmpty((string?)body["token"]));
        var me = await world.L1.Client.GetJsonAsync(Alpha("/me"));
        Assert.Equal(1, (int)me["level"]!);
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownEmailLookTheSame()
    {
        using var wrong = await world.Anonymous.PostAsync(Alpha("/auth/login"), new { email = "ana@a.example", password = "not-the-password" });
        await wrong.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        using var unknown = await world.Anonymous.PostAsync(Alpha("/auth/login"), new { email = "nobody@a.example", password = "not-the-password" });
        await unknown.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task CredentialsOfOneObservatoryDoNotSignInToAnother()
    {
        using var response = await world.Anonymous.PostAsync(world.Api(world.Beta, "/auth/login"), new { email = "ana@a.example", password = World.Password });
        await response.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task RepeatedFailuresLockTheAccountEvenForTheRightPassword()
    {
        var victim = await world.LoginAsync(world.Alpha, "bob@b.example");
        for (var i = 0; i < 5; i++)
        {
            using var failed = await world.Anonymous.PostAsync(Alpha("/auth/login"), new { email = "bob@b.example", password = $"guess-{i}-guess" });
            await failed.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using var locked = await world.Anonymous.PostAsync(Alpha("/auth/login"), new { email = "bob@b.example", password = World.Password });
        await locked.ProblemAsync(HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.NotNull(locked.Headers.RetryAfter);

        // Existing sessions are not affected, and other accounts can still sign in.
        await victim.Client.GetJsonAsync(Alpha("/me"));
        await world.LoginAsync(world.Alpha, "ana@a.example");
    }

    [Fact]
    public async Task LogoutRevokesTheTokenAtOnce()
    {
        var session = await world.LoginAsync(world.Alpha, "alex@a.example");
        await session.Client.GetJsonAsync(Alpha("/me"));
        using (var logout = await session.Client.PostAsync(Alpha("/auth/logout"), Requests.RawJson("{}")))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        using var replay = await session.Client.GetAsync(new Uri(Alpha("/me"), UriKind.Relative));
        await replay.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task ADeactivatedPersonLosesAccessImmediately()
    {
        using (var created = await world.AlphaAdmin.Client.PostAsync(Alpha("/staff"), new { name = "Temporal", email = "temp@alpha.example", role = "technician", level = 1, password = World.Password }))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }

        var temp = await world.LoginAsync(world.Alpha, "temp@alpha.example");
        await temp.Client.GetJsonAsync(Alpha("/tickets"));
        using (var deactivate = await world.AlphaAdmin.Client.PatchAsync(Alpha($"/staff/{temp.Id}"), new { active = false }, ifMatch: null))
        {
            await deactivate.JsonAsync(HttpStatusCode.OK);
        }

        using var after = await temp.Client.GetAsync(new Uri(Alpha("/tickets"), UriKind.Relative));
        await after.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        using var login = await world.Anonymous.PostAsync(Alpha("/auth/login"), new { email = "temp@alpha.example", password = World.Password });
        await login.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-real-token-but-long-enough")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    public async Task AnyOtherAuthorizationIsUnauthenticated(string header)
    {
        using var client = world.Factory.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        using var response = await client.GetAsync(new Uri(Alpha("/tickets"), UriKind.Relative));
        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task TakenEmailsAreAConflict()
    {
        using var response = await world.AlphaAdmin.Client.PostAsync(Alpha("/staff"), new { name = "Dup", email = "ANA@a.example", role = "technician", password = World.Password });
        await response.ProblemAsync(HttpStatusCode.Conflict, "email_taken");
    }
}
