using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HallPlatform.Reception.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderEventConsumption : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "consumer_positions",
                columns: table => new
                {
                    consumer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    producer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consumer_positions", x => new { x.consumer, x.producer });
                });

            migrationBuilder.CreateTable(
                name: "failed_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    consumer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    producer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_failed_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "processed_events",
                columns: table => new
                {
                    consumer = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_processed_events", x => new { x.consumer, x.event_id });
                });

            migrationBuilder.CreateIndex(
                name: "ux_failed_events_position",
                table: "failed_events",
                columns: new[] { "consumer", "producer", "position" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consumer_positions");

            migrationBuilder.DropTable(
                name: "failed_events");

            migrationBuilder.DropTable(
                name: "processed_events");
        }
    }
}
