using System.Runtime.InteropServices;

namespace Acme.Native;

public static class NativeAdder
{
    [DllImport("acmenative", CallingConvention = CallingConvention.Cdecl)]
    private static extern int acme_add(int a, int b);

    public static int Add(int a, int b) => acme_add(a, b);
}
