#include "sysfs_transport.h"
#include "sysfs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

const char *sgsys_transport_name(enum sgsys_transport t)
{
	switch (t) {
	case SGSYS_T_ISCSI: return "iscsi";
	case SGSYS_T_FC: return "fc";
	case SGSYS_T_SAS: return "sas";
	case SGSYS_T_VIRTIO: return "virtio";
	case SGSYS_T_OTHER: break;
	}
	return "other";
}

/* "<dir>/<attr>" read into buf ("" when missing). */
static int attr_at(const char *dir, const char *attr, char *buf, size_t n)
{
	char p[PATH_MAX + 64];

	snprintf(p, sizeof(p), "%s/%s", dir, attr);
	return sysfs_read_str(p, buf, n);
}

static int exists_at(const char *dir, const char *name)
{
	char p[PATH_MAX + 64];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return lstat(p, &st) == 0;
}

/* The value of the last path component of `dir` that starts with `prefix`
 * (and, with digits_after, continues with a digit); its full path prefix into
 * upto.  Returns 1 if found. */
static int find_component(const char *dir, const char *prefix, int digits_after, char *comp,
			  size_t cn, char *upto, size_t un)
{
	const char *p = dir, *s, *end, *best = NULL, *best_end = NULL;
	size_t pl = strlen(prefix);

	while ((s = strchr(p, '/'))) {
		s++;
		end = strchr(s, '/');
		if (!end)
			end = s + strlen(s);
		if ((size_t)(end - s) > pl && !strncmp(s, prefix, pl) &&
		    (!digits_after || isdigit((unsigned char)s[pl]))) {
			best = s;
			best_end = end;
		}
		p = end;
		if (!*end)
			break;
	}
	if (!best)
		return 0;
	snprintf(comp, cn, "%.*s", (int)(best_end - best), best);
	if (upto)
		snprintf(upto, un, "%.*s", (int)(best_end - dir), dir);
	return 1;
}

static void trim_copy(char *dst, size_t n, const char *src)
{
	while (*src == ' ')
		src++;
	snprintf(dst, n, "%s", src);
}

static enum sgsys_transport transport_of_driver(const char *drv)
{
	static const char *const iscsi[] = { "iscsi_tcp", "ib_iser", "be2iscsi", "bnx2i", "cxgb3i",
					     "cxgb4i", "qedi", "qla4xxx", NULL };
	static const char *const fc[] = { "lpfc", "qla2xxx", "bfa", "fnic", "qedf", "bnx2fc",
					  "fcoe", "zfcp", "ibmvfc", NULL };
	static const char *const sas[] = { "mpt3sas", "mpt2sas", "mptsas", "pm80xx", "isci",
					   "aic94xx", "hisi_sas", "mvsas", NULL };
	const char *const *l;

	for (l = iscsi; *l; l++)
		if (!strcmp(drv, *l))
			return SGSYS_T_ISCSI;
	for (l = fc; *l; l++)
		if (!strcmp(drv, *l))
			return SGSYS_T_FC;
	for (l = sas; *l; l++)
		if (!strcmp(drv, *l))
			return SGSYS_T_SAS;
	if (!strcmp(drv, "virtio_scsi"))
		return SGSYS_T_VIRTIO;
	return SGSYS_T_OTHER;
}

/* The connection of an iSCSI session: sys/class/iscsi_connection/connection<S>:<C>
 * with the lowest C (multiple connections per session are rare). */
static void iscsi_connection(const struct rl_sysfs *sys, const char *sessdir, struct sgsys_iscsi *is)
{
	char p[PATH_MAX], best[64] = "";
	const char *sid = is->session + strlen("session");
	size_t sl = strlen(sid);
	struct dirent *de;
	DIR *d;

	d = opendir(sessdir);
	if (d) {
		while ((de = readdir(d))) {
			const char *n = de->d_name;

			if (strncmp(n, "connection", 10) || strncmp(n + 10, sid, sl) || n[10 + sl] != ':')
				continue;
			if (!best[0] || strcmp(n, best) < 0)
				snprintf(best, sizeof(best), "%s", n);
		}
		closedir(d);
	}
	if (!best[0])
		snprintf(best, sizeof(best), "connection%s:0", sid);
	rl_sysfs_path(sys, p, sizeof(p), "class/iscsi_connection/%s", best);
	if (!exists_at(p, "persistent_address"))	/* the device-model copy */
		snprintf(p, sizeof(p), "%s/%s/iscsi_connection/%s", sessdir, best, best);
	attr_at(p, "persistent_address", is->address, sizeof(is->address));
	attr_at(p, "persistent_port", is->port, sizeof(is->port));
	attr_at(p, "address", is->conn_address, sizeof(is->conn_address));
	attr_at(p, "port", is->conn_port, sizeof(is->conn_port));
}

static void iscsi_info(const struct rl_sysfs *sys, const char *devdir, struct sgsys_dev *d)
{
	char sessdir[PATH_MAX], p[PATH_MAX];

	if (!find_component(devdir, "session", 1, d->iscsi.session, sizeof(d->iscsi.session),
			    sessdir, sizeof(sessdir)))
		return;
	rl_sysfs_path(sys, p, sizeof(p), "class/iscsi_session/%s", d->iscsi.session);
	if (!exists_at(p, "targetname"))
		snprintf(p, sizeof(p), "%s/iscsi_session/%s", sessdir, d->iscsi.session);
	attr_at(p, "targetname", d->iscsi.targetname, sizeof(d->iscsi.targetname));
	attr_at(p, "tpgt", d->iscsi.tpgt, sizeof(d->iscsi.tpgt));
	iscsi_connection(sys, sessdir, &d->iscsi);
}

static void fc_info(const struct rl_sysfs *sys, const char *devdir, struct sgsys_dev *d)
{
	char p[PATH_MAX];

	if (find_component(devdir, "rport-", 0, d->fc.rport, sizeof(d->fc.rport), NULL, 0)) {
		rl_sysfs_path(sys, p, sizeof(p), "class/fc_remote_ports/%s", d->fc.rport);
		attr_at(p, "port_name", d->fc.target_wwpn, sizeof(d->fc.target_wwpn));
		attr_at(p, "node_name", d->fc.target_wwnn, sizeof(d->fc.target_wwnn));
		attr_at(p, "port_id", d->fc.port_id, sizeof(d->fc.port_id));
		attr_at(p, "port_state", d->fc.port_state, sizeof(d->fc.port_state));
	}
	rl_sysfs_path(sys, p, sizeof(p), "class/fc_host/host%u", d->host);
	attr_at(p, "port_name", d->fc.host_wwpn, sizeof(d->fc.host_wwpn));
	attr_at(p, "node_name", d->fc.host_wwnn, sizeof(d->fc.host_wwnn));
}

/* Fill the SCSI part from the device directory (…/H:C:T:L). */
static void scsi_info(const struct rl_sysfs *sys, const char *devdir, struct sgsys_dev *d)
{
	const char *base = strrchr(devdir, '/');
	unsigned long long lun;
	char buf[256], p[PATH_MAX];
	int consumed = 0;

	base = base ? base + 1 : devdir;
	if (sscanf(base, "%u:%u:%u:%llu%n", &d->host, &d->channel, &d->target, &lun, &consumed) != 4 ||
	    base[consumed] != '\0')
		return;
	d->is_scsi = 1;
	d->lun = lun;
	snprintf(d->hctl, sizeof(d->hctl), "%u:%u:%u:%llu", d->host, d->channel, d->target, lun);
	snprintf(d->devpath, sizeof(d->devpath), "%s", devdir);

	rl_sysfs_path(sys, p, sizeof(p), "class/scsi_host/host%u", d->host);
	attr_at(p, "proc_name", d->driver, sizeof(d->driver));

	if (attr_at(devdir, "vendor", buf, sizeof(buf)) >= 0)
		trim_copy(d->vendor, sizeof(d->vendor), buf);
	if (attr_at(devdir, "model", buf, sizeof(buf)) >= 0)
		trim_copy(d->model, sizeof(d->model), buf);
	if (attr_at(devdir, "rev", buf, sizeof(buf)) >= 0)
		trim_copy(d->rev, sizeof(d->rev), buf);
	attr_at(devdir, "wwid", d->wwid, sizeof(d->wwid));
	attr_at(devdir, "state", d->state, sizeof(d->state));
	attr_at(devdir, "dh_state", d->dh_state, sizeof(d->dh_state));
	attr_at(devdir, "access_state", d->access_state, sizeof(d->access_state));
	d->preferred_path = -1;
	if (attr_at(devdir, "preferred_path", buf, sizeof(buf)) > 0 && (buf[0] == '0' || buf[0] == '1'))
		d->preferred_path = buf[0] - '0';

	{
		char comp[64];

		if (find_component(devdir, "session", 1, comp, sizeof(comp), NULL, 0))
			d->transport = SGSYS_T_ISCSI;
		else if (find_component(devdir, "rport-", 0, comp, sizeof(comp), NULL, 0))
			d->transport = SGSYS_T_FC;
		else if (find_component(devdir, "end_device-", 0, comp, sizeof(comp), NULL, 0))
			d->transport = SGSYS_T_SAS;
		else if (find_component(devdir, "virtio", 1, comp, sizeof(comp), NULL, 0))
			d->transport = SGSYS_T_VIRTIO;
		else
			d->transport = transport_of_driver(d->driver);
	}
	if (d->transport == SGSYS_T_ISCSI)
		iscsi_info(sys, devdir, d);
	else if (d->transport == SGSYS_T_FC)
		fc_info(sys, devdir, d);
}

int sgsys_lookup(const struct rl_sysfs *sys, const char *name, int is_block, struct sgsys_dev *d,
		 struct rl_err *e)
{
	char rel[128], p[PATH_MAX], dir[PATH_MAX], devdir[PATH_MAX + 16];
	char buf[64];
	uint64_t v;

	memset(d, 0, sizeof(*d));
	d->preferred_path = -1;
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->is_block = is_block;
	if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return rl_err_set(e, RL_E_INVAL, "bad device name '%s'", name);
	snprintf(rel, sizeof(rel), "class/%s/%s", is_block ? "block" : "scsi_generic", name);
	rl_sysfs_path(sys, p, sizeof(p), "%s", rel);
	if (!realpath(p, dir))
		return rl_err_set(e, RL_E_NOTFOUND, "%s is not in sysfs (%s)", rel, strerror(errno));

	if (is_block && exists_at(dir, "partition")) {
		int r;

		if (rl_sysfs_wholedisk(sys, name, buf, sizeof(buf)) <= 0)
			return rl_err_set(e, RL_E_NOTFOUND, "no parent disk for %s", name);
		r = sgsys_lookup(sys, buf, 1, d, e);
		d->is_partition = 1;
		snprintf(d->parent, sizeof(d->parent), "%s", buf);
		snprintf(d->name, sizeof(d->name), "%s", name);
		return r;
	}
	if (is_block) {
		d->is_dm = exists_at(dir, "dm");
		if (attr_at(dir, "size", buf, sizeof(buf)) > 0) {
			v = strtoull(buf, NULL, 10);
			d->size_bytes = v * 512;
		}
		if (attr_at(dir, "queue/logical_block_size", buf, sizeof(buf)) > 0)
			d->logical_block_size = (unsigned)strtoul(buf, NULL, 10);
	}
	snprintf(devdir, sizeof(devdir), "%s/device", dir);
	if (realpath(devdir, p))
		scsi_info(sys, p, d);
	return 0;
}

ssize_t sgsys_read_scsi_bin(const struct sgsys_dev *d, const char *attr, uint8_t *buf,
			    size_t max)
{
	char p[PATH_MAX + 64];
	size_t got = 0;
	ssize_t r;
	int fd;

	if (!d->devpath[0])
		return -1;
	snprintf(p, sizeof(p), "%s/%s", d->devpath, attr);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (got < max && (r = read(fd, buf + got, max - got)) > 0)
		got += (size_t)r;
	close(fd);
	return (ssize_t)got;
}
