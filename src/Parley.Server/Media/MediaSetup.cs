namespace Parley.Media;

public static class MediaSetup
{
    public static WebApplicationBuilder AddMedia(this WebApplicationBuilder builder)
    {
        // libvips is loaded by NetVips' module initializer; a missing or broken native library would otherwise surface
        // as a confusing TypeInitializationException at the first upload instead of at start-up.
        if (!NetVips.ModuleInitializer.VipsInitialized)
        {
            throw new InvalidOperationException($"libvips could not be loaded (NetVips.Native): {NetVips.ModuleInitializer.Exception?.Message}");
        }

        builder.Services.AddSingleton<ImageProcessor>();
        return builder;
    }
}
