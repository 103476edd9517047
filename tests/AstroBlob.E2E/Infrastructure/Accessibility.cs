using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AstroBlob.E2E.Infrastructure;

/// <summary>axe-core on the page as it is now: the serious and critical violations, in words.</summary>
public static class Accessibility
{
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page, string screen)
    {
        AxeResult result = await page.RunAxe();
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{screen}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Select(n => n.Html))}")
            .ToList();
    }

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string screen)
    {
        var problems = await SeriousViolationsAsync(page, screen);
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
