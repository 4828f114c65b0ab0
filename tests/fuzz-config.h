/*
 * fuzz-config.h - test and fuzz helper: the pipeline run that byte 0 of a
 * fuzz_pipeline input selects.  Shared by the harness (fuzz/fuzz_pipeline.c)
 * and by the regression suite that replays its crash files
 * (tests/test_regress.c), so a crash file replays with the run that found
 * it.
 */
#ifndef SM_FUZZ_CONFIG_H
#define SM_FUZZ_CONFIG_H

#include "pipeline.h"

/* Distinct pipeline configurations: byte 0 without bit 4 and bit 7. */
#define SM_FUZZ_NCONF 64

/*
 * sm_fuzz_config - fill cfg for config byte b, given the sm_models_loaded()
 * bits got.  Bit 0: pre-tokenized input.  Bits 1-2: the length rule (3
 * sentences, ratio 0.3, 60 words; 3 is taken as 0).  Bit 3: all facts
 * instead of key facts (no facts at all when the fact or syntax models
 * are missing).  Bit 4: pretty JSON, a render option, returned.  Bits
 * 5-6: max_key_facts 5, 0, 1 or 40.  Bit 7: unused.  Syntax analysis is
 * on whenever the syntax models are loaded.
 */
int sm_fuzz_config(unsigned b, unsigned got, sm_config_t *cfg);

/* sm_fuzz_config_index - the configuration (0 .. SM_FUZZ_NCONF - 1) of
 * byte b; sm_fuzz_config_byte - a byte with configuration c, pretty off. */
static inline unsigned sm_fuzz_config_index(unsigned b)
{
	return (b & 15) | ((b >> 1) & 48);
}

static inline unsigned sm_fuzz_config_byte(unsigned c)
{
	return (c & 15) | ((c & 48) << 1);
}

/* sm_fuzz_config_pretty - byte b's bit 4: pretty JSON. */
static inline int sm_fuzz_config_pretty(unsigned b)
{
	return (b >> 4) & 1;
}

#endif
