/* std::ios_base_library_init(), the one GLIBCXX_3.4.32 (GCC 13) symbol libLibTorchSharp.so names. GCC 13's <iostream>
 * refers to it only to pull in a libstdc++ that constructs the standard streams; nothing calls it, and Debian 12's
 * libstdc++ constructs them anyway. Defining it here satisfies the reference once its version is cleared. */
void _ZSt21ios_base_library_initv(void) {}
