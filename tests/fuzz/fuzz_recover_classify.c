/* libFuzzer harness for the journal recovery classifier: what --recover and
 * --undo decide each planned region holds now (resign/writer.c
 * rl_classify_regions, called by resign/recover.c).  The input gives a plan
 * (up to 8 regions of 1-4 sectors on 2 devices, old and new bytes) and the
 * device contents as a crash can leave them: per region and per sector,
 * the old bytes, the new bytes or other bytes (a torn or foreign write), over
 * arbitrary bytes elsewhere.  The classification must be exactly what the
 * bytes say: 'n' iff the region holds its new bytes, 'o' iff it holds its old
 * bytes (and they differ from the new), 'm' when each logical block holds
 * its old or its new bytes but not all alike (a torn write), 'x' otherwise,
 * and the count of 'x' returned.  A wrong 'o' or 'n' makes recovery skip a region that needs
 * rewriting, or rewrite one over data it does not know.
 *
 * The classifier is reached through classify() alone. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "writer.h"
#include "rl_memdev.h"

#define NDEV 2
#define DEV_SIZE (64 * 512)

/* A region neither wholly old nor wholly new: 'm' when each logical block
 * (the unit a power cut leaves whole) holds its old or its new bytes, as a
 * torn write leaves it, else 'x'. */
static char torn_or_neither(const uint8_t *buf, const struct rl_region *r, uint32_t align)
{
	uint32_t b, bs = align ? align : 512;

	for (b = 0; b < r->len; b += bs) {
		uint32_t n = r->len - b < bs ? r->len - b : bs;

		if (memcmp(buf + b, r->old_b + b, n) && memcmp(buf + b, r->new_b + b, n))
			return 'x';
	}
	return 'm';
}

static long classify(const struct rl_plan *p, struct rl_dev *devs, char *state, struct rl_err *e)
{
	return rl_classify_regions(p, devs, state, e);
}

struct in {
	const uint8_t *d;
	size_t n, at;
};

static uint8_t take(struct in *in)
{
	return in->at < in->n ? in->d[in->at++] : 0;
}

/* len bytes from the input, repeated when it runs short (never all zero
 * unless the input is). */
static void take_bytes(struct in *in, uint8_t *out, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = in->n ? in->d[(in->at + i) % in->n] : 0;
	in->at += len < 64 ? len : 64;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct in in = { d, n, 0 };
	struct rl_memdev m[NDEV];
	struct rl_dev devs[NDEV];
	struct rl_plan p;
	struct rl_err e;
	uint8_t *buf = malloc(DEV_SIZE), old_b[4 * 512], new_b[4 * 512];
	char state[8];
	unsigned nreg = 1 + take(&in) % 8, i, k;
	long bad, want_bad = 0;

	if (!buf || n < 4 || n > 8192) {
		free(buf);
		return 0;
	}
	rl_plan_init(&p, "fuzz", "full");
	for (k = 0; k < NDEV; k++) {
		rl_memdev_init(&m[k]);
		rl_dev_open_mem(&devs[k], k ? "fuzz1" : "fuzz0", DEV_SIZE, &m[k], 1);
		if (rl_plan_add_dev(&p, devs[k].path, "", DEV_SIZE, 0, 4096, 512, &e) < 0)
			abort();
		/* whatever was there before: a pattern from the input */
		take_bytes(&in, buf, DEV_SIZE);
		if (rl_memdev_put(&m[k], 0, buf, DEV_SIZE))
			abort();
	}
	for (i = 0; i < nreg; i++) {
		uint32_t dev = take(&in) % NDEV, len = 512 * (1 + take(&in) % 4);
		uint64_t off = 512 * (uint64_t)(take(&in) % 61);

		take_bytes(&in, old_b, len);
		take_bytes(&in, new_b, len);
		if (take(&in) % 4 == 0)
			memcpy(new_b + len - 512, old_b + len - 512, 512); /* a sector that stays */
		/* overlapping or unchanged regions are refused by finalize below */
		(void)rl_plan_add_region(&p, dev, RL_PHASE_FIRST + take(&in) % 4, off, old_b, new_b,
					 len, "fuzz", &e);
	}
	if (p.nregs == 0 || rl_plan_finalize(&p, &e) < 0)
		goto out;
	/* lay each region's sectors as a crash may leave them */
	for (i = 0; i < p.nregs; i++) {
		const struct rl_region *r = &p.regs[i];
		unsigned s, how = take(&in);

		for (s = 0; s < r->len / 512; s++) {
			unsigned pick = how < 128 ? how % 3 : take(&in) % 4;

			if (pick == 0)
				rl_memdev_put(&m[r->dev], r->off + 512 * s, r->old_b + 512 * s, 512);
			else if (pick == 1)
				rl_memdev_put(&m[r->dev], r->off + 512 * s, r->new_b + 512 * s, 512);
			else if (pick == 2) {
				take_bytes(&in, buf, 512);
				rl_memdev_put(&m[r->dev], r->off + 512 * s, buf, 512);
			} /* 3: what was there */
		}
	}
	bad = classify(&p, devs, state, &e);
	for (i = 0; i < p.nregs; i++) {
		const struct rl_region *r = &p.regs[i];
		char want;

		rl_memdev_get(&m[r->dev], r->off, buf, r->len);
		if (!memcmp(buf, r->new_b, r->len))
			want = 'n';
		else if (!memcmp(buf, r->old_b, r->len))
			want = 'o';
		else
			want = torn_or_neither(buf, r, p.devs[r->dev].align);
		want_bad += want == 'x';
		if (bad >= 0 && state[i] != want) {
			fprintf(stderr, "fuzz_recover_classify: region %zu (%u sectors at %llu): "
					"classified '%c', holds '%c'\n", (size_t)i, r->len / 512,
				(unsigned long long)r->off, state[i], want);
			abort();
		}
	}
	if (bad != want_bad) {
		fprintf(stderr, "fuzz_recover_classify: %ld mismatched regions reported, %ld hold "
				"neither image\n", bad, want_bad);
		abort();
	}
out:
	rl_plan_free(&p);
	for (k = 0; k < NDEV; k++)
		rl_memdev_free(&m[k]);
	free(buf);
	return 0;
}
