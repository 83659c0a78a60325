using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HallPlatform.Reception.Data;

/// <summary>Lets `dotnet ef` build the model without a running server or the app's configuration.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ReceptionDbContext>
{
    public ReceptionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ReceptionDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=receptiondb;Username=postgres")
            .Options);
}
