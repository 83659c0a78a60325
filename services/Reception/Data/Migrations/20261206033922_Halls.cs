using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Reception.Data.Migrations
{
    /// <inheritdoc />
    public partial class Halls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "halls",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_halls", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "halls",
                columns: new[] { "id", "name" },
                values: new object[] { "hall-001", "Hall 1" });

            // Halls the existing catalogues already use stay halls, named by their id until an administrator renames them.
            migrationBuilder.Sql(
                "INSERT INTO halls (id, name) SELECT hall_id, hall_id FROM service_types UNION SELECT hall_id, hall_id FROM counters " +
                "ON CONFLICT (id) DO NOTHING;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "halls");
        }
    }
}
