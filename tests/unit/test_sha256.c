/* SHA-256 against the FIPS 180-2 example vectors, the padding boundaries
 * (55/56/63/64/65 bytes, reference digests from Python hashlib), and
 * byte-at-a-time feeding, which must agree with one-shot hashing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static void hex_of(const void *d, size_t n, char hex[65])
{
	uint8_t md[RL_SHA256_LEN];

	rl_sha256(d, n, md);
	rl_sha256_hex(md, hex);
}

static void fips_vectors(void **state)
{
	char hex[65];
	const char *two_block = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	const char *long_msg = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
			       "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

	(void)state;
	hex_of("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of(two_block, strlen(two_block), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	hex_of(long_msg, strlen(long_msg), hex);
	assert_string_equal(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void million_a(void **state)
{
	struct rl_sha256 c;
	uint8_t md[RL_SHA256_LEN], chunk[1000];
	char hex[65];
	int i;

	(void)state;
	memset(chunk, 'a', sizeof(chunk));
	rl_sha256_init(&c);
	for (i = 0; i < 1000; i++)
		rl_sha256_update(&c, chunk, sizeof(chunk));
	rl_sha256_final(&c, md);
	assert_string_equal(rl_sha256_hex(md, hex),
			    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void padding_boundaries(void **state)
{
	static const struct { size_t n; const char *hex; } v[] = {
		{ 55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b" },
		{ 56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27" },
		{ 63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055" },
		{ 64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241" },
		{ 65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e" },
		{ 119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e" },
		{ 120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5" },
		{ 1000, "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371" },
	};
	uint8_t buf[1000];
	char hex[65];
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	for (k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
		struct rl_sha256 c;
		uint8_t md[RL_SHA256_LEN];

		hex_of(buf, v[k].n, hex);
		assert_string_equal(hex, v[k].hex);
		/* the same bytes fed one at a time */
		rl_sha256_init(&c);
		for (i = 0; i < v[k].n; i++)
			rl_sha256_update(&c, buf + i, 1);
		rl_sha256_final(&c, md);
		assert_string_equal(rl_sha256_hex(md, hex), v[k].hex);
	}
}

static void odd_chunks_agree(void **state)
{
	uint8_t buf[4099], a[RL_SHA256_LEN], b[RL_SHA256_LEN];
	struct rl_sha256 c;
	size_t i, step = 1;

	(void)state;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i ^ (i >> 8));
	rl_sha256(buf, sizeof(buf), a);
	rl_sha256_init(&c);
	for (i = 0; i < sizeof(buf); i += step, step = step * 3 % 97 + 1)
		rl_sha256_update(&c, buf + i, i + step > sizeof(buf) ? sizeof(buf) - i : step);
	rl_sha256_final(&c, b);
	assert_memory_equal(a, b, RL_SHA256_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fips_vectors),
		cmocka_unit_test(million_a),
		cmocka_unit_test(padding_boundaries),
		cmocka_unit_test(odd_chunks_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
