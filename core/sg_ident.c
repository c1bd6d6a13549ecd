#include "sg_ident.h"
#include "inhex.h"
#include "inquiry.h"
#include "sysfs_transport.h"
#include "sysfs.h"
#include "udev_str.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

void sg_opts_init(struct sg_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->profile = SG_PROFILE_XS219;
	o->timeout_secs = 5;
}

const char *sg_via_name(enum sg_id_via v)
{
	switch (v) {
	case SG_VIA_SGIO: return "sg_io";
	case SG_VIA_SYSFS: return "sysfs";
	case SG_VIA_INHEX: return "inhex";
	case SG_VIA_NONE: break;
	}
	return "none";
}

void sg_ident_warn(struct sg_ident *id, const char *fmt, ...)
{
	va_list ap;

	if (id->n_warn >= SG_IDENT_MAX_WARN)
		return;
	va_start(ap, fmt);
	vsnprintf(id->warn[id->n_warn++], sizeof(id->warn[0]), fmt, ap);
	va_end(ap);
}

/* Copy n bytes, cut at a NUL, drop trailing blanks (and leading ones with lead). */
static void trimmed(char *dst, size_t dn, const char *src, size_t n, int lead)
{
	size_t b = 0, l = strnlen(src, n);

	while (l && udevstr_isspace(src[l - 1]))
		l--;
	while (lead && b < l && udevstr_isspace(src[b]))
		b++;
	snprintf(dst, dn, "%.*s", (int)(l - b), src + b);
}

static void flag_warnings(struct sg_ident *out)
{
	const struct scsi_id_out *id = &out->id;
	char py2[sizeof(id->sm)];

	if (!(id->flags & SCSI_ID_F_NO_STD) && !id->found)
		sg_ident_warn(out, "scsi_id finds no identifier here (it exits 1): XenServer cannot refer to this LUN by SCSIid");
	if (id->flags & SCSI_ID_F_UNDEFINED)
		sg_ident_warn(out, "the INQUIRY data makes scsi_id read past its 254-byte buffer; its real result is undefined here, relun assumed zero bytes");
	if (id->flags & SCSI_ID_F_PARTIAL)
		sg_ident_warn(out, "vendor or model is not 8/16 bytes without NUL: scsi_id prints the leftover of a failed attempt ('%s')", id->g);
	if (id->flags & SCSI_ID_F_SM_UNDECODABLE)
		sg_ident_warn(out, "scsi_id -g output is not valid UTF-8: sm fails to read it and stores no SCSIid");
	if (id->flags & SCSI_ID_F_FORMS_DIFFER)
		sg_ident_warn(out, "SCSIid '%s' (sm, from scsi_id -g) differs from the udev form '%s' (scsi_id -u) that /dev/disk/by-scsid and multipath use",
			      id->sm, id->u);
	if ((id->flags & SCSI_ID_F_PY2_DIFFERS) && sm_sanitise_scsiid_py2(id->g, py2, sizeof(py2)) >= 0)
		sg_ident_warn(out, "a Python 2 sm (XenServer 7.x/8.2) would store SCSIid '%s'", py2);
	if (id->flags & SCSI_ID_F_P83_LOWBYTE)
		sg_ident_warn(out, "page 0x83 is longer than 255 bytes: XenServer's scsi_id (219) walks only the low byte of its length");
	if (out->profiles_differ)
		sg_ident_warn(out, "the %s profile gives SCSIid '%s' instead",
			      sg_profile_name(id->profile == SG_PROFILE_XS219 ? SG_PROFILE_SYSTEMD : SG_PROFILE_XS219),
			      out->other_scsiid[0] ? out->other_scsiid : "(none)");
}

static void set_page(struct scsi_id_page *pg, const struct inq_resp *r)
{
	pg->data = r->ok ? r->buf : NULL;
	pg->len = r->ok ? r->len : 0;
}

/* Everything that follows from the responses. */
static void fill_from_pages(struct sg_ident *out, const struct inq_data *d, const struct sg_opts *o)
{
	struct scsi_id_in in;
	struct scsi_id_out *other;
	const struct inq_resp *p80 = &d->p80;
	size_t n;

	memset(&in, 0, sizeof(in));
	set_page(&in.std, &d->std);
	set_page(&in.p00, &d->p00);
	set_page(&in.p80, &d->p80);
	set_page(&in.p83, &d->p83);
	scsi_id_run(&in, o->profile, &out->id);
	out->has_id = out->id.found;
	snprintf(out->scsiid, sizeof(out->scsiid), "%s", out->id.sm);

	other = malloc(sizeof(*other));
	if (other) {
		scsi_id_run(&in, o->profile == SG_PROFILE_XS219 ? SG_PROFILE_SYSTEMD : SG_PROFILE_XS219,
			    other);
		if (other->found != out->id.found || strcmp(other->sm, out->id.sm)) {
			out->profiles_differ = 1;
			snprintf(out->other_scsiid, sizeof(out->other_scsiid), "%s", other->sm);
		}
		free(other);
	}

	trimmed(out->vendor, sizeof(out->vendor), out->id.vendor, sizeof(out->id.vendor), 0);
	trimmed(out->product, sizeof(out->product), out->id.model, sizeof(out->id.model), 0);
	trimmed(out->revision, sizeof(out->revision), out->id.revision, sizeof(out->id.revision), 0);
	if (p80->ok && p80->len >= 4 && p80->buf[1] == 0x80) {
		n = p80->buf[3];
		if (n > p80->len - 4)
			n = p80->len - 4;
		trimmed(out->serial, sizeof(out->serial), (const char *)p80->buf + 4, n, 1);
	}

	if (d->cap_ok) {
		out->size_bytes = (d->last_lba + 1) * d->block_len;
		out->logical_block_size = d->block_len;
	}

	/* ALUA */
	if (d->std.ok)
		out->alua.tpgs = alua_tpgs(d->std.buf, d->std.len);
	out->alua.port_group = out->alua.relative_port = out->alua.preferred = -1;
	if (d->p83full.ok)
		alua_port_from_vpd83(d->p83full.buf, d->p83full.len, &out->alua.port_group,
				     &out->alua.relative_port);
	if (d->rtpg.ok) {
		struct rl_err e;
		const struct alua_group *g = NULL;

		rl_err_init(&e, NULL);
		if (alua_parse_rtpg(d->rtpg.buf, d->rtpg.len, d->rtpg_extended, &out->alua.rtpg, &e) == 0) {
			out->alua.rtpg_ok = 1;
			if (out->alua.port_group >= 0)
				g = alua_group_by_id(&out->alua.rtpg, (unsigned)out->alua.port_group);
			if (!g && out->alua.relative_port >= 0)
				g = alua_group_of_port(&out->alua.rtpg, (unsigned)out->alua.relative_port);
			if (g) {
				out->alua.state = alua_state_name(g->aas);
				out->alua.preferred = g->pref;
			}
		} else {
			char buf[600];

			sg_ident_warn(out, "REPORT TARGET PORT GROUPS answer unusable: %s",
				      rl_err_str(&e, buf, sizeof(buf)));
		}
	} else if (d->rtpg.err[0]) {
		sg_ident_warn(out, "%s", d->rtpg.err);
	}
	if (d->c9.ok && alua_parse_rdac_c9(d->c9.buf, d->c9.len, &out->alua.rdac) == 0 && !out->alua.state) {
		out->alua.state = out->alua.rdac.access;
		out->alua.preferred = out->alua.rdac.preferred;
	}
	out->alua.present = out->alua.tpgs || out->alua.rtpg_ok || out->alua.rdac.valid;

	if (d->p80.err[0])
		sg_ident_warn(out, "%s", d->p80.err);
}

/* Transport, H:C:T:L, ALUA handler state from a sysfs record. */
static void fill_from_sysfs(struct sg_ident *out, const struct sgsys_dev *sd)
{
	snprintf(out->hctl, sizeof(out->hctl), "%s", sd->hctl);
	snprintf(out->driver, sizeof(out->driver), "%s", sd->driver);
	out->transport = sd->is_scsi ? sgsys_transport_name(sd->transport) : "";
	if (sd->transport == SGSYS_T_ISCSI && sd->iscsi.session[0]) {
		out->iscsi.present = 1;
		snprintf(out->iscsi.target, sizeof(out->iscsi.target), "%s",
			 sd->iscsi.address[0] ? sd->iscsi.address : sd->iscsi.conn_address);
		snprintf(out->iscsi.port, sizeof(out->iscsi.port), "%s",
			 sd->iscsi.port[0] ? sd->iscsi.port : sd->iscsi.conn_port);
		snprintf(out->iscsi.iqn, sizeof(out->iscsi.iqn), "%s", sd->iscsi.targetname);
		snprintf(out->iscsi.tpgt, sizeof(out->iscsi.tpgt), "%s", sd->iscsi.tpgt);
		snprintf(out->iscsi.session, sizeof(out->iscsi.session), "%s", sd->iscsi.session);
	}
	if (sd->transport == SGSYS_T_FC) {
		out->fc.present = 1;
		snprintf(out->fc.host_wwpn, sizeof(out->fc.host_wwpn), "%s", sd->fc.host_wwpn);
		snprintf(out->fc.host_wwnn, sizeof(out->fc.host_wwnn), "%s", sd->fc.host_wwnn);
		snprintf(out->fc.target_wwpn, sizeof(out->fc.target_wwpn), "%s", sd->fc.target_wwpn);
		snprintf(out->fc.target_wwnn, sizeof(out->fc.target_wwnn), "%s", sd->fc.target_wwnn);
		snprintf(out->fc.port_id, sizeof(out->fc.port_id), "%s", sd->fc.port_id);
		snprintf(out->fc.rport, sizeof(out->fc.rport), "%s", sd->fc.rport);
		snprintf(out->fc.port_state, sizeof(out->fc.port_state), "%s", sd->fc.port_state);
	}
	snprintf(out->alua.dh_state, sizeof(out->alua.dh_state), "%s", sd->dh_state);
	snprintf(out->alua.access_state, sizeof(out->alua.access_state), "%s", sd->access_state);
}

/* Checks that the multipath map agrees with the id. */
static void mpath_checks(struct sg_ident *out)
{
	if (!out->has_mpath || !out->has_id)
		return;
	if (strcmp(out->mpath.name, out->id.u) && strcmp(out->mpath.name, out->scsiid))
		sg_ident_warn(out, "multipath map name '%s' is neither the udev id '%s' nor the SCSIid (user_friendly_names, or another uid_attribute?)",
			      out->mpath.name, out->id.u);
	if (out->mpath.note[0])
		sg_ident_warn(out, "multipath %s: %s", out->mpath.dm, out->mpath.note);
}

int sg_identify(const char *dev, const struct sg_opts *o, struct sg_ident *out, struct rl_err *e)
{
	struct sgsys_dev *sd = NULL, *pathsd = NULL;
	struct inq_data *d = NULL;
	struct stat st;
	char name[64], why[200], opath[600];
	const char *open_path = dev;
	int is_block, impossible = 0, ret = -1;
	struct rl_err e2;

	memset(out, 0, sizeof(*out));
	out->transport = "";
	out->alua.port_group = out->alua.relative_port = out->alua.preferred = -1;
	out->id.profile = o->profile;
	snprintf(out->device, sizeof(out->device), "%s", dev);
	rl_err_init(e, dev);

	if (stat(dev, &st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return rl_err_set(e, RL_E_NOTFOUND, "no such device");
		return rl_err_set(e, RL_E_IO, "cannot stat: %s", strerror(errno));
	}
	if (S_ISREG(st.st_mode))
		return rl_err_set(e, RL_E_UNSUPPORTED, "not a SCSI device: a regular file (disk image?)");
	if (!S_ISBLK(st.st_mode) && !S_ISCHR(st.st_mode))
		return rl_err_set(e, RL_E_UNSUPPORTED, "not a SCSI device: not a device node");
	is_block = S_ISBLK(st.st_mode);

	sd = malloc(sizeof(*sd));
	pathsd = malloc(sizeof(*pathsd));
	d = calloc(1, sizeof(*d));
	if (!sd || !pathsd || !d) {
		rl_err_set(e, RL_E_NOMEM, "out of memory");
		goto out;
	}
	if (rl_sysfs_devno_to_name(o->sys, st.st_rdev, is_block, name, sizeof(name), e) < 0) {
		rl_err_set(e, RL_E_UNSUPPORTED, "not a SCSI device: %s %u:%u is unknown to sysfs",
			   is_block ? "block device" : "char device", major(st.st_rdev), minor(st.st_rdev));
		goto out;
	}
	snprintf(out->kname, sizeof(out->kname), "%s", name);
	if (!is_block && strncmp(name, "sg", 2)) {
		rl_err_set(e, RL_E_UNSUPPORTED, "not a SCSI device: char device %s is not a SCSI generic node", name);
		goto out;
	}
	if (!strncmp(name, "loop", 4) && is_block) {
		char back[4096] = "";

		rl_sysfs_read_str(o->sys, back, sizeof(back), "class/block/%s/loop/backing_file", name);
		if (back[0])
			rl_err_set(e, RL_E_UNSUPPORTED, "not a SCSI device: loop device %s backed by %s", name, back);
		else
			rl_err_set(e, RL_E_UNSUPPORTED, "not a SCSI device: loop device %s", name);
		goto out;
	}
	if (sgsys_lookup(o->sys, name, is_block, sd, e) < 0) {
		e->code = RL_E_UNSUPPORTED;
		rl_err_prefix(e, "not a SCSI device: ");
		goto out;
	}

	if (sd->is_dm) {
		rl_err_init(&e2, dev);
		if (!mpath_is_map(o->sys, name)) {
			char uuid[256] = "";

			rl_sysfs_read_str(o->sys, uuid, sizeof(uuid), "class/block/%s/dm/uuid", name);
			rl_err_set(e, RL_E_UNSUPPORTED,
				   "not a SCSI device: device-mapper device %s (uuid '%s') is not a multipath map",
				   name, uuid);
			goto out;
		}
		if (mpath_read_map(o->sys, name, &out->mpath, &e2) == 0)
			out->has_mpath = 1;
		/* transport details belong to a path; take the first */
		if (out->mpath.n_paths && out->mpath.paths[0].device[0] &&
		    sgsys_lookup(o->sys, out->mpath.paths[0].device, 1, pathsd, &e2) == 0 &&
		    pathsd->is_scsi) {
			fill_from_sysfs(out, pathsd);
			out->hctl[0] = '\0';
			sg_ident_warn(out, "multipath map %s: transport details are those of its path %s",
				      name, pathsd->name);
		}
	} else {
		if (sd->is_partition) {
			sg_ident_warn(out, "%s is a partition: identifying its disk %s", name, sd->parent);
			snprintf(out->kname, sizeof(out->kname), "%s", sd->parent);
			if (rl_sysfs_is_real(o->sys)) {
				snprintf(opath, sizeof(opath), "/dev/%s", sd->parent);
				if (access(opath, F_OK) == 0)
					open_path = opath;
			}
		}
		if (!sd->is_scsi) {
			rl_err_set(e, RL_E_UNSUPPORTED,
				   "not a SCSI device: %s has no SCSI host in sysfs (NVMe, virtio-blk, md, zram...)",
				   out->kname);
			goto out;
		}
		fill_from_sysfs(out, sd);
		if (is_block) {
			char dm[32];

			if (mpath_map_of_path(o->sys, sd->is_partition ? sd->parent : name, dm, sizeof(dm))) {
				rl_err_init(&e2, dev);
				if (mpath_read_map(o->sys, dm, &out->mpath, &e2) == 0)
					out->has_mpath = 1;
			}
		}
	}

	rl_err_init(e, dev);
	if (!o->no_sgio) {
		unsigned want = INQ_WANT_CAPACITY | (o->no_alua ? 0 : INQ_WANT_ALUA | INQ_WANT_RDAC);

		if (inq_fetch_sgio(open_path, want, o->timeout_secs, d, &impossible, e) < 0) {
			if (!impossible) {
				out->scsi_failed = e->code == RL_E_IO && d->via == INQ_VIA_NONE &&
						   (d->std.err[0] || d->std.illegal);
				goto out;
			}
			snprintf(why, sizeof(why), "%s", d->sgio_err);
			memset(d, 0, sizeof(*d));
			rl_err_init(e, dev);
			sg_ident_warn(out, "%s: identified from the kernel's sysfs copies instead", why);
		}
	}
	if (d->via == INQ_VIA_NONE) {
		const struct sgsys_dev *src = sd->is_dm ? pathsd : sd;

		if (sd->is_dm && !(out->mpath.n_paths && pathsd->is_scsi)) {
			rl_err_set(e, RL_E_IO, "no SG_IO and no path of %s to read sysfs copies from", name);
			goto out;
		}
		if (inq_fetch_sysfs(src, d, e) < 0)
			goto out;
	}
	out->via = d->via == INQ_VIA_SGIO ? SG_VIA_SGIO : SG_VIA_SYSFS;
	fill_from_pages(out, d, o);
	if (!out->size_bytes) {
		/* for a partition, sd already describes the whole disk */
		out->size_bytes = sd->size_bytes;
		out->logical_block_size = sd->logical_block_size;
	}
	mpath_checks(out);
	if (d->p00.err[0] || d->p83.err[0]) {
		/* a flaky answer could yield another (fallback) id: do not trust it */
		out->scsi_failed = 1;
		rl_err_set(e, RL_E_IO, "%s", d->p00.err[0] ? d->p00.err : d->p83.err);
		flag_warnings(out);
		goto out;
	}
	if (rl_sysfs_is_real(o->sys) && access("/etc/scsi_id.config", F_OK) == 0)
		sg_ident_warn(out, "this host has /etc/scsi_id.config: scsi_id applies its per-device options, relun-sg does not");
	flag_warnings(out);
	ret = 0;
out:
	free(sd);
	free(pathsd);
	free(d);
	return ret;
}

static void take_page(struct sg_ident *out, struct inq_resp *r, const uint8_t *b, size_t n,
		      const char *what, const char *file)
{
	if (r->ok)
		sg_ident_warn(out, "%s: a second %s replaces the first", file, what);
	memset(r->buf, 0, sizeof(r->buf));
	if (n > sizeof(r->buf))
		n = sizeof(r->buf);
	memcpy(r->buf, b, n);
	r->len = n;
	r->ok = 1;
	r->illegal = 0;
	r->err[0] = '\0';
}

int sg_identify_inhex(const char *const *files, size_t n_files, const struct sg_opts *o,
		      struct sg_ident *out, struct rl_err *e)
{
	struct inhex_page pages[64];
	struct inq_data *d;
	uint8_t *bytes = NULL;
	size_t nb, np, f, k, off;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->transport = "";
	out->id.profile = o->profile;
	out->alua.port_group = out->alua.relative_port = out->alua.preferred = -1;
	off = 0;
	for (f = 0; f < n_files && off < sizeof(out->device); f++)
		off += (size_t)snprintf(out->device + off, sizeof(out->device) - off, "%s%s",
					f ? "," : "", files[f]);
	rl_err_init(e, n_files ? files[0] : "");
	d = calloc(1, sizeof(*d));
	if (!d)
		return rl_err_set(e, RL_E_NOMEM, "out of memory");

	for (f = 0; f < n_files; f++) {
		rl_err_init(e, files[f]);
		if (inhex_read_file(files[f], &bytes, &nb, e) < 0)
			goto out;
		if (inhex_split(bytes, nb, pages, sizeof(pages) / sizeof(pages[0]), &np, e) < 0)
			goto out;
		if (np == 0)
			sg_ident_warn(out, "%s: no bytes", files[f]);
		for (k = 0; k < np; k++) {
			const uint8_t *b = bytes + pages[k].off;
			size_t len = pages[k].len;

			if (pages[k].short_by)
				sg_ident_warn(out, "%s: %s at byte %zu claims %d more bytes than the file holds",
					      files[f], pages[k].kind == INHEX_STD_INQ ? "standard INQUIRY" : "VPD page",
					      pages[k].off, pages[k].short_by);
			if (pages[k].kind == INHEX_STD_INQ) {
				take_page(out, &d->std, b, len, "standard INQUIRY", files[f]);
				continue;
			}
			switch (pages[k].page) {
			case 0x00: take_page(out, &d->p00, b, len, "page 0x00", files[f]); break;
			case 0x80: take_page(out, &d->p80, b, len, "page 0x80", files[f]); break;
			case 0x83: take_page(out, &d->p83full, b, len, "page 0x83", files[f]); break;
			case 0xc9: take_page(out, &d->c9, b, len, "page 0xc9", files[f]); break;
			default:
				break;	/* other pages play no part here */
			}
		}
		free(bytes);
		bytes = NULL;
	}
	rl_err_init(e, out->device);
	if (d->p83full.ok) {
		d->p83 = d->p83full;
		if (d->p83.len > INQ_ID_LEN)
			d->p83.len = INQ_ID_LEN;
	}
	if (!d->std.ok) {
		/* scsi_id would stop here; give what the other pages allow */
		sg_ident_warn(out, "no standard INQUIRY given: vendor and model taken as empty");
		memset(d->std.buf, 0, 36);
		d->std.buf[3] = 2;
		d->std.buf[4] = 31;
		d->std.len = 36;
		d->std.ok = 1;
	}
	if (!d->p00.ok) {
		size_t i = 4;

		d->p00.buf[i++] = 0x00;
		if (d->p80.ok)
			d->p00.buf[i++] = 0x80;
		if (d->p83.ok)
			d->p00.buf[i++] = 0x83;
		if (d->c9.ok)
			d->p00.buf[i++] = 0xc9;
		d->p00.buf[0] = d->std.buf[0];
		d->p00.buf[3] = (uint8_t)(i - 4);
		d->p00.len = i;
		d->p00.ok = 1;
		sg_ident_warn(out, "no page 0x00 given: assumed it lists the pages given");
	}
	d->via = INQ_VIA_NONE;
	out->via = SG_VIA_INHEX;
	fill_from_pages(out, d, o);
	flag_warnings(out);
	ret = 0;
out:
	free(bytes);
	free(d);
	return ret;
}
