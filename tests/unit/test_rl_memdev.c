/* The in-memory device: zeros where no extent lies, later extents over
 * earlier ones, reads and writes through rl_pread/rl_pwrite with the file
 * checks (bounds, read-only), the read hook. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "rl_blockio_write.h"
#include "rl_memdev.h"

static void extents_over_zeros(void **state)
{
	struct rl_memdev m;
	uint8_t b[12];

	(void)state;
	rl_memdev_init(&m);
	assert_int_equal(rl_memdev_put(&m, 2, "abcdef", 6), 0);
	assert_int_equal(rl_memdev_put(&m, 6, "XYZ", 3), 0);
	rl_memdev_get(&m, 0, b, sizeof(b));
	assert_memory_equal(b, "\0\0abcdXYZ\0\0\0", 12);
	rl_memdev_get(&m, 7, b, 3);
	assert_memory_equal(b, "YZ\0", 3);
	rl_memdev_free(&m);
	assert_int_equal(m.n, 0);
}

struct seen {
	uint64_t off;
	size_t len;
	unsigned n;
};

static void on_read(void *arg, uint64_t off, size_t len)
{
	struct seen *s = arg;

	s->off = off;
	s->len = len;
	s->n++;
}

static void through_rl_dev(void **state)
{
	struct rl_memdev m;
	struct rl_dev d;
	struct rl_err e;
	struct seen s = { 0, 0, 0 };
	uint8_t b[512];

	(void)state;
	rl_memdev_init(&m);
	m.on_read = on_read;
	m.on_read_arg = &s;
	rl_dev_open_mem(&d, "mem0", 4096, &m, 0);
	assert_int_equal(d.size, 4096);
	assert_int_equal(d.lbs, 512);
	assert_string_equal(d.path, "mem0");
	rl_err_init(&e, d.path);
	assert_int_equal(rl_pwrite(&d, "x", 1, 0, &e), -1);
	assert_string_equal(e.msg, "device not opened for writing");
	rl_dev_close(&d);

	rl_dev_open_mem(&d, "mem0", 4096, &m, 1);
	assert_int_equal(rl_pwrite(&d, "LABELONE", 8, 512, &e), 0);
	assert_int_equal(rl_pread(&d, b, 512, 512, &e), 0);
	assert_memory_equal(b, "LABELONE\0", 9);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.off, 512);
	assert_int_equal(s.len, 512);
	assert_int_equal(d.bytes_read, 512);
	assert_int_equal(d.bytes_written, 8);
	assert_int_equal(rl_pread(&d, b, 512, 3840, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(e.off, 3840);
	assert_int_equal(rl_pwrite(&d, b, 2, 4095, &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);
	assert_int_equal(rl_dev_sync(&d, &e), 0);
	assert_int_equal(s.n, 1); /* failed reads are not reported */
	rl_dev_close(&d);
	rl_memdev_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(extents_over_zeros),
		cmocka_unit_test(through_rl_dev),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
