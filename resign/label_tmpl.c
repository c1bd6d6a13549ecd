#include "label_tmpl.h"

#include <stdio.h>
#include <string.h>

/* Whole UTF-8 (no stray continuation byte, no cut sequence, no overlong
 * form or surrogate): xapi stores the label as a UTF-8 string. */
static int utf8_ok(const unsigned char *s)
{
	while (*s) {
		unsigned c = *s, n, i, cp;

		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		s += n + 1;
	}
	return 1;
}

/* Bytes of s in the MGT sector: & < > escaped as sm writes them. */
static size_t escaped_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '&' ? 5 : (*s == '<' || *s == '>') ? 4 : 1;
	return n;
}

static int check(const char *label, size_t len, struct rl_err *e)
{
	size_t esc = escaped_len(label);

	if (!utf8_ok((const unsigned char *)label))
		return rl_err_set(e, RL_E_INVAL, "the label is not valid UTF-8");
	if (esc > RL_LABEL_MGT_MAX)
		return rl_err_set(e, RL_E_TOOBIG, "the label takes %zu bytes in MGT (%zu bytes, "
				  "& < > escaped); sm keeps at most %d in its sector: shorten it",
				  esc, len, RL_LABEL_MGT_MAX);
	return 0;
}

static const char *const fields[] = { "{label}", "{date}", "{short}", "{index}" };

int rl_label_expand(const char *tmpl, const struct rl_label_vars *v, char *out, size_t n,
		    struct rl_err *e)
{
	char idx[16], shrt[9];
	const char *val[4];
	size_t w = 0, f, fl, vl;

	snprintf(idx, sizeof(idx), "%u", v->index);
	snprintf(shrt, sizeof(shrt), "%.8s", v->sr_uuid ? v->sr_uuid : "");
	val[0] = v->label ? v->label : "";
	val[1] = v->date ? v->date : "";
	val[2] = shrt;
	val[3] = idx;
	while (*tmpl) {
		for (f = 0; f < 4; f++)
			if (!strncmp(tmpl, fields[f], strlen(fields[f])))
				break;
		if (f < 4) {
			fl = strlen(fields[f]);
			vl = strlen(val[f]);
		} else {
			fl = vl = 1;
		}
		if (w + vl >= n)
			return rl_err_set(e, RL_E_TOOBIG, "the label is longer than %zu bytes: "
					  "shorten it", n - 1);
		memcpy(out + w, f < 4 ? val[f] : tmpl, vl);
		w += vl;
		tmpl += fl;
	}
	out[w] = '\0';
	return check(out, w, e);
}

int rl_label_template_check(const char *tmpl, struct rl_err *e)
{
	static const struct rl_label_vars none = { "", "", "", 0 };
	char buf[4096];
	size_t len = strlen(tmpl);

	if (len >= sizeof(buf))
		return rl_err_set(e, RL_E_TOOBIG, "the label is %zu bytes; sm keeps at most %d "
				  "in its MGT sector: shorten it", len, RL_LABEL_MGT_MAX);
	/* fields as "" ({index} as "0"); each VG copy's expansion is checked
	 * again */
	return rl_label_expand(tmpl, &none, buf, sizeof(buf), e);
}

int rl_label_wants_short(const char *tmpl)
{
	return strstr(tmpl, "{short}") != NULL;
}
