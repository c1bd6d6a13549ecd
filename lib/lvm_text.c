/* LVM text configuration parser with source positions, and in-place edits.
 * The tokenizer follows libdm-config.c (_get_token/_eat_space) token for
 * token, so whatever LVM parses parses here into the same tree; see
 * lvm_text.h for the few places where this is stricter. */
#include "lvm_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- arena: everything a tree holds, freed at once ---- */

struct chunk {
	struct chunk *next;
	size_t used, size;
	size_t step;       /* size of the chunk after this one, before doubling */
	/* data follows, max-aligned */
};

#define CHUNK_HDR ((sizeof(struct chunk) + 15) & ~(size_t)15)
/* A tree takes 8 to 10 times the bytes of its text: the first chunk is
 * sized from the text, later ones start small and double.  A host holds a
 * thousand trees of a few KiB of text each (a XenServer SR's), where
 * 64 KiB chunks were three times what they held. */
#define CHUNK_PER_TEXT_BYTE 9
#define CHUNK_MIN 4096
#define CHUNK_MAX 65536

static void *arena_alloc(struct lvm_cfg *c, size_t n)
{
	struct chunk *ch = c->arena;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!ch || ch->size - ch->used < n) {
		size_t sz, step;

		if (!ch) {
			sz = c->len < CHUNK_MAX / CHUNK_PER_TEXT_BYTE ?
				c->len * CHUNK_PER_TEXT_BYTE : CHUNK_MAX;
			if (sz < CHUNK_MIN)
				sz = CHUNK_MIN;
			step = CHUNK_MIN;
		} else {
			sz = ch->step;
			step = ch->step < CHUNK_MAX / 2 ? ch->step * 2 : CHUNK_MAX;
		}
		if (sz < n)
			sz = n;
		ch = malloc(CHUNK_HDR + sz);
		if (!ch)
			return NULL;
		ch->next = c->arena;
		ch->used = 0;
		ch->size = sz;
		ch->step = step;
		c->arena = ch;
	}
	p = (char *)ch + CHUNK_HDR + ch->used;
	ch->used += n;
	memset(p, 0, n);
	return p;
}

void lvm_cfg_free(struct lvm_cfg *c)
{
	struct chunk *ch, *next;

	if (!c)
		return;
	for (ch = c->arena; ch; ch = next) {
		next = ch->next;
		free(ch);
	}
	free(c);
}

/* ---- tokenizer (libdm-config.c _get_token) ---- */

enum tok {
	T_INT, T_FLOAT, T_STRING, T_STRING_ESCAPED, T_STRING_BARE, T_EQ, T_SECTION_B,
	T_SECTION_E, T_ARRAY_B, T_ARRAY_E, T_IDENTIFIER, T_COMMA, T_EOF, T_BAD_STRING,
};

struct parser {
	const char *fb;    /* text */
	size_t fe;         /* end (first NUL or len) */
	size_t tb, te;     /* current token [tb, te) */
	enum tok t;
	unsigned line, tok_line;
	struct lvm_cfg *cfg;
	struct rl_err *e;
	const char *key;   /* key of the value being read */
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void eat_space(struct parser *p)
{
	size_t i = p->te;

	for (;;) {
		if (i < p->fe && p->fb[i] == '#') {
			while (i < p->fe && p->fb[i] != '\n')
				i++;
		} else if (i >= p->fe || !is_space(p->fb[i])) {
			break;
		}
		while (i < p->fe && is_space(p->fb[i])) {
			if (p->fb[i] == '\n')
				p->line++;
			i++;
		}
	}
	p->tb = p->te = i;
}

/* One-character tokens, and what each is. */
static const char punct_chars[] = "{}[],=";
static const enum tok punct_toks[] = {
	T_SECTION_B, T_SECTION_E, T_ARRAY_B, T_ARRAY_E, T_COMMA, T_EQ,
};

/* From the opening quote at te to just past the closing one; T_BAD_STRING
 * when the text ends first (libdm takes the text up to the end as the
 * string, dropping its last character; we refuse it).  Only "..." strings
 * have backslash escapes. */
static size_t end_of_string(struct parser *p, size_t te, char quote, int escapes)
{
	const char *s = p->fb;

	te++;
	while (te < p->fe && s[te] != quote) {
		if (escapes && s[te] == '\\' && te + 1 < p->fe)
			te++;
		if (s[te] == '\n')
			p->line++;
		te++;
	}
	if (te < p->fe)
		te++;
	else
		p->t = T_BAD_STRING;
	return te;
}

static void next_token(struct parser *p)
{
	int values_allowed = p->t == T_EQ || p->t == T_ARRAY_B || p->t == T_COMMA;
	const char *s = p->fb;
	const char *pc;
	size_t te;

	eat_space(p);
	p->tok_line = p->line;
	te = p->tb;
	if (te >= p->fe) {
		p->t = T_EOF;
		return;
	}
	pc = memchr(punct_chars, s[te], sizeof(punct_chars) - 1);
	if (pc) {
		p->t = punct_toks[pc - punct_chars];
		p->te = te + 1;
		return;
	}
	p->t = T_INT;
	switch (s[te]) {
	case '"':
		p->t = T_STRING_ESCAPED;
		te = end_of_string(p, te, '"', 1);
		break;
	case '\'':
		p->t = T_STRING;
		te = end_of_string(p, te, '\'', 0);
		break;
	case '.':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
	case '+':
	case '-':
		if (values_allowed) {
			if (s[te] == '.')
				p->t = T_FLOAT;
			while (++te < p->fe) {
				if (!is_digit(s[te])) {
					if (s[te] == '.' && p->t != T_FLOAT) {
						p->t = T_FLOAT;
						continue;
					}
					break;
				}
			}
			break;
		}
		/* fall through */
	default:
		p->t = T_IDENTIFIER;
		while (te < p->fe && !is_space(s[te]) && s[te] != '#' && s[te] != '=' &&
		       s[te] != '{' && s[te] != '}')
			te++;
		if (values_allowed)
			p->t = T_STRING_BARE;
		break;
	}
	p->te = te;
}

/* ---- parser ---- */

static int perr(struct parser *p, size_t at, const char *what)
{
	return rl_err_at(p->e, RL_E_CORRUPT, p->cfg->base_off + at,
			 "metadata text line %u: %s", p->tok_line, what);
}

static int count_item(struct parser *p)
{
	if (p->cfg->n_nodes + p->cfg->n_values >= LVM_CFG_MAX_ITEMS)
		return rl_err_at(p->e, RL_E_TOOBIG, p->cfg->base_off + p->tb,
				 "metadata text line %u: more than %u items", p->tok_line,
				 LVM_CFG_MAX_ITEMS);
	return 0;
}

static char *dup_range(struct parser *p, size_t b, size_t e)
{
	char *s = arena_alloc(p->cfg, e - b + 1);

	if (!s) {
		rl_err_set(p->e, RL_E_NOMEM, "out of memory parsing metadata text");
		return NULL;
	}
	memcpy(s, p->fb + b, e - b);
	s[e - b] = '\0';
	return s;
}

/* dm_unescape_double_quotes in place: \" -> " and \\ -> \, nothing else. */
static size_t unescape(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (r[0] == '\\' && (r[1] == '"' || r[1] == '\\'))
			r++;
		*w++ = *r++;
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* Body of a quoted token (current token), unescaped for "...". */
static char *string_body(struct parser *p, size_t *len)
{
	char *s = dup_range(p, p->tb + 1, p->te - 1);

	if (!s)
		return NULL;
	*len = p->t == T_STRING_ESCAPED ? unescape(s) : p->te - 1 - (p->tb + 1);
	return s;
}

static int parse_scalar(struct parser *p, struct lvm_cfg_value *v)
{
	char *tok;

	if (count_item(p))
		return -1;
	v->span.start = p->tb;
	v->span.end = p->te;
	switch (p->t) {
	case T_INT:
		if (!(tok = dup_range(p, p->tb, p->te)))
			return -1;
		v->type = LVM_CFG_INT;
		errno = 0;
		v->i = strtoll(tok, NULL, 0);
		if (errno) {
			/* LVM < 2.02.169 on 32 bits wrote broken creation_time;
			 * libdm substitutes 2018-05-24. */
			if (errno == ERANGE && p->key && !strcmp(p->key, "creation_time"))
				v->i = 1527120000;
			else
				return perr(p, p->tb, "integer out of range");
		}
		break;
	case T_FLOAT:
		if (!(tok = dup_range(p, p->tb, p->te)))
			return -1;
		v->type = LVM_CFG_FLOAT;
		errno = 0;
		v->f = strtod(tok, NULL);
		if (errno)
			return perr(p, p->tb, "float out of range");
		break;
	case T_STRING:
	case T_STRING_ESCAPED:
		v->type = LVM_CFG_STRING;
		v->quote = p->fb[p->tb];
		if (!(v->s = string_body(p, &v->s_len)))
			return -1;
		break;
	case T_STRING_BARE:
		v->type = LVM_CFG_STRING;
		if (!(v->s = dup_range(p, p->tb, p->te)))
			return -1;
		v->s_len = p->te - p->tb;
		break;
	case T_BAD_STRING:
		return perr(p, p->tb, "unterminated string");
	case T_EOF:
		return perr(p, p->tb, "unexpected end of text, expected a value");
	default:
		return perr(p, p->tb, "expected a value");
	}
	p->cfg->n_values++;
	next_token(p);
	return 0;
}

static int parse_value(struct parser *p, struct lvm_cfg_node *n)
{
	struct lvm_cfg_value *vals = NULL, one;
	size_t cnt = 0, cap = 0;

	n->value_span.start = p->tb;
	if (p->t != T_ARRAY_B) {
		memset(&one, 0, sizeof(one));
		if (parse_scalar(p, &one))
			return -1;
		if (!(n->values = arena_alloc(p->cfg, sizeof(one))))
			return rl_err_set(p->e, RL_E_NOMEM, "out of memory parsing metadata text");
		n->values[0] = one;
		n->n_values = 1;
		n->value_span.end = one.span.end;
		return 0;
	}
	n->is_array = 1;
	next_token(p);
	while (p->t != T_ARRAY_E) {
		if (cnt == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct lvm_cfg_value *nv = realloc(vals, nc * sizeof(*nv));

			if (!nv) {
				free(vals);
				return rl_err_set(p->e, RL_E_NOMEM, "out of memory parsing metadata text");
			}
			vals = nv;
			cap = nc;
		}
		memset(&vals[cnt], 0, sizeof(vals[cnt]));
		if (parse_scalar(p, &vals[cnt])) {
			free(vals);
			return -1;
		}
		cnt++;
		if (p->t == T_COMMA)
			next_token(p);
	}
	n->value_span.end = p->te;
	if (cnt) {
		n->values = arena_alloc(p->cfg, cnt * sizeof(*vals));
		if (!n->values) {
			free(vals);
			return rl_err_set(p->e, RL_E_NOMEM, "out of memory parsing metadata text");
		}
		memcpy(n->values, vals, cnt * sizeof(*vals));
	}
	free(vals);
	if (cnt > 0xffffffffu)
		return perr(p, n->value_span.start, "array too long");
	n->n_values = (unsigned)cnt;
	next_token(p);
	return 0;
}

static int parse_items(struct parser *p, struct lvm_cfg_node *parent);

static int parse_item(struct parser *p, struct lvm_cfg_node *parent, struct lvm_cfg_node **tail)
{
	struct lvm_cfg_node *n;
	size_t len;

	if (count_item(p))
		return -1;
	if (!(n = arena_alloc(p->cfg, sizeof(*n))))
		return rl_err_set(p->e, RL_E_NOMEM, "out of memory parsing metadata text");
	n->key_span.start = p->tb;
	n->key_span.end = p->te;
	n->item_span.start = p->tb;
	switch (p->t) {
	case T_STRING_ESCAPED:
	case T_STRING:
		if (!(n->key = string_body(p, &len)))
			return -1;
		break;
	case T_IDENTIFIER:
		if (!(n->key = dup_range(p, p->tb, p->te)))
			return -1;
		len = p->te - p->tb;
		break;
	case T_BAD_STRING:
		return perr(p, p->tb, "unterminated string");
	default:
		return perr(p, p->tb, "unexpected token, expected a key");
	}
	if (!len)
		return perr(p, p->tb, "empty key");
	/* libdm would make "a/b" a path of nested nodes. */
	if (strchr(n->key, '/'))
		return rl_err_at(p->e, RL_E_UNSUPPORTED, p->cfg->base_off + p->tb,
				 "metadata text line %u: key \"%s\" contains '/'", p->tok_line,
				 n->key);
	n->parent = parent;
	n->depth = parent->depth + 1;
	p->cfg->n_nodes++;
	if (*tail)
		(*tail)->next = n;
	else
		parent->child = n;
	*tail = n;
	next_token(p);
	if (p->t == T_SECTION_B) {
		if (n->depth > LVM_CFG_MAX_DEPTH)
			return perr(p, p->tb, "sections nested too deep");
		n->is_section = 1;
		n->brace_open = p->tb;
		next_token(p);
		if (parse_items(p, n))
			return -1;
		/* parse_items stops at '}' */
		n->brace_close = p->tb;
		n->item_span.end = p->te;
		next_token(p);
		return 0;
	}
	if (p->t != T_EQ)
		return perr(p, p->tb, p->t == T_EOF ? "unexpected end of text, expected '=' or '{'"
						    : "unexpected token, expected '=' or '{'");
	next_token(p);
	p->key = n->key;
	if (parse_value(p, n))
		return -1;
	p->key = NULL;
	n->item_span.end = n->value_span.end;
	return 0;
}

/* Items until '}' (inside a section) or the end (top level). */
static int parse_items(struct parser *p, struct lvm_cfg_node *parent)
{
	struct lvm_cfg_node *tail = NULL;
	int top = parent->depth == 0;

	for (;;) {
		if (p->t == T_EOF) {
			if (top)
				return 0;
			return perr(p, parent->brace_open, "section not closed: missing '}'");
		}
		if (p->t == T_SECTION_E) {
			if (top)
				return perr(p, p->tb, "unexpected '}'");
			return 0;
		}
		if (parse_item(p, parent, &tail))
			return -1;
	}
}

int lvm_cfg_parse(const char *text, size_t len, uint64_t base_off, struct lvm_cfg **out,
		  struct rl_err *e)
{
	struct parser p;
	struct lvm_cfg *c;
	const char *nul;

	*out = NULL;
	if (!(c = calloc(1, sizeof(*c))))
		return rl_err_set(e, RL_E_NOMEM, "out of memory parsing metadata text");
	nul = len ? memchr(text, '\0', len) : NULL;
	c->len = nul ? (size_t)(nul - text) : len;
	c->base_off = base_off;
	c->root.is_section = 1;
	c->root.key = (char *)"";
	memset(&p, 0, sizeof(p));
	p.fb = text;
	p.fe = c->len;
	p.line = 1;
	p.cfg = c;
	p.e = e;
	p.t = T_SECTION_E;
	next_token(&p);
	if (parse_items(&p, &c->root)) {
		lvm_cfg_free(c);
		return -1;
	}
	c->root.brace_close = c->len;
	c->root.item_span.end = c->len;
	*out = c;
	return 0;
}

/* ---- lookups ---- */

const struct lvm_cfg_node *lvm_cfg_get(const struct lvm_cfg_node *sec, const char *path)
{
	const struct lvm_cfg_node *n = sec;

	if (!sec || !path)
		return NULL;
	for (;;) {
		const char *e;
		size_t l;
		const struct lvm_cfg_node *c;

		while (*path == '/')
			path++;
		if (!*path)
			return n == sec ? NULL : n;
		for (e = path; *e && *e != '/'; e++)
			;
		l = (size_t)(e - path);
		for (c = n->is_section ? n->child : NULL; c; c = c->next)
			if (!strncmp(c->key, path, l) && !c->key[l])
				break;
		if (!c)
			return NULL;
		n = c;
		path = e;
	}
}

const struct lvm_cfg_value *lvm_cfg_array_at(const struct lvm_cfg_node *n, unsigned i)
{
	if (!n || n->is_section || i >= n->n_values)
		return NULL;
	return &n->values[i];
}

static int get_first(const struct lvm_cfg_node *sec, const char *path, enum lvm_cfg_vtype t,
		     const struct lvm_cfg_value **v, const struct lvm_cfg_node **node)
{
	const struct lvm_cfg_node *n = lvm_cfg_get(sec, path);

	if (node)
		*node = n;
	if (!n)
		return 0;
	if (n->is_section || !n->n_values || n->values[0].type != t)
		return -1;
	*v = &n->values[0];
	return 1;
}

int lvm_cfg_get_str(const struct lvm_cfg_node *sec, const char *path, const char **out,
		    const struct lvm_cfg_node **node)
{
	const struct lvm_cfg_value *v;
	int r = get_first(sec, path, LVM_CFG_STRING, &v, node);

	if (r == 1 && out)
		*out = v->s;
	return r;
}

int lvm_cfg_get_int(const struct lvm_cfg_node *sec, const char *path, int64_t *out,
		    const struct lvm_cfg_node **node)
{
	const struct lvm_cfg_value *v;
	int r = get_first(sec, path, LVM_CFG_INT, &v, node);

	if (r == 1 && out)
		*out = v->i;
	return r;
}

int lvm_cfg_get_list(const struct lvm_cfg_node *sec, const char *path,
		     const struct lvm_cfg_value **vals, unsigned *n,
		     const struct lvm_cfg_node **node)
{
	const struct lvm_cfg_node *nd = lvm_cfg_get(sec, path);

	if (node)
		*node = nd;
	if (!nd)
		return 0;
	if (nd->is_section)
		return -1;
	if (vals)
		*vals = nd->values;
	if (n)
		*n = nd->n_values;
	return 1;
}

/* ---- escaping ---- */

size_t lvm_escape_string(const char *in, char *out, size_t outsz)
{
	size_t need = 0, i;

	for (i = 0; in[i]; i++)
		need += (in[i] == '"' || in[i] == '\\') ? 2 : 1;
	if (!outsz)
		return need;
	if (need >= outsz) {
		out[0] = '\0';
		return need;
	}
	for (i = 0; *in; in++) {
		if (*in == '"' || *in == '\\')
			out[i++] = '\\';
		out[i++] = *in;
	}
	out[i] = '\0';
	return need;
}

size_t lvm_quote_string(const char *in, char *out, size_t outsz)
{
	size_t need = lvm_escape_string(in, NULL, 0) + 2;

	if (!outsz)
		return need;
	if (need >= outsz) {
		out[0] = '\0';
		return need;
	}
	out[0] = '"';
	lvm_escape_string(in, out + 1, outsz - 1);
	out[need - 1] = '"';
	out[need] = '\0';
	return need;
}

/* ---- edits ---- */

void lvm_text_edit_init(struct lvm_text_edit *ed)
{
	ed->r = NULL;
	ed->n = ed->cap = 0;
}

void lvm_text_edit_free(struct lvm_text_edit *ed)
{
	size_t i;

	for (i = 0; i < ed->n; i++)
		free(ed->r[i].repl);
	free(ed->r);
	lvm_text_edit_init(ed);
}

int lvm_text_edit_replace(struct lvm_text_edit *ed, size_t start, size_t end, const char *repl,
			  size_t repl_len)
{
	struct lvm_text_repl *r;

	if (start > end)
		return -1;
	if (ed->n == ed->cap) {
		size_t nc = ed->cap ? ed->cap * 2 : 16;
		struct lvm_text_repl *nr = realloc(ed->r, nc * sizeof(*nr));

		if (!nr)
			return -1;
		ed->r = nr;
		ed->cap = nc;
	}
	r = &ed->r[ed->n];
	r->repl = malloc(repl_len + 1);
	if (!r->repl)
		return -1;
	if (repl_len)
		memcpy(r->repl, repl, repl_len);
	r->repl[repl_len] = '\0';
	r->start = start;
	r->end = end;
	r->repl_len = repl_len;
	r->seq = (unsigned)ed->n;
	ed->n++;
	return 0;
}

int lvm_text_edit_set_string(struct lvm_text_edit *ed, const struct lvm_cfg_value *v,
			     const char *s)
{
	size_t need = lvm_quote_string(s, NULL, 0);
	char *q = malloc(need + 1);
	int r;

	if (!q || !v || v->type != LVM_CFG_STRING) {
		free(q);
		return -1;
	}
	lvm_quote_string(s, q, need + 1);
	r = lvm_text_edit_replace(ed, v->span.start, v->span.end, q, need);
	free(q);
	return r;
}

static int repl_cmp(const void *a, const void *b)
{
	const struct lvm_text_repl *x = *(const struct lvm_text_repl *const *)a;
	const struct lvm_text_repl *y = *(const struct lvm_text_repl *const *)b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* insertions (empty ranges) before a replacement at the same point */
	if ((x->start == x->end) != (y->start == y->end))
		return x->start == x->end ? -1 : 1;
	return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

char *lvm_text_edit_apply(const char *text, size_t len, const struct lvm_text_edit *ed,
			  size_t *new_len, struct rl_err *e)
{
	const struct lvm_text_repl **v = NULL;
	size_t i, total = len, pos = 0, o = 0;
	char *out;

	*new_len = 0;
	if (ed->n) {
		v = malloc(ed->n * sizeof(*v));
		if (!v) {
			rl_err_set(e, RL_E_NOMEM, "out of memory applying text edits");
			return NULL;
		}
		for (i = 0; i < ed->n; i++)
			v[i] = &ed->r[i];
		qsort(v, ed->n, sizeof(*v), repl_cmp);
	}
	for (i = 0; i < ed->n; i++) {
		if (v[i]->end > len) {
			rl_err_set(e, RL_E_INVAL, "text edit [%zu, %zu) past the end of the text (%zu bytes)",
				   v[i]->start, v[i]->end, len);
			free(v);
			return NULL;
		}
		if (i && v[i]->start < v[i - 1]->end) {
			rl_err_set(e, RL_E_INVAL, "text edits [%zu, %zu) and [%zu, %zu) overlap",
				   v[i - 1]->start, v[i - 1]->end, v[i]->start, v[i]->end);
			free(v);
			return NULL;
		}
		total = total - (v[i]->end - v[i]->start) + v[i]->repl_len;
	}
	out = malloc(total + 1);
	if (!out) {
		rl_err_set(e, RL_E_NOMEM, "out of memory applying text edits");
		free(v);
		return NULL;
	}
	for (i = 0; i < ed->n; i++) {
		memcpy(out + o, text + pos, v[i]->start - pos);
		o += v[i]->start - pos;
		memcpy(out + o, v[i]->repl, v[i]->repl_len);
		o += v[i]->repl_len;
		pos = v[i]->end;
	}
	memcpy(out + o, text + pos, len - pos);
	o += len - pos;
	out[o] = '\0';
	free(v);
	*new_len = o;
	return out;
}
