using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Infrastructure.Data;

/// <summary>
/// That a person used the server on a day (UTC): one row per person per day, for the dashboard's "active users per
/// day". Nothing else about the visit is kept, so it says no more than that they came.
/// </summary>
public sealed class DailyActivity
{
    public DateOnly Day { get; set; }

    public long UserId { get; set; }
}

internal sealed class DailyActivityConfiguration : IEntityTypeConfiguration<DailyActivity>
{
    public void Configure(EntityTypeBuilder<DailyActivity> activity)
    {
        activity.ToTable("DailyActivity");
        // Day first: the dashboard counts a range of days; the key also makes a second visit's insert a no-op.
        activity.HasKey(a => new { a.Day, a.UserId });
        activity.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
