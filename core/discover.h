/* Which devices to look at, and what each one is (its identity).
 *
 * The identity is what tells two copies apart when their bytes are equal:
 * the SCSIid for a SCSI LUN or multipath map, the backing file for a loop
 * device, the real path for an image file. */
#ifndef RELUN_PROBE_DISCOVER_H
#define RELUN_PROBE_DISCOVER_H

#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "rl_err.h"
#include "sysfs.h"

enum pdev_kind { PDEV_FILE, PDEV_DISK, PDEV_LOOP, PDEV_MPATH, PDEV_OTHER };

struct pdev {
	char path[4096];      /* as given, or /dev/NAME */
	char name[64];        /* kernel name (sda, loop0, dm-3); "" for files */
	enum pdev_kind kind;
	dev_t rdev;
	uint64_t size;
	/* identity */
	char scsi_id[256];     /* XenServer's SCSIid (scsi_id -g, sanitised); "" if none */
	char wwid[256];        /* /sys/block/X/device/wwid or the map's wwid */
	char serial[256];      /* VPD 0x80 serial as sysfs shows it */
	char dm_uuid[256];     /* multipath map: mpath-<wwid> */
	char backing_file[4096]; /* loop devices */
	char real_path[4096];  /* image files */
	char holder_map[64];   /* a path held by a multipath map: that map's kernel name */
	char ident_kind[16];   /* scsi | mpath | loop_file | file | devname */
	char ident[4096];      /* the identity value of that kind */
	char transport[16];    /* iscsi, fc, sas, virtio, other, "" */
	char error[600];       /* why the device could not be identified/opened */
};

/* A struct pdev once it is filled in: the same values, the strings packed
 * into one allocation sized to fit.  A struct pdev is 18 KiB of fixed
 * buffers, nearly all empty; a host probes a thousand LUNs and more, and
 * what is kept of each device has to stay small. */
struct pdev_rec {
	const char *path, *name, *scsi_id, *wwid, *serial, *dm_uuid, *backing_file,
		   *real_path, *holder_map, *ident_kind, *ident, *transport, *error;
	enum pdev_kind kind;
	dev_t rdev;
	uint64_t size;
	char *strings;         /* owns what the pointers above point into */
};

struct pdev_recs {
	struct pdev_rec *v;
	unsigned n, cap;
};

/* Every whole disk, loop device with a backing file, and multipath map in
 * /sys/block (read through sys: NULL for the real one), each packed as it
 * is found.
 * Partitions, ramdisks, CD-ROMs and non-multipath device-mapper devices
 * (LVM LVs) are left out. */
int pdev_discover_recs(const struct rl_sysfs *sys, struct pdev_recs *out, struct rl_err *e);
/* One given path (device node or image file); identity filled in. */
int pdev_from_path(const struct rl_sysfs *sys, const char *path, struct pdev *d,
		   struct rl_err *e);

/* Pack d into r (0), or -1 out of memory (r then holds nothing to free). */
int pdev_rec_pack(struct pdev_rec *r, const struct pdev *d);
void pdev_rec_free(struct pdev_rec *r);
/* Append a packed copy of d: 0, or -1 out of memory. */
int pdev_recs_add(struct pdev_recs *l, const struct pdev *d);
/* Frees the records and the array. */
void pdev_recs_free(struct pdev_recs *l);
/* Whether the device path (stat st) is r: the same block device number, or
 * for an image file the same path or real path. */
int pdev_rec_is(const struct pdev_rec *r, const char *path, const struct stat *st);
const char *pdev_kind_name(enum pdev_kind k);

/* Each of paths[0..n) among l (discovered LUNs): where[i] its index, or -1
 * when the path does not exist or cannot be identified; what l does not
 * hold yet (image files, partitions) is appended, *added counting them.
 * -1 only out of memory. */
int pdev_recs_locate(const struct rl_sysfs *sys, struct pdev_recs *l, const char *const *paths,
		     unsigned n, int *where, unsigned *added, struct rl_err *e);

#endif
