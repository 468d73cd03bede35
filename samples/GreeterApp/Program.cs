using System.Runtime.CompilerServices;

namespace GreeterApp;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.WriteLine("GreeterApp started; Acme.Extra is not in its output folder.");
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

    // Kept out of Main so the failure to find Acme.Extra surfaces here, inside Main's try.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Greet(string name) => Acme.Extra.Greeter.Hello(name);
}
