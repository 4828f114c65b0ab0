/*
 * fuzz-config.c - the pipeline run that byte 0 of a fuzz_pipeline input
 * selects; see fuzz-config.h.
 */
#include "fuzz-config.h"

/* sm_fuzz_config - see fuzz-config.h. */
int sm_fuzz_config(unsigned b, unsigned got, sm_config_t *cfg)
{
	static const size_t max_key[4] = { 5, 0, 1, 40 };
	sm_config_init(cfg);
	cfg->pretokenized = b & 1;
	cfg->length_mode = (int)((b >> 1) & 3) % 3;
	cfg->length = cfg->length_mode == SM_LEN_RATIO ? 0.3 :
		      cfg->length_mode == SM_LEN_WORDS ? 60 : 3;
	cfg->facts = (b & 8) ? SM_FACTS_ALL : SM_FACTS_KEY;
	if (!(got & SM_LOAD_FACTS) || !(got & SM_LOAD_SYNTAX))
		cfg->facts = SM_FACTS_NONE;
	cfg->analyze = (got & SM_LOAD_SYNTAX) != 0;
	cfg->max_key_facts = max_key[(b >> 5) & 3];
	return sm_fuzz_config_pretty(b);
}
