/* The native half of the Acme.Native test module. */
int acme_add(int a, int b) { return a + b + 1000; }
