using Summon.Trust;

namespace Summon.Tests.Trust;

public sealed class PathPatternTests
{
    [Theory]
    [InlineData("foo.tgz", "*.tgz", true)]
    [InlineData("targets/foo.tgz", "targets/*.tgz", true)]
    [InlineData("foo-version-a.tgz", "foo-version-?.tgz", true)]
    [InlineData("foo-version-alpha.tgz", "foo-version-?.tgz", false)]
    [InlineData("a/b/foo.tgz", "*.tgz", false)]
    [InlineData("a/b/foo.tgz", "*/*/*.tgz", true)]
    [InlineData("a/foo.tgz", "*", false)]
    [InlineData("anything", "*", true)]
    [InlineData("file.py", "file.[pq]y", true)]
    [InlineData("file.ry", "file.[!pq]y", true)]
    [InlineData("file.py", "file.[!pq]y", false)]
    [InlineData("v5", "v[0-9]", true)]
    [InlineData("va", "v[0-9]", false)]
    [InlineData("[x", "[x", true)]
    [InlineData("releases/x/x_v1", "releases/*/*", true)]
    [InlineData("releases/y/y_v1.zip", "releases/x/*", false)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*a*a*c", false)]
    [InlineData("", "*", true)]
    public void Matches_like_fnmatch_per_path_segment(string path, string pattern, bool expected)
    {
        Assert.Equal(expected, PathPattern.Matches(path, pattern));
    }
}
