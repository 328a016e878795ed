using Microsoft.Data.Sqlite;

namespace Parley.Infrastructure.Operations;

/// <summary>
/// An online backup of a SQLite server into a new folder that is itself a data folder: start a server on it (or copy
/// it in place) to restore. The database is written by <c>VACUUM INTO</c>, a read transaction: it sees one consistent
/// snapshot while the running server goes on writing (WAL mode lets a reader and the writer run side by side), and
/// the copy is compact and self-contained (no -wal file to forget). SQLite's backup API (SqliteConnection.BackupDatabase)
/// would do as well in one step; VACUUM INTO needs no second connection and leaves no free pages in the copy.
/// <para>
/// The files (uploads, avatars, the key ring) are copied after the database, so every file a backed-up row names was
/// on disk before the snapshot was taken; files uploaded later come along too and are harmless.
/// </para>
/// </summary>
public static class SqliteBackup
{
    public const string DatabaseFile = "parley.db";

    /// <summary>The database's own files, which the snapshot replaces; everything else in the data folder is copied as it is.</summary>
    private static readonly string[] DatabaseFiles = [DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm", DatabaseFile + "-journal"];

    public sealed record Summary(long DatabaseBytes, int FilesCopied);

    public static async Task<Summary> RunAsync(string connectionString, string dataDirectory, string filesDirectory, string destination, CancellationToken cancellationToken = default)
    {
        destination = Path.GetFullPath(destination);
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new MoveRefusedException($"{destination} is not empty: a backup goes into a new (or empty) folder.");
        }

        Directory.CreateDirectory(destination);
        var databaseCopy = Path.Combine(destination, DatabaseFile);
        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $file";
            vacuum.Parameters.AddWithValue("$file", databaseCopy);
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        var copied = CopyFolder(Path.GetFullPath(dataDirectory), destination, skipTopLevel: DatabaseFiles, exclude: destination);
        var files = Path.GetFullPath(filesDirectory);
        if (!IsInside(files, Path.GetFullPath(dataDirectory)) && Directory.Exists(files))
        {
            // Uploads kept outside the data folder (Parley:Files:Directory) come along as files/ of the backup.
            copied += CopyFolder(files, Path.Combine(destination, "files"), skipTopLevel: [], exclude: destination);
        }

        return new Summary(new FileInfo(databaseCopy).Length, copied);
    }

    private static int CopyFolder(string from, string to, IReadOnlyCollection<string> skipTopLevel, string exclude)
    {
        var copied = 0;
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            if (skipTopLevel.Contains(Path.GetFileName(file)))
            {
                continue;
            }

            try
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
                copied++;
            }
            catch (FileNotFoundException)
            {
                // Removed while the backup ran (a temporary upload finished, an unattached file expired): not needed.
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(from))
        {
            if (!IsInside(exclude, folder))
            {
                copied += CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)), skipTopLevel: [], exclude);
            }
        }

        return copied;
    }

    private static bool IsInside(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
