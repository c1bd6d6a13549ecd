/* LVM2 metadata area header and ring placement (format-text.c:
 * _raw_read_mda_header, _raw_write_mda_header, _next_rlocn_offset,
 * _vg_write_raw, read_metadata_location_summary). */
#include "lvm_mda.h"
#include "lvm_crc.h"
#include "rl_endian.h"

#include <stdlib.h>
#include <string.h>

#define RLOCN_OFF(i) (40 + 24 * (i))

uint32_t lvm_text_checksum(const char *text, size_t size_incl_nul)
{
	return lvm_crc(LVM_INITIAL_CRC, text, size_incl_nul);
}

uint64_t lvm_mda_max_text(const struct lvm_mda_header *h)
{
	if (h->size < LVM_MDA_HEADER_SIZE + 2 * 512)
		return 0;
	return (h->size - LVM_MDA_HEADER_SIZE) / 2 - 512;
}

/* The area must hold its header and not run past the end of the 64-bit
 * offset space; `at` is where the size field is on disk. */
static int check_area(const struct lvm_mda_header *h, uint64_t at, struct rl_err *e)
{
	if (h->size < LVM_MDA_HEADER_SIZE || h->start > UINT64_MAX - h->size)
		return rl_err_at(e, RL_E_CORRUPT, at, "mda header: absurd size %llu",
				 (unsigned long long)h->size);
	return 0;
}

/* Whether the text r points at is empty or not inside the ring. */
static int text_outside(const struct lvm_mda_header *h, const struct lvm_raw_locn *r)
{
	return r->offset < LVM_MDA_HEADER_SIZE || r->offset >= h->size || !r->size ||
	       r->size > h->size - LVM_MDA_HEADER_SIZE;
}

/* A slot in use must point inside the ring and hold a copy that fits it. */
static int check_rlocn(const struct lvm_mda_header *h, const struct lvm_raw_locn *r,
		       unsigned slot, uint64_t base_off, struct rl_err *e)
{
	uint64_t at = base_off + RLOCN_OFF(slot);

	if (r->offset < LVM_MDA_HEADER_SIZE || r->offset >= h->size)
		return rl_err_at(e, RL_E_CORRUPT, at,
				 "mda header: slot %u text offset %llu outside the metadata area [512, %llu)",
				 slot, (unsigned long long)r->offset, (unsigned long long)h->size);
	if (!r->size || r->size > h->size - LVM_MDA_HEADER_SIZE)
		return rl_err_at(e, RL_E_CORRUPT, at + 8,
				 "mda header: slot %u text size %llu does not fit the %llu-byte buffer",
				 slot, (unsigned long long)r->size,
				 (unsigned long long)(h->size - LVM_MDA_HEADER_SIZE));
	return 0;
}

int lvm_mda_header_parse(const uint8_t buf[512], uint64_t base_off, uint64_t expect_start,
			 uint64_t expect_size, struct lvm_mda_header *h, struct rl_err *e)
{
	uint32_t crc;
	unsigned i;

	memset(h, 0, sizeof(*h));
	h->checksum = rl_get_le32(buf);
	crc = lvm_crc(LVM_INITIAL_CRC, buf + 4, LVM_MDA_HEADER_SIZE - 4);
	if (crc != h->checksum)
		return rl_err_at(e, RL_E_CORRUPT, base_off,
				 "mda header: checksum 0x%08x, computed 0x%08x", h->checksum, crc);
	if (memcmp(buf + 4, LVM_FMTT_MAGIC, LVM_FMTT_MAGIC_LEN))
		return rl_err_at(e, RL_E_CORRUPT, base_off + 4, "mda header: wrong magic");
	h->version = rl_get_le32(buf + 20);
	if (h->version != LVM_FMTT_VERSION)
		return rl_err_at(e, RL_E_CORRUPT, base_off + 20, "mda header: version %u, expected %u",
				 h->version, LVM_FMTT_VERSION);
	h->start = rl_get_le64(buf + 24);
	h->size = rl_get_le64(buf + 32);
	if (h->start != expect_start)
		return rl_err_at(e, RL_E_CORRUPT, base_off + 24,
				 "mda header: start %llu, the label says %llu",
				 (unsigned long long)h->start, (unsigned long long)expect_start);
	if (h->size != expect_size)
		return rl_err_at(e, RL_E_CORRUPT, base_off + 32,
				 "mda header: size %llu, the label says %llu",
				 (unsigned long long)h->size, (unsigned long long)expect_size);
	if (check_area(h, base_off + 32, e))
		return -1;
	for (i = 0; i < 2; i++) {
		const uint8_t *p = buf + RLOCN_OFF(i);

		h->rlocn[i].offset = rl_get_le64(p);
		h->rlocn[i].size = rl_get_le64(p + 8);
		h->rlocn[i].checksum = rl_get_le32(p + 16);
		h->rlocn[i].flags = rl_get_le32(p + 20);
	}
	/* Slot 0 with offset 0 means "no metadata" (a fresh PV); slot 1 is
	 * only looked at when it has a size. */
	if (h->rlocn[0].offset && check_rlocn(h, &h->rlocn[0], 0, base_off, e))
		return -1;
	if (h->rlocn[1].size && check_rlocn(h, &h->rlocn[1], 1, base_off, e))
		return -1;
	for (i = RLOCN_OFF(2); i < LVM_MDA_HEADER_SIZE; i++)
		if (buf[i]) {
			h->tail_nonzero = 1;
			break;
		}
	return 0;
}

void lvm_mda_header_serialize(const struct lvm_mda_header *h, uint8_t buf[512])
{
	unsigned i;

	memset(buf, 0, LVM_MDA_HEADER_SIZE);
	memcpy(buf + 4, LVM_FMTT_MAGIC, LVM_FMTT_MAGIC_LEN);
	rl_put_le32(buf + 20, LVM_FMTT_VERSION);
	rl_put_le64(buf + 24, h->start);
	rl_put_le64(buf + 32, h->size);
	for (i = 0; i < 2; i++) {
		uint8_t *p = buf + RLOCN_OFF(i);

		rl_put_le64(p, h->rlocn[i].offset);
		rl_put_le64(p + 8, h->rlocn[i].size);
		rl_put_le32(p + 16, h->rlocn[i].checksum);
		rl_put_le32(p + 20, h->rlocn[i].flags);
	}
	rl_put_le32(buf, lvm_crc(LVM_INITIAL_CRC, buf + 4, LVM_MDA_HEADER_SIZE - 4));
}

int lvm_mda_text_spans(const struct lvm_mda_header *h, const struct lvm_raw_locn *r,
		       struct lvm_span sp[2], unsigned *n, struct rl_err *e)
{
	*n = 0;
	if (check_area(h, h->start + 32, e))
		return -1;
	if (!r->offset && !r->size)
		return rl_err_at(e, RL_E_CORRUPT, h->start + 40, "mda: no metadata in this slot");
	if (text_outside(h, r))
		return rl_err_at(e, RL_E_CORRUPT, h->start + 40,
				 "mda: text {offset %llu, size %llu} outside the metadata area of %llu bytes",
				 (unsigned long long)r->offset, (unsigned long long)r->size,
				 (unsigned long long)h->size);
	sp[0].off = h->start + r->offset;
	if (r->size > h->size - r->offset) {
		/* wrap = offset + size - mda size, continuing at +512 */
		sp[0].len = h->size - r->offset;
		sp[1].off = h->start + LVM_MDA_HEADER_SIZE;
		sp[1].len = r->size - sp[0].len;
		*n = 2;
	} else {
		sp[0].len = r->size;
		*n = 1;
	}
	return 0;
}

/* _next_rlocn_offset, with old_last the last byte (relative) of the old
 * copy, or no old copy. */
static uint64_t next_offset(const struct lvm_mda_header *h, int have_old, uint64_t old_last)
{
	uint64_t next, adj = 0;

	if (!have_old)
		return LVM_MDA_HEADER_SIZE;
	if (h->size - old_last < LVM_MDA_ALIGNMENT)
		return LVM_MDA_HEADER_SIZE;
	next = old_last + 1;
	if (next % LVM_MDA_ALIGNMENT)
		adj = LVM_MDA_ALIGNMENT - next % LVM_MDA_ALIGNMENT;
	next += adj;
	if (next > h->size - LVM_MDA_ALIGNMENT)
		return LVM_MDA_HEADER_SIZE;
	return next;
}

int lvm_mda_place_next(const struct lvm_mda_header *h, uint64_t size,
		       struct lvm_raw_locn *nr, struct lvm_span sp[2], unsigned *n,
		       struct rl_err *e)
{
	const struct lvm_raw_locn *old = &h->rlocn[0];
	uint64_t old_start = 0, old_last = 0, old_wrap = 0;
	uint64_t new_start, new_last, new_wrap, max, end, over;
	int have_old, overlap;

	*n = 0;
	memset(nr, 0, sizeof(*nr));
	if (!size)
		return rl_err_set(e, RL_E_INVAL, "mda: empty metadata text");
	if (check_area(h, h->start + 32, e))
		return -1;
	max = lvm_mda_max_text(h);
	if (size > max)
		return rl_err_at(e, RL_E_TOOBIG, h->start,
				 "mda: metadata text of %llu bytes exceeds the maximum of %llu for a %llu-byte metadata area",
				 (unsigned long long)size, (unsigned long long)max,
				 (unsigned long long)h->size);
	have_old = !(old->flags & LVM_RAW_LOCN_IGNORED) && (old->offset || old->size);
	if (have_old) {
		if (text_outside(h, old))
			return rl_err_at(e, RL_E_CORRUPT, h->start + 40,
					 "mda: committed text {offset %llu, size %llu} outside the metadata area of %llu bytes",
					 (unsigned long long)old->offset, (unsigned long long)old->size,
					 (unsigned long long)h->size);
		old_start = old->offset;
		if (old->size > h->size - old->offset) {
			old_wrap = old->offset + old->size - h->size;
			old_last = old_wrap + LVM_MDA_HEADER_SIZE - 1;
		} else {
			old_last = old->offset + old->size - 1;
		}
	}
	new_start = next_offset(h, have_old, old_last);
	if (size > h->size - new_start) {
		new_wrap = new_start + size - h->size;
		new_last = new_wrap + LVM_MDA_HEADER_SIZE - 1;
	} else {
		new_wrap = 0;
		new_last = new_start + size - 1;
	}
	/* _vg_write_raw's overlap rules, verbatim; with max respected they
	 * only trip on inconsistent headers. */
	if (!have_old)
		overlap = 0;
	else if (new_wrap && old_wrap)
		overlap = 1;
	else if (!new_wrap && !old_wrap && new_start > old_last && new_last > new_start)
		overlap = 0;
	else if (!new_wrap && !old_wrap && new_start < old_start && new_last < old_start)
		overlap = 0;
	else if (old_wrap && !new_wrap && old_last < new_start && new_start < new_last &&
		 new_last < old_start)
		overlap = 0;
	else if (new_wrap && !old_wrap && new_last < old_start && old_start < old_last &&
		 old_last < new_start)
		overlap = 0;
	else
		overlap = 1;
	if (overlap)
		return rl_err_at(e, RL_E_TOOBIG, h->start + new_start,
				 "mda: metadata text of %llu bytes at %llu would overlap the current copy {%llu, %llu}",
				 (unsigned long long)size, (unsigned long long)new_start,
				 (unsigned long long)old->offset, (unsigned long long)old->size);
	nr->offset = new_start;
	nr->size = size;
	end = h->start + h->size;
	sp[0].off = h->start + new_start;
	if (new_wrap) {
		sp[0].len = size - new_wrap;
		sp[1].off = h->start + LVM_MDA_HEADER_SIZE;
		sp[1].len = new_wrap;
		*n = 2;
	} else {
		sp[0].len = size;
		*n = 1;
	}
	/* The last write is padded with zeros to a 512-byte device boundary;
	 * bcache never writes past the mda end (dev_set_last_byte). */
	over = (sp[*n - 1].off + sp[*n - 1].len) % 512;
	if (over) {
		uint64_t pad = 512 - over;
		uint64_t last_end = sp[*n - 1].off + sp[*n - 1].len;

		if (pad > end - last_end)
			pad = end - last_end;
		sp[*n - 1].len += pad;
	}
	return 0;
}

void lvm_mda_fill_spans(const char *text, uint64_t size, const struct lvm_span sp[2], unsigned n,
			uint8_t *bufs[2])
{
	uint64_t done = 0;
	unsigned i;

	for (i = 0; i < n; i++) {
		uint64_t take = size - done < sp[i].len ? size - done : sp[i].len;

		memcpy(bufs[i], text + done, take);
		memset(bufs[i] + take, 0, sp[i].len - take);
		done += take;
	}
}

int lvm_mda_text_gather(const struct lvm_raw_locn *r, const struct lvm_span sp[2], unsigned n,
			const uint8_t *const bufs[2], char **text, size_t *text_len,
			struct rl_err *e)
{
	uint64_t done = 0;
	uint32_t crc;
	unsigned i;
	char *t;

	*text = NULL;
	*text_len = 0;
	if (n < 1 || n > 2 || sp[0].len + (n == 2 ? sp[1].len : 0) < r->size ||
	    r->size > SIZE_MAX - 1)
		return rl_err_at(e, RL_E_INVAL, sp[0].off, "mda: spans do not hold the text");
	t = malloc((size_t)r->size + 1);
	if (!t)
		return rl_err_set(e, RL_E_NOMEM, "mda: out of memory for %llu bytes of text",
				  (unsigned long long)r->size);
	for (i = 0; i < n && done < r->size; i++) {
		uint64_t take = r->size - done < sp[i].len ? r->size - done : sp[i].len;

		memcpy(t + done, bufs[i], take);
		done += take;
	}
	t[r->size] = '\0';
	crc = lvm_crc(LVM_INITIAL_CRC, t, (size_t)r->size);
	if (crc != r->checksum) {
		free(t);
		return rl_err_at(e, RL_E_CORRUPT, sp[0].off,
				 "mda: metadata text checksum 0x%08x, computed 0x%08x over %llu bytes",
				 r->checksum, crc, (unsigned long long)r->size);
	}
	*text = t;
	*text_len = strlen(t);
	return 0;
}
