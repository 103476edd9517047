using System.Text.RegularExpressions;
using AstroBlob.Domain.Email;

namespace AstroBlob.Domain.Tests.Email;

public class ReplyTokenTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] OtherKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Theory]
    // Computed outside .NET: base32(HMAC-SHA256(key 00..1f, "v1|demo|DEMO-000012")[..10]), lower-case.
    [InlineData("demo", "DEMO-000012", "demo.demo-000012.vehib4ti6tmmesuc")]
    [InlineData("observatorio-la-sagra", "ols-42", "observatorio-la-sagra.ols-42.7uvtm7ndlgtspttv")]
    public void CreateSignsTheObservatoryAndTheUpperCaseCode(string observatory, string code, string expected) =>
        Assert.Equal(expected, ReplyToken.Create(observatory, code, Key));

    [Fact]
    public void ATokenIsLowerCaseLocalPartText() =>
        Assert.Matches(new Regex("^[a-z0-9-]+\\.[a-z0-9-]+\\.[a-z2-7]{16}\\z"), ReplyToken.Create("obs-2", "OBS2-123456789012", Key));

    [Fact]
    public void ATokenReadsBackAsItsObservatoryAndCode()
    {
        var token = ReplyToken.Create("demo", "demo-000012", Key);

        Assert.True(ReplyToken.TryRead(token, Key, out var observatory, out var code));
        Assert.Equal("demo", observatory);
        Assert.Equal("DEMO-000012", code);
    }

    [Fact]
    public void ATokenWhoseCaseAMailServerChangedStillReads()
    {
        var token = ReplyToken.Create("demo", "DEMO-000012", Key).ToUpperInvariant();

        Assert.True(ReplyToken.TryRead(token, Key, out var observatory, out var code));
        Assert.Equal("demo", observatory);
        Assert.Equal("DEMO-000012", code);
    }

    [Fact]
    public void ATokenMadeWithAnotherKeyIsRefused()
    {
        var token = ReplyToken.Create("demo", "DEMO-000012", OtherKey);

        Assert.False(ReplyToken.TryRead(token, Key, out var observatory, out var code));
        Assert.Equal(string.Empty, observatory);
        Assert.Equal(string.Empty, code);
    }

    [Theory]
    [InlineData("demo2.demo-000012.vehib4ti6tmmesuc")]
    [InlineData("demo.demo-000013.vehib4ti6tmmesuc")]
    [InlineData("demo.demo-12.vehib4ti6tmmesuc")]
    [InlineData("demo.demo-0000012.vehib4ti6tmmesuc")]
    [InlineData("demo.demo-000012.vehib4ti6tmmesud")]
    [InlineData("demo.demo-000012.aehib4ti6tmmesuc")]
    public void ATamperedTokenIsRefused(string token)
    {
        Assert.True(ReplyToken.TryRead("demo.demo-000012.vehib4ti6tmmesuc", Key, out _, out _));
        Assert.False(ReplyToken.TryRead(token, Key, out _, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("demo")]
    [InlineData("demo.demo-000012")]
    [InlineData("demo.demo-000012.")]
    [InlineData(".demo-000012.vehib4ti6tmmesuc")]
    [InlineData("demo..vehib4ti6tmmesuc")]
    [InlineData("demo.demo-000012.vehib4ti6tmmesu")]
    [InlineData("demo.demo-000012.vehib4ti6tmmesuca")]
    [InlineData("demo.demo-000012.vehib4ti6tmmes0c")]
    [InlineData("demo.demo-000012.vehib4ti6tmmes1c")]
    [InlineData("demo.demo-000012.vehib4ti6tmmes=c")]
    [InlineData("demo.demo-000012.vehib4ti6tmmesuc.x")]
    [InlineData(" demo.demo-000012.vehib4ti6tmmesuc")]
    [InlineData("demo.demo-000012.vehib4ti6tmmesuc\n")]
    [InlineData("-demo.demo-000012.vehib4ti6tmmesuc")]
    [InlineData("demo.demo_000012.vehib4ti6tmmesuc")]
    [InlineData("démo.demo-000012.vehib4ti6tmmesuc")]
    [InlineData("demo.demo-٠٠٠٠١٢.vehib4ti6tmmesuc")]
    [InlineData("reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es")]
    public void GarbageIsNotAToken(string token) =>
        Assert.False(ReplyToken.TryRead(token, Key, out _, out _));

    [Fact]
    public void AnOverlongTokenIsRefusedBeforeAnyWork() =>
        Assert.False(ReplyToken.TryRead(new string('a', 10_000) + ".demo-1.vehib4ti6tmmesuc", Key, out _, out _));

    [Fact]
    public void TheLongestTokenStillReads()
    {
        var observatory = new string('a', 40);
        var token = ReplyToken.Create(observatory, "ABCDEFGHIJ-123456789012", Key);

        Assert.True(ReplyToken.TryRead(token, Key, out var read, out var code));
        Assert.Equal(observatory, read);
        Assert.Equal("ABCDEFGHIJ-123456789012", code);
    }

    [Theory]
    [InlineData("Demo", "DEMO-1")]
    [InlineData("demo.x", "DEMO-1")]
    [InlineData("-demo", "DEMO-1")]
    [InlineData("demo\n", "DEMO-1")]
    [InlineData("demo", "DEMO")]
    [InlineData("demo", "DEMO-1.2")]
    public void CreateRefusesWhatIsNotASlugOrACode(string observatory, string code) =>
        Assert.Throws<ArgumentException>(() => ReplyToken.Create(observatory, code, Key));

    [Fact]
    public void AShortKeyIsAConfigurationMistake()
    {
        Assert.Throws<ArgumentException>(() => ReplyToken.Create("demo", "DEMO-1", new byte[ReplyToken.MinKeyLength - 1]));
        Assert.Throws<ArgumentException>(() => ReplyToken.TryRead("demo.demo-000012.vehib4ti6tmmesuc", [], out _, out _));
    }

    [Fact]
    public void TheAddressPutsTheTokenAfterThePrefix() =>
        Assert.Equal(
            "reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es",
            ReplyToken.Address("demo.demo-000012.vehib4ti6tmmesuc", "mail.astroblob.es"));

    [Fact]
    public void TheAddressTakesAnotherPrefix() =>
        Assert.Equal("soporte+demo.demo-1.x@obs.es", ReplyToken.Address("demo.demo-1.x", "obs.es", "soporte"));

    [Theory]
    [InlineData("a b", "mail.astroblob.es", "reply")]
    [InlineData("a@b", "mail.astroblob.es", "reply")]
    [InlineData("a\r\nBcc: x@y", "mail.astroblob.es", "reply")]
    [InlineData("demo.x", "mail astroblob.es", "reply")]
    [InlineData("demo.x", "a@b", "reply")]
    [InlineData("demo.x", "mail.astroblob.es", "re+ply")]
    [InlineData("demo.x", "mail.astroblob.es", "")]
    [InlineData("", "mail.astroblob.es", "reply")]
    public void TheAddressRefusesPartsThatWouldBreakIt(string token, string domain, string prefix) =>
        Assert.Throws<ArgumentException>(() => ReplyToken.Address(token, domain, prefix));

    [Theory]
    [InlineData("reply+demo.demo-000012.vehib4ti6tmmesuc@mail.astroblob.es", "demo.demo-000012.vehib4ti6tmmesuc")]
    [InlineData("REPLY+DEMO.DEMO-000012.VEHIB4TI6TMMESUC@MAIL.ASTROBLOB.ES", "DEMO.DEMO-000012.VEHIB4TI6TMMESUC")]
    [InlineData("Reply+demo.demo-1.abc@another.example", "demo.demo-1.abc")]
    public void TheTokenComesBackFromAnAddressOnAnyDomain(string address, string token) =>
        Assert.Equal(token, ReplyToken.TokenFromAddress(address));

    [Fact]
    public void AnAddressTokenReadsBackWhateverCaseTheServerUsed()
    {
        var address = ReplyToken.Address(ReplyToken.Create("demo", "DEMO-000012", Key), "mail.astroblob.es").ToUpperInvariant();

        Assert.True(ReplyToken.TryRead(ReplyToken.TokenFromAddress(address)!, Key, out var observatory, out var code));
        Assert.Equal(("demo", "DEMO-000012"), (observatory, code));
    }

    [Fact]
    public void TheTokenComesBackFromAnAddressWithAnotherPrefix() =>
        Assert.Equal("demo.demo-1.abc", ReplyToken.TokenFromAddress("SOPORTE+demo.demo-1.abc@obs.es", "soporte"));

    [Theory]
    [InlineData("")]
    [InlineData("reply@mail.astroblob.es")]
    [InlineData("reply+@mail.astroblob.es")]
    [InlineData("reply+demo.demo-1.abc")]
    [InlineData("reply+demo.demo-1.abc@")]
    [InlineData("noreply+demo.demo-1.abc@mail.astroblob.es")]
    [InlineData("replyx+demo.demo-1.abc@mail.astroblob.es")]
    [InlineData("reply-demo.demo-1.abc@mail.astroblob.es")]
    [InlineData("reply+demo.demo-1.abc@a@b")]
    [InlineData("<reply+demo.demo-1.abc@mail.astroblob.es>")]
    [InlineData("Demo <reply+demo.demo-1.abc@mail.astroblob.es>")]
    [InlineData("\"reply+demo.demo-1.abc\"@mail.astroblob.es")]
    [InlineData("reply+demo demo@mail.astroblob.es")]
    [InlineData("reply+demo.demo-1+x@mail.astroblob.es")]
    [InlineData("reply+demo..x@mail.astroblob.es")]
    public void AnAddressThatIsNotOursHasNoToken(string address) =>
        Assert.Null(ReplyToken.TokenFromAddress(address));

    [Fact]
    public void AnOverlongAddressHasNoToken() =>
        Assert.Null(ReplyToken.TokenFromAddress("reply+" + new string('a', 5_000) + "@mail.astroblob.es"));
}
