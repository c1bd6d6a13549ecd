/* LVM identifiers, as lib/uuid/uuid.c (2.03) reads, writes and creates them. */
#include "lvm_id.h"

#include <string.h>

/* uuid.c _c[]: id_create uses only the first 62 (the last two are kept
 * valid for LVM1 compatibility). */
static const char id_chars[] =
	"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#";

static int id_char_ok(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '!' || c == '#';
}

int lvm_id_valid(const char *raw, size_t len)
{
	size_t i;

	if (!raw || len != LVM_ID_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (!id_char_ok(raw[i]))
			return 0;
	return 1;
}

/* id_write_format: groups 6-4-4-4-4-4-6; an id starting with '#' (never
 * created by id_create) is written as it is. */
void lvm_id_dashed(const char raw[32], char out[39])
{
	static const unsigned group[7] = { 6, 4, 4, 4, 4, 4, 6 };
	unsigned g, o = 0, r = 0;

	if (raw[0] == '#') {
		memcpy(out, raw, LVM_ID_LEN);
		out[LVM_ID_LEN] = '\0';
		return;
	}
	for (g = 0; g < 7; g++) {
		memcpy(out + o, raw + r, group[g]);
		o += group[g];
		r += group[g];
		if (g < 6)
			out[o++] = '-';
	}
	out[o] = '\0';
}

/* _id_read_format: dashes are dropped wherever they are. */
int lvm_id_undash(const char *s, char out[33])
{
	unsigned n = 0;

	out[0] = '\0';
	if (!s)
		return -1;
	for (; *s; s++) {
		if (*s == '-')
			continue;
		if (n >= LVM_ID_LEN || !id_char_ok(*s)) {
			out[0] = '\0';
			return -1;
		}
		out[n++] = *s;
	}
	if (n != LVM_ID_LEN) {
		out[0] = '\0';
		return -1;
	}
	out[n] = '\0';
	return 0;
}

void lvm_id_from_random(const unsigned char rnd[LVM_ID_LEN], char out[LVM_ID_LEN + 1])
{
	unsigned i;

	for (i = 0; i < LVM_ID_LEN; i++)
		out[i] = id_chars[rnd[i] % 62];
	out[LVM_ID_LEN] = '\0';
}
