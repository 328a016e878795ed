using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Parley.Infrastructure.Data;

/// <summary>
/// The DataProtection key ring (what signs and encrypts session cookies, access tokens, two-factor tickets, mailed
/// links and the stored mail password) kept in the database, whichever the provider: every node of several reads the
/// same keys, so a cookie or token one node issued is good on all, and a database backup holds the keys its
/// encrypted settings need. ASP.NET Core reads the ring at first use and again every day or so, and writes an element
/// when it creates or revokes a key (docs/decisions/2026-12-01-shared-state.md).
/// </summary>
public sealed partial class DatabaseKeyRing(IServiceScopeFactory scopes) : IXmlRepository
{
    /// <summary>Where Parley kept the key ring before it moved into the database, under the data folder.</summary>
    public const string FolderName = "keys";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        return db.Set<KeyRingElement>().OrderBy(e => e.Id).Select(e => e.Xml).AsEnumerable().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        db.Set<KeyRingElement>().Add(new KeyRingElement { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }

    /// <summary>
    /// Copies the keys of a server from before the move (files in the data folder's keys/) into the database, once
    /// and before the ring is first read, so everyone stays signed in across the upgrade and the encrypted settings
    /// stay readable. The files stay where they are: a downgrade still finds them, and an element already in the
    /// database is skipped, so every start (and every node on a shared folder) may run this.
    /// </summary>
    public static async Task ImportFolderAsync(ParleyDb db, string dataDirectory, ILogger logger)
    {
        var folder = new DirectoryInfo(Path.Combine(dataDirectory, FolderName));
        if (!folder.Exists)
        {
            return;
        }

        var imported = 0;
        foreach (var file in folder.EnumerateFiles("*.xml"))
        {
            var friendlyName = Path.GetFileNameWithoutExtension(file.Name);
            var xml = XElement.Load(file.FullName).ToString(SaveOptions.DisableFormatting);
            imported += await db.Database.ExecuteSqlAsync(
                $"INSERT INTO \"DataProtectionKeys\" (\"FriendlyName\", \"Xml\") VALUES ({friendlyName}, {xml}) ON CONFLICT (\"FriendlyName\") DO NOTHING");
        }

        if (imported > 0)
        {
            LogImported(logger, imported, folder.FullName);
        }
    }

    [LoggerMessage(LogLevel.Information, "Moved {Count} key ring element(s) from {Folder} into the database; the files stay as they were")]
    private static partial void LogImported(ILogger logger, int count, string folder);
}
