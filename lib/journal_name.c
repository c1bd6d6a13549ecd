#include "journal_name.h"

#include <stdio.h>
#include <string.h>

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_tag_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '.';
}

int rl_journal_tag_ok(const char *tag)
{
	size_t i;

	if (!tag || !tag[0])
		return 1;
	if (!is_alpha(tag[0]))
		return 0;
	for (i = 0; tag[i]; i++)
		if (i >= RL_JOURNAL_TAG_MAX || !is_tag_char(tag[i]))
			return 0;
	return 1;
}

int rl_journal_name(char *out, size_t n, const char *subject, time_t t, const char *tag,
		    unsigned seq)
{
	char subj[160], stamp[32], sfx[16] = "", tg[RL_JOURNAL_TAG_MAX + 2] = "";
	struct tm tm;
	size_t i, k = 0;

	if (n)
		out[0] = '\0';
	if (!rl_journal_tag_ok(tag))
		return -1;
	for (i = 0; subject[i] && k < sizeof(subj) - 1; i++) {
		char c = subject[i];

		if (is_alpha(c) || is_digit(c) || c == '.' || c == '_' || c == '+' || c == '-')
			subj[k++] = c;
		else
			subj[k++] = '_';
	}
	subj[k] = '\0';
	if (!k || !strcmp(subj, ".") || !strcmp(subj, ".."))
		snprintf(subj, sizeof(subj), "unnamed");
	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (tag && tag[0])
		snprintf(tg, sizeof(tg), "-%s", tag);
	if (seq > 1)
		snprintf(sfx, sizeof(sfx), "-%u", seq);
	snprintf(out, n, "relun-%s-%s%s%s.journal", subj, stamp, tg, sfx);
	return 0;
}

/* [b, e) is a time stamp as rl_journal_name() writes it: YYYYmmddTHHMMSSZ.
 * Years past 9999 would be longer; strftime writes them, so accept them. */
static int is_stamp(const char *b, const char *e)
{
	size_t len = (size_t)(e - b), i;

	if (len < 16 || e[-1] != 'Z' || e[-8] != 'T')
		return 0;
	for (i = 0; i < len - 1; i++)
		if (b + i != e - 8 && !is_digit(b[i]))
			return 0;
	return 1;
}

/* Start of the component that ends at e (the character after the last '-'
 * before e, at or after lo), or NULL when no '-' precedes it. */
static const char *comp_start(const char *lo, const char *e)
{
	const char *c = e;

	while (c > lo && c[-1] != '-')
		c--;
	return c > lo ? c : NULL;
}

/* The tag component of a journal name: *len chars at the returned pointer,
 * or NULL when the name carries none. */
static const char *name_tag(const char *name, size_t *len)
{
	size_t nl = strlen(name);
	const char *lo, *end, *c, *st;

	if (nl < 6 + 8 || strncmp(name, "relun-", 6) || strcmp(name + nl - 8, ".journal"))
		return NULL;
	lo = name + 6;
	end = name + nl - 8;
	c = comp_start(lo, end);
	if (!c || c == end)
		return NULL;
	if (!is_alpha(*c)) {
		/* a "-<seq>" suffix: digits, no leading zero */
		const char *q;

		if (*c == '0')
			return NULL;
		for (q = c; q < end; q++)
			if (!is_digit(*q))
				return NULL;
		end = c - 1;
		c = comp_start(lo, end);
		if (!c || c == end || !is_alpha(*c))
			return NULL;
	}
	for (st = c; st < end; st++)
		if (!is_tag_char(*st))
			return NULL;
	/* a tag follows the time stamp, nothing else */
	st = comp_start(lo, c - 1);
	if (!st || !is_stamp(st, c - 1))
		return NULL;
	*len = (size_t)(end - c);
	return c;
}

int rl_journal_name_has_tag(const char *name, const char *tag)
{
	size_t len;
	const char *t = name_tag(name, &len);

	return t && tag && tag[0] && strlen(tag) == len && !memcmp(t, tag, len);
}

int rl_journal_name_has_tag_prefix(const char *name, const char *prefix)
{
	size_t len, pl = prefix ? strlen(prefix) : 0;
	const char *t = name_tag(name, &len);

	return t && pl && pl <= len && !memcmp(t, prefix, pl);
}

int rl_journal_is_name(const char *name)
{
	size_t len = strlen(name);

	return !strncmp(name, "relun-", 6) && len >= 8 && !strcmp(name + len - 8, ".journal");
}
