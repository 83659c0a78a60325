using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Fault.Data.Migrations
{
    /// <inheritdoc />
    public partial class AppointmentOverlapConstraint : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No two appointments holding their window (booked, arrived) of one technician may overlap, whatever slot
            // grid they were cut from (docs/fault.md, "Concurrency"). btree_gist gives GiST the "=" on text; it is a
            // trusted extension (PostgreSQL 13+), shipped with Debian's postgresql package. EF Core does not model
            // exclusion constraints, so the model snapshot does not show it.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS btree_gist;");
            migrationBuilder.Sql("""
                ALTER TABLE appointments ADD CONSTRAINT ex_appointments_technician_overlap
                EXCLUDE USING gist (technician_id WITH =, tstzrange(start_at, end_at) WITH &&)
                WHERE (status IN ('booked', 'arrived'));
                """);

            // The constraint covers what the unique (technician, start) index guarded, and more.
            migrationBuilder.DropIndex(
                name: "ux_appointments_technician_start",
                table: "appointments");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ux_appointments_technician_start",
                table: "appointments",
                columns: new[] { "technician_id", "start_at" },
                unique: true,
                filter: "status IN ('booked', 'arrived')");

            migrationBuilder.Sql("ALTER TABLE appointments DROP CONSTRAINT IF EXISTS ex_appointments_technician_overlap;");
        }
    }
}
