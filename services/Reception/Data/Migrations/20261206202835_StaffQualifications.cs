using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Reception.Data.Migrations
{
    /// <inheritdoc />
    public partial class StaffQualifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "staff_qualifications",
                columns: table => new
                {
                    staff_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_position = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_qualifications", x => x.staff_id);
                });

            migrationBuilder.CreateTable(
                name: "training_requirement_sources",
                columns: table => new
                {
                    producer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_requirement_sources", x => x.producer);
                });

            migrationBuilder.CreateTable(
                name: "training_requirements",
                columns: table => new
                {
                    service_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    mode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_requirements", x => x.service_type);
                });

            migrationBuilder.CreateTable(
                name: "staff_qualified_service_types",
                columns: table => new
                {
                    staff_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    service_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    valid_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_qualified_service_types", x => new { x.staff_id, x.service_type });
                    table.ForeignKey(
                        name: "FK_staff_qualified_service_types_staff_qualifications_staff_id",
                        column: x => x.staff_id,
                        principalTable: "staff_qualifications",
                        principalColumn: "staff_id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "staff_qualified_service_types");

            migrationBuilder.DropTable(
                name: "training_requirement_sources");

            migrationBuilder.DropTable(
                name: "training_requirements");

            migrationBuilder.DropTable(
                name: "staff_qualifications");
        }
    }
}
