/* libFuzzer harness for the resign journal parser (lib/journal_fmt.c).  A
 * parsed journal of the current version must re-serialize to the same bytes,
 * except the state words, which the file checksum skips; an older version is
 * written as the current one, which must then read back to the same bytes.
 * Each input is parsed as is, then again with its length field, trailer
 * magic and checksum repaired, so the fuzzer reaches the body parser instead
 * of stopping at the checksum. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "journal_fmt.h"
#include "lvm_crc.h"

static void parse_one(const uint8_t *d, size_t n)
{
	struct rl_journal j;
	struct rl_err e;
	uint8_t *out;
	size_t len;

	rl_err_init(&e, "fuzz.journal");
	if (rl_journal_parse(d, n, &j, &e) < 0)
		return;
	if (rl_journal_serialize(&j, &out, &len, &e) == 0) {
		if (j.version == RL_JOURNAL_VERSION) {
			if (len != n || memcmp(out, d, 16) || memcmp(out + 24, d + 24, n - 24))
				abort();
		} else {
			struct rl_journal again;
			uint8_t *out2;
			size_t len2;

			if (rl_journal_parse(out, len, &again, &e) < 0)
				abort();
			if (rl_journal_serialize(&again, &out2, &len2, &e) < 0 || len2 != len ||
			    memcmp(out2, out, 16) || memcmp(out2 + 24, out + 24, len - 24))
				abort();
			free(out2);
			rl_journal_free(&again);
		}
		free(out);
	}
	rl_journal_free(&j);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	uint8_t *fix;
	size_t i;

	parse_one(d, n);
	if (n < RL_JOURNAL_HDR_LEN + RL_JOURNAL_TRAILER_LEN)
		return 0;
	fix = malloc(n);
	if (!fix)
		return 0;
	memcpy(fix, d, n);
	for (i = 0; i < 8; i++)
		fix[48 + i] = (uint8_t)((uint64_t)n >> (8 * i));
	memcpy(fix + n - RL_JOURNAL_TRAILER_LEN, RL_JOURNAL_END, 8);
	rl_journal_file_sha(fix, n - 32, fix + n - 32);
	parse_one(fix, n);
	free(fix);
	return 0;
}
