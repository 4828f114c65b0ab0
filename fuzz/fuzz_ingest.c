/*
 * fuzz_ingest.c - libFuzzer harness for stages 1-2: ingest and normalize.
 *
 * Any byte string is a document.  The harness runs ingest (UTF-8 repair,
 * UTF-16 decoding, NUL and CR handling) and normalize (NFKC, punctuation
 * folding) and then checks the contracts of ingest.h and normalize.h, so a
 * wrong offset map is a crash, not only an out-of-bounds read:
 *   - a status is SM_OK or one of the documented errors;
 *   - text and norm are valid UTF-8 without NUL bytes;
 *   - the text map is non-decreasing, within orig and ends at orig_len;
 *   - every norm map entry is within orig.
 * One document per input (no state kept between inputs), so every crash
 * file reproduces on its own.  Build and run it with fuzz/run.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"
#include "doc.h"
#include "ingest.h"
#include "normalize.h"

/*
 * Is (p, len) well-formed UTF-8 without NUL (Unicode ch. 3, table 3-7)?
 * Written independently of ingest.c so the two can disagree.
 */
static int utf8_ok(const unsigned char *p, size_t len)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i], lo = 0x80, hi = 0xbf;
		size_t need;
		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
		else
			return 0;
		if (len - i <= need)
			return 0;
		for (size_t k = 1; k <= need; k++) {
			unsigned b = p[i + k];
			if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xbf))
				return 0;
		}
		i += need + 1;
	}
	return 1;
}

/* Check the ingest layer of d. */
static void check_ingest(const sm_doc_t *d)
{
	FUZZ_CHECK(d->text != NULL || d->text_len == 0);
	FUZZ_CHECK(utf8_ok((const unsigned char *)d->text, d->text_len));
	if (d->text_map) {
		for (size_t i = 0; i <= d->text_len; i++) {
			FUZZ_CHECK(d->text_map[i] <= d->orig_len);
			if (i)
				FUZZ_CHECK(d->text_map[i] >= d->text_map[i - 1]);
		}
		FUZZ_CHECK(d->text_map[d->text_len] == d->orig_len);
	} else {
		FUZZ_CHECK(d->text_len == d->orig_len);
	}
}

/* Check the normalize layer of d. */
static void check_normalize(const sm_doc_t *d)
{
	FUZZ_CHECK(d->norm != NULL || d->norm_len == 0);
	FUZZ_CHECK(utf8_ok((const unsigned char *)d->norm, d->norm_len));
	FUZZ_CHECK(d->norm_map != NULL);
	for (size_t i = 0; i <= d->norm_len; i++)
		FUZZ_CHECK(d->norm_map[i] <= d->orig_len);
}

/*
 * One input: a whole document.  Allocation failure is not a finding (the
 * status says so); any other status must be one ingest.h documents.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sm_doc_t *d = NULL;
	int rc;
	if (sm_doc_new(&d) != SM_OK)
		return 0;
	if (sm_doc_set_input(d, (const char *)data, size, NULL, NULL, NULL) != SM_OK)
		goto done;
	rc = sm_ingest_run(d);
	FUZZ_CHECK(rc == SM_OK || rc == SM_EEMPTY || rc == SM_EBINARY ||
		   rc == SM_ENCODING || rc == SM_ENOMEM);
	if (rc == SM_OK || rc == SM_EEMPTY)
		check_ingest(d);
	if (rc != SM_OK)
		goto done;
	rc = sm_normalize_run(d);
	FUZZ_CHECK(rc == SM_OK || rc == SM_EEMPTY || rc == SM_ENOMEM);
	if (rc == SM_OK)
		check_normalize(d);
done:
	sm_doc_free(d);
	return 0;
}
