namespace HallPlatform.Testing;

public static class RepositoryPaths
{
    /// <summary>The folder holding HallPlatform.sln, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Script(string name) => Path.Combine(Root, "scripts", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HallPlatform.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("HallPlatform.sln not found above " + AppContext.BaseDirectory);
    }
}
