using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Visitation.Api.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OneOpenReferralPerChild : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_ChildId",
                table: "Referrals");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_ChildId_Open",
                table: "Referrals",
                column: "ChildId",
                unique: true,
                filter: "\"State\" NOT IN ('Decided', 'Withdrawn')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_ChildId_Open",
                table: "Referrals");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_ChildId",
                table: "Referrals",
                column: "ChildId");
        }
    }
}
