namespace Summon.Extensions.Hosting;

/// <summary>Names <c>AddSummon</c> uses, for applications that configure around it.</summary>
public static class SummonHosting
{
    /// <summary>
    /// The <c>IHttpClientFactory</c> client Summon's requests go through: add handlers to it with
    /// <c>services.AddHttpClient(SummonHosting.HttpClientName).AddHttpMessageHandler(…)</c>. Its primary handler must
    /// not follow redirects (Summon does, by its own policy).
    /// </summary>
    public const string HttpClientName = "Summon";

    /// <summary>The configuration section <c>AddSummon(configuration)</c> reads.</summary>
    public const string ConfigurationSection = "Summon";
}
