using System.Runtime.CompilerServices;

namespace HostApp;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.WriteLine("HostApp started; Acme.Extra is not in its output folder.");
        // Summon loads a module when code first needs it, unless the application opted in to preloading.
        Console.WriteLine(IsLoaded("Acme.Extra") ? "Acme.Extra was preloaded from the cache." : "Acme.Extra is not loaded yet.");
        try
        {
            Console.WriteLine(Greet(args.Length > 0 ? args[0] : "world"));
            return 0;
        }
        // The runtime wraps what the resolve hook throws in a FileLoadException; Summon's own error is inside.
        catch (FileLoadException e) when (e.InnerException is Summon.SummonException summon)
        {
            Console.Error.WriteLine($"{summon.GetType().Name}: {summon.Message}");
            return 3;
        }
    }

    private static bool IsLoaded(string assemblyName) =>
        AppDomain.CurrentDomain.GetAssemblies().Any(assembly => assembly.GetName().Name == assemblyName);

    // Kept out of Main so the failure to find Acme.Extra surfaces here, inside Main's try.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Greet(string name) => Acme.Extra.Greeter.Hello(name);
}
