/* The fuzzers' image format: one to four devices, each a size and the byte
 * ranges a LUN reader reads (label sectors, mda headers, text, MGT, VHD
 * footers, headers and locators), zeros elsewhere.  A real SR image of
 * 64 MiB becomes a seed of a few KiB (tests/fixtures/sparseimg writes them
 * from mksr images), and every mutation lands on bytes the reader looks at.
 *
 *   "RLSPARS1" | u32 ndev | u32 0 | ndev x u64 size
 *   records to the end: u32 dev | u32 len | u64 off | len bytes
 * (little-endian; later records lie over earlier ones).
 *
 * The same image may come zlib-compressed, "RLSPARZ1" | u32 raw length |
 * zlib stream of the above: the mutator writes that form, so a corpus of
 * images whose sectors are mostly alike stays small on disk (about 2 KiB an
 * input, not 25).
 *
 * Also here: the checksum fix-ups that let a mutated image past the label,
 * mda header, text and VHD checksums, and the structure-aware mutator shared
 * by the harnesses that read images.  Header-only: static functions; with
 * SPARSE_NO_ZLIB (the seed writer, built with the product) no zlib. */
#ifndef RELUN_FUZZ_SPARSE_IMAGE_H
#define RELUN_FUZZ_SPARSE_IMAGE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifndef SPARSE_NO_ZLIB
#include <zlib.h>
#endif

#include "rl_endian.h"
#include "rl_memdev.h"
#include "lvm_crc.h"
#include "lvm_label.h"
#include "lvm_mda.h"
#include "vhd.h"

#define SPARSE_MAGIC "RLSPARS1"
#define SPARSE_ZMAGIC "RLSPARZ1"
#define SPARSE_MAX_RAW (4u << 20)
#define SPARSE_MAX_DEV 4
#define SPARSE_MAX_REC 256
#define SPARSE_MAX_SIZE (1ULL << 40)
#define SPARSE_MAX_LEN (1u << 20)

struct sparse_rec {
	unsigned dev;
	uint64_t off;
	uint32_t len;
	uint8_t *data; /* into the (caller's) input buffer */
};

struct sparse_img {
	unsigned ndev;
	uint64_t size[SPARSE_MAX_DEV];
	unsigned nrec;
	struct sparse_rec rec[SPARSE_MAX_REC];
	uint8_t *raw;      /* the uncompressed image when the input was compressed (owned) */
	size_t raw_len;
};

static inline size_t sparse_hdr_len(unsigned ndev)
{
	return 16 + 8 * (size_t)ndev;
}

/* 0, or -1 for anything malformed (the input is then of no interest). */
static inline int sparse_parse(const uint8_t *d, size_t n, struct sparse_img *s)
{
	size_t p;
	unsigned i;

	if (n < 16 || memcmp(d, SPARSE_MAGIC, 8))
		return -1;
	s->ndev = rl_get_le32(d + 8);
	if (s->ndev < 1 || s->ndev > SPARSE_MAX_DEV || n < sparse_hdr_len(s->ndev))
		return -1;
	for (i = 0; i < s->ndev; i++) {
		s->size[i] = rl_get_le64(d + 16 + 8 * i);
		if (s->size[i] < 4096 || s->size[i] > SPARSE_MAX_SIZE)
			return -1;
	}
	s->nrec = 0;
	for (p = sparse_hdr_len(s->ndev); p < n;) {
		struct sparse_rec *r = &s->rec[s->nrec];

		if (n - p < 16 || s->nrec == SPARSE_MAX_REC)
			return -1;
		r->dev = rl_get_le32(d + p);
		r->len = rl_get_le32(d + p + 4);
		r->off = rl_get_le64(d + p + 8);
		p += 16;
		if (r->dev >= s->ndev || r->len > SPARSE_MAX_LEN || r->len > n - p ||
		    r->off > s->size[r->dev] || r->len > s->size[r->dev] - r->off)
			return -1;
		r->data = (uint8_t *)(d + p);
		p += r->len;
		s->nrec++;
	}
	return 0;
}

#ifndef SPARSE_NO_ZLIB
/* Either form; records point into d, or into s->raw for a compressed input.
 * 0 (release with sparse_done), or -1. */
static inline int sparse_open(const uint8_t *d, size_t n, struct sparse_img *s)
{
	uLongf rl;

	s->raw = NULL;
	s->raw_len = 0;
	if (n < 12 || memcmp(d, SPARSE_ZMAGIC, 8))
		return sparse_parse(d, n, s);
	rl = rl_get_le32(d + 8);
	if (rl < 16 || rl > SPARSE_MAX_RAW || !(s->raw = malloc(rl)))
		return -1;
	if (uncompress(s->raw, &rl, d + 12, n - 12) != Z_OK || sparse_parse(s->raw, rl, s)) {
		free(s->raw);
		s->raw = NULL;
		return -1;
	}
	s->raw_len = rl;
	return 0;
}

static inline void sparse_done(struct sparse_img *s)
{
	free(s->raw);
	s->raw = NULL;
}
#endif

/* The bytes at [off, off+len) of device dev, as the records lay them. */
static inline void sparse_get(const struct sparse_img *s, unsigned dev, uint64_t off, void *buf,
			      size_t len)
{
	unsigned i;

	memset(buf, 0, len);
	for (i = 0; i < s->nrec; i++) {
		const struct sparse_rec *r = &s->rec[i];
		uint64_t a = r->off > off ? r->off : off;
		uint64_t b = r->off + r->len < off + len ? r->off + r->len : off + len;

		if (r->dev == dev && a < b)
			memcpy((uint8_t *)buf + (a - off), r->data + (a - r->off), (size_t)(b - a));
	}
}

/* One memdev and rl_dev per device (ro or writable).  -1 out of memory
 * (the memdevs are then freed). */
static inline int sparse_load(const struct sparse_img *s, struct rl_memdev *m,
			      struct rl_dev *devs, int writable)
{
	unsigned i;

	for (i = 0; i < s->ndev; i++) {
		char name[32];

		rl_memdev_init(&m[i]);
		snprintf(name, sizeof(name), "fuzz%u", i);
		rl_dev_open_mem(&devs[i], name, s->size[i], &m[i], writable);
	}
	for (i = 0; i < s->nrec; i++)
		if (rl_memdev_put(&m[s->rec[i].dev], s->rec[i].off, s->rec[i].data, s->rec[i].len)) {
			for (i = 0; i < s->ndev; i++)
				rl_memdev_free(&m[i]);
			return -1;
		}
	return 0;
}

/* Write into the records whatever of [off, off+len) they hold. */
static inline void sparse_put(struct sparse_img *s, unsigned dev, uint64_t off, const void *buf,
			      size_t len)
{
	unsigned i;

	for (i = 0; i < s->nrec; i++) {
		struct sparse_rec *r = &s->rec[i];
		uint64_t a = r->off > off ? r->off : off;
		uint64_t b = r->off + r->len < off + len ? r->off + r->len : off + len;

		if (r->dev == dev && a < b)
			memcpy(r->data + (a - r->off), (const uint8_t *)buf + (a - off), (size_t)(b - a));
	}
}

/* An mda header at sector h of record r: its committed text's checksum
 * over the text as the records hold it, then the header's own checksum. */
static inline void fix_mda(struct sparse_img *s, struct sparse_rec *r, uint8_t *h)
{
	struct lvm_mda_header mh;
	struct lvm_span sp[2];
	struct rl_err e;
	unsigned ns, k;
	uint32_t crc = LVM_INITIAL_CRC;

	memset(&mh, 0, sizeof(mh));
	mh.start = rl_get_le64(h + 24);
	mh.size = rl_get_le64(h + 32);
	mh.rlocn[0].offset = rl_get_le64(h + 40);
	mh.rlocn[0].size = rl_get_le64(h + 48);
	rl_err_init(&e, "fuzz");
	if (mh.rlocn[0].offset && mh.rlocn[0].size <= SPARSE_MAX_LEN &&
	    !lvm_mda_text_spans(&mh, &mh.rlocn[0], sp, &ns, &e)) {
		for (k = 0; k < ns; k++) {
			uint8_t *t = malloc(sp[k].len ? sp[k].len : 1);

			if (!t)
				return;
			sparse_get(s, r->dev, sp[k].off, t, sp[k].len);
			crc = lvm_crc(crc, t, sp[k].len);
			free(t);
		}
		rl_put_le32(h + 56, crc);
	}
	rl_put_le32(h, lvm_crc(LVM_INITIAL_CRC, h + 4, LVM_MDA_HEADER_SIZE - 4));
}

/* Recompute every checksum the records hold whole: label CRC, text and mda
 * header CRCs, VHD footer and header checksums (found by their magic at a
 * sector boundary of the device). */
static inline void sparse_fixup(struct sparse_img *s)
{
	unsigned i;

	for (i = 0; i < s->nrec; i++) {
		struct sparse_rec *r = &s->rec[i];
		uint32_t o = (uint32_t)((512 - r->off % 512) % 512);

		for (; o < r->len && r->len - o >= 512; o += 512) {
			uint8_t *p = r->data + o;

			if (!memcmp(p, LVM_LABEL_ID, 8))
				rl_put_le32(p + 16, lvm_label_calc_crc(p));
			else if (!memcmp(p + 4, LVM_FMTT_MAGIC, LVM_FMTT_MAGIC_LEN))
				fix_mda(s, r, p);
			else if (!memcmp(p, "conectix", 8))
				rl_put_be32(p + VHD_F_CHECKSUM, vhd_footer_checksum(p));
			else if (!memcmp(p, "cxsparse", 8) && r->len - o >= VHD_HEADER_SIZE)
				rl_put_be32(p + VHD_H_CHECKSUM, vhd_header_checksum(p));
		}
	}
}

#ifdef SPARSE_MUTATOR
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

static inline uint32_t sparse_rand(uint32_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 17;
	*st ^= *st << 5;
	return *st;
}

/* The compressed form of raw into d (at most max bytes): its length, or 0
 * when it does not fit. */
static inline size_t sparse_pack(const uint8_t *raw, size_t rn, uint8_t *d, size_t max)
{
	uLongf cl = compressBound(rn);
	uint8_t *z = malloc(cl);
	size_t out = 0;

	if (z && compress2(z, &cl, raw, rn, 6) == Z_OK && 12 + cl <= max) {
		memcpy(d, SPARSE_ZMAGIC, 8);
		rl_put_le32(d + 8, (uint32_t)rn);
		memcpy(d + 12, z, cl);
		out = 12 + cl;
	}
	free(z);
	return out;
}

/* Mutate a window of one record's bytes (its length kept: an insertion
 * pushes the record's tail out, a deletion leaves zeros at its end), now and
 * then the whole uncompressed image (header, record offsets and lengths);
 * then, most of the time, fix the checksums so the mutation reaches the
 * parsers behind them.  The result is written compressed. */
static inline size_t sparse_mutate(uint8_t *d, size_t n, size_t max, unsigned seed)
{
	struct sparse_img *s = malloc(sizeof(*s));
	uint32_t st = seed | 1;
	struct sparse_rec *r;
	uint8_t win[1024], *raw;
	size_t w, at, m, rn, cap, out;

	if (!s)
		return n;
	if (sparse_open(d, n, s) || !s->nrec) {
		free(s);
		return LLVMFuzzerMutate(d, n, max);
	}
	/* a private, uncompressed copy to mutate, with room to grow */
	rn = s->raw ? s->raw_len : n;
	cap = rn + 1024;
	raw = malloc(cap);
	if (!raw) {
		sparse_done(s);
		free(s);
		return n;
	}
	memcpy(raw, s->raw ? s->raw : d, rn);
	sparse_done(s);
	if (sparse_parse(raw, rn, s))
		abort();
	if (sparse_rand(&st) % 32 == 0) {
		rn = LLVMFuzzerMutate(raw, rn, cap);
		if (!sparse_parse(raw, rn, s) && sparse_rand(&st) % 4)
			sparse_fixup(s);
	} else {
		r = &s->rec[sparse_rand(&st) % s->nrec];
		if (r->len) {
			w = 1 + sparse_rand(&st) % (sparse_rand(&st) % 4 ? 32 : 256);
			if (w > r->len)
				w = r->len;
			at = sparse_rand(&st) % (r->len - w + 1);
			memcpy(win, r->data + at, w);
			m = LLVMFuzzerMutate(win, w, sizeof(win));
			if (m > r->len - at)
				m = r->len - at;
			if (m != w) {
				size_t tail = r->len - at - w; /* bytes after the window */
				size_t keep = r->len - at - m; /* room after the new bytes */

				memmove(r->data + at + m, r->data + at + w, tail < keep ? tail : keep);
				if (keep > tail)
					memset(r->data + at + m + tail, 0, keep - tail);
			}
			memcpy(r->data + at, win, m);
		}
		if (sparse_rand(&st) % 8)
			sparse_fixup(s);
	}
	out = sparse_pack(raw, rn, d, max);
	free(raw);
	free(s);
	return out ? out : n;
}
#endif

#endif
