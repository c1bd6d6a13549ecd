#include "inhex.h"
#include "rl_endian.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int inhex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int inhex_parse(const char *text, size_t len, uint8_t *out, size_t max, size_t *n,
		struct rl_err *e)
{
	size_t i, line_start = 0, tok_start = 0, count = 0;
	unsigned line = 1, val = 0;
	int in_tok = 0, in_comment = 0, v;
	char c;

	*n = 0;
	for (i = 0; i <= len; i++) {
		c = i < len ? text[i] : '\n';
		if (c == '\n') {
			in_comment = 0;
		} else if (in_comment) {
			continue;
		} else if ((v = inhex_digit(c)) >= 0) {
			if (!in_tok) {
				in_tok = 1;
				tok_start = i;
				val = 0;
			}
			if (val > 0xff)
				continue;	/* reported at the token's end */
			val = val * 16 + (unsigned)v;
			continue;
		} else if (c == '#' || c == '\r') {
			in_comment = 1;	/* sg3_utils ignores the rest after CR too */
		} else if (c != ' ' && c != '\t' && c != ',' && c != '\v' && c != '\f') {
			return rl_err_set(e, RL_E_CORRUPT,
					  "line %u column %zu: '%c' is not hex (ASCII hex bytes and # comments expected)",
					  line, i - line_start + 1, (c >= 0x20 && c < 0x7f) ? c : '?');
		}
		/* a separator, comment or end of line ends the token */
		if (in_tok) {
			in_tok = 0;
			if (val > 0xff)
				return rl_err_set(e, RL_E_CORRUPT,
						  "line %u column %zu: hex number larger than 0xff",
						  line, tok_start - line_start + 1);
			if (count >= max)
				return rl_err_set(e, RL_E_TOOBIG, "line %u: more than %zu bytes", line, max);
			out[count++] = (uint8_t)val;
		}
		if (c == '\n') {
			line++;
			line_start = i + 1;
		}
	}
	*n = count;
	return 0;
}

int inhex_is_text(const uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		uint8_t c = buf[i];

		if (c == 0 || c == 0x7f || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
					     c != '\v' && c != '\f'))
			return 0;
	}
	return 1;
}

int inhex_read_file(const char *path, uint8_t **out, size_t *n, struct rl_err *e)
{
	/* room for any hex spelling of INHEX_MAX_BYTES bytes with comments */
	const size_t cap = 16 * INHEX_MAX_BYTES;
	uint8_t *raw, *bytes;
	size_t got = 0;
	ssize_t r;
	int fd;

	*out = NULL;
	*n = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rl_err_set(e, RL_E_IO, "cannot open: %s", strerror(errno));
	raw = malloc(cap + 1);
	if (!raw) {
		close(fd);
		return rl_err_set(e, RL_E_NOMEM, "out of memory");
	}
	while ((r = read(fd, raw + got, cap + 1 - got)) > 0) {
		got += (size_t)r;
		if (got > cap)
			break;
	}
	if (r < 0) {
		int err = errno;

		close(fd);
		free(raw);
		return rl_err_set(e, RL_E_IO, "cannot read: %s", strerror(err));
	}
	close(fd);
	if (got > cap) {
		free(raw);
		return rl_err_set(e, RL_E_TOOBIG, "larger than %zu bytes", cap);
	}
	if (!inhex_is_text(raw, got)) {
		if (got > INHEX_MAX_BYTES) {
			free(raw);
			return rl_err_set(e, RL_E_TOOBIG, "binary file larger than %d bytes",
					  INHEX_MAX_BYTES);
		}
		*out = raw;
		*n = got;
		return 0;
	}
	bytes = malloc(INHEX_MAX_BYTES);
	if (!bytes) {
		free(raw);
		return rl_err_set(e, RL_E_NOMEM, "out of memory");
	}
	if (inhex_parse((const char *)raw, got, bytes, INHEX_MAX_BYTES, n, e) < 0) {
		free(raw);
		free(bytes);
		return -1;
	}
	free(raw);
	*out = bytes;
	return 0;
}

static int printable(uint8_t c)
{
	return c >= 0x20 && c <= 0x80;
}

/* A standard INQUIRY of a device of version <= 2 passes for VPD page 0x00
 * (RMB clear) or 0x80 (RMB set).  Its response format is 2, its additional
 * length at least 31, bytes 5..7 hold flags (sg_inq looks for one that is
 * not printable) and bytes 8..15 the vendor in ASCII. */
static int old_std_inquiry(const uint8_t *b, size_t n)
{
	size_t k;
	int flags = 0;

	if (n < 16 || (b[3] & 0x0f) != 2 || b[4] < 31)
		return 0;
	for (k = 5; k <= 7; k++)
		if (!printable(b[k]))
			flags = 1;
	for (k = 8; k < 16; k++)
		if (b[k] < 0x20 || b[k] >= 0x7f)
			return 0;
	return flags;
}

int inhex_classify(const uint8_t *b, size_t n, struct inhex_page *pg)
{
	size_t claimed;

	if (n < 4)
		return -1;
	memset(pg, 0, sizeof(*pg));
	pg->kind = INHEX_STD_INQ;
	if ((b[3] & 0x0f) == 2 && b[2] > 2)
		pg->kind = INHEX_STD_INQ;
	else if (b[2] <= 2 && !((b[1] == 0x00 || b[1] == 0x80) && old_std_inquiry(b, n)))
		pg->kind = INHEX_VPD;
	if (pg->kind == INHEX_VPD) {
		pg->page = b[1];
		claimed = (size_t)rl_get_be16(b + 2) + 4;
	} else {
		claimed = n >= 5 ? (size_t)b[4] + 5 : n;
	}
	pg->len = claimed <= n ? claimed : n;
	pg->short_by = (int)(claimed - pg->len);
	return 0;
}

/* Whether a VPD page of the same device starts at b. */
static int vpd_starts(const uint8_t *b, size_t n, uint8_t periph)
{
	return n >= 4 && b[0] == periph && b[2] <= 2;
}

int inhex_split(const uint8_t *b, size_t n, struct inhex_page *pages, size_t max,
		size_t *count, struct rl_err *e)
{
	size_t off = 0;
	struct inhex_page pg;

	*count = 0;
	while (off < n) {
		if (inhex_classify(b + off, n - off, &pg) < 0)
			return rl_err_at(e, RL_E_CORRUPT, off,
					 "%zu trailing byte(s) do not form an INQUIRY response header",
					 n - off);
		if (*count >= max)
			return rl_err_at(e, RL_E_TOOBIG, off, "more than %zu responses", max);
		if (pg.kind == INHEX_STD_INQ) {
			/* Devices return more than the additional length says
			 * (sg_inq -H prints all of it): up to the next VPD page
			 * of the same device, the bytes are this response's. */
			while (off + pg.len < n &&
			       !vpd_starts(b + off + pg.len, n - off - pg.len, b[off]))
				pg.len++;
		}
		pg.off = off;
		pages[(*count)++] = pg;
		off += pg.len;
	}
	return 0;
}
