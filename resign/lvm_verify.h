/* After a resign: LVM's own parser reads the result (through liblvm2cmd,
 * restricted to the resigned devices), and the host's LVM state learns of
 * the change (pvscan --cache under lvmetad / online files; the devices file
 * where the host uses one).
 *
 * liblvm2cmd keeps process-wide state and its log callback has no context
 * argument, so its messages are collected in this file's one static buffer;
 * call these functions from one thread (relun-resign runs parallel jobs as
 * separate processes).  lvm2_init() changes the umask; it is restored. */
#ifndef RELUN_LVM_VERIFY_H
#define RELUN_LVM_VERIFY_H

#include <stddef.h>

#define RL_LVMV_MAX_MSG 12

struct rl_lvm_check {
	int ran;                 /* 0: skipped, note says why */
	int ok;                  /* LVM read the VG cleanly */
	char note[400];
	char lvm_version[64];
	char seen[400];          /* vgs: name:uuid:pv_count:lv_count:seqno */
	unsigned n_msgs;
	char msgs[RL_LVMV_MAX_MSG][300]; /* errors and warnings LVM printed */
};

/* The LVM filter config restricting a command to these devices, in lvm's
 * --config syntax (no single quotes inside), with backups and archives off
 * so a check never writes the host's /etc/lvm.  -1 if a path cannot be put in
 * a filter safely (it holds ' " | \ or a control character). */
int rl_lvm_filter_config(const char *const *devs, size_t n, int lvm202, char *out, size_t outsz);
/* A buffer size for rl_lvm_filter_config that always suffices. */
size_t rl_lvm_filter_config_size(const char *const *devs, size_t n);

/* One VG to check, and its result.  Expected: the VG with this uuid
 * (dashed), n_pvs PVs and n_lvs LVs, no error, no warning. */
struct rl_lvm_vg {
	const char *const *devs;
	size_t ndevs;
	const char *vg_name, *vg_uuid;
	unsigned n_pvs, n_lvs;
	struct rl_lvm_check c;
};

/* LVM's check of many VGs (vgs + vgck, only their devices visible) in one
 * liblvm2cmd handle: one vgs and one vgck cover up to `group` VGs at a time (their devices only), and only
 * when such a group is not clean is each of its VGs checked alone, so
 * every VG's result says what LVM saw of it.  A batch of a thousand clones
 * costs about two LVM scans instead of a thousand LVM initialisations.
 * Returns how many VGs LVM does not read cleanly, -1 when LVM could not run
 * at all (each c.ran 0). */
int rl_lvm_verify_many(struct rl_lvm_vg *v, size_t n, size_t group);

/* Tell the host's LVM about the changed devices of each resigned VG, in one
 * liblvm2cmd session: pvscan --cache when the host keeps online files
 * (/run/lvm/pvs_online) or runs lvmetad, and lvmdevices --adddev when a
 * devices file is in use.  Each note gets what was done or why nothing
 * was. */
struct rl_lvm_refresh_item {
	const char *const *devs;
	size_t ndevs;
	void *ctx;               /* the caller's */
	char note[600];
	int rc;                  /* 0, or -1 when a command failed */
};
void rl_lvm_refresh_many(struct rl_lvm_refresh_item *v, size_t n);

#endif
