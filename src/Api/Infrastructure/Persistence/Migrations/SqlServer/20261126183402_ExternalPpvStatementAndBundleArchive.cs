using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Visitation.Api.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ExternalPpvStatementAndBundleArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ExternalIssuedOn",
                table: "ReferralDocuments",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExternalIssuer",
                table: "ReferralDocuments",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "BundleArchiveStoredFileId",
                table: "Complaints",
                type: "uniqueidentifier",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExternalIssuedOn",
                table: "ReferralDocuments");

            migrationBuilder.DropColumn(
                name: "ExternalIssuer",
                table: "ReferralDocuments");

            migrationBuilder.DropColumn(
                name: "BundleArchiveStoredFileId",
                table: "Complaints");
        }
    }
}
