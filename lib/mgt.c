/* MGT codec.  The reader accepts what sm's reader (minidom over the
 * NUL-stripped sectors) accepts for sm-written content and refuses anything
 * it cannot represent exactly; the writer reproduces srmetadata.py's
 * LVMMetadataHandler byte for byte. */
#include "mgt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char XML_HEADER[] = "<?xml version=\"1.0\" ?>";
#define XML_HEADER_LEN 22
#define REGION_MAX 2048  /* largest region parsed at once: SR info is 1514 bytes */

/* ------------------------------------------------------------------ */
/* the sector map */

uint64_t mgt_sector_record(uint64_t sector)
{
	if (sector < MGT_SR_INFO_SECTORS)
		return sector;
	return MGT_REC_VDI0 + (sector - MGT_SR_INFO_SECTORS) / MGT_VDI_SECTORS;
}

uint64_t mgt_record_offset(uint64_t rec)
{
	if (rec < MGT_REC_VDI0)
		return rec * MGT_SECTOR;
	return mgt_vdi_record_offset(rec - MGT_REC_VDI0);
}

uint64_t mgt_vdi_record_offset(uint64_t slot)
{
	return MGT_SR_INFO_SIZE + slot * MGT_VDI_SIZE;
}

/* ------------------------------------------------------------------ */
/* small helpers */

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

static int nomem(struct rl_err *e)
{
	return rl_err_set(e, RL_E_NOMEM, "out of memory");
}

static int is_xml_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Length of the UTF-8 sequence at s (n bytes available) and its code point;
 * 0 if invalid (overlong, surrogate, > U+10FFFF, truncated). */
static unsigned utf8_dec(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], len, i, v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10ffff)) ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

static int xml_char_ok(unsigned cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	return cp != 0xfffe && cp != 0xffff && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
}

static size_t utf8_enc(unsigned cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Python's str.isspace() for the code points XML text can hold. */
static int py_space(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0xa0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

/* sm's view of an element's text: str.strip().  Returns [*s, *s + *n). */
static void py_strip(const char *v, size_t *s, size_t *n)
{
	size_t a = 0, b = strlen(v), l;
	unsigned cp;

	while (a < b && (l = utf8_dec((const unsigned char *)v + a, b - a, &cp)) && py_space(cp))
		a += l;
	while (b > a) {
		size_t k = b - 1;

		while (k > a && ((unsigned char)v[k] & 0xc0) == 0x80)
			k--;
		if (!utf8_dec((const unsigned char *)v + k, b - k, &cp) || !py_space(cp))
			break;
		b = k;
	}
	*s = a;
	*n = b - a;
}

/* ------------------------------------------------------------------ */
/* the element reader: a bounds-checked subset of XML that covers what sm
 * writes (flat elements with text, entities, character references) */

struct xbuf {
	char t[REGION_MAX + 1];
	uint32_t map[REGION_MAX + 1];   /* t[i] came from MGT offset map[i] */
	size_t n;
};

struct xp {
	const struct xbuf *x;
	size_t pos;
	uint64_t base_off;
	const char *what;          /* "SR info", "VDI record 3" */
	struct rl_err *e;
};

struct xelem {
	char name[64];
	size_t at;                 /* filtered position of '<' */
	char *text;                /* decoded, malloc'd */
	size_t raw_s, raw_e;       /* filtered span of the raw text */
};

static void xbuf_fill(struct xbuf *x, const uint8_t *buf, uint64_t from, uint64_t to)
{
	uint64_t i;

	x->n = 0;
	for (i = from; i < to && x->n < REGION_MAX; i++) {
		if (!buf[i])
			continue;   /* sm: .replace(b'\x00', b'') */
		x->t[x->n] = (char)buf[i];
		x->map[x->n++] = (uint32_t)i;
	}
	x->t[x->n] = '\0';
	x->map[x->n] = (uint32_t)to;
}

static int xp_fail(struct xp *p, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int xp_fail(struct xp *p, size_t at, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (at > p->x->n)
		at = p->x->n;
	return rl_err_at(p->e, RL_E_CORRUPT, p->base_off + p->x->map[at], "MGT %s: %s", p->what,
			 msg);
}

/* expat refuses the whole document on bad UTF-8 or a non-XML character */
static int xp_check_chars(struct xp *p)
{
	const struct xbuf *x = p->x;
	size_t i = 0;
	unsigned cp, l;

	while (i < x->n) {
		l = utf8_dec((const unsigned char *)x->t + i, x->n - i, &cp);
		if (!l)
			return xp_fail(p, i, "invalid UTF-8");
		if (!xml_char_ok(cp))
			return xp_fail(p, i, "character U+%04X is not allowed in XML", cp);
		i += l;
	}
	return 0;
}

static void skip_ws(struct xp *p)
{
	while (p->pos < p->x->n && is_xml_ws(p->x->t[p->pos]))
		p->pos++;
}

static int name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

static int name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static int read_name(struct xp *p, char *out, size_t outsz)
{
	size_t s = p->pos, n;

	if (p->pos >= p->x->n || !name_start(p->x->t[p->pos]))
		return xp_fail(p, p->pos, "expected an element name");
	while (p->pos < p->x->n && name_char(p->x->t[p->pos]))
		p->pos++;
	n = p->pos - s;
	if (n >= outsz)
		return xp_fail(p, s, "element name too long");
	memcpy(out, p->x->t + s, n);
	out[n] = '\0';
	return 0;
}

/* at '<': parse "<name>" or "<name/>" */
static int read_open(struct xp *p, char *name, size_t namesz, int *empty)
{
	p->pos++;
	if (read_name(p, name, namesz))
		return -1;
	skip_ws(p);
	if (p->pos < p->x->n && p->x->t[p->pos] == '>') {
		p->pos++;
		*empty = 0;
		return 0;
	}
	if (p->pos + 1 < p->x->n && p->x->t[p->pos] == '/' && p->x->t[p->pos + 1] == '>') {
		p->pos += 2;
		*empty = 1;
		return 0;
	}
	return xp_fail(p, p->pos, "<%s> has attributes or is not closed", name);
}

/* at "</": parse "</name>" and check the name */
static int read_close(struct xp *p, const char *want)
{
	char name[64];
	size_t at = p->pos;

	p->pos += 2;
	if (read_name(p, name, sizeof(name)))
		return -1;
	skip_ws(p);
	if (p->pos >= p->x->n || p->x->t[p->pos] != '>')
		return xp_fail(p, p->pos, "closing tag </%s> not closed", name);
	p->pos++;
	if (strcmp(name, want))
		return xp_fail(p, at, "</%s> closes <%s>", name, want);
	return 0;
}

static int read_entity(struct xp *p, char *o, size_t *on)
{
	const char *t = p->x->t;
	size_t at = p->pos, i = p->pos + 1, end;
	unsigned long cp = 0;

	for (end = i; end < p->x->n && end - i < 12 && t[end] != ';'; end++)
		;
	if (end >= p->x->n || t[end] != ';')
		return xp_fail(p, at, "unterminated entity reference");
	if (t[i] == '#') {
		int hex = t[i + 1] == 'x';
		size_t k = i + 1 + hex;

		if (k == end)
			return xp_fail(p, at, "empty character reference");
		for (; k < end; k++) {
			char c = t[k];
			int d;

			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				return xp_fail(p, at, "bad character reference");
			cp = cp * (hex ? 16 : 10) + (unsigned long)d;
			if (cp > 0x10ffff)
				return xp_fail(p, at, "character reference out of range");
		}
		if (!xml_char_ok((unsigned)cp))
			return xp_fail(p, at, "character reference to U+%04lX", cp);
		*on += utf8_enc((unsigned)cp, o + *on);
	} else {
		static const struct { const char *n; char c; } ents[] = {
			{ "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "quot", '"' }, { "apos", '\'' },
		};
		size_t k, len = end - i;

		for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
			if (strlen(ents[k].n) == len && !memcmp(t + i, ents[k].n, len))
				break;
		if (k == sizeof(ents) / sizeof(ents[0]))
			return xp_fail(p, at, "undefined entity &%.*s;", (int)len, t + i);
		o[(*on)++] = ents[k].c;
	}
	p->pos = end + 1;
	return 0;
}

/* at '<' of an element with text content only */
static int read_elem(struct xp *p, struct xelem *el)
{
	char dec[REGION_MAX + 8];
	size_t dn = 0;
	int empty;

	memset(el, 0, sizeof(*el));
	el->at = p->pos;
	if (read_open(p, el->name, sizeof(el->name), &empty))
		return -1;
	el->raw_s = el->raw_e = p->pos;
	if (!empty) {
		while (p->pos < p->x->n && p->x->t[p->pos] != '<') {
			char c = p->x->t[p->pos];

			if (c == '&') {
				if (read_entity(p, dec, &dn))
					return -1;
				continue;
			}
			if (c == '>' && p->pos >= 2 && p->x->t[p->pos - 1] == ']' &&
			    p->x->t[p->pos - 2] == ']')
				return xp_fail(p, p->pos - 2, "\"]]>\" in text");
			dec[dn++] = c;
			p->pos++;
		}
		el->raw_e = p->pos;
		if (p->pos + 1 >= p->x->n || p->x->t[p->pos + 1] != '/')
			return xp_fail(p, p->pos, p->pos >= p->x->n ? "<%s> is not closed"
						   : "<%s> holds an element (nesting is not MGT)",
				       el->name);
		if (read_close(p, el->name))
			return -1;
	}
	dec[dn] = '\0';
	el->text = xstrdup(dec);
	if (!el->text)
		return nomem(p->e);
	return 0;
}

/* The raw bytes of a uuid value: after stripping whitespace the raw text
 * must be the 36 canonical characters themselves, contiguous on disk, so
 * that mgt_patch_uuid can rewrite them in place.  Empty -> *off = 0. */
static int uuid_value(struct xp *p, const struct xelem *el, int allow_empty, char out[37],
		      uint64_t *off)
{
	const struct xbuf *x = p->x;
	size_t s = el->raw_s, e = el->raw_e;

	while (s < e && is_xml_ws(x->t[s]))
		s++;
	while (e > s && is_xml_ws(x->t[e - 1]))
		e--;
	out[0] = '\0';
	*off = 0;
	if (s == e) {
		size_t ds, dn;

		py_strip(el->text, &ds, &dn);
		if (dn)
			return xp_fail(p, el->raw_s, "<%s> is written with character references",
				       el->name);
		if (allow_empty)
			return 0;
		return xp_fail(p, el->at, "<%s> is empty", el->name);
	}
	if (e - s != XS_UUID_LEN || !xs_uuid_valid_n(x->t + s, XS_UUID_LEN))
		return xp_fail(p, s, "<%s> \"%.*s\" is not a canonical lowercase uuid", el->name,
			       (int)(e - s > 40 ? 40 : e - s), x->t + s);
	if (x->map[s + XS_UUID_LEN - 1] != x->map[s] + XS_UUID_LEN - 1)
		return xp_fail(p, s, "<%s> value is split by NUL bytes", el->name);
	memcpy(out, x->t + s, XS_UUID_LEN);
	out[XS_UUID_LEN] = '\0';
	*off = x->map[s];
	return 0;
}

/* sm's value of an element: the text stripped (copied into out) */
static int stripped(struct xp *p, const struct xelem *el, char *out, size_t outsz)
{
	size_t s, n;

	py_strip(el->text, &s, &n);
	if (n >= outsz)
		return xp_fail(p, el->at, "<%s> value is too long", el->name);
	memcpy(out, el->text + s, n);
	out[n] = '\0';
	return 0;
}

/* ------------------------------------------------------------------ */
/* header */

static int header_parse(const uint8_t sector0[MGT_SECTOR], uint64_t *len, unsigned ver[2],
			struct rl_err *e)
{
	char h[MGT_SECTOR + 1], *f[5];
	size_t a = 0, b = MGT_SECTOR;
	unsigned nf = 0, i;
	uint64_t v = 0;
	char *s, *end;

	/* sm: sector.strip() (ASCII whitespace), then NULs are tolerated at the end */
	while (b > a && (sector0[b - 1] == 0 || sector0[b - 1] == ' ' ||
			 (sector0[b - 1] >= '\t' && sector0[b - 1] <= '\r')))
		b--;
	while (a < b && (sector0[a] == ' ' || (sector0[a] >= '\t' && sector0[a] <= '\r')))
		a++;
	if (a == b)
		return rl_err_at(e, RL_E_CORRUPT, 0, "MGT header is empty");
	memcpy(h, sector0 + a, b - a);
	h[b - a] = '\0';
	if (memchr(h, 0, b - a))
		return rl_err_at(e, RL_E_CORRUPT, 0, "MGT header holds NUL bytes");
	for (s = h; nf < 5; ) {
		f[nf++] = s;
		s = strchr(s, ':');
		if (!s)
			break;
		*s++ = '\0';
	}
	if (nf != 4 || strcmp(f[0], "XSSM"))
		return rl_err_at(e, RL_E_CORRUPT, 0, "MGT header is not \"XSSM:<length>:1:2\"");
	s = f[1];
	while (*s == ' ')
		s++;
	if (*s < '0' || *s > '9')
		return rl_err_at(e, RL_E_CORRUPT, 5, "MGT header length \"%.10s\" is not a number",
				 f[1]);
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > (1ull << 30))   /* sm makes MGT 4 MiB; offsets here fit 32 bits */
			return rl_err_at(e, RL_E_CORRUPT, 5, "MGT header length is absurd");
	}
	while (*s == ' ')
		s++;
	if (*s)
		return rl_err_at(e, RL_E_CORRUPT, 5, "MGT header length \"%.10s\" is not a number",
				 f[1]);
	for (i = 2; i < 4; i++) {
		unsigned long x;

		if (!f[i][0] || f[i][0] < '0' || f[i][0] > '9')
			return rl_err_at(e, RL_E_CORRUPT, 0, "MGT header version is not numeric");
		x = strtoul(f[i], &end, 10);
		if (*end || x > 1000)
			return rl_err_at(e, RL_E_CORRUPT, 0, "MGT header version is not numeric");
		ver[i - 2] = (unsigned)x;
	}
	if (v < MGT_SR_INFO_SIZE || (v - MGT_SR_INFO_SIZE) % MGT_VDI_SIZE)
		return rl_err_at(e, RL_E_CORRUPT, 5,
				 "MGT length %llu is not 2048 + a multiple of 1024",
				 (unsigned long long)v);
	*len = v;
	return 0;
}

int mgt_header_length(const uint8_t sector0[MGT_SECTOR], uint64_t *len, struct rl_err *e)
{
	unsigned ver[2];

	return header_parse(sector0, len, ver, e);
}

/* ------------------------------------------------------------------ */
/* parse */

static void vdi_free(struct mgt_vdi *v)
{
	unsigned i;

	for (i = 0; i < v->n_kv; i++) {
		free(v->kv[i].key);
		free(v->kv[i].val);
	}
	free(v->kv);
	free(v->name_label);
	free(v->name_description);
}

void mgt_free(struct mgt *m)
{
	unsigned i;

	if (!m)
		return;
	for (i = 0; i < m->n_vdis; i++)
		vdi_free(&m->vdis[i]);
	free(m->vdis);
	free(m->sr_name_label);
	free(m->sr_name_description);
	free(m);
}

static int kv_append(struct mgt_vdi *v, const char *key, const char *val, struct rl_err *e)
{
	struct mgt_kv *n = realloc(v->kv, (v->n_kv + 1) * sizeof(*n));

	if (!n)
		return nomem(e);
	v->kv = n;
	n[v->n_kv].key = xstrdup(key);
	n[v->n_kv].val = xstrdup(val);
	if (!n[v->n_kv].key || !n[v->n_kv].val) {
		free(n[v->n_kv].key);
		free(n[v->n_kv].val);
		return nomem(e);
	}
	v->n_kv++;
	return 0;
}

static int parse_int01(const char *s, int *out)
{
	char *end;
	long x;

	if (!*s)
		return -1;
	x = strtol(s, &end, 10);
	if (*end)
		return -1;
	*out = (int)x;
	return 0;
}

static int parse_sr_info(struct mgt *m, const uint8_t *buf, uint64_t base_off, struct rl_err *e)
{
	struct xbuf *xb;
	struct xp p;
	int seen[4] = { 0, 0, 0, 0 };
	int rc = -1;
	const uint64_t sr_off = mgt_record_offset(MGT_REC_SR_UUID);

	xb = malloc(sizeof(*xb));
	if (!xb)
		return nomem(e);
	if (memcmp(buf + sr_off, XML_HEADER, XML_HEADER_LEN)) {
		rl_err_at(e, RL_E_CORRUPT, base_off + sr_off,
			  "MGT SR info does not start with <?xml version=\"1.0\" ?>");
		goto out;
	}
	xbuf_fill(xb, buf, sr_off + XML_HEADER_LEN, MGT_SR_INFO_SIZE);
	p.x = xb;
	p.pos = 0;
	p.base_off = base_off;
	p.what = "SR info";
	p.e = e;
	if (xp_check_chars(&p))
		goto out;
	for (;;) {
		struct xelem el;
		int k;

		skip_ws(&p);
		if (p.pos >= xb->n)
			break;
		if (xb->t[p.pos] != '<' || (p.pos + 1 < xb->n && xb->t[p.pos + 1] == '/')) {
			xp_fail(&p, p.pos, "text or a closing tag outside any element");
			goto out;
		}
		if (read_elem(&p, &el))
			goto out;
		k = !strcmp(el.name, "uuid") ? 0 : !strcmp(el.name, "allocation") ? 1 :
		    !strcmp(el.name, "name_label") ? 2 : !strcmp(el.name, "name_description") ? 3 : -1;
		if (k >= 0 && seen[k]++) {
			xp_fail(&p, el.at, "<%s> appears twice", el.name);
			free(el.text);
			goto out;
		}
		if (k == 0) {
			if (uuid_value(&p, &el, 0, m->sr_uuid, &m->sr_uuid_off)) {
				free(el.text);
				goto out;
			}
		} else if (k == 1) {
			if (stripped(&p, &el, m->allocation, sizeof(m->allocation))) {
				free(el.text);
				goto out;
			}
		} else if (k == 2) {
			m->sr_name_label = el.text;
			el.text = NULL;
		} else if (k == 3) {
			m->sr_name_description = el.text;
			el.text = NULL;
		}
		free(el.text);
	}
	if (!seen[0]) {
		rl_err_at(e, RL_E_CORRUPT, base_off + sr_off, "MGT SR info has no <uuid>");
		goto out;
	}
	rc = 0;
out:
	free(xb);
	return rc;
}

static int derive_views(struct mgt_vdi *v, struct xp *p, struct rl_err *e);

static int parse_vdi(struct mgt *m, const uint8_t *buf, uint64_t off, uint64_t base_off,
		     struct mgt_vdi *v, struct rl_err *e)
{
	struct xbuf *xb = malloc(sizeof(*xb));
	struct xp p;
	char what[40], name[64];
	int empty, rc = -1, have_label = 0, have_desc = 0;

	(void)m;
	if (!xb)
		return nomem(e);
	snprintf(what, sizeof(what), "VDI record %u", v->slot);
	xbuf_fill(xb, buf, off, off + MGT_VDI_SIZE);
	p.x = xb;
	p.pos = 0;
	p.base_off = base_off;
	p.what = what;
	p.e = e;
	if (xp_check_chars(&p))
		goto out;
	skip_ws(&p);
	if (p.pos >= xb->n) {
		xp_fail(&p, 0, "is empty");
		goto out;
	}
	if (xb->t[p.pos] != '<' || (p.pos + 1 < xb->n && xb->t[p.pos + 1] == '/')) {
		xp_fail(&p, p.pos, "does not start with <vdi>");
		goto out;
	}
	if (read_open(&p, name, sizeof(name), &empty))
		goto out;
	if (strcmp(name, "vdi") || empty) {
		xp_fail(&p, 0, "does not start with <vdi>");
		goto out;
	}
	for (;;) {
		struct xelem el;

		skip_ws(&p);
		if (p.pos >= xb->n) {
			xp_fail(&p, p.pos, "<vdi> is not closed");
			goto out;
		}
		if (xb->t[p.pos] != '<') {
			xp_fail(&p, p.pos, "text inside <vdi>");
			goto out;
		}
		if (p.pos + 1 < xb->n && xb->t[p.pos + 1] == '/') {
			if (read_close(&p, "vdi"))
				goto out;
			break;
		}
		if (read_elem(&p, &el))
			goto out;
		if (!strcmp(el.name, "name_label") || !strcmp(el.name, "name_description")) {
			int *have = el.name[5] == 'l' ? &have_label : &have_desc;
			char **dst = el.name[5] == 'l' ? &v->name_label : &v->name_description;

			if ((*have)++) {
				xp_fail(&p, el.at, "<%s> appears twice", el.name);
				free(el.text);
				goto out;
			}
			*dst = el.text;
			continue;
		}
		if (mgt_vdi_get(v, el.name)) {
			xp_fail(&p, el.at, "<%s> appears twice", el.name);
			free(el.text);
			goto out;
		}
		if (kv_append(v, el.name, el.text, e)) {
			free(el.text);
			goto out;
		}
		/* remember where the uuid-valued elements sit, for derive_views */
		if (!strcmp(el.name, "uuid")) {
			if (uuid_value(&p, &el, 0, v->uuid, &v->uuid_off)) {
				free(el.text);
				goto out;
			}
		} else if (!strcmp(el.name, "snapshot_of")) {
			if (uuid_value(&p, &el, 1, v->snapshot_of, &v->snapshot_of_off)) {
				free(el.text);
				goto out;
			}
		}
		free(el.text);
	}
	skip_ws(&p);
	if (p.pos < xb->n) {
		xp_fail(&p, p.pos, "data after </vdi>");
		goto out;
	}
	if (!v->name_label && !(v->name_label = xstrdup("")))
		goto oom;
	if (!v->name_description && !(v->name_description = xstrdup("")))
		goto oom;
	if (!v->uuid_off) {
		xp_fail(&p, 0, "has no <uuid>");
		goto out;
	}
	p.pos = 0;
	rc = derive_views(v, &p, e);
	goto out;
oom:
	nomem(e);
out:
	free(xb);
	return rc;
}

/* typed views of sector B, as sm reads them (stripped strings) */
static int derive_views(struct mgt_vdi *v, struct xp *p, struct rl_err *e)
{
	const char *s;
	char tmp[64];
	size_t a, n;
	unsigned i;

	v->deleted = 0;
	v->is_a_snapshot = 0;
	v->read_only = v->managed = -1;
	v->vdi_type[0] = v->type[0] = '\0';
	for (i = 0; i < v->n_kv; i++) {
		const char *k = v->kv[i].key;

		s = v->kv[i].val;
		py_strip(s, &a, &n);
		if (n >= sizeof(tmp))
			n = sizeof(tmp) - 1;
		memcpy(tmp, s + a, n);
		tmp[n] = '\0';
		if (!strcmp(k, "deleted")) {
			v->deleted = !strcmp(tmp, "1");   /* sm compares with '1' */
		} else if (!strcmp(k, "is_a_snapshot")) {
			if (parse_int01(tmp, &v->is_a_snapshot)) {
				if (p)
					return xp_fail(p, 0, "is_a_snapshot \"%s\" is not a number", tmp);
				return rl_err_set(e, RL_E_INVAL, "is_a_snapshot \"%s\" is not a number",
						  tmp);
			}
			v->is_a_snapshot = v->is_a_snapshot != 0;
		} else if (!strcmp(k, "read_only")) {
			if (parse_int01(tmp, &v->read_only))
				v->read_only = -1;
			else
				v->read_only = v->read_only != 0;
		} else if (!strcmp(k, "managed")) {
			if (parse_int01(tmp, &v->managed))
				v->managed = -1;
			else
				v->managed = v->managed != 0;
		} else if (!strcmp(k, "vdi_type")) {
			if (n >= sizeof(v->vdi_type)) {
				if (p)
					return xp_fail(p, 0, "vdi_type is too long");
				return rl_err_set(e, RL_E_INVAL, "vdi_type is too long");
			}
			memcpy(v->vdi_type, tmp, n + 1);
		} else if (!strcmp(k, "type")) {
			if (n >= sizeof(v->type)) {
				if (p)
					return xp_fail(p, 0, "type is too long");
				return rl_err_set(e, RL_E_INVAL, "type is too long");
			}
			memcpy(v->type, tmp, n + 1);
		}
	}
	if (p && !mgt_vdi_get(v, "deleted"))
		return xp_fail(p, 0, "has no <deleted> (sm's reader fails on it)");
	return 0;
}

int mgt_parse(const uint8_t *buf, size_t len, uint64_t base_off, struct mgt **out,
	      struct rl_err *e)
{
	struct mgt *m;
	uint64_t length, off;
	unsigned i, j, nslots, ver[2];

	*out = NULL;
	if (len < MGT_SECTOR)
		return rl_err_at(e, RL_E_CORRUPT, base_off, "MGT: only %zu bytes", len);
	if (header_parse(buf, &length, ver, e)) {
		if (e && e->has_off)
			e->off += base_off;
		return -1;
	}
	if (length > len)
		return rl_err_at(e, RL_E_CORRUPT, base_off + 5,
				 "MGT length %llu is larger than the %zu bytes available",
				 (unsigned long long)length, len);
	m = calloc(1, sizeof(*m));
	if (!m)
		return nomem(e);
	m->length = length;
	m->major = ver[0];
	m->minor = ver[1];
	if (parse_sr_info(m, buf, base_off, e))
		goto fail;
	if ((!m->sr_name_label && !(m->sr_name_label = xstrdup(""))) ||
	    (!m->sr_name_description && !(m->sr_name_description = xstrdup("")))) {
		nomem(e);
		goto fail;
	}
	nslots = (unsigned)((length - MGT_SR_INFO_SIZE) / MGT_VDI_SIZE);
	if (nslots) {
		m->vdis = calloc(nslots, sizeof(*m->vdis));
		if (!m->vdis) {
			nomem(e);
			goto fail;
		}
	}
	for (i = 0; i < nslots; i++) {
		struct mgt_vdi *v = &m->vdis[i];

		off = mgt_vdi_record_offset(i);
		v->slot = i;
		v->off = off;
		m->n_vdis = i + 1;
		if (parse_vdi(m, buf, off, base_off, v, e))
			goto fail;
		if (v->deleted)
			continue;
		for (j = 0; j < i; j++)
			if (!m->vdis[j].deleted && !strcmp(m->vdis[j].uuid, v->uuid)) {
				rl_err_at(e, RL_E_CORRUPT, base_off + v->uuid_off,
					  "MGT VDI record %u: uuid %s is already used by record %u",
					  i, v->uuid, j);
				goto fail;
			}
	}
	*out = m;
	return 0;
fail:
	mgt_free(m);
	return -1;
}

/* ------------------------------------------------------------------ */
/* serialize: srmetadata.py's writer */

struct obuf {
	uint8_t *b;
	size_t n, cap;
};

static int ob_put(struct obuf *o, const char *s, size_t n)
{
	if (o->n + n > o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 4096;
		uint8_t *nb;

		while (cap < o->n + n)
			cap *= 2;
		nb = realloc(o->b, cap);
		if (!nb)
			return -1;
		o->b = nb;
		o->cap = cap;
	}
	memcpy(o->b + o->n, s, n);
	o->n += n;
	return 0;
}

static int ob_str(struct obuf *o, const char *s)
{
	return ob_put(o, s, strlen(s));
}

/* xml.sax.saxutils.escape: & first, then < and > (quotes are left alone) */
size_t mgt_xml_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '&' ? 5 : (*s == '<' || *s == '>') ? 4 : 1;
	return n;
}

static char *sax_escape(const char *s)
{
	size_t n = mgt_xml_len(s);
	const char *c;
	char *r, *w;

	r = malloc(n + 1);
	if (!r)
		return NULL;
	for (c = s, w = r; *c; c++) {
		if (*c == '&') {
			memcpy(w, "&amp;", 5);
			w += 5;
		} else if (*c == '<') {
			memcpy(w, "&lt;", 4);
			w += 4;
		} else if (*c == '>') {
			memcpy(w, "&gt;", 4);
			w += 4;
		} else {
			*w++ = *c;
		}
	}
	*w = '\0';
	return r;
}

/* util.unictrunc: the longest prefix of whole UTF-8 characters that fits
 * max bytes.  Returns its length in bytes. */
static size_t unictrunc(const char *s, size_t max)
{
	size_t i = 0, n = strlen(s);
	unsigned cp, l;

	while (i < n) {
		l = utf8_dec((const unsigned char *)s + i, n - i, &cp);
		if (!l)
			l = 1;   /* not reached for checked input */
		if (i + l > max)
			break;
		i += l;
	}
	return i;
}

/* sm cuts escaped text by bytes; a cut inside "&amp;" would make the record
 * unreadable, so refuse instead of writing it */
static int cut_entity(const char *s, size_t n)
{
	size_t i;

	for (i = n; i > 0 && n - i < 6; i--) {
		if (s[i - 1] == ';')
			return 0;
		if (s[i - 1] == '&')
			return 1;
	}
	return 0;
}

/* close the current sector: pad with spaces to a multiple of 512 */
static int ob_sector_end(struct obuf *o, size_t start, const char *what, struct rl_err *e)
{
	size_t used = o->n - start;

	if (used > MGT_SECTOR)
		return rl_err_set(e, RL_E_TOOBIG, "MGT %s needs %zu bytes, more than one sector",
				  what, used);
	while (o->n - start < MGT_SECTOR)
		if (ob_put(o, " ", 1))
			return nomem(e);
	return 0;
}

static int valid_utf8(const char *s)
{
	size_t i = 0, n = strlen(s);
	unsigned cp, l;

	while (i < n) {
		l = utf8_dec((const unsigned char *)s + i, n - i, &cp);
		if (!l || !xml_char_ok(cp))
			return 0;
		i += l;
	}
	return 1;
}

static int valid_key(const char *k)
{
	if (!name_start(*k))
		return 0;
	for (; *k; k++)
		if (!name_char(*k))
			return 0;
	return 1;
}

/* buildXMLSector: <tag>value</tag>, the value cut (UTF-8 safe) to fit 512 */
static int sr_text_sector(struct obuf *o, const char *tag, const char *val, struct rl_err *e)
{
	size_t start = o->n, tl = strlen(tag), vl;
	char *esc = sax_escape(val);
	int rc;

	if (!esc)
		return nomem(e);
	vl = strlen(esc);
	if (2 * tl + 5 + vl > MGT_SECTOR) {
		vl = unictrunc(esc, MGT_SECTOR - 2 * tl - 5);
		if (cut_entity(esc, vl)) {
			free(esc);
			return rl_err_set(e, RL_E_INVAL, "MGT SR %s: sm's cut would split an "
					  "entity and make it unreadable", tag);
		}
	}
	rc = ob_str(o, "<") || ob_str(o, tag) || ob_str(o, ">") || ob_put(o, esc, vl) ||
	     ob_str(o, "</") || ob_str(o, tag) || ob_str(o, ">");
	free(esc);
	if (rc)
		return nomem(e);
	return ob_sector_end(o, start, tag, e);
}

static int vdi_sectors(struct obuf *o, const struct mgt_vdi *v, unsigned idx, struct rl_err *e)
{
	char *label = NULL, *desc = NULL, what[48];
	size_t ll, dl, start;
	unsigned i;
	int rc = -1;

	snprintf(what, sizeof(what), "VDI record %u", idx);
	if (!valid_utf8(v->name_label) || !valid_utf8(v->name_description))
		return rl_err_set(e, RL_E_INVAL, "%s: label is not valid UTF-8 XML text", what);
	label = sax_escape(v->name_label);
	desc = sax_escape(v->name_description);
	if (!label || !desc) {
		nomem(e);
		goto out;
	}
	ll = strlen(label);
	dl = strlen(desc);
	/* the 445-byte rule, applied to the escaped text like sm does */
	if (ll + dl > MGT_MAX_LABEL_DESC) {
		if (ll > MGT_MAX_LABEL_DESC / 2)
			ll = unictrunc(label, MGT_MAX_LABEL_DESC / 2);
		if (dl > MGT_MAX_LABEL_DESC / 2)
			dl = unictrunc(desc, MGT_MAX_LABEL_DESC / 2);
		if (cut_entity(label, ll) || cut_entity(desc, dl)) {
			rl_err_set(e, RL_E_INVAL, "%s: sm's 445-byte cut would split an entity "
				   "and make the record unreadable", what);
			goto out;
		}
	}
	start = o->n;
	if (ob_str(o, "<vdi><name_label>") || ob_put(o, label, ll) ||
	    ob_str(o, "</name_label><name_description>") || ob_put(o, desc, dl) ||
	    ob_str(o, "</name_description>")) {
		nomem(e);
		goto out;
	}
	if (ob_sector_end(o, start, what, e))
		goto out;
	start = o->n;
	for (i = 0; i < v->n_kv; i++) {
		const struct mgt_kv *kv = &v->kv[i];

		if (!valid_key(kv->key) || !strcmp(kv->key, "name_label") ||
		    !strcmp(kv->key, "name_description")) {
			rl_err_set(e, RL_E_INVAL, "%s: key \"%s\" cannot be written", what, kv->key);
			goto out;
		}
		/* sector B is not escaped by sm: refuse what would not read back */
		if (strpbrk(kv->val, "<&") || strstr(kv->val, "]]>") || !valid_utf8(kv->val)) {
			rl_err_set(e, RL_E_INVAL, "%s: value of <%s> cannot be written unescaped",
				   what, kv->key);
			goto out;
		}
		if (ob_str(o, "<") || ob_str(o, kv->key) || ob_str(o, ">") || ob_str(o, kv->val) ||
		    ob_str(o, "</") || ob_str(o, kv->key) || ob_str(o, ">")) {
			nomem(e);
			goto out;
		}
	}
	if (ob_str(o, "</vdi>")) {
		nomem(e);
		goto out;
	}
	rc = ob_sector_end(o, start, what, e);
out:
	free(label);
	free(desc);
	return rc;
}

int mgt_serialize(const struct mgt *m, uint8_t **out, size_t *out_len, struct rl_err *e)
{
	struct obuf o = { NULL, 0, 0 };
	char hdr[64];
	size_t start, total;
	unsigned i;

	*out = NULL;
	*out_len = 0;
	if (!xs_uuid_valid(m->sr_uuid))
		return rl_err_set(e, RL_E_INVAL, "MGT: SR uuid \"%s\" is not canonical", m->sr_uuid);
	if (strpbrk(m->allocation, "<&") || strstr(m->allocation, "]]>"))
		return rl_err_set(e, RL_E_INVAL, "MGT: allocation cannot be written");
	if (!valid_utf8(m->sr_name_label ? m->sr_name_label : "") ||
	    !valid_utf8(m->sr_name_description ? m->sr_name_description : ""))
		return rl_err_set(e, RL_E_INVAL, "MGT: SR label is not valid UTF-8 XML text");
	total = MGT_SR_INFO_SIZE + (size_t)m->n_vdis * MGT_VDI_SIZE;
	/* buildHeader(length): "XSSM" ":" "%-10s" ":" major ":" minor */
	snprintf(hdr, sizeof(hdr), "XSSM:%-10zu:%u:%u", total, m->major ? m->major : MGT_MAJOR,
		 m->major ? m->minor : MGT_MINOR);
	if (ob_str(&o, hdr))
		goto oom;
	if (ob_sector_end(&o, 0, "header", e))
		goto fail;
	start = o.n;
	if (ob_str(&o, XML_HEADER) || ob_str(&o, "<uuid>") || ob_str(&o, m->sr_uuid) ||
	    ob_str(&o, "</uuid><allocation>") || ob_str(&o, m->allocation) ||
	    ob_str(&o, "</allocation>"))
		goto oom;
	if (ob_sector_end(&o, start, "SR info", e))
		goto fail;
	if (sr_text_sector(&o, "name_label", m->sr_name_label ? m->sr_name_label : "", e) ||
	    sr_text_sector(&o, "name_description",
			   m->sr_name_description ? m->sr_name_description : "", e))
		goto fail;
	for (i = 0; i < m->n_vdis; i++)
		if (vdi_sectors(&o, &m->vdis[i], i, e))
			goto fail;
	*out = o.b;
	*out_len = o.n;
	return 0;
oom:
	nomem(e);
fail:
	free(o.b);
	return -1;
}

int mgt_patch_uuid(uint8_t *buf, size_t len, uint64_t value_off, const char *old_uuid,
		   const char *new_uuid, struct rl_err *e)
{
	if (!xs_uuid_valid(old_uuid) || !xs_uuid_valid(new_uuid))
		return rl_err_set(e, RL_E_INVAL, "MGT patch: uuids must be canonical");
	if (value_off < MGT_SECTOR || value_off > len || len - value_off < XS_UUID_LEN)
		return rl_err_at(e, RL_E_INVAL, value_off, "MGT patch: offset outside the %zu bytes",
				 len);
	if (memcmp(buf + value_off, old_uuid, XS_UUID_LEN))
		return rl_err_at(e, RL_E_CORRUPT, value_off,
				 "MGT patch: expected %s here, found \"%.36s\"", old_uuid,
				 (const char *)buf + value_off);
	memcpy(buf + value_off, new_uuid, XS_UUID_LEN);
	return 0;
}

/* ------------------------------------------------------------------ */
/* building */

struct mgt *mgt_new(const char *sr_uuid, const char *allocation, const char *name_label,
		    const char *name_description, struct rl_err *e)
{
	struct mgt *m;

	if (!xs_uuid_valid(sr_uuid)) {
		rl_err_set(e, RL_E_INVAL, "SR uuid \"%s\" is not canonical", sr_uuid);
		return NULL;
	}
	if (strlen(allocation) >= sizeof(m->allocation)) {
		rl_err_set(e, RL_E_INVAL, "allocation \"%s\" too long", allocation);
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		nomem(e);
		return NULL;
	}
	m->major = MGT_MAJOR;
	m->minor = MGT_MINOR;
	memcpy(m->sr_uuid, sr_uuid, XS_UUID_BUFSZ);
	strcpy(m->allocation, allocation);
	m->sr_name_label = xstrdup(name_label ? name_label : "");
	m->sr_name_description = xstrdup(name_description ? name_description : "");
	if (!m->sr_name_label || !m->sr_name_description) {
		mgt_free(m);
		nomem(e);
		return NULL;
	}
	m->length = MGT_SR_INFO_SIZE;
	return m;
}

/* refresh uuid/snapshot_of (no offsets: those come from parsing) + views */
static int refresh(struct mgt_vdi *v, struct rl_err *e)
{
	const char *u = mgt_vdi_get(v, "uuid"), *s = mgt_vdi_get(v, "snapshot_of");
	size_t a, n;

	v->uuid[0] = v->snapshot_of[0] = '\0';
	if (u) {
		py_strip(u, &a, &n);
		if (n != XS_UUID_LEN || !xs_uuid_valid_n(u + a, n))
			return rl_err_set(e, RL_E_INVAL, "uuid \"%s\" is not canonical", u);
		memcpy(v->uuid, u + a, n);
		v->uuid[n] = '\0';
	}
	if (s) {
		py_strip(s, &a, &n);
		if (n && (n != XS_UUID_LEN || !xs_uuid_valid_n(s + a, n)))
			return rl_err_set(e, RL_E_INVAL, "snapshot_of \"%s\" is not canonical", s);
		memcpy(v->snapshot_of, s + a, n);
		v->snapshot_of[n] = '\0';
	}
	return derive_views(v, NULL, e);
}

int mgt_vdi_add(struct mgt *m, const char *name_label, const char *name_description,
		const char *const *kv_pairs, struct rl_err *e)
{
	struct mgt_vdi *nv, *v;
	unsigned i;

	nv = realloc(m->vdis, (m->n_vdis + 1) * sizeof(*nv));
	if (!nv)
		return nomem(e);
	m->vdis = nv;
	v = &m->vdis[m->n_vdis];
	memset(v, 0, sizeof(*v));
	v->slot = m->n_vdis;
	v->off = mgt_vdi_record_offset(v->slot);
	v->name_label = xstrdup(name_label ? name_label : "");
	v->name_description = xstrdup(name_description ? name_description : "");
	m->n_vdis++;
	if (!v->name_label || !v->name_description)
		return nomem(e);
	for (i = 0; kv_pairs && kv_pairs[i]; i += 2) {
		if (!kv_pairs[i + 1])
			return rl_err_set(e, RL_E_INVAL, "key %s has no value", kv_pairs[i]);
		if (kv_append(v, kv_pairs[i], kv_pairs[i + 1], e))
			return -1;
	}
	m->length = MGT_SR_INFO_SIZE + (uint64_t)m->n_vdis * MGT_VDI_SIZE;
	return refresh(v, e);
}

int mgt_vdi_set(struct mgt_vdi *v, const char *key, const char *val, struct rl_err *e)
{
	unsigned i;

	for (i = 0; i < v->n_kv; i++) {
		if (!strcmp(v->kv[i].key, key)) {
			char *d = xstrdup(val);

			if (!d)
				return nomem(e);
			free(v->kv[i].val);
			v->kv[i].val = d;
			return refresh(v, e);
		}
	}
	if (kv_append(v, key, val, e))
		return -1;
	return refresh(v, e);
}

const char *mgt_vdi_get(const struct mgt_vdi *v, const char *key)
{
	unsigned i;

	for (i = 0; i < v->n_kv; i++)
		if (!strcmp(v->kv[i].key, key))
			return v->kv[i].val;
	return NULL;
}

struct mgt_vdi *mgt_find_vdi(struct mgt *m, const char *uuid)
{
	unsigned i;

	for (i = 0; i < m->n_vdis; i++)
		if (!m->vdis[i].deleted && !strcmp(m->vdis[i].uuid, uuid))
			return &m->vdis[i];
	return NULL;
}
