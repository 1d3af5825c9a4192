// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer). SwiftPM links an executable
// with `main` aliased to `<Module>_main`, so each fuzzer defines that symbol and calls this.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
