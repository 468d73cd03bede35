using System.Reflection;

namespace Acme.Extra;

/// <summary>The module's one feature; it reports its own version so a run shows which one loaded.</summary>
public static class Greeter
{
    public static string Hello(string name)
    {
        var version = typeof(Greeter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        return $"Hello, {name}, from Acme.Extra {version}";
    }
}
