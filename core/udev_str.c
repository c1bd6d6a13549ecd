#include "udev_str.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

size_t udevstr_replace_whitespace(enum sg_profile p, const char *str, char *to, size_t len)
{
	size_t i, j;

	if (p == SG_PROFILE_XS219) {
		/* 219: trim both ends first, then collapse.  Trimming the end
		 * first guarantees every inner run stops before len. */
		len = strnlen(str, len);
		while (len && udevstr_isspace(str[len - 1]))
			len--;
		i = 0;
		while (i < len && udevstr_isspace(str[i]))
			i++;
		j = 0;
		while (i < len) {
			if (udevstr_isspace(str[i])) {
				while (i < len && udevstr_isspace(str[i]))
					i++;
				to[j++] = '_';
			}
			to[j++] = str[i++];
		}
		to[j] = '\0';
		return j;
	} else {
		/* v243+: only " \t\n\r" are skipped at the start; a run is
		 * written when the next non-space byte arrives, so trailing
		 * whitespace vanishes and a leading \v or \f becomes '_'. */
		int in_space = 0;

		i = strspn(str, " \t\n\r");
		for (j = 0; j < len && i < len && str[i] != '\0'; i++) {
			if (udevstr_isspace(str[i])) {
				in_space = 1;
				continue;
			}
			if (in_space) {
				if (j + 1 >= len)
					break;
				to[j++] = '_';
				in_space = 0;
			}
			to[j++] = str[i];
		}
		to[j] = '\0';
		return j;
	}
}

static int devnode_char_ok(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c != '\0' && strchr("#+-.:=@_", c) != NULL);
}

static int utf8_expected_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	if ((c & 0xf8) == 0xf0)
		return 4;
	if ((c & 0xfc) == 0xf8)
		return 5;
	if ((c & 0xfe) == 0xfc)
		return 6;
	return 0;
}

static int utf8_len_for(uint32_t u)
{
	if (u < 0x80)
		return 1;
	if (u < 0x800)
		return 2;
	if (u < 0x10000)
		return 3;
	if (u < 0x200000)
		return 4;
	if (u < 0x4000000)
		return 5;
	return 6;
}

static int unicode_ok(uint32_t u)
{
	if (u >= 0x110000)
		return 0;
	if ((u & 0xfffff800) == 0xd800)
		return 0;
	if (u >= 0xfdd0 && u <= 0xfdef)
		return 0;
	if ((u & 0xfffe) == 0xfffe)
		return 0;
	return 1;
}

int udevstr_utf8_char_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	int len = utf8_expected_len(u[0]), k;
	uint32_t v;

	if (len == 0)
		return -1;
	if (len == 1)
		return 1;
	/* Stops at a NUL: its high bit is clear. */
	for (k = 0; k < len; k++)
		if (!(u[k] & 0x80))
			return -1;
	v = u[0] & (0xffu >> (len + 1));
	for (k = 1; k < len; k++) {
		if ((u[k] & 0xc0) != 0x80)
			return -1;
		v = (v << 6) | (u[k] & 0x3f);
	}
	if (utf8_len_for(v) != len || !unicode_ok(v))
		return -1;
	return len;
}

size_t udevstr_replace_chars(char *str)
{
	size_t i = 0, replaced = 0;
	int len;

	while (str[i] != '\0') {
		if (devnode_char_ok(str[i])) {
			i++;
			continue;
		}
		if (str[i] == '\\' && str[i + 1] == 'x') {
			i += 2;
			continue;
		}
		len = udevstr_utf8_char_len(str + i);
		if (len > 1) {
			i += (size_t)len;
			continue;
		}
		str[i++] = '_';
		replaced++;
	}
	return replaced;
}

int udevstr_encode(const char *str, char *enc, size_t n)
{
	size_t i, j = 0;
	int len;

	for (i = 0; str[i] != '\0'; i++) {
		len = udevstr_utf8_char_len(str + i);
		if (len > 1) {
			if (n - j < (size_t)len)
				return -1;
			memcpy(enc + j, str + i, (size_t)len);
			j += (size_t)len;
			i += (size_t)len - 1;
		} else if (str[i] == '\\' || !devnode_char_ok(str[i])) {
			if (n - j < 5)
				return -1;
			snprintf(enc + j, 5, "\\x%02x", (unsigned char)str[i]);
			j += 4;
		} else {
			if (n - j < 2)
				return -1;
			enc[j++] = str[i];
		}
	}
	if (n - j < 1)
		return -1;
	enc[j] = '\0';
	return 0;
}

const char *udevstr_scsi_type(unsigned pdt)
{
	switch (pdt) {
	case 0:
	case 0xe:
		return "disk";
	case 1:
		return "tape";
	case 4:
	case 7:
	case 0xf:
		return "optical";
	case 5:
		return "cd";
	}
	return "generic";
}

/* Python 3 str.isspace() / re \s for str patterns. */
static int py3_space(uint32_t u)
{
	if ((u >= 0x09 && u <= 0x0d) || (u >= 0x1c && u <= 0x20))
		return 1;
	switch (u) {
	case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202f: case 0x205f: case 0x3000:
		return 1;
	}
	return u >= 0x2000 && u <= 0x200a;
}

/* Python's strict UTF-8 decoder: 1-4 bytes, shortest form, no surrogates,
 * at most U+10FFFF (noncharacters such as U+FFFE are accepted). */
static int py_utf8_next(const unsigned char *s, uint32_t *cp)
{
	unsigned char c = s[0];
	int len, k;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4;
	else
		return -1;
	v = c & (0x7fu >> len);
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return -1;
		v = (v << 6) | (s[k] & 0x3f);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10ffff)) ||
	    (v >= 0xd800 && v <= 0xdfff))
		return -1;
	*cp = v;
	return len;
}

/* Shared by both Pythons: `space(s, &len)` says whether the character at s
 * is whitespace and how long it is (-1 when undecodable). */
typedef int (*space_fn)(const unsigned char *s, int *len);

static int space_py3(const unsigned char *s, int *len)
{
	uint32_t cp;

	*len = py_utf8_next(s, &cp);
	return *len > 0 && py3_space(cp);
}

static int space_py2(const unsigned char *s, int *len)
{
	*len = 1;
	return udevstr_isspace((char)s[0]);
}

static int sanitise(const char *in, char *out, size_t n, space_fn space)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, j = 0, end = 0, start;
	int len, pending = 0;

	/* Validate and find the end of the last non-space character. */
	while (s[i]) {
		if (!space(s + i, &len)) {
			if (len < 0)
				return -1;
			end = i + (size_t)len;
		}
		i += (size_t)len;
	}
	for (i = 0; i < end && space(s + i, &len); i += (size_t)len)
		;
	start = i;
	for (i = start; i < end; i += (size_t)len) {
		if (space(s + i, &len)) {
			pending = 1;
			continue;
		}
		if (pending) {
			if (j + 1 >= n)
				return -1;
			out[j++] = '_';
			pending = 0;
		}
		if (j + (size_t)len >= n)
			return -1;
		memcpy(out + j, s + i, (size_t)len);
		j += (size_t)len;
	}
	if (n == 0)
		return -1;
	out[j] = '\0';
	return (int)j;
}

int sm_sanitise_scsiid(const char *in, char *out, size_t n)
{
	return sanitise(in, out, n, space_py3);
}

int sm_sanitise_scsiid_py2(const char *in, char *out, size_t n)
{
	return sanitise(in, out, n, space_py2);
}
