namespace Parley.BrowserTests;

/// <summary>Where the screenshot tests put their photos, and the steady look they take them in.</summary>
internal static class Screenshots
{
    /// <summary>The test output normally; docs/screenshots with PARLEY_SCREENSHOTS=1, to refresh the documentation's.</summary>
    public static string Folder()
    {
        var folder = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PARLEY_SCREENSHOTS"))
            ? Path.Combine(AppContext.BaseDirectory, "screenshots")
            : Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Light theme and no animation on every page, so photos show finished states.</summary>
    public static async Task LightAndStillAsync(params IPage[] pages)
    {
        foreach (var page in pages)
        {
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light, ReducedMotion = ReducedMotion.Reduce });
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Parley.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Parley.slnx not found above the test output.");
    }
}
