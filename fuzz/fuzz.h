/*
 * fuzz.h - what the libFuzzer harnesses in fuzz/ share: the entry points
 * libFuzzer calls, the contract check (an abort, which libFuzzer records
 * as a crash with its input), and where the models are (fuzz/run compiles
 * the source tree's models/ in as SM_FUZZ_MODELS_DIR).
 */
#ifndef SM_FUZZ_H
#define SM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#ifndef SM_FUZZ_MODELS_DIR
#define SM_FUZZ_MODELS_DIR "models"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort (a libFuzzer crash) when a contract does not hold. */
#define FUZZ_CHECK(c) do { if (!(c)) abort(); } while (0)

/* fuzz_models_dir - $SM_MODELS_DIR when set and not empty, else the
 * compiled-in directory. */
static inline const char *fuzz_models_dir(void)
{
	const char *d = getenv("SM_MODELS_DIR");
	return d && *d ? d : SM_FUZZ_MODELS_DIR;
}

#endif
