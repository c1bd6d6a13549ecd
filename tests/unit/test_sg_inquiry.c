/* The INQUIRY path with sg3_utils 1.37's return conventions (lib/
 * sg_cmds_basic.c at release-1.37): sg_ll_inquiry returns 0, the sense
 * categories INVALID_OP, ILLEGAL_REQ and ABORTED_COMMAND as themselves, and
 * -1 for everything else, NOT READY and UNIT ATTENTION included.  relun-sg
 * must not read that -1 as "SG_IO impossible" (sysfs fallback, exit 0). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include <scsi/sg_lib.h>

#include "inquiry.h"

#ifndef SG_LIB_OS_BASE_ERR
#define SG_LIB_OS_BASE_ERR 50
#endif

/* Scripted answers: one per call, inquiry and explain separately. */
static int inq_res[8], exp_res[8];
static unsigned n_inq, n_exp;

static int fake_inquiry(int fd, int evpd, uint8_t pg, uint8_t *buf, size_t alloc, unsigned tmo,
			int *resid)
{
	(void)fd;
	(void)tmo;
	(void)resid;
	assert_true(n_inq < 8);
	if (inq_res[n_inq] == 0 && !evpd && pg == 0 && alloc > 8) {
		memcpy(buf + 8, "LIO-ORG ", 8); /* a standard INQUIRY answer, TPGS 0 */
		buf[4] = 31;
	}
	return inq_res[n_inq++];
}

static int fake_explain(int fd, int evpd, uint8_t pg, uint8_t *buf, size_t alloc, unsigned tmo,
			int *resid)
{
	(void)fd;
	(void)evpd;
	(void)pg;
	(void)buf;
	(void)alloc;
	(void)tmo;
	(void)resid;
	assert_true(n_exp < 8);
	return exp_res[n_exp++];
}

static const struct inq_sgio_ops fake = { fake_inquiry, fake_explain };
static struct inq_data d;

static int run(struct rl_err *e, int *impossible)
{
	memset(&d, 0, sizeof(d));
	rl_err_init(e, "/dev/sdx");
	return inq_fetch_fd(-1, 0, 5, &fake, &d, impossible, e);
}

static void script(const int *inq, unsigned ni, const int *ex, unsigned ne)
{
	memset(inq_res, 0, sizeof(inq_res));
	memset(exp_res, 0, sizeof(exp_res));
	memcpy(inq_res, inq, ni * sizeof(*inq));
	if (ne)
		memcpy(exp_res, ex, ne * sizeof(*ex));
	n_inq = n_exp = 0;
}

static void not_ready_is_a_scsi_error(void **state)
{
	static const int inq[] = { -1, -1 }, ex[] = { SG_LIB_CAT_NOT_READY, SG_LIB_CAT_NOT_READY };
	struct rl_err e;
	char buf[600];
	int impossible = -1;

	(void)state;
	script(inq, 2, ex, 2);
	assert_int_equal(run(&e, &impossible), -1);
	assert_int_equal(impossible, 0);
	assert_int_equal(d.via, INQ_VIA_NONE);
	assert_string_equal(rl_err_str(&e, buf, sizeof(buf)),
			    "/dev/sdx: standard INQUIRY: Device not ready");
	assert_int_equal(n_exp, 1); /* asked once what the -1 was; NOT READY is not retried */
}

static void unit_attention_retried(void **state)
{
	static const int inq[] = { -1, 0 }, ex[] = { SG_LIB_CAT_UNIT_ATTENTION };
	struct rl_err e;
	int impossible = -1;

	(void)state;
	script(inq, 2, ex, 1);
	assert_int_equal(run(&e, &impossible), 0);
	assert_int_equal(impossible, 0);
	assert_int_equal(d.via, INQ_VIA_SGIO);
	assert_memory_equal(d.std.buf + 8, "LIO-ORG ", 8);
}

static void illegal_request_as_itself(void **state)
{
	static const int inq[] = { SG_LIB_CAT_ILLEGAL_REQ };
	struct rl_err e;
	char buf[600];
	int impossible = -1;

	(void)state;
	script(inq, 1, NULL, 0);
	assert_int_equal(run(&e, &impossible), -1);
	assert_int_equal(impossible, 0);
	assert_int_equal(n_exp, 0);
	assert_string_equal(rl_err_str(&e, buf, sizeof(buf)),
			    "/dev/sdx: standard INQUIRY: Illegal request");
}

/* Only an ioctl the node refuses means no SG_IO: then sysfs. */
static void ioctl_refused_is_impossible(void **state)
{
	static const int inq[] = { -1 }, ex[] = { SG_LIB_OS_BASE_ERR + ENOTTY };
	struct rl_err e;
	char buf[600];
	int impossible = -1;

	(void)state;
	script(inq, 1, ex, 1);
	assert_int_equal(run(&e, &impossible), -1);
	assert_int_equal(impossible, 1);
	assert_string_equal(rl_err_str(&e, buf, sizeof(buf)),
			    "/dev/sdx: SG_IO refused: Inappropriate ioctl for device");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(not_ready_is_a_scsi_error),
		cmocka_unit_test(unit_attention_retried),
		cmocka_unit_test(illegal_request_as_itself),
		cmocka_unit_test(ioctl_refused_is_impossible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
