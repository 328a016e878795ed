using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Infrastructure.Data;

/// <summary>
/// One element of the server's DataProtection key ring (a key or a revocation) as ASP.NET Core writes it. The table
/// has the shape of Microsoft.AspNetCore.DataProtection.EntityFrameworkCore's, so that package could read it.
/// </summary>
public sealed class KeyRingElement
{
    public int Id { get; set; }

    /// <summary>The name ASP.NET Core gives the element ("key-{id}"), also its file name in a key folder.</summary>
    public string FriendlyName { get; set; } = "";

    public string Xml { get; set; } = "";
}

internal sealed class KeyRingElementConfiguration : IEntityTypeConfiguration<KeyRingElement>
{
    public void Configure(EntityTypeBuilder<KeyRingElement> element)
    {
        element.ToTable("DataProtectionKeys");
        element.Property(e => e.FriendlyName).HasMaxLength(200);
        // Nodes importing the same key folder at once (DatabaseKeyRing.ImportFolderAsync) store each element once.
        element.HasIndex(e => e.FriendlyName).IsUnique();
    }
}
