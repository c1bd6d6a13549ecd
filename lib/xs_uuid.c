#include "xs_uuid.h"

#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int xs_uuid_valid_n(const char *s, size_t n)
{
	size_t i;

	if (!s || n < XS_UUID_LEN)
		return 0;
	for (i = 0; i < XS_UUID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (hexval(s[i]) < 0) {
			return 0;
		}
	}
	return 1;
}

int xs_uuid_valid(const char *s)
{
	return s && strlen(s) == XS_UUID_LEN && xs_uuid_valid_n(s, XS_UUID_LEN);
}

/* RFC 4122 4.4, as libuuid's uuid_generate_random sets the bits. */
void xs_uuid_from_random(const uint8_t rnd[16], char out[XS_UUID_BUFSZ])
{
	uint8_t u[16];

	memcpy(u, rnd, sizeof(u));
	u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);
	u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);
	xs_uuid_format(u, out);
}

int xs_uuid_parse(const char *s, uint8_t out[16])
{
	unsigned i, j;

	if (!xs_uuid_valid(s))
		return -1;
	for (i = 0, j = 0; i < XS_UUID_LEN; i++) {
		if (s[i] == '-')
			continue;
		out[j / 2] = (uint8_t)(j % 2 ? (out[j / 2] | hexval(s[i]))
					     : (hexval(s[i]) << 4));
		j++;
	}
	return 0;
}

void xs_uuid_format(const uint8_t in[16], char out[XS_UUID_BUFSZ])
{
	static const char hex[] = "0123456789abcdef";
	unsigned i, o = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[in[i] >> 4];
		out[o++] = hex[in[i] & 15];
	}
	out[o] = '\0';
}

int xs_uuid_is_null(const uint8_t in[16])
{
	unsigned i;

	for (i = 0; i < 16; i++)
		if (in[i])
			return 0;
	return 1;
}
