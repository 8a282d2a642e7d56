using System.Xml.Linq;
using Visitation.Workflows.Referrals;

namespace Visitation.Workflows.Tests.Architecture;

/// <summary>
/// The domain stays plain C#: persistence, jobs, messaging and the web host depend on it, never the other
/// way round. This is what makes a Domain → Infrastructure reference a failing build.
/// </summary>
public class DependencyTests
{
    private static readonly string[] Forbidden =
    [
        "Microsoft.EntityFrameworkCore",
        "Hangfire",
        "MassTransit",
        "Microsoft.AspNetCore",
        "Npgsql",
    ];

    private static bool IsForbidden(string name) =>
        Forbidden.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Visitation.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Visitation.sln not found above the test directory.");
    }

    private static string WorkflowsProjectDirectory() => Path.Combine(RepositoryRoot(), "src", "Workflows");

    [Test]
    public void The_domain_assembly_references_no_infrastructure_assembly()
    {
        var referenced = typeof(Referral).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        referenced.ShouldContain("Stateless"); // the check is looking at the right assembly
        referenced.Where(IsForbidden).ShouldBeEmpty();
    }

    [Test]
    public void The_domain_project_has_no_infrastructure_package_or_project_reference()
    {
        var project = XDocument.Load(Path.Combine(WorkflowsProjectDirectory(), "Visitation.Workflows.csproj"));

        var packages = project.Descendants("PackageReference").Select(e => (string?)e.Attribute("Include") ?? "").ToList();
        var projects = project.Descendants("ProjectReference").Select(e => (string?)e.Attribute("Include") ?? "").ToList();

        packages.ShouldContain("Stateless");
        packages.Where(IsForbidden).ShouldBeEmpty();
        projects.ShouldBeEmpty("the domain depends on no other project of the solution");
        project.Root!.Attribute("Sdk")!.Value.ShouldBe("Microsoft.NET.Sdk");
    }

    [Test]
    public void The_domain_does_not_read_the_system_clock()
    {
        var offenders = Directory.EnumerateFiles(WorkflowsProjectDirectory(), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, number: i + 1)))
            .Where(x => x.line.Contains("DateTime.Now", StringComparison.Ordinal)
                        || x.line.Contains("DateTime.UtcNow", StringComparison.Ordinal)
                        || x.line.Contains("DateTimeOffset.Now", StringComparison.Ordinal)
                        || x.line.Contains("DateTimeOffset.UtcNow", StringComparison.Ordinal)
                        || x.line.Contains("TimeProvider.System", StringComparison.Ordinal))
            .Select(x => $"{Path.GetFileName(x.path)}:{x.number}: {x.line.Trim()}")
            .ToList();

        offenders.ShouldBeEmpty();
    }
}
