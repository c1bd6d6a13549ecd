/* The one random source: new uuids and LVM ids from the system source, from
 * a given source, and a failed read as an error, never a constant. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "rl_random.h"

/* A source that fails after `left` bytes (a short read, then EIO). */
struct failing {
	size_t left;
	unsigned calls;
};

static int fail_fill(void *arg, void *buf, size_t n, struct rl_err *e)
{
	struct failing *f = arg;

	f->calls++;
	if (n > f->left)
		return rl_err_set(e, RL_E_IO, "read random: %s", strerror(EIO));
	memset(buf, 0x5a, n);
	f->left -= n;
	return 0;
}

/* A source counting up from its state, one byte at a time. */
static int count_fill(void *arg, void *buf, size_t n, struct rl_err *e)
{
	unsigned char *next = arg;
	size_t i;

	(void)e;
	for (i = 0; i < n; i++)
		((unsigned char *)buf)[i] = (*next)++;
	return 0;
}

static void system_source(void **state)
{
	char a[XS_UUID_BUFSZ], b[XS_UUID_BUFSZ], x[LVM_ID_LEN + 1], y[LVM_ID_LEN + 1];
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(rl_uuid_new(NULL, a, &e), 0);
	assert_int_equal(rl_uuid_new(NULL, b, &e), 0);
	assert_true(xs_uuid_valid(a));
	assert_string_not_equal(a, b);
	assert_int_equal(a[14], '4');                  /* version 4 */
	assert_non_null(strchr("89ab", a[19]));        /* RFC 4122 variant */
	assert_int_equal(rl_lvm_id_new(NULL, x, &e), 0);
	assert_int_equal(rl_lvm_id_new(NULL, y, &e), 0);
	assert_int_equal(strlen(x), LVM_ID_LEN);
	assert_int_equal(lvm_id_valid(x, LVM_ID_LEN), 1);
	assert_string_not_equal(x, y);
}

/* Each draw is one read of the size libuuid and id_create take: 16 bytes
 * for a uuid, 32 for an LVM id, in the order asked. */
static void given_source(void **state)
{
	unsigned char next = 0;
	struct rl_random r = { count_fill, &next };
	char u[XS_UUID_BUFSZ], id[LVM_ID_LEN + 1];
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(rl_uuid_new(&r, u, &e), 0);
	assert_string_equal(u, "00010203-0405-4607-8809-0a0b0c0d0e0f");
	assert_int_equal(next, 16);
	next = 30;
	assert_int_equal(rl_lvm_id_new(&r, id, &e), 0);
	assert_string_equal(id, "uvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	assert_int_equal(next, 62);
}

static void failed_read_is_an_error(void **state)
{
	struct failing f = { 0, 0 };
	struct rl_random r = { fail_fill, &f };
	char u[XS_UUID_BUFSZ] = "not touched", id[LVM_ID_LEN + 1] = "not touched";
	unsigned char buf[8];
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	assert_int_equal(rl_uuid_new(&r, u, &e), -1);
	assert_int_equal(e.code, RL_E_IO);
	assert_string_equal(e.msg, "read random: Input/output error");
	assert_string_equal(u, "");   /* no uuid at all, not a constant one */
	rl_err_init(&e, NULL);
	assert_int_equal(rl_lvm_id_new(&r, id, &e), -1);
	assert_int_equal(e.code, RL_E_IO);
	assert_string_equal(id, "");
	/* enough for one uuid, then the source runs dry */
	f.left = 16;
	rl_err_init(&e, NULL);
	assert_int_equal(rl_uuid_new(&r, u, &e), 0);
	assert_true(xs_uuid_valid(u));
	assert_int_equal(rl_uuid_new(&r, u, &e), -1);
	assert_int_equal(rl_random_bytes(&r, buf, sizeof(buf), &e), -1);
	assert_int_equal(f.calls, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(system_source),
		cmocka_unit_test(given_source),
		cmocka_unit_test(failed_read_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
