/* VG model from metadata text, validated as LVM 2.03 reads it
 * (config.c:config_file_read_fd, import_vsn1.c _vsn1_check_version, _read_vg,
 * _read_pv, _read_lvnames, _read_lvsegs, _read_segment, striped text import,
 * lvm-string.c validate_name). */
#include "lvm_vg.h"
#include "lvm_id.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctx {
	struct lvm_vg *vg;
	uint64_t base;
	struct rl_err *e;
};

static int name_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '.' || c == '_' || c == '-' || c == '+';
}

int lvm_name_valid(const char *n)
{
	size_t len = 0;

	if (!n || !*n || *n == '-')
		return 0;
	if (n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2])))
		return 0;
	for (; n[len]; len++)
		if (!name_char(n[len]))
			return 0;
	return len + 1 <= LVM_NAME_LEN;
}

int lvm_tag_valid(const char *t)
{
	size_t len;

	if (!t || !*t)
		return 0;
	for (len = 0; t[len]; len++) {
		char c = t[len];

		if (!name_char(c) && c != '/' && c != '=' && c != '!' && c != ':' && c != '&' &&
		    c != '#')
			return 0;
	}
	return len <= LVM_NAME_LEN;
}

const char *lvm_provenance_id(const char *tag)
{
	const size_t n = sizeof(LVM_PROVENANCE_TAG_PREFIX) - 1;

	if (strncmp(tag, LVM_PROVENANCE_TAG_PREFIX, n) || strlen(tag + n) != 32)
		return NULL;
	return tag + n;
}

static int bad(struct ctx *c, size_t at, const char *fmt, const char *a, const char *b)
{
	return rl_err_at(c->e, RL_E_CORRUPT, c->base + at, fmt, a, b);
}

static int nomem(struct ctx *c)
{
	return rl_err_set(c->e, RL_E_NOMEM, "out of memory building the VG model");
}

/* Where to point an error about `key` in section sec: the key if present,
 * else the section's key. */
static size_t where(const struct lvm_cfg_node *sec, const char *key)
{
	const struct lvm_cfg_node *n = lvm_cfg_get(sec, key);

	return n ? n->key_span.start : sec->key_span.start;
}

/* A required integer in [min, max]. */
static int req_int(struct ctx *c, const struct lvm_cfg_node *sec, const char *key,
		   const char *what, int64_t min, int64_t max, uint64_t *out,
		   struct lvm_text_span *span)
{
	const struct lvm_cfg_node *n;
	int64_t v;
	int r = lvm_cfg_get_int(sec, key, &v, &n);

	if (r == 0)
		return bad(c, sec->key_span.start, "%s: missing \"%s\"", what, key);
	if (r < 0)
		return bad(c, n->key_span.start, "%s: \"%s\" is not an integer", what, key);
	if (v < min || v > max)
		return bad(c, n->values[0].span.start, "%s: \"%s\" out of range", what, key);
	*out = (uint64_t)v;
	if (span)
		*span = n->values[0].span;
	return 0;
}

/* An optional integer (absent: *out untouched). */
static int opt_int(struct ctx *c, const struct lvm_cfg_node *sec, const char *key,
		   const char *what, uint64_t *out)
{
	if (!lvm_cfg_get(sec, key))
		return 0;
	return req_int(c, sec, key, what, 0, INT64_MAX, out, NULL);
}

/* An optional string copied into buf (absent or not a string: left empty,
 * as dm_config_get_str callers do).  Too long for buf: corrupt. */
static int opt_str(struct ctx *c, const struct lvm_cfg_node *sec, const char *key,
		   const char *what, char *buf, size_t sz, struct lvm_text_span *span)
{
	const struct lvm_cfg_node *n;
	const char *s;

	buf[0] = '\0';
	if (lvm_cfg_get_str(sec, key, &s, &n) != 1)
		return 0;
	if (strlen(s) >= sz)
		return bad(c, n->values[0].span.start, "%s: \"%s\" too long", what, key);
	memcpy(buf, s, strlen(s) + 1);
	if (span)
		*span = n->values[0].span;
	return 0;
}

/* A list of strings (status/flags/tags).  required: absent is an error. */
static int str_list(struct ctx *c, const struct lvm_cfg_node *sec, const char *key,
		    const char *what, int required, char ***out, unsigned *n,
		    struct lvm_text_span *span)
{
	const struct lvm_cfg_value *v;
	const struct lvm_cfg_node *nd;
	unsigned cnt, i;
	int r = lvm_cfg_get_list(sec, key, &v, &cnt, &nd);

	*out = NULL;
	*n = 0;
	if (r == 0)
		return required ? bad(c, sec->key_span.start, "%s: missing \"%s\"", what, key) : 0;
	if (r < 0)
		return bad(c, nd->key_span.start, "%s: \"%s\" is a section", what, key);
	if (span)
		*span = nd->value_span;
	if (!cnt)
		return 0;
	if (!(*out = calloc(cnt, sizeof(**out))))
		return nomem(c);
	for (i = 0; i < cnt; i++) {
		if (v[i].type != LVM_CFG_STRING)
			return bad(c, v[i].span.start, "%s: \"%s\" holds a value that is not a string",
				   what, key);
		(*out)[i] = v[i].s;
	}
	*n = cnt;
	return 0;
}

static int read_id(struct ctx *c, const struct lvm_cfg_node *sec, const char *what, char out[33],
		   struct lvm_text_span *span)
{
	const struct lvm_cfg_node *n;
	const char *s;
	int r = lvm_cfg_get_str(sec, "id", &s, &n);

	if (r == 0)
		return bad(c, sec->key_span.start, "%s: missing \"%s\"", what, "id");
	if (r < 0)
		return bad(c, n->key_span.start, "%s: \"%s\" is not a string", what, "id");
	if (lvm_id_undash(s, out))
		return bad(c, n->values[0].span.start, "%s: invalid uuid \"%s\"", what, s);
	*span = n->values[0].span;
	return 0;
}

static int has_str(char **l, unsigned n, const char *s)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strcmp(l[i], s))
			return 1;
	return 0;
}

int lvm_vg_pv_by_key(const struct lvm_vg *vg, const char *key)
{
	unsigned i;

	for (i = 0; i < vg->n_pvs; i++)
		if (!strcmp(vg->pvs[i].key, key))
			return (int)i;
	return -1;
}

int lvm_vg_pv_by_id(const struct lvm_vg *vg, const char *raw_id)
{
	unsigned i;

	for (i = 0; i < vg->n_pvs; i++)
		if (!strncmp(vg->pvs[i].id, raw_id, 32))
			return (int)i;
	return -1;
}

int lvm_vg_lv_by_name(const struct lvm_vg *vg, const char *name)
{
	unsigned i;

	for (i = 0; i < vg->n_lvs; i++)
		if (!strcmp(vg->lvs[i].name, name))
			return (int)i;
	return -1;
}

static int read_pv(struct ctx *c, const struct lvm_cfg_node *pn, struct lvm_pv *pv)
{
	char what[96];

	snprintf(what, sizeof(what), "PV %.64s", pn->key);
	if (!pn->is_section || !pn->child)
		return bad(c, pn->key_span.start, "%s: %s", what,
			   pn->is_section ? "empty section" : "not a section");
	if (strlen(pn->key) >= sizeof(pv->key))
		return bad(c, pn->key_span.start, "%s: %s", what, "key too long");
	memcpy(pv->key, pn->key, strlen(pn->key) + 1);
	pv->key_span = pn->key_span;
	pv->node = pn;
	if (read_id(c, pn, what, pv->id, &pv->id_span) ||
	    str_list(c, pn, "status", what, 1, &pv->status, &pv->n_status, NULL) ||
	    str_list(c, pn, "flags", what, 0, &pv->flags, &pv->n_flags, NULL) ||
	    str_list(c, pn, "tags", what, 0, &pv->tags, &pv->n_tags, NULL) ||
	    opt_int(c, pn, "dev_size", what, &pv->dev_size) ||
	    opt_str(c, pn, "device", what, pv->device, sizeof(pv->device), &pv->device_span) ||
	    opt_str(c, pn, "device_id_type", what, pv->device_id_type,
		    sizeof(pv->device_id_type), NULL) ||
	    opt_str(c, pn, "device_id", what, pv->device_id, sizeof(pv->device_id),
		    &pv->device_id_span) ||
	    req_int(c, pn, "pe_start", what, 0, INT64_MAX, &pv->pe_start, NULL) ||
	    req_int(c, pn, "pe_count", what, 0, UINT32_MAX, &pv->pe_count, NULL))
		return -1;
	/* _read_pv ignores a non-integer ba_*; both or neither must be set. */
	{
		int64_t v;

		if (lvm_cfg_get_int(pn, "ba_start", &v, NULL) == 1)
			pv->ba_start = (uint64_t)v;
		if (lvm_cfg_get_int(pn, "ba_size", &v, NULL) == 1)
			pv->ba_size = (uint64_t)v;
		if (!pv->ba_start != !pv->ba_size)
			return bad(c, where(pn, "ba_start"), "%s: %s", what,
				   "incomplete bootloader area (ba_start/ba_size)");
	}
	return 0;
}

/* striped segment areas: stripes = [ "pvN", PE, ... ] */
static int read_stripes(struct ctx *c, const struct lvm_cfg_node *sn, const char *what,
			struct lvm_seg *seg)
{
	const struct lvm_cfg_value *v;
	const struct lvm_cfg_node *nd;
	unsigned cnt, i;
	uint64_t sc;
	int r;

	if (req_int(c, sn, "stripe_count", what, 1, UINT32_MAX, &sc, NULL))
		return -1;
	seg->stripe_count = (unsigned)sc;
	if (sc != 1 && req_int(c, sn, "stripe_size", what, 1, UINT32_MAX, &seg->stripe_size, NULL))
		return -1;
	if (seg->extent_count % sc)
		return bad(c, where(sn, "stripe_count"), "%s: %s", what,
			   "extent_count is not a multiple of stripe_count");
	r = lvm_cfg_get_list(sn, "stripes", &v, &cnt, &nd);
	if (r == 0)
		return bad(c, sn->key_span.start, "%s: missing \"%s\"", what, "stripes");
	if (r < 0)
		return bad(c, nd->key_span.start, "%s: \"%s\" is a section", what, "stripes");
	if ((uint64_t)cnt != 2 * sc)
		return bad(c, nd->value_span.start, "%s: %s", what,
			   "number of stripes entries does not match stripe_count");
	if (!(seg->stripes = calloc(seg->stripe_count, sizeof(*seg->stripes))))
		return nomem(c);
	for (i = 0; i < seg->stripe_count; i++) {
		const struct lvm_cfg_value *name = &v[2 * i], *pe = &v[2 * i + 1];
		struct lvm_stripe *st = &seg->stripes[i];
		int k;

		if (name->type != LVM_CFG_STRING)
			return bad(c, name->span.start, "%s: %s", what, "bad volume name in stripes");
		if (pe->type != LVM_CFG_INT || pe->i < 0 || pe->i > (int64_t)UINT32_MAX)
			return bad(c, pe->span.start, "%s: %s", what, "bad extent offset in stripes");
		st->pe = (uint64_t)pe->i;
		if ((k = lvm_vg_pv_by_key(c->vg, name->s)) >= 0) {
			uint64_t area_len = seg->extent_count / sc;

			st->pv = (unsigned)k;
			if (st->pe >= c->vg->pvs[k].pe_count ||
			    area_len > c->vg->pvs[k].pe_count - st->pe)
				return bad(c, pe->span.start, "%s: extents beyond pe_count of %s", what,
					   name->s);
		} else if ((k = lvm_vg_lv_by_name(c->vg, name->s)) >= 0) {
			st->is_lv = 1;
			st->lv = (unsigned)k;
		} else {
			return bad(c, name->span.start, "%s: stripe refers to unknown volume \"%s\"",
				   what, name->s);
		}
	}
	return 0;
}

static int seg_cmp(const void *a, const void *b)
{
	const struct lvm_seg *x = a, *y = b;

	return x->start_extent < y->start_extent ? -1 : x->start_extent > y->start_extent;
}

static int read_lv(struct ctx *c, const struct lvm_cfg_node *ln, struct lvm_lv *lv)
{
	const struct lvm_cfg_node *sn;
	char what[200];
	uint64_t segcount, next = 0;
	unsigned nsec = 0, i;

	snprintf(what, sizeof(what), "LV %.128s", ln->key);
	if (!ln->is_section || !ln->child)
		return bad(c, ln->key_span.start, "%s: %s", what,
			   ln->is_section ? "empty section" : "not a section");
	if (strlen(ln->key) > LVM_NAME_LEN)
		return bad(c, ln->key_span.start, "%s: %s", what, "name too long");
	memcpy(lv->name, ln->key, strlen(ln->key) + 1);
	lv->name_span = ln->key_span;
	lv->node = ln;
	if (str_list(c, ln, "status", what, 1, &lv->status, &lv->n_status, NULL) ||
	    str_list(c, ln, "flags", what, 0, &lv->flags, &lv->n_flags, NULL) ||
	    str_list(c, ln, "tags", what, 0, &lv->tags, &lv->n_tags, NULL) ||
	    read_id(c, ln, what, lv->id, &lv->id_span) ||
	    req_int(c, ln, "segment_count", what, 0, UINT32_MAX, &segcount, NULL))
		return -1;
	lv->visible = has_str(lv->status, lv->n_status, "VISIBLE");
	if (lvm_cfg_get(ln, "creation_time")) {
		uint64_t t;

		if (req_int(c, ln, "creation_time", what, INT64_MIN, INT64_MAX, &t, NULL))
			return -1;
		if (lvm_cfg_get_str(ln, "creation_host", NULL, NULL) != 1)
			return bad(c, where(ln, lvm_cfg_get(ln, "creation_host") ? "creation_host"
										 : "creation_time"),
				   "%s: %s", what,
				   "creation_time without a creation_host string");
	} else if (lvm_cfg_get(ln, "creation_host")) {
		return bad(c, where(ln, "creation_host"), "%s: %s", what,
			   "creation_host without creation_time");
	}
	for (sn = ln->child; sn; sn = sn->next)
		if (sn->is_section)
			nsec++;
	if (nsec != segcount)
		return bad(c, where(ln, "segment_count"), "%s: %s", what,
			   "segment_count does not match the number of segments");
	if (nsec && !(lv->segs = calloc(nsec, sizeof(*lv->segs))))
		return nomem(c);
	for (sn = ln->child; sn; sn = sn->next) {
		struct lvm_seg *seg;
		const char *type;
		char swhat[300];
		int r;

		if (!sn->is_section)
			continue;
		seg = &lv->segs[lv->n_segs++];
		seg->node = sn;
		snprintf(swhat, sizeof(swhat), "LV %.128s segment %.64s", ln->key, sn->key);
		if (!sn->child)
			return bad(c, sn->key_span.start, "%s: %s", swhat, "empty segment section");
		if (req_int(c, sn, "start_extent", swhat, 0, UINT32_MAX, &seg->start_extent, NULL) ||
		    req_int(c, sn, "extent_count", swhat, 1, UINT32_MAX, &seg->extent_count, NULL))
			return -1;
		r = lvm_cfg_get_str(sn, "type", &type, NULL);
		if (r != 1)
			return bad(c, where(sn, "type"), "%s: %s", swhat, "segment type must be a string");
		if (strlen(type) >= sizeof(seg->type) || !*type)
			return bad(c, where(sn, "type"), "%s: %s", swhat, "bad segment type");
		memcpy(seg->type, type, strlen(type) + 1);
		if (!strcmp(type, "striped") && read_stripes(c, sn, swhat, seg))
			return -1;
	}
	/* check_lv_segments: no gaps, no overlaps, starting at extent 0.  An LV
	 * without segments has no array to sort (qsort's base must not be NULL). */
	if (lv->n_segs > 1)
		qsort(lv->segs, lv->n_segs, sizeof(*lv->segs), seg_cmp);
	for (i = 0; i < lv->n_segs; i++) {
		if (lv->segs[i].start_extent != next)
			return bad(c, lv->segs[i].node->key_span.start, "%s: %s", what,
				   "segments are not contiguous from extent 0");
		next += lv->segs[i].extent_count;
	}
	lv->le_count = next;
	return 0;
}

struct alloc {
	unsigned pv;
	uint64_t pe, len;
	size_t at;
	const char *lv;
};

static int alloc_cmp(const void *a, const void *b)
{
	const struct alloc *x = a, *y = b;

	if (x->pv != y->pv)
		return x->pv < y->pv ? -1 : 1;
	return x->pe < y->pe ? -1 : x->pe > y->pe;
}

/* No physical extent may belong to two LV areas. */
static int check_overlaps(struct ctx *c)
{
	struct lvm_vg *vg = c->vg;
	struct alloc *a;
	size_t n = 0, cap = 0, i;
	unsigned l, s, k;
	int r = 0;

	for (l = 0; l < vg->n_lvs; l++)
		for (s = 0; s < vg->lvs[l].n_segs; s++)
			cap += vg->lvs[l].segs[s].stripe_count;
	if (!cap)
		return 0;
	if (!(a = calloc(cap, sizeof(*a))))
		return nomem(c);
	for (l = 0; l < vg->n_lvs; l++)
		for (s = 0; s < vg->lvs[l].n_segs; s++) {
			struct lvm_seg *seg = &vg->lvs[l].segs[s];

			for (k = 0; k < seg->stripe_count; k++) {
				if (seg->stripes[k].is_lv)
					continue;
				a[n].pv = seg->stripes[k].pv;
				a[n].pe = seg->stripes[k].pe;
				a[n].len = seg->extent_count / seg->stripe_count;
				a[n].at = seg->node->key_span.start;
				a[n].lv = vg->lvs[l].name;
				n++;
			}
		}
	qsort(a, n, sizeof(*a), alloc_cmp);
	for (i = 1; i < n; i++)
		if (a[i].pv == a[i - 1].pv && a[i].pe < a[i - 1].pe + a[i - 1].len) {
			r = bad(c, a[i].at, "LV %s uses extents of %s already allocated", a[i].lv,
				vg->pvs[a[i].pv].key);
			break;
		}
	free(a);
	return r;
}

static int lvp_cmp(const void *a, const void *b)
{
	const struct lvm_lv *x = *(const struct lvm_lv *const *)a;
	const struct lvm_lv *y = *(const struct lvm_lv *const *)b;
	int r = strcmp(x->name, y->name);

	/* equal names: report the later one */
	return r ? r : (x < y ? -1 : x > y);
}

static int check_dup_lv_names(struct ctx *c)
{
	struct lvm_vg *vg = c->vg;
	const struct lvm_lv **v;
	unsigned i;
	int r = 0;

	if (vg->n_lvs < 2)
		return 0;
	if (!(v = malloc(vg->n_lvs * sizeof(*v))))
		return nomem(c);
	for (i = 0; i < vg->n_lvs; i++)
		v[i] = &vg->lvs[i];
	qsort(v, vg->n_lvs, sizeof(*v), lvp_cmp);
	for (i = 1; i < vg->n_lvs; i++)
		if (!strcmp(v[i]->name, v[i - 1]->name)) {
			r = bad(c, v[i]->node->key_span.start, "VG %s: LV %s listed twice", vg->name,
				v[i]->name);
			break;
		}
	free(v);
	return r;
}

static void free_lv(struct lvm_lv *lv)
{
	unsigned s;

	for (s = 0; s < lv->n_segs; s++)
		free(lv->segs[s].stripes);
	free(lv->segs);
	free(lv->status);
	free(lv->flags);
	free(lv->tags);
}

void lvm_vg_free(struct lvm_vg *vg)
{
	unsigned i;

	if (!vg)
		return;
	for (i = 0; i < vg->n_pvs; i++) {
		free(vg->pvs[i].status);
		free(vg->pvs[i].flags);
		free(vg->pvs[i].tags);
	}
	free(vg->pvs);
	for (i = 0; i < vg->n_lvs; i++)
		free_lv(&vg->lvs[i]);
	free(vg->lvs);
	free(vg->status);
	free(vg->flags);
	free(vg->tags);
	lvm_cfg_free(vg->cfg);
	free(vg);
}

/* config_file_read_fd: the text must begin with a valid name (up to the
 * first NUL, space or '{', at most NAME_LEN - 1 characters). */
static int check_start(struct ctx *c, const char *text, size_t len)
{
	char name[LVM_NAME_LEN];
	size_t n = 0;

	while (n < len && n < LVM_NAME_LEN - 1 && text[n] && text[n] != '{' &&
	       text[n] != ' ' && (text[n] < '\t' || text[n] > '\r'))
		n++;
	memcpy(name, text, n);
	name[n] = '\0';
	if (!lvm_name_valid(name))
		return rl_err_at(c->e, RL_E_CORRUPT, c->base,
				 "metadata text does not begin with a valid VG name");
	return 0;
}

static int read_header_keys(struct ctx *c, const struct lvm_cfg_node *root)
{
	const struct lvm_cfg_node *n;
	const char *s;
	int64_t v;
	int r;

	r = lvm_cfg_get_str(root, "contents", &s, &n);
	if (r == 0)
		return rl_err_at(c->e, RL_E_CORRUPT, c->base,
				 "metadata text: missing contents field");
	if (r < 0 || strcmp(s, "Text Format Volume Group"))
		return bad(c, n->key_span.start, "metadata text: %s%s", "unrecognised contents field",
			   "");
	r = lvm_cfg_get_int(root, "version", &v, &n);
	if (r == 0)
		return rl_err_at(c->e, RL_E_CORRUPT, c->base, "metadata text: missing version number");
	if (r < 0 || v != 1)
		return bad(c, n->key_span.start, "metadata text: %s%s", "unrecognised version number",
			   "");
	if (opt_str(c, root, "description", "metadata text", c->vg->description,
		    sizeof(c->vg->description), &c->vg->description_span) ||
	    opt_str(c, root, "creation_host", "metadata text", c->vg->creation_host,
		    sizeof(c->vg->creation_host), NULL))
		return -1;
	if (lvm_cfg_get_int(root, "creation_time", &v, NULL) == 1)
		c->vg->creation_time = v;
	return 0;
}

static int read_vg_section(struct ctx *c, const struct lvm_cfg_node *vn)
{
	struct lvm_vg *vg = c->vg;
	const struct lvm_cfg_node *n, *pvs, *lvs;
	const char *s;
	char what[160];
	unsigned i, j, cnt;

	if (!lvm_name_valid(vn->key))
		return bad(c, vn->key_span.start, "invalid VG name \"%.200s\"%s", vn->key, "");
	snprintf(what, sizeof(what), "VG %s", vn->key);
	memcpy(vg->name, vn->key, strlen(vn->key) + 1);
	vg->name_span = vn->key_span;
	vg->vg_node = vn;
	if (!vn->child)
		return bad(c, vn->key_span.start, "VG %s: %s", vg->name, "empty section");
	if (lvm_cfg_get_str(vn, "format", &s, NULL) == 1 && strcmp(s, "lvm2"))
		return bad(c, where(vn, "format"), "VG %s: unrecognised format \"%s\"", vg->name, s);
	if (read_id(c, vn, what, vg->id, &vg->id_span) ||
	    req_int(c, vn, "seqno", what, 0, UINT32_MAX, &vg->seqno, &vg->seqno_span) ||
	    str_list(c, vn, "status", what, 1, &vg->status, &vg->n_status, &vg->status_span) ||
	    str_list(c, vn, "flags", what, 0, &vg->flags, &vg->n_flags, &vg->flags_span) ||
	    req_int(c, vn, "extent_size", what, 1, UINT32_MAX, &vg->extent_size, NULL) ||
	    req_int(c, vn, "max_lv", what, 0, UINT32_MAX, &vg->max_lv, NULL) ||
	    req_int(c, vn, "max_pv", what, 0, UINT32_MAX, &vg->max_pv, NULL) ||
	    opt_int(c, vn, "metadata_copies", what, &vg->metadata_copies) ||
	    opt_str(c, vn, "system_id", what, vg->system_id, sizeof(vg->system_id), NULL) ||
	    opt_str(c, vn, "lock_type", what, vg->lock_type, sizeof(vg->lock_type), NULL))
		return -1;
	if (lvm_cfg_get(vn, "tags")) {
		vg->has_tags = 1;
		if (str_list(c, vn, "tags", what, 0, &vg->tags, &vg->n_tags, &vg->tags_span))
			return -1;
	}

	pvs = lvm_cfg_get(vn, "physical_volumes");
	if (!pvs || !pvs->is_section)
		return bad(c, pvs ? pvs->key_span.start : vn->key_span.start, "VG %s: %s", vg->name,
			   "couldn't find section 'physical_volumes'");
	for (cnt = 0, n = pvs->child; n; n = n->next)
		cnt++;
	if (cnt && !(vg->pvs = calloc(cnt, sizeof(*vg->pvs))))
		return nomem(c);
	for (n = pvs->child; n; n = n->next) {
		struct lvm_pv *pv = &vg->pvs[vg->n_pvs++]; /* counted first: freed on error */

		if (read_pv(c, n, pv))
			return -1;
		for (j = 0; j + 1 < vg->n_pvs; j++) {
			if (!strcmp(vg->pvs[j].key, pv->key))
				return bad(c, n->key_span.start, "VG %s: PV %s listed twice", vg->name,
					   pv->key);
			if (!strcmp(vg->pvs[j].id, pv->id))
				return bad(c, pv->id_span.start, "VG %s: PV uuid of %s listed twice",
					   vg->name, pv->key);
		}
	}

	lvs = lvm_cfg_get(vn, "logical_volumes");
	if (lvs && !lvs->is_section)
		lvs = NULL; /* dm_config_get_section fails: treated as absent */
	if (lvs) {
		for (cnt = 0, n = lvs->child; n; n = n->next)
			cnt++;
		if (cnt && !(vg->lvs = calloc(cnt, sizeof(*vg->lvs))))
			return nomem(c);
		/* Names first: stripes may refer to any LV (_read_lvnames runs
		 * over all of them before _read_lvsegs). */
		for (n = lvs->child; n; n = n->next) {
			if (strlen(n->key) > LVM_NAME_LEN)
				return bad(c, n->key_span.start, "LV %.128s: %s", n->key, "name too long");
			memcpy(vg->lvs[vg->n_lvs].name, n->key, strlen(n->key) + 1);
			vg->lvs[vg->n_lvs].node = n;
			vg->n_lvs++;
		}
		if (check_dup_lv_names(c))
			return -1;
		for (i = 0, n = lvs->child; n; n = n->next, i++)
			if (read_lv(c, n, &vg->lvs[i]))
				return -1;
		if (check_overlaps(c))
			return -1;
	}
	return 0;
}

int lvm_vg_from_text(const char *text, size_t len, uint64_t base_off, struct lvm_vg **out,
		     struct rl_err *e)
{
	const struct lvm_cfg_node *vn;
	struct lvm_vg *vg;
	struct ctx c;

	*out = NULL;
	if (!(vg = calloc(1, sizeof(*vg))))
		return rl_err_set(e, RL_E_NOMEM, "out of memory building the VG model");
	c.vg = vg;
	c.base = base_off;
	c.e = e;
	if (check_start(&c, text, len) || lvm_cfg_parse(text, len, base_off, &vg->cfg, e) ||
	    read_header_keys(&c, lvm_cfg_root(vg->cfg)))
		goto fail;
	/* The VG is the first top-level section (_read_vg skips values). */
	for (vn = lvm_cfg_root(vg->cfg)->child; vn && !vn->is_section; vn = vn->next)
		;
	if (!vn) {
		rl_err_at(e, RL_E_CORRUPT, base_off, "metadata text: no volume group section");
		goto fail;
	}
	if (read_vg_section(&c, vn))
		goto fail;
	*out = vg;
	return 0;
fail:
	lvm_vg_free(vg);
	return -1;
}
