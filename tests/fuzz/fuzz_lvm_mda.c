/* libFuzzer harness for the mda header codec and ring placement.  Input: a
 * 512-byte header followed by ring bytes.  The header is parsed against its
 * own start/size (so the fuzzer reaches the slot checks), with its checksum
 * repaired on a second pass.  A parsed header must serialize back to the
 * same bytes (when nothing follows the slots); the committed copy's spans
 * must lie inside the mda; the next placement must not overlap the current
 * copy and must stay inside the ring. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lvm_mda.h"
#include "lvm_crc.h"

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int inside(const struct lvm_mda_header *h, const struct lvm_span *s)
{
	return s->off >= h->start + 512 && s->len <= h->size &&
	       s->off - h->start <= h->size - s->len;
}

static void check(const uint8_t *d, size_t n)
{
	struct lvm_mda_header h;
	struct lvm_raw_locn nr;
	struct lvm_span sp[2], np[2];
	unsigned k, nn, i;
	uint8_t out[512];
	struct rl_err e;

	rl_err_init(&e, "fuzz");
	if (lvm_mda_header_parse(d, get64(d + 24), get64(d + 24), get64(d + 32), &h, &e))
		return;
	lvm_mda_header_serialize(&h, out);
	if (!h.tail_nonzero && memcmp(out, d, 512))
		abort();
	if (h.rlocn[0].offset) {
		if (lvm_mda_text_spans(&h, &h.rlocn[0], sp, &k, &e))
			abort(); /* parse already checked the slot */
		for (i = 0; i < k; i++)
			if (!inside(&h, &sp[i]))
				abort();
		/* gather from the ring bytes when the input holds them */
		if (h.size <= n) {
			const uint8_t *bufs[2];
			char *text;
			size_t tl;

			for (i = 0; i < k; i++)
				bufs[i] = d + (sp[i].off - h.start);
			if (!lvm_mda_text_gather(&h.rlocn[0], sp, k, bufs, &text, &tl, &e))
				free(text);
		}
	}
	for (i = 1; i < 4; i++) {
		uint64_t sz = (uint64_t)i * 977 + (n % 4096);

		if (lvm_mda_place_next(&h, sz, &nr, np, &nn, &e))
			continue;
		if (nr.size != sz || nn < 1 || nn > 2 || !inside(&h, &np[0]) ||
		    (nn == 2 && (np[1].off != h.start + 512 || !inside(&h, &np[1]))))
			abort();
		if (np[0].len + (nn == 2 ? np[1].len : 0) < sz)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	uint8_t *buf;
	uint32_t c;

	if (n < 512 || n > (1 << 20))
		return 0;
	check(d, n);
	buf = malloc(n);
	if (!buf)
		return 0;
	memcpy(buf, d, n);
	memcpy(buf + 4, LVM_FMTT_MAGIC, LVM_FMTT_MAGIC_LEN);
	buf[20] = 1;
	buf[21] = buf[22] = buf[23] = 0;
	c = lvm_crc(LVM_INITIAL_CRC, buf + 4, 508);
	buf[0] = (uint8_t)c;
	buf[1] = (uint8_t)(c >> 8);
	buf[2] = (uint8_t)(c >> 16);
	buf[3] = (uint8_t)(c >> 24);
	check(buf, n);
	free(buf);
	return 0;
}
