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
        builder.Services.AddScoped<DataExport>();
        return builder;
    }
}
