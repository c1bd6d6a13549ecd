#include "journal_fmt.h"

#include <stdlib.h>
#include <string.h>

#include "rl_endian.h"

/* Bounds for what a parser accepts, beyond the buffer length itself. */
#define J_MAX_STR 4096u
#define J_MAX_IDS (1u << 20)

const char *rl_jstate_name(enum rl_jstate s)
{
	switch (s) {
	case RL_JSTATE_PREPARED: return "prepared";
	case RL_JSTATE_DONE: return "done";
	case RL_JSTATE_ROLLED_BACK: return "rolled-back";
	case RL_JSTATE_UNDONE: return "undone";
	}
	return "unknown";
}

int rl_jstate_valid(uint32_t s)
{
	return s >= RL_JSTATE_PREPARED && s <= RL_JSTATE_UNDONE;
}

uint32_t rl_jstate_check(uint32_t version, uint32_t state, const uint8_t file_sha[RL_SHA256_LEN])
{
	struct rl_sha256 c;
	uint8_t w[4], md[RL_SHA256_LEN];

	if (version < 2)
		return ~state;
	rl_put_le32(w, state);
	rl_sha256_init(&c);
	rl_sha256_update(&c, "RLJSTATE", 8);
	rl_sha256_update(&c, w, 4);
	rl_sha256_update(&c, file_sha, RL_SHA256_LEN);
	rl_sha256_final(&c, md);
	return rl_get_le32(md);
}

int rl_journal_hdr_decode(const uint8_t *b, struct rl_journal_hdr *h)
{
	if (memcmp(b, RL_JOURNAL_MAGIC, 8))
		return -1;
	h->version = rl_get_le32(b + 8);
	h->incompat = rl_get_le32(b + 12);
	h->state = rl_get_le32(b + 16);
	h->state_check = rl_get_le32(b + 20);
	h->ndevs = rl_get_le32(b + 24);
	h->nids = rl_get_le32(b + 28);
	h->nregs = rl_get_le64(b + 32);
	h->created = rl_get_le64(b + 40);
	h->file_len = rl_get_le64(b + 48);
	h->reserved = rl_get_le64(b + 56);
	return 0;
}

int rl_journal_hdr_sound(const struct rl_journal_hdr *h, const uint8_t *trailer,
			 uint64_t file_len)
{
	return h->version >= RL_JOURNAL_VERSION_MIN && h->version <= RL_JOURNAL_VERSION &&
	       h->incompat == 0 && h->file_len == file_len && h->reserved == 0 &&
	       !memcmp(trailer, RL_JOURNAL_END, 8) && rl_jstate_valid(h->state) &&
	       h->state_check == rl_jstate_check(h->version, h->state, trailer + 8);
}

void rl_journal_free(struct rl_journal *j)
{
	rl_plan_free(&j->plan);
	free(j->fp);
	memset(j, 0, sizeof(*j));
}

void rl_journal_image_sha(const struct rl_plan *p, uint32_t d, int which,
			  uint8_t out[RL_SHA256_LEN])
{
	struct rl_sha256 c;
	size_t i;

	rl_sha256_init(&c);
	for (i = 0; i < p->nregs; i++)
		if (p->regs[i].dev == d)
			rl_sha256_update(&c, which ? p->regs[i].new_b : p->regs[i].old_b,
					 p->regs[i].len);
	rl_sha256_final(&c, out);
}

void rl_journal_hdr_hashes(const struct rl_plan *p, uint32_t d, const uint8_t *hdr,
			   uint8_t whole[RL_SHA256_LEN], uint8_t masked[RL_SHA256_LEN])
{
	static const uint8_t zeros[4096];
	uint64_t n = p->devs[d].hdr_len, pos = 0;
	struct rl_sha256 c;
	size_t i;

	rl_sha256(hdr, (size_t)n, whole);
	/* Regions are sorted by phase first, so walk the header in offset
	 * order by repeatedly taking the lowest region start >= pos. */
	rl_sha256_init(&c);
	while (pos < n) {
		const struct rl_region *next = NULL;
		uint64_t end, z;

		for (i = 0; i < p->nregs; i++) {
			const struct rl_region *r = &p->regs[i];

			if (r->dev != d || r->off + r->len <= pos || r->off >= n)
				continue;
			if (!next || r->off < next->off)
				next = r;
		}
		if (!next) {
			rl_sha256_update(&c, hdr + pos, (size_t)(n - pos));
			break;
		}
		if (next->off > pos) {
			rl_sha256_update(&c, hdr + pos, (size_t)(next->off - pos));
			pos = next->off;
		}
		end = next->off + next->len < n ? next->off + next->len : n;
		for (z = pos; z < end; z += sizeof(zeros))
			rl_sha256_update(&c, zeros, (size_t)(end - z < sizeof(zeros) ? end - z
								       : sizeof(zeros)));
		pos = end;
	}
	rl_sha256_final(&c, masked);
}

static int copy_plan(struct rl_plan *dst, const struct rl_plan *src, struct rl_err *e)
{
	size_t i;
	uint32_t d;

	rl_plan_init(dst, src->subject, src->scope);
	for (d = 0; d < src->ndevs; d++) {
		const struct rl_plan_dev *x = &src->devs[d];

		if (rl_plan_add_dev(dst, x->path, x->ident, x->size, x->rdev, x->hdr_len, x->align,
				    e) < 0)
			return -1;
	}
	for (i = 0; i < src->nids; i++)
		if (rl_plan_add_id(dst, src->ids[i].kind, src->ids[i].old_v, src->ids[i].new_v,
				   src->ids[i].where, e) < 0)
			return -1;
	for (i = 0; i < src->nregs; i++) {
		const struct rl_region *r = &src->regs[i];

		if (rl_plan_add_region(dst, r->dev, r->phase, r->off, r->old_b, r->new_b, r->len,
				       r->what, e) < 0)
			return -1;
	}
	dst->finalized = src->finalized;
	return 0;
}

int rl_journal_init_from_plan(struct rl_journal *j, const struct rl_plan *p, uint64_t created,
			      const char *tool, struct rl_err *e)
{
	uint32_t d;

	memset(j, 0, sizeof(*j));
	if (!p->finalized)
		return rl_err_set(e, RL_E_INVAL, "journal: plan not finalized");
	j->version = RL_JOURNAL_VERSION;
	j->state = RL_JSTATE_PREPARED;
	j->created = created;
	snprintf(j->tool, sizeof(j->tool), "%s", tool ? tool : "");
	if (copy_plan(&j->plan, p, e) < 0) {
		rl_journal_free(j);
		return -1;
	}
	j->fp = calloc(p->ndevs ? p->ndevs : 1, sizeof(*j->fp));
	if (!j->fp) {
		rl_journal_free(j);
		return rl_err_set(e, RL_E_NOMEM, "journal: out of memory");
	}
	for (d = 0; d < p->ndevs; d++) {
		rl_journal_image_sha(&j->plan, d, 0, j->fp[d].before_sha);
		rl_journal_image_sha(&j->plan, d, 1, j->fp[d].after_sha);
	}
	return 0;
}

/* ---- serialization ---- */

struct wbuf {
	uint8_t *b;
	size_t n, cap;
};

static size_t pad8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static void put(struct wbuf *w, const void *p, size_t n)
{
	memcpy(w->b + w->n, p, n);
	w->n += n;
}

static void put_u32(struct wbuf *w, uint32_t v)
{
	rl_put_le32(w->b + w->n, v);
	w->n += 4;
}

static void put_u64(struct wbuf *w, uint64_t v)
{
	rl_put_le64(w->b + w->n, v);
	w->n += 8;
}

static void put_blob(struct wbuf *w, const void *p, size_t n)
{
	put(w, p, n);
	memset(w->b + w->n, 0, pad8(n) - n);
	w->n += pad8(n) - n;
}

static void put_str(struct wbuf *w, const char *s)
{
	size_t n = strlen(s);

	put_u32(w, (uint32_t)n);
	put_blob(w, s, n);
}

static size_t str_size(const char *s)
{
	return 4 + pad8(strlen(s));
}

void rl_journal_file_sha(const uint8_t *b, size_t body_end, uint8_t out[RL_SHA256_LEN])
{
	struct rl_sha256 c;

	rl_sha256_init(&c);
	rl_sha256_update(&c, b, RL_JOURNAL_STATE_OFF);
	rl_sha256_update(&c, b + RL_JOURNAL_STATE_OFF + 8, body_end - RL_JOURNAL_STATE_OFF - 8);
	rl_sha256_final(&c, out);
}

int rl_journal_serialize(const struct rl_journal *j, uint8_t **out, size_t *len,
			 struct rl_err *e)
{
	const struct rl_plan *p = &j->plan;
	struct wbuf w = { 0 };
	size_t i, total;
	uint32_t d;
	uint8_t md[RL_SHA256_LEN];

	total = RL_JOURNAL_HDR_LEN + str_size(p->subject) + str_size(p->scope) + str_size(j->tool);
	for (d = 0; d < p->ndevs; d++)
		total += 32 + 4 * RL_SHA256_LEN + str_size(p->devs[d].path) +
			 str_size(p->devs[d].ident) + str_size(j->fp[d].name);
	for (i = 0; i < p->nids; i++)
		total += 8 + str_size(p->ids[i].old_v) + str_size(p->ids[i].new_v) +
			 str_size(p->ids[i].where);
	for (i = 0; i < p->nregs; i++)
		total += 24 + 2 * RL_SHA256_LEN + str_size(p->regs[i].what) +
			 2 * pad8(p->regs[i].len);
	total += RL_JOURNAL_TRAILER_LEN;

	w.b = calloc(1, total);
	if (!w.b)
		return rl_err_set(e, RL_E_NOMEM, "journal: out of memory (%zu bytes)", total);
	w.cap = total;
	put(&w, RL_JOURNAL_MAGIC, 8);
	put_u32(&w, RL_JOURNAL_VERSION);
	put_u32(&w, 0);
	put_u32(&w, (uint32_t)j->state);
	put_u32(&w, ~(uint32_t)j->state);
	put_u32(&w, p->ndevs);
	put_u32(&w, (uint32_t)p->nids);
	put_u64(&w, p->nregs);
	put_u64(&w, j->created);
	put_u64(&w, total);
	put_u64(&w, 0);
	put_str(&w, p->subject);
	put_str(&w, p->scope);
	put_str(&w, j->tool);
	for (d = 0; d < p->ndevs; d++) {
		const struct rl_plan_dev *x = &p->devs[d];

		put_u64(&w, x->size);
		put_u64(&w, x->rdev);
		put_u64(&w, x->hdr_len);
		put_u32(&w, x->align);
		put_u32(&w, 0);
		put(&w, j->fp[d].hdr_sha, RL_SHA256_LEN);
		put(&w, j->fp[d].hdr_masked_sha, RL_SHA256_LEN);
		put(&w, j->fp[d].before_sha, RL_SHA256_LEN);
		put(&w, j->fp[d].after_sha, RL_SHA256_LEN);
		put_str(&w, x->path);
		put_str(&w, x->ident);
		put_str(&w, j->fp[d].name);
	}
	for (i = 0; i < p->nids; i++) {
		put_u32(&w, (uint32_t)p->ids[i].kind);
		put_u32(&w, 0);
		put_str(&w, p->ids[i].old_v);
		put_str(&w, p->ids[i].new_v);
		put_str(&w, p->ids[i].where);
	}
	for (i = 0; i < p->nregs; i++) {
		const struct rl_region *r = &p->regs[i];

		put_u32(&w, r->dev);
		put_u32(&w, (uint32_t)r->phase);
		put_u64(&w, r->off);
		put_u32(&w, r->len);
		put_u32(&w, 0);
		rl_sha256(r->old_b, r->len, md);
		put(&w, md, RL_SHA256_LEN);
		rl_sha256(r->new_b, r->len, md);
		put(&w, md, RL_SHA256_LEN);
		put_str(&w, r->what);
		put_blob(&w, r->old_b, r->len);
		put_blob(&w, r->new_b, r->len);
	}
	put(&w, RL_JOURNAL_END, 8);
	rl_journal_file_sha(w.b, w.n, md);
	put(&w, md, RL_SHA256_LEN);
	rl_put_le32(w.b + RL_JOURNAL_STATE_OFF + 4, rl_jstate_check(RL_JOURNAL_VERSION, j->state, md));
	if (w.n != total) {
		free(w.b);
		return rl_err_set(e, RL_E_INVAL, "journal: size mismatch %zu != %zu", w.n, total);
	}
	*out = w.b;
	*len = total;
	return 0;
}

/* ---- parsing ---- */

struct rbuf {
	const uint8_t *b;
	size_t n;    /* end of the readable body (trailer start) */
	size_t pos;
	struct rl_err *e;
};

static int need(struct rbuf *r, size_t n, const char *what)
{
	if (n > r->n - r->pos)
		return rl_err_at(r->e, RL_E_CORRUPT, r->pos,
				 "journal truncated or corrupt: %s needs %zu bytes, %zu left", what,
				 n, r->n - r->pos);
	return 0;
}

static int get_u32(struct rbuf *r, uint32_t *v, const char *what)
{
	if (need(r, 4, what) < 0)
		return -1;
	*v = rl_get_le32(r->b + r->pos);
	r->pos += 4;
	return 0;
}

static int get_u64(struct rbuf *r, uint64_t *v, const char *what)
{
	if (need(r, 8, what) < 0)
		return -1;
	*v = rl_get_le64(r->b + r->pos);
	r->pos += 8;
	return 0;
}

static int get_bytes(struct rbuf *r, void *dst, size_t n, const char *what)
{
	if (need(r, n, what) < 0)
		return -1;
	memcpy(dst, r->b + r->pos, n);
	r->pos += n;
	return 0;
}

/* A blob of n bytes (padded to 8) returned in place; padding must be zero. */
static const uint8_t *get_blob(struct rbuf *r, size_t n, const char *what)
{
	const uint8_t *p;
	size_t i, pn = pad8(n);

	if (pn < n || need(r, pn, what) < 0)
		return NULL;
	p = r->b + r->pos;
	for (i = n; i < pn; i++)
		if (p[i]) {
			rl_err_at(r->e, RL_E_CORRUPT, r->pos + i, "journal: %s: non-zero padding",
				  what);
			return NULL;
		}
	r->pos += pn;
	return p;
}

static int get_str(struct rbuf *r, char *dst, size_t cap, const char *what)
{
	uint32_t n;
	size_t at = r->pos;
	const uint8_t *p;

	if (get_u32(r, &n, what) < 0)
		return -1;
	if (n >= cap || n > J_MAX_STR)
		return rl_err_at(r->e, RL_E_CORRUPT, at, "journal: %s: length %u too long", what, n);
	p = get_blob(r, n, what);
	if (!p)
		return -1;
	if (memchr(p, 0, n))
		return rl_err_at(r->e, RL_E_CORRUPT, at, "journal: %s: contains a NUL byte", what);
	memcpy(dst, p, n);
	dst[n] = '\0';
	return 0;
}

static int get_zero32(struct rbuf *r, const char *what)
{
	uint32_t v;
	size_t at = r->pos;

	if (get_u32(r, &v, what) < 0)
		return -1;
	if (v)
		return rl_err_at(r->e, RL_E_CORRUPT, at, "journal: reserved field in %s is %u", what,
				 v);
	return 0;
}

static int parse_header(struct rbuf *r, const uint8_t *buf, size_t len, struct rl_journal *j,
			uint32_t *ndevs, uint32_t *nids, uint64_t *nregs)
{
	struct rl_journal_hdr h;
	uint8_t md[RL_SHA256_LEN];

	if (len < RL_JOURNAL_HDR_LEN + RL_JOURNAL_TRAILER_LEN)
		return rl_err_at(r->e, RL_E_CORRUPT, 0,
				 "journal truncated: %zu bytes, a journal has at least %u", len,
				 RL_JOURNAL_HDR_LEN + RL_JOURNAL_TRAILER_LEN);
	if (rl_journal_hdr_decode(buf, &h) < 0)
		return rl_err_at(r->e, RL_E_CORRUPT, 0, "not a relun journal (bad magic)");
	j->version = h.version;
	if (j->version < RL_JOURNAL_VERSION_MIN || j->version > RL_JOURNAL_VERSION)
		return rl_err_at(r->e, RL_E_UNSUPPORTED, 8,
				 "journal version %u not supported (this relun reads %u to %u)",
				 j->version, RL_JOURNAL_VERSION_MIN, RL_JOURNAL_VERSION);
	if (h.incompat)
		return rl_err_at(r->e, RL_E_UNSUPPORTED, 12,
				 "journal has unknown incompatible features 0x%x", h.incompat);
	*ndevs = h.ndevs;
	*nids = h.nids;
	*nregs = h.nregs;
	j->created = h.created;
	if (h.file_len != len)
		return rl_err_at(r->e, RL_E_CORRUPT, 48,
				 "journal truncated or extended: header says %llu bytes, file has %zu",
				 (unsigned long long)h.file_len, len);
	if (h.reserved)
		return rl_err_at(r->e, RL_E_CORRUPT, 56, "journal: reserved header field not zero");
	if (memcmp(buf + len - RL_JOURNAL_TRAILER_LEN, RL_JOURNAL_END, 8))
		return rl_err_at(r->e, RL_E_CORRUPT, len - RL_JOURNAL_TRAILER_LEN,
				 "journal trailer missing (truncated?)");
	rl_journal_file_sha(buf, len - 32, md);
	if (memcmp(md, buf + len - 32, RL_SHA256_LEN))
		return rl_err_at(r->e, RL_E_CORRUPT, len - 32,
				 "journal checksum mismatch: the file is corrupt");
	/* after the file checksum: the state's check is bound to it */
	if (!rl_jstate_valid(h.state) || h.state_check != rl_jstate_check(j->version, h.state, md))
		return rl_err_at(r->e, RL_E_CORRUPT, 16,
				 "journal state word fails its check (%u/0x%08x): edited or "
				 "damaged, not written by relun-resign", h.state, h.state_check);
	j->state = (enum rl_jstate)h.state;
	if (*ndevs == 0 || *ndevs > RL_PLAN_MAX_DEVS)
		return rl_err_at(r->e, RL_E_CORRUPT, 24, "journal: %u devices", *ndevs);
	if (*nids > J_MAX_IDS)
		return rl_err_at(r->e, RL_E_CORRUPT, 28, "journal: %u identities", *nids);
	/* every region takes at least 24 + 64 + 4 + 2*8 bytes */
	if (*nregs > len / 108)
		return rl_err_at(r->e, RL_E_CORRUPT, 32, "journal: %llu regions cannot fit",
				 (unsigned long long)*nregs);
	r->pos = RL_JOURNAL_HDR_LEN;
	r->n = len - RL_JOURNAL_TRAILER_LEN;
	return 0;
}

static int parse_devs(struct rbuf *r, struct rl_journal *j, uint32_t ndevs)
{
	struct rl_plan_dev tmp;
	uint32_t d;

	j->fp = calloc(ndevs, sizeof(*j->fp));
	if (!j->fp)
		return rl_err_set(r->e, RL_E_NOMEM, "journal: out of memory");
	for (d = 0; d < ndevs; d++) {
		size_t at = r->pos;
		uint64_t hdr_len;

		memset(&tmp, 0, sizeof(tmp));
		if (get_u64(r, &tmp.size, "device size") < 0 ||
		    get_u64(r, &tmp.rdev, "device number") < 0 ||
		    get_u64(r, &hdr_len, "header length") < 0 ||
		    get_u32(r, &tmp.align, "alignment") < 0 || get_zero32(r, "device") < 0 ||
		    get_bytes(r, j->fp[d].hdr_sha, RL_SHA256_LEN, "header hash") < 0 ||
		    get_bytes(r, j->fp[d].hdr_masked_sha, RL_SHA256_LEN, "header hash") < 0 ||
		    get_bytes(r, j->fp[d].before_sha, RL_SHA256_LEN, "before hash") < 0 ||
		    get_bytes(r, j->fp[d].after_sha, RL_SHA256_LEN, "after hash") < 0 ||
		    get_str(r, tmp.path, sizeof(tmp.path), "device path") < 0 ||
		    get_str(r, tmp.ident, sizeof(tmp.ident), "device identity") < 0 ||
		    (j->version >= 2 &&
		     get_str(r, j->fp[d].name, sizeof(j->fp[d].name), "device name") < 0))
			return -1;
		if (hdr_len > tmp.size)
			return rl_err_at(r->e, RL_E_CORRUPT, at,
					 "journal: device %u header length beyond its size", d);
		if (rl_plan_add_dev(&j->plan, tmp.path, tmp.ident, tmp.size, tmp.rdev, hdr_len,
				    tmp.align, r->e) < 0) {
			r->e->has_off = 1;
			r->e->off = at;
			return -1;
		}
	}
	return 0;
}

static int parse_ids(struct rbuf *r, struct rl_journal *j, uint32_t nids)
{
	char old_v[RL_PLAN_ID_MAX], new_v[RL_PLAN_ID_MAX], where[RL_PLAN_ID_MAX];
	uint32_t i, kind;

	for (i = 0; i < nids; i++) {
		size_t at = r->pos;

		if (get_u32(r, &kind, "identity kind") < 0 || get_zero32(r, "identity") < 0 ||
		    get_str(r, old_v, sizeof(old_v), "old identity") < 0 ||
		    get_str(r, new_v, sizeof(new_v), "new identity") < 0 ||
		    get_str(r, where, sizeof(where), "identity location") < 0)
			return -1;
		if (kind < RL_ID_SR_UUID || kind > RL_ID_LV_NAME)
			return rl_err_at(r->e, RL_E_CORRUPT, at, "journal: unknown identity kind %u",
					 kind);
		if (rl_plan_add_id(&j->plan, (enum rl_idkind)kind, old_v, new_v, where, r->e) < 0)
			return -1;
	}
	return 0;
}

static int parse_regions(struct rbuf *r, struct rl_journal *j, uint64_t nregs)
{
	char what[RL_PLAN_WHAT_MAX];
	uint8_t osha[RL_SHA256_LEN], nsha[RL_SHA256_LEN], md[RL_SHA256_LEN];
	uint64_t i, off;
	uint32_t dev, phase, rlen;

	for (i = 0; i < nregs; i++) {
		size_t at = r->pos;
		const uint8_t *ob, *nb;

		if (get_u32(r, &dev, "region device") < 0 || get_u32(r, &phase, "region phase") < 0 ||
		    get_u64(r, &off, "region offset") < 0 || get_u32(r, &rlen, "region length") < 0 ||
		    get_zero32(r, "region") < 0 ||
		    get_bytes(r, osha, RL_SHA256_LEN, "region old hash") < 0 ||
		    get_bytes(r, nsha, RL_SHA256_LEN, "region new hash") < 0 ||
		    get_str(r, what, sizeof(what), "region name") < 0)
			return -1;
		if (rlen == 0 || rlen > RL_PLAN_MAX_REGION)
			return rl_err_at(r->e, RL_E_CORRUPT, at, "journal: region length %u", rlen);
		ob = get_blob(r, rlen, "region old bytes");
		if (!ob)
			return -1;
		nb = get_blob(r, rlen, "region new bytes");
		if (!nb)
			return -1;
		rl_sha256(ob, rlen, md);
		if (memcmp(md, osha, RL_SHA256_LEN))
			return rl_err_at(r->e, RL_E_CORRUPT, at,
					 "journal: region %llu (%s): old bytes do not match their hash",
					 (unsigned long long)i, what);
		rl_sha256(nb, rlen, md);
		if (memcmp(md, nsha, RL_SHA256_LEN))
			return rl_err_at(r->e, RL_E_CORRUPT, at,
					 "journal: region %llu (%s): new bytes do not match their hash",
					 (unsigned long long)i, what);
		if (rl_plan_add_region(&j->plan, dev, (enum rl_phase)phase, off, ob, nb, rlen, what,
				       r->e) < 0) {
			r->e->code = RL_E_CORRUPT;
			r->e->has_off = 1;
			r->e->off = at;
			return -1;
		}
		/* regions must already be in write order */
		if (i > 0) {
			const struct rl_region *a = &j->plan.regs[i - 1], *b = &j->plan.regs[i];

			if (a->phase > b->phase ||
			    (a->phase == b->phase && (a->dev > b->dev ||
						      (a->dev == b->dev && a->off >= b->off))))
				return rl_err_at(r->e, RL_E_CORRUPT, at,
						 "journal: region %llu out of order",
						 (unsigned long long)i);
		}
	}
	return 0;
}

int rl_journal_parse(const uint8_t *buf, size_t len, struct rl_journal *j, struct rl_err *e)
{
	struct rbuf r = { buf, len, 0, e };
	uint32_t ndevs = 0, nids = 0, d;
	uint64_t nregs = 0;
	uint8_t md[RL_SHA256_LEN];
	char subject[RL_PLAN_ID_MAX], scope[16];

	memset(j, 0, sizeof(*j));
	if (parse_header(&r, buf, len, j, &ndevs, &nids, &nregs) < 0)
		goto fail;
	if (get_str(&r, subject, sizeof(subject), "subject") < 0 ||
	    get_str(&r, scope, sizeof(scope), "scope") < 0 ||
	    get_str(&r, j->tool, sizeof(j->tool), "tool") < 0)
		goto fail;
	rl_plan_init(&j->plan, subject, scope);
	if (parse_devs(&r, j, ndevs) < 0 || parse_ids(&r, j, nids) < 0 ||
	    parse_regions(&r, j, nregs) < 0)
		goto fail;
	if (r.pos != r.n) {
		rl_err_at(e, RL_E_CORRUPT, r.pos, "journal: %zu unexpected bytes before the trailer",
			  r.n - r.pos);
		goto fail;
	}
	{
		size_t before = j->plan.nregs;
		char jdev[sizeof(e->dev)];

		memcpy(jdev, e->dev, sizeof(jdev));
		if (rl_plan_finalize(&j->plan, e) < 0) {
			/* name the journal, not the device the overlap is on */
			memcpy(e->dev, jdev, sizeof(jdev));
			e->code = RL_E_CORRUPT;
			goto fail;
		}
		if (j->plan.nregs != before) {
			rl_err_set(e, RL_E_CORRUPT, "journal: a region changes nothing");
			goto fail;
		}
	}
	for (d = 0; d < ndevs; d++) {
		rl_journal_image_sha(&j->plan, d, 0, md);
		if (memcmp(md, j->fp[d].before_sha, RL_SHA256_LEN)) {
			rl_err_set(e, RL_E_CORRUPT, "journal: device %u before-image hash mismatch", d);
			goto fail;
		}
		rl_journal_image_sha(&j->plan, d, 1, md);
		if (memcmp(md, j->fp[d].after_sha, RL_SHA256_LEN)) {
			rl_err_set(e, RL_E_CORRUPT, "journal: device %u after-image hash mismatch", d);
			goto fail;
		}
	}
	return 0;
fail:
	rl_journal_free(j);
	return -1;
}
