/* libFuzzer harness: sg3_utils ASCII hex reader and response splitter.
 * The input is taken as hex text; whatever parses is split into responses,
 * and the raw input is split too (as a binary --inhex file would be).
 * Responses must tile the stream exactly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inhex.h"

static void split(const uint8_t *b, size_t n)
{
	struct inhex_page pg[64];
	struct rl_err e;
	size_t np, k, off = 0;

	rl_err_init(&e, "fuzz");
	if (inhex_split(b, n, pg, 64, &np, &e) < 0)
		return;
	for (k = 0; k < np; k++) {
		if (pg[k].off != off || pg[k].len == 0 || pg[k].off + pg[k].len > n)
			abort();
		off += pg[k].len;
	}
	if (off != n)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	uint8_t *out = malloc(INHEX_MAX_BYTES);
	char *text = malloc(n ? n : 1);
	struct rl_err e;
	size_t got;

	if (!out || !text)
		abort();
	memcpy(text, d, n);	/* exact size: no NUL to lean on */
	rl_err_init(&e, "fuzz");
	if (inhex_parse(text, n, out, INHEX_MAX_BYTES, &got, &e) == 0) {
		if (got > n)
			abort();
		split(out, got);
	}
	(void)inhex_is_text(d, n);
	split(d, n);
	free(out);
	free(text);
	return 0;
}
