using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HallPlatform.Reception.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyKeyScopedPerCaller : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "idempotency_key",
                table: "visits",
                type: "character varying(141)",
                maxLength: 141,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100,
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "idempotency_key",
                table: "visits",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(141)",
                oldMaxLength: 141,
                oldNullable: true);
        }
    }
}
