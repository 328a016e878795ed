namespace Parley.Files;

public static class FilesSetup
{
    public static WebApplicationBuilder AddFiles(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IFileStorage, LocalFileStorage>();
        builder.Services.AddSingleton<FileRemoval>();
        builder.Services.AddSingleton<FileCleanup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FileCleanup>());
        builder.Services.AddScoped<FileUploads>();
        builder.Services.AddScoped<FileDownloads>();
        return builder;
    }
}
