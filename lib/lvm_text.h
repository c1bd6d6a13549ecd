/* LVM text configuration (metadata text) as libdm-config.c reads it, kept
 * with source positions so single values can be rewritten in place without
 * regenerating any other byte of the text.
 *
 * Grammar (libdm _file/_section/_value/_type):
 *   file    := item*
 *   item    := key '{' item* '}'  |  key '=' value
 *   key     := identifier | "escaped string" | 'plain string'
 *   value   := '[' (scalar ','?)* ']'  |  scalar
 *   scalar  := int | float | "escaped" | 'plain' | bare word
 * '#' starts a comment to end of line; parsing stops at the end of the
 * buffer or at the first NUL.  Double-quoted strings take \" and \\ escapes
 * (any other backslash stays), single-quoted ones none.  Ints follow
 * strtoll(base 0) on the token ([+-]?digits), floats carry one '.'.
 * Duplicate keys are all kept in order; lookups find the first, as LVM does
 * for metadata (dm_config_parse_without_dup_node_check).
 * Differences, all stricter: unterminated strings, keys containing '/',
 * nesting deeper than LVM_CFG_MAX_DEPTH, more than LVM_CFG_MAX_ITEMS nodes
 * plus values are errors.
 *
 * All offsets (spans) are byte offsets into the parsed text (0 = its first
 * byte); error messages name absolute offsets (base_off + position). */
#ifndef RELUN_LVM_TEXT_H
#define RELUN_LVM_TEXT_H

#include <stdint.h>
#include <stddef.h>
#include "rl_err.h"

#define LVM_CFG_MAX_DEPTH 64
#define LVM_CFG_MAX_ITEMS 4000000u

/* [start, end) in the text. */
struct lvm_text_span {
	size_t start, end;
};

enum lvm_cfg_vtype {
	LVM_CFG_INT = 1,
	LVM_CFG_FLOAT,
	LVM_CFG_STRING,
};

struct lvm_cfg_value {
	enum lvm_cfg_vtype type;
	int64_t i;
	double f;
	char *s;                 /* STRING: unescaped, NUL-terminated */
	size_t s_len;
	int quote;               /* STRING: '"', '\'' or 0 (bare word) */
	struct lvm_text_span span; /* the token; strings including quotes */
};

struct lvm_cfg_node {
	char *key;               /* unescaped, NUL-terminated */
	struct lvm_text_span key_span; /* key token, quotes included if quoted */
	int is_section;
	/* section */
	size_t brace_open, brace_close;  /* offsets of '{' and '}' */
	struct lvm_cfg_node *child;      /* first child, in source order */
	/* assignment */
	int is_array;            /* value written as [ ... ] */
	unsigned n_values;       /* scalar: 1; array: its length (may be 0) */
	struct lvm_cfg_value *values;
	struct lvm_text_span value_span; /* whole value: '['..']' or the scalar */
	/* tree */
	struct lvm_cfg_node *parent, *next;
	unsigned depth;          /* top level items: 1 */
	struct lvm_text_span item_span;  /* key start .. value end / '}' + 1 */
};

struct lvm_cfg {
	struct lvm_cfg_node root;  /* synthetic section holding the top level */
	size_t len;                /* bytes parsed (up to the first NUL) */
	uint64_t base_off;
	unsigned n_nodes, n_values;
	void *arena;               /* private: node/value/string storage */
};

/* Parse text[0..len) (stops at a NUL).  0 ok (*out owned by the caller,
 * free with lvm_cfg_free), -1 RL_E_CORRUPT / RL_E_UNSUPPORTED / RL_E_NOMEM
 * with a message "parse error at byte N (line L): ..." whose offset is
 * base_off + N. */
int lvm_cfg_parse(const char *text, size_t len, uint64_t base_off, struct lvm_cfg **out,
		  struct rl_err *e);
void lvm_cfg_free(struct lvm_cfg *cfg);

static inline const struct lvm_cfg_node *lvm_cfg_root(const struct lvm_cfg *c)
{
	return &c->root;
}
static inline const struct lvm_cfg_node *lvm_cfg_child(const struct lvm_cfg_node *n)
{
	return n ? n->child : NULL;
}
static inline const struct lvm_cfg_node *lvm_cfg_next(const struct lvm_cfg_node *n)
{
	return n ? n->next : NULL;
}

/* Find by '/'-separated path below sec ("physical_volumes/pv0/id"); the
 * first matching key at each level, like dm_config_find_node.  NULL when
 * absent. */
const struct lvm_cfg_node *lvm_cfg_get(const struct lvm_cfg_node *sec, const char *path);

/* Typed getters with libdm's rules (dm_config_get_str/_uint64/_list): they
 * look at the FIRST value of an assignment (so a one-element array reads
 * like a scalar).  1 found with that type, 0 absent, -1 present but of
 * another type (or a section, or an empty array).  *node (may be NULL) gets
 * the node found. */
int lvm_cfg_get_str(const struct lvm_cfg_node *sec, const char *path, const char **out,
		    const struct lvm_cfg_node **node);
int lvm_cfg_get_int(const struct lvm_cfg_node *sec, const char *path, int64_t *out,
		    const struct lvm_cfg_node **node);
/* A list (array or single scalar) of values: 1 found (*vals, *n set), 0 absent,
 * -1 a section. */
int lvm_cfg_get_list(const struct lvm_cfg_node *sec, const char *path,
		     const struct lvm_cfg_value **vals, unsigned *n,
		     const struct lvm_cfg_node **node);

/* Value i of an assignment, NULL past the end. */
const struct lvm_cfg_value *lvm_cfg_array_at(const struct lvm_cfg_node *n, unsigned i);
static inline unsigned lvm_cfg_array_len(const struct lvm_cfg_node *n)
{
	return (n && !n->is_section) ? n->n_values : 0;
}

/* ---- edits: replacements of byte ranges, applied in one pass ---- */

struct lvm_text_repl {
	size_t start, end;   /* replaced range [start, end) of the original */
	char *repl;          /* owned copy */
	size_t repl_len;
	unsigned seq;        /* insertion order, keeps equal starts stable */
};

struct lvm_text_edit {
	struct lvm_text_repl *r;
	size_t n, cap;
};

#define LVM_TEXT_EDIT_INIT { NULL, 0, 0 }
void lvm_text_edit_init(struct lvm_text_edit *ed);
void lvm_text_edit_free(struct lvm_text_edit *ed);

/* Queue a replacement of [start, end) by repl (start == end inserts).
 * 0 ok, -1 (NOMEM or start > end: no rl_err here, returns -1). */
int lvm_text_edit_replace(struct lvm_text_edit *ed, size_t start, size_t end, const char *repl,
			  size_t repl_len);

/* Replace a string value's token (quotes included) by the double-quoted,
 * escaped form of s ("..." as LVM writes it). */
int lvm_text_edit_set_string(struct lvm_text_edit *ed, const struct lvm_cfg_value *v,
			     const char *s);

/* Apply the queued replacements (sorted by start, stable; they must not
 * overlap: two ranges overlap when one starts before the other ends; two
 * insertions at one point are allowed and keep their order) to
 * text[0..len).  Returns a malloc'd buffer of *new_len bytes plus a
 * terminating NUL (not counted), or NULL with RL_E_INVAL (overlap, range past
 * len) / RL_E_NOMEM.  An empty list returns an identical copy. */
char *lvm_text_edit_apply(const char *text, size_t len, const struct lvm_text_edit *ed,
			  size_t *new_len, struct rl_err *e);

/* dm_escape_double_quotes: a backslash before every '"' and '\\'.  Writes at
 * most outsz bytes including the NUL (out may be NULL when outsz is 0);
 * returns the length needed WITHOUT the NUL, so a result >= outsz means
 * truncated (out then holds nothing useful but is NUL-terminated). */
size_t lvm_escape_string(const char *in, char *out, size_t outsz);

/* "\"" + lvm_escape_string(in) + "\"": the form of a string value in LVM text.
 * Same size convention as lvm_escape_string. */
size_t lvm_quote_string(const char *in, char *out, size_t outsz);

#endif
