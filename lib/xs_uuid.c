#include "xs_uuid.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <uuid/uuid.h>

/* Weak, so the libFuzzer harnesses (linked without -luuid) still link;
 * they never generate.  Without libuuid, /dev/urandom is used. */
#pragma weak uuid_generate_random

static void urandom_v4(uint8_t u[16])
{
	ssize_t got = -1;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		got = read(fd, u, 16);
		close(fd);
	}
	if (got != 16)
		memset(u, 0, 16);   /* never reached on Linux; still canonical */
	u[6] = (uint8_t)((u[6] & 0x0f) | 0x40);
	u[8] = (uint8_t)((u[8] & 0x3f) | 0x80);
}

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

void xs_uuid_generate(char out[XS_UUID_BUFSZ])
{
	uuid_t u;

	if (uuid_generate_random)
		uuid_generate_random(u);
	else
		urandom_v4(u);
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
