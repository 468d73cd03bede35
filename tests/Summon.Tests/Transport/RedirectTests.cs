using Summon.FaultInjection;
using Summon.Transport;

namespace Summon.Tests.Transport;

public class RedirectTests
{
    [Fact]
    public async Task A_redirect_loop_is_cut_off_after_the_cap()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("**", new Fault { RedirectLoop = true });

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.FetchStreamAsync(bed.Fetcher()));

        Assert.Contains("redirect loop", e.Message);
        Assert.Equal(TransportBed.ShortOptions.MaxRedirects + 1, bed.Server.RequestCount(TransportBed.FilePath));
    }

    [Fact]
    public async Task A_redirect_to_another_path_is_followed()
    {
        await using var bed = await TransportBed.StartAsync();
        bed.Server.Inject("elsewhere/**", new Fault { RedirectTo = bed.FileUrl });

        var bytes = await bed.Fetcher().FetchBytesAsync(new Uri(bed.Server.Url, "elsewhere/blob.bin"), bed.Content.Length, default);

        Assert.Equal(bed.Content, bytes);
    }

    [Fact]
    public async Task A_redirect_from_https_to_http_is_refused()
    {
        await using var bed = await TransportBed.StartAsync(options: new FaultServerOptions { Https = true });
        Assert.Equal("https", bed.Server.Url.Scheme);
        var plain = new UriBuilder(bed.FileUrl) { Scheme = "http" }.Uri;
        bed.Server.Inject("**", new Fault { RedirectTo = plain });

        var e = await Assert.ThrowsAsync<DownloadException>(() => bed.FetchStreamAsync(bed.Fetcher()));

        Assert.Contains("from https to plain http", e.Message);
        Assert.Equal(1, bed.Server.TotalRequests);
    }

    [Fact]
    public async Task Https_itself_works_with_the_test_certificate()
    {
        await using var bed = await TransportBed.StartAsync(options: new FaultServerOptions { Https = true });

        Assert.Equal(bed.Content, await bed.FetchStreamAsync(bed.Fetcher()));
    }

    [Theory]
    [InlineData("https://a.test/x", "http://a.test/x", false)]
    [InlineData("https://a.test/x", "ftp://a.test/x", false)]
    [InlineData("https://a.test/x", "file:///etc/passwd", false)]
    [InlineData("https://a.test/x", "https://cdn.test/x", true)]
    [InlineData("http://a.test/x", "https://a.test/x", true)]
    [InlineData("http://a.test/x", "http://b.test/x", true)]
    public void Only_http_and_https_without_a_downgrade_are_followed(string from, string to, bool followed)
    {
        Assert.Equal(followed, RedirectPolicy.Refusal(new Uri(from), new Uri(to)) is null);
    }
}
