#include "inquiry.h"
#include "rl_endian.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <scsi/sg_lib.h>
#include <scsi/sg_cmds_basic.h>
#include <scsi/sg_cmds_extra.h>
#include <scsi/sg_pt.h>

/* Features newer than XenServer 8's sg3_utils 1.37, told apart by macros
 * that came in the same change when configure did not say:
 * sg_get_category_sense_str() with SG_LIB_CAT_PROTECTION (1.39),
 * sg_ll_inquiry_v2() (a timeout; sg_ll_inquiry waits 60 s) with
 * SG_NO_DATA_IN (1.43), "50 + errno" results with SG_LIB_OS_BASE_ERR. */
#if defined(HAVE_SG_GET_CATEGORY_SENSE_STR) || defined(SG_LIB_CAT_PROTECTION)
#define HAVE_CATEGORY_STR 1
#endif
#if defined(HAVE_SG_LL_INQUIRY_V2) || defined(SG_NO_DATA_IN)
#define HAVE_INQUIRY_V2 1
#endif
#ifndef SG_LIB_OS_BASE_ERR
#define SG_LIB_OS_BASE_ERR 50	/* never returned by old versions */
#endif

const char *inq_result_str(int res, char *buf, size_t n)
{
	if (res >= SG_LIB_OS_BASE_ERR && res < SG_LIB_CAT_MALFORMED) {
		snprintf(buf, n, "%s", strerror(res - SG_LIB_OS_BASE_ERR));
		return buf;
	}
	if (res < 0) {
		snprintf(buf, n, "%s", res == -1 ? "pass-through failed" : strerror(-res));
		return buf;
	}
#ifdef HAVE_CATEGORY_STR
	sg_get_category_sense_str(res, (int)n, buf, 0);
#else
	switch (res) {
	/* the texts sg3_utils 1.39 and later give (sg_exit_str_arr) */
	case SG_LIB_CAT_NOT_READY: snprintf(buf, n, "Device not ready"); break;
	case SG_LIB_CAT_MEDIUM_HARD: snprintf(buf, n, "Medium or hardware error"); break;
	case SG_LIB_CAT_ILLEGAL_REQ: snprintf(buf, n, "Illegal request"); break;
	case SG_LIB_CAT_UNIT_ATTENTION: snprintf(buf, n, "Unit attention"); break;
	case SG_LIB_CAT_INVALID_OP: snprintf(buf, n, "Illegal request, Invalid opcode"); break;
	case SG_LIB_CAT_ABORTED_COMMAND: snprintf(buf, n, "Aborted command"); break;
	case SG_LIB_CAT_MALFORMED: snprintf(buf, n, "Malformed response"); break;
	default: snprintf(buf, n, "SCSI error category %d", res); break;
	}
#endif
	return buf;
}

/* The OS errno behind a result, 0 if it is a SCSI-level result. */
static int os_errno(int res)
{
	if (res >= SG_LIB_OS_BASE_ERR && res < SG_LIB_CAT_MALFORMED)
		return res - SG_LIB_OS_BASE_ERR;
	if (res < -1)
		return -res;
	if (res == -1)
		return EIO;
	return 0;
}

static int libsg_inquiry(int fd, int evpd, uint8_t pg, uint8_t *buf, size_t alloc, unsigned tmo,
			 int *resid)
{
#ifdef HAVE_INQUIRY_V2
	return sg_ll_inquiry_v2(fd, evpd, pg, buf, (int)alloc, (int)tmo, resid, false, 0);
#else
	(void)tmo;
	(void)resid;
	return sg_ll_inquiry(fd, false, evpd, pg, buf, (int)alloc, false, 0);
#endif
}

/* An errno in the newer convention, where results from SG_LIB_CAT_MALFORMED
 * up are sense categories. */
static int os_res(int err)
{
	return SG_LIB_OS_BASE_ERR + (err > 0 && err < SG_LIB_CAT_MALFORMED - SG_LIB_OS_BASE_ERR ?
				     err : EIO);
}

static int libsg_explain(int fd, int evpd, uint8_t pg, uint8_t *buf, size_t alloc, unsigned tmo,
			 int *resid)
{
	unsigned char cdb[6] = { 0x12, (unsigned char)(evpd ? 1 : 0), pg,
				 (unsigned char)(alloc >> 8), (unsigned char)alloc, 0 };
	unsigned char sense[64];
	struct sg_pt_base *pt = construct_scsi_pt_obj();
	int res, cat;

	if (!pt)
		return os_res(ENOMEM);
	memset(sense, 0, sizeof(sense));
	set_scsi_pt_cdb(pt, cdb, sizeof(cdb));
	set_scsi_pt_sense(pt, sense, sizeof(sense));
	set_scsi_pt_data_in(pt, buf, (int)alloc);
	res = do_scsi_pt(pt, fd, (int)tmo, 0);
	cat = get_scsi_pt_result_category(pt);
	if (res < 0)
		res = os_res(-res);
	else if (res == SCSI_PT_DO_TIMEOUT)
		res = SG_LIB_CAT_TIMEOUT;
	else if (res != 0 || cat == SCSI_PT_RESULT_OS_ERR)
		res = os_res(get_scsi_pt_os_err(pt));
	else if (cat == SCSI_PT_RESULT_SENSE)
		res = sg_err_category_sense(sense, get_scsi_pt_sense_len(pt));
	else if (cat == SCSI_PT_RESULT_GOOD)
		res = 0;
	else	/* a SCSI status such as BUSY, or a transport error */
		res = SG_LIB_CAT_OTHER;
	if (res == SG_LIB_CAT_RECOVERED || res == SG_LIB_CAT_NO_SENSE)
		res = 0;
	*resid = res == 0 ? get_scsi_pt_resid(pt) : 0;
	destruct_scsi_pt_obj(pt);
	return res;
}

const struct inq_sgio_ops inq_sgio_libsgutils = { libsg_inquiry, libsg_explain };

/* One INQUIRY into r (alloc bytes), retried once on UNIT ATTENTION.
 * Returns the sg result. */
static int inquiry(const struct inq_sgio_ops *ops, int fd, int evpd, uint8_t pg, size_t alloc,
		   unsigned tmo, struct inq_resp *r)
{
	char why[160];
	int res, tries = 2, resid;

	r->ok = r->illegal = 0;
	r->len = 0;
	r->err[0] = '\0';
	do {
		memset(r->buf, 0, alloc);
		resid = 0;
		res = ops->inquiry(fd, evpd, pg, r->buf, alloc, tmo, &resid);
		if (res == -1) {
			memset(r->buf, 0, alloc);
			resid = 0;
			res = ops->explain(fd, evpd, pg, r->buf, alloc, tmo, &resid);
		}
	} while (res == SG_LIB_CAT_UNIT_ATTENTION && --tries > 0);

	if (res == 0 || res == SG_LIB_CAT_MALFORMED) {
		/* A short answer is what scsi_id sees too: zeros after it. */
		r->ok = 1;
		r->len = resid > 0 && (size_t)resid <= alloc ? alloc - (size_t)resid : alloc;
		return 0;
	}
	if (res == SG_LIB_CAT_ILLEGAL_REQ || res == SG_LIB_CAT_INVALID_OP) {
		r->illegal = 1;
		return res;
	}
	if (evpd)
		snprintf(r->err, sizeof(r->err), "INQUIRY VPD page 0x%02x: %s", pg,
			 inq_result_str(res, why, sizeof(why)));
	else
		snprintf(r->err, sizeof(r->err), "standard INQUIRY: %s",
			 inq_result_str(res, why, sizeof(why)));
	return res;
}

int inq_page_listed(const struct inq_resp *p00, uint8_t pg)
{
	size_t k, end;

	if (!p00->ok || p00->buf[1] != 0)
		return 0;
	end = 4 + (size_t)p00->buf[3];
	if (end > p00->len)
		end = p00->len;
	for (k = 4; k < end; k++)
		if (p00->buf[k] == pg)
			return 1;
	return 0;
}

static void rtpg(int fd, struct inq_data *d)
{
	char why[160];
	size_t want;
	int res;

	memset(d->rtpg.buf, 0, sizeof(d->rtpg.buf));
	d->rtpg.ok = d->rtpg.illegal = 0;
	d->rtpg_extended = 0;
#ifdef HAVE_SG_LL_REPORT_TGT_PRT_GRP2
	res = sg_ll_report_tgt_prt_grp2(fd, d->rtpg.buf, 1024, false, false, 0);
#else
	res = sg_ll_report_tgt_prt_grp(fd, d->rtpg.buf, 1024, false, 0);
#endif
	if (res == 0) {
		want = (size_t)rl_get_be32(d->rtpg.buf) + 4;
		d->rtpg.len = 1024;
		if (want > 1024) {
			if (want > sizeof(d->rtpg.buf))
				want = sizeof(d->rtpg.buf);
#ifdef HAVE_SG_LL_REPORT_TGT_PRT_GRP2
			res = sg_ll_report_tgt_prt_grp2(fd, d->rtpg.buf, (int)want, false, false, 0);
#else
			res = sg_ll_report_tgt_prt_grp(fd, d->rtpg.buf, (int)want, false, 0);
#endif
			d->rtpg.len = want;
		}
	}
	if (res == 0) {
		d->rtpg.ok = 1;
		return;
	}
	if (res == SG_LIB_CAT_ILLEGAL_REQ || res == SG_LIB_CAT_INVALID_OP)
		d->rtpg.illegal = 1;
	else
		snprintf(d->rtpg.err, sizeof(d->rtpg.err), "REPORT TARGET PORT GROUPS: %s",
			 inq_result_str(res, why, sizeof(why)));
}

static void capacity(int fd, struct inq_data *d)
{
	uint8_t b[32];
	int res;

	memset(b, 0, sizeof(b));
	res = sg_ll_readcap_16(fd, false, 0, b, sizeof(b), false, 0);
	if (res != 0)
		return;
	d->last_lba = rl_get_be64(b);
	d->block_len = rl_get_be32(b + 8);
	d->cap_ok = d->block_len != 0;
}

int inq_fetch_sgio(const char *path, unsigned want, unsigned timeout_secs, struct inq_data *d,
		   int *sgio_impossible, struct rl_err *e)
{
	int fd, err, r;

	*sgio_impossible = 0;
	d->via = INQ_VIA_NONE;
	fd = sg_cmds_open_device(path, true, 0);
	if (fd < 0) {
		err = -fd;
		*sgio_impossible = err == EACCES || err == EPERM || err == ENXIO || err == ENODEV;
		snprintf(d->sgio_err, sizeof(d->sgio_err), "cannot open for SG_IO: %s", strerror(err));
		return rl_err_set(e, err == ENOENT ? RL_E_NOTFOUND : RL_E_IO, "%s", d->sgio_err);
	}
	r = inq_fetch_fd(fd, want, timeout_secs, &inq_sgio_libsgutils, d, sgio_impossible, e);
	sg_cmds_close_device(fd);
	return r;
}

int inq_fetch_fd(int fd, unsigned want, unsigned timeout_secs, const struct inq_sgio_ops *ops,
		 struct inq_data *d, int *sgio_impossible, struct rl_err *e)
{
	size_t full;
	int res, err;

	*sgio_impossible = 0;
	d->via = INQ_VIA_NONE;
	if (!timeout_secs)
		timeout_secs = 5;	/* scsi_id's DEF_TIMEOUT */
	res = inquiry(ops, fd, 0, 0, INQ_ID_LEN, timeout_secs, &d->std);
	if (res != 0) {
		err = os_errno(res);
		if (err) {
			/* the node does not take SG_IO (or we may not use it) */
			*sgio_impossible = 1;
			snprintf(d->sgio_err, sizeof(d->sgio_err), "SG_IO refused: %s", strerror(err));
			return rl_err_set(e, RL_E_IO, "%s", d->sgio_err);
		}
		return rl_err_set(e, RL_E_IO, "%s", d->std.illegal ?
				  "standard INQUIRY: Illegal request" : d->std.err);
	}
	d->via = INQ_VIA_SGIO;

	inquiry(ops, fd, 1, 0x00, INQ_ID_LEN, timeout_secs, &d->p00);
	if (inq_page_listed(&d->p00, 0x80))
		inquiry(ops, fd, 1, 0x80, INQ_ID_LEN, timeout_secs, &d->p80);
	if (inq_page_listed(&d->p00, 0x83)) {
		inquiry(ops, fd, 1, 0x83, INQ_ID_LEN, timeout_secs, &d->p83);
		full = d->p83.ok ? (size_t)rl_get_be16(d->p83.buf + 2) + 4 : 0;
		if (full > INQ_ID_LEN) {
			if (full > INQ_BIG_LEN)
				full = INQ_BIG_LEN;
			inquiry(ops, fd, 1, 0x83, full, timeout_secs, &d->p83full);
		} else if (d->p83.ok) {
			d->p83full = d->p83;
		}
	}
	if ((want & INQ_WANT_RDAC) && inq_page_listed(&d->p00, 0xc9))
		inquiry(ops, fd, 1, 0xc9, 64, timeout_secs, &d->c9);
	if ((want & INQ_WANT_ALUA) && d->std.len > 5 && ((d->std.buf[5] >> 4) & 3))
		rtpg(fd, d);
	if (want & INQ_WANT_CAPACITY)
		capacity(fd, d);
	return 0;
}

static void from_sysfs(const struct sgsys_dev *sd, const char *attr, struct inq_resp *r)
{
	ssize_t n;

	memset(r->buf, 0, sizeof(r->buf));
	r->ok = r->illegal = 0;
	r->err[0] = '\0';
	n = sgsys_read_scsi_bin(sd, attr, r->buf, sizeof(r->buf));
	if (n > 0) {
		r->ok = 1;
		r->len = (size_t)n;
	} else {
		r->illegal = 1;
		r->len = 0;
	}
}

int inq_fetch_sysfs(const struct sgsys_dev *sd, struct inq_data *d, struct rl_err *e)
{
	size_t k = 4;

	d->via = INQ_VIA_NONE;
	from_sysfs(sd, "inquiry", &d->std);
	if (!d->std.ok)
		return rl_err_set(e, RL_E_IO, "no SG_IO and no sysfs inquiry copy for %s", sd->name);
	d->via = INQ_VIA_SYSFS;
	from_sysfs(sd, "vpd_pg80", &d->p80);
	from_sysfs(sd, "vpd_pg83", &d->p83);
	d->p83full = d->p83;
	if (d->p83.len > INQ_ID_LEN)
		d->p83.len = INQ_ID_LEN;
	from_sysfs(sd, "vpd_pg0", &d->p00);
	if (!d->p00.ok) {
		/* The kernel creates vpd_pg80/83 only for pages page 0 lists. */
		memset(d->p00.buf, 0, 8);
		d->p00.buf[0] = d->std.buf[0];
		d->p00.buf[k++] = 0x00;
		if (d->p80.ok)
			d->p00.buf[k++] = 0x80;
		if (d->p83.ok)
			d->p00.buf[k++] = 0x83;
		d->p00.buf[3] = (uint8_t)(k - 4);
		d->p00.len = k;
		d->p00.ok = 1;
		d->p00.illegal = 0;
	}
	return 0;
}
