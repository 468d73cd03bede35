using NuGet.Versioning;
using Summon.Modules.Resolution;

namespace Summon.Tests.Resolution;

public class VersionSetTests
{
    private static VersionSet Range(string range) => VersionSet.FromRange(VersionRange.Parse(range));

    [Theory]
    [InlineData("2.0", ">=2.0.0")]
    [InlineData("[1.2,2.0)", ">=1.2.0 <2.0.0")]
    [InlineData("[1.4.0]", "1.4.0")]
    [InlineData("(,3.0)", "<3.0.0")]
    [InlineData("(1.0,2.0]", ">1.0.0 <=2.0.0")]
    [InlineData("1.*", ">=1.0.0 <2.0.0")]
    public void ARangeIsWrittenTheWayPeopleWriteConstraints(string range, string written) =>
        Assert.Equal(written, Range(range).ToString());

    [Fact]
    public void AStableRangeAdmitsNoPrerelease()
    {
        var set = Range("[1.0,2.0)");
        Assert.True(set.Contains(NuGetVersion.Parse("1.5.0")));
        Assert.False(set.Contains(NuGetVersion.Parse("1.5.0-beta")));
    }

    [Fact]
    public void ARangeNamingAPrereleaseAdmitsPrereleasesWithinIt()
    {
        var set = Range("[1.0.0-alpha,2.0)");
        Assert.True(set.Contains(NuGetVersion.Parse("1.5.0-beta")));
        Assert.False(set.Contains(NuGetVersion.Parse("2.0.0")));
    }

    [Fact]
    public void AFloatingRangeEndsWhereItsPatternEnds()
    {
        var set = Range("1.2.*");
        Assert.True(set.Contains(NuGetVersion.Parse("1.2.9")));
        Assert.False(set.Contains(NuGetVersion.Parse("1.3.0")));
    }

    [Fact]
    public void TouchingIntervalsJoinIntoOne()
    {
        var joined = Range("[1.0,2.0)").Union(Range("[2.0,3.0)"));
        Assert.Equal(Range("[1.0,3.0)"), joined);
        Assert.Equal(">=1.0.0 <3.0.0", joined.ToString());
    }

    [Fact]
    public void ASetAndItsComplementShareNothingAndCoverEverything()
    {
        var set = Range("[1.0,2.0)").Union(Range("[3.0]"));
        Assert.True(set.Intersect(set.Complement()).IsEmpty);
        Assert.True(set.Union(set.Complement()).IsFull);
    }

    [Fact]
    public void ANegativeTermIsSatisfiedByAPositiveOneOutsideIt()
    {
        var chosen = new Term(true, Range("(,3.0)"));
        var notThree = new Term(false, Range("3.0"));
        Assert.Equal(Relation.Satisfied, chosen.RelationTo(notThree));
        Assert.Equal(Relation.Contradicted, chosen.RelationTo(notThree.Negate()));
        Assert.Equal(Relation.Inconclusive, new Term(true, Range("2.0")).RelationTo(notThree));
    }
}
