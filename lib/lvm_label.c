/* LVM2 PV label codec (label.c _find_lvm_header / label_write, text_label.c
 * _text_read / _text_write). */
#include "lvm_label.h"
#include "lvm_crc.h"
#include "lvm_id.h"
#include "rl_endian.h"

#include <string.h>

uint32_t lvm_label_calc_crc(const uint8_t sector[512])
{
	return lvm_crc(LVM_INITIAL_CRC, sector + LVM_LABEL_CRC_FROM,
		       LVM_SECTOR_SIZE - LVM_LABEL_CRC_FROM);
}

/* Why an id == "LABELONE" sector does not count, or NULL if it does. */
static const char *label_reject(const uint8_t *s, unsigned sector)
{
	if (rl_get_le64(s + 8) != sector)
		return "sector_xl";
	if (lvm_label_calc_crc(s) != rl_get_le32(s + 16))
		return "crc";
	if (memcmp(s + 24, LVM_LABEL_TYPE, 8))
		return "type";
	return NULL;
}

/* One locn list starting at *pos, ending at an entry with offset 0. */
static int read_list(const uint8_t *s, unsigned *pos, uint64_t base_off, const char *what,
		     struct lvm_disk_locn *l, unsigned *n, struct rl_err *e)
{
	unsigned p = *pos;

	*n = 0;
	for (;;) {
		uint64_t off, size;

		if (p + 16 > LVM_SECTOR_SIZE)
			return rl_err_at(e, RL_E_CORRUPT, base_off + p,
					 "label: %s list runs past the end of the label sector", what);
		off = rl_get_le64(s + p);
		size = rl_get_le64(s + p + 8);
		p += 16;
		if (!off)
			break;
		if (*n >= LVM_LABEL_MAX_LOCN)
			return rl_err_at(e, RL_E_CORRUPT, base_off + p - 16,
					 "label: more than %u %s entries", LVM_LABEL_MAX_LOCN, what);
		if (off > UINT64_MAX - size)
			return rl_err_at(e, RL_E_CORRUPT, base_off + p - 16,
					 "label: %s entry %u {%llu, %llu} overflows", what, *n,
					 (unsigned long long)off, (unsigned long long)size);
		l[*n].offset = off;
		l[*n].size = size;
		(*n)++;
	}
	*pos = p;
	return 0;
}

/* Parse the pv_header of a qualified label sector. */
static int parse_pv_header(const uint8_t *s, unsigned sector, uint64_t base_off,
			   struct lvm_label *out, struct rl_err *e)
{
	uint32_t off = rl_get_le32(s + 20);
	unsigned pos, i;

	memset(out, 0, sizeof(*out));
	out->sector = sector;
	out->crc = rl_get_le32(s + 16);
	/* LVM trusts offset_xl; we insist the fixed part fits after the
	 * label_header (LVM itself always writes 32). */
	if (off < LVM_LABEL_HEADER_SIZE || off > LVM_SECTOR_SIZE - 40)
		return rl_err_at(e, RL_E_CORRUPT, base_off + 20,
				 "label: pv_header offset %u outside the sector", off);
	out->pvh_offset = off;
	memcpy(out->pv_uuid, s + off, 32);
	out->pv_uuid[32] = '\0';
	if (!lvm_id_valid(out->pv_uuid, 32))
		return rl_err_at(e, RL_E_CORRUPT, base_off + off,
				 "label: PV UUID contains invalid characters");
	out->device_size = rl_get_le64(s + off + 32);
	pos = off + 40;
	if (read_list(s, &pos, base_off, "data area", out->da, &out->n_da, e) ||
	    read_list(s, &pos, base_off, "metadata area", out->mda, &out->n_mda, e))
		return -1;
	/* Extension: version 0 (or no room for it) means none. */
	if (pos + 8 <= LVM_SECTOR_SIZE && rl_get_le32(s + pos)) {
		out->has_ext = 1;
		out->ext_version = rl_get_le32(s + pos);
		out->ext_flags = rl_get_le32(s + pos + 4);
		pos += 8;
		if (read_list(s, &pos, base_off, "bootloader area", out->ba, &out->n_ba, e))
			return -1;
	}
	for (i = 0; i < out->n_mda; i++) {
		/* An mda must at least hold its header, and lie on the device
		 * when the size is known. */
		if (out->mda[i].size < 512 ||
		    (out->device_size && out->mda[i].offset + out->mda[i].size > out->device_size))
			return rl_err_at(e, RL_E_CORRUPT, base_off + off + 40,
					 "label: metadata area %u {%llu, %llu} does not fit a device of %llu bytes",
					 i + 1, (unsigned long long)out->mda[i].offset,
					 (unsigned long long)out->mda[i].size,
					 (unsigned long long)out->device_size);
	}
	return 1;
}

int lvm_label_parse_sector(const uint8_t sec[512], unsigned sector, uint64_t base_off,
			   struct lvm_label *out, struct rl_err *e)
{
	const char *why;

	if (memcmp(sec, LVM_LABEL_ID, 8))
		return 0;
	why = label_reject(sec, sector);
	if (why) {
		if (!strcmp(why, "sector_xl"))
			return rl_err_at(e, RL_E_CORRUPT, base_off + 8,
					 "label: LABELONE in sector %u says sector %llu", sector,
					 (unsigned long long)rl_get_le64(sec + 8));
		if (!strcmp(why, "crc"))
			return rl_err_at(e, RL_E_CORRUPT, base_off + 16,
					 "label: checksum 0x%08x, computed 0x%08x", rl_get_le32(sec + 16),
					 lvm_label_calc_crc(sec));
		return rl_err_at(e, RL_E_CORRUPT, base_off + 24, "label: type is not \"LVM2 001\"");
	}
	return parse_pv_header(sec, sector, base_off, out, e);
}

int lvm_label_find(const uint8_t *buf, size_t len, uint64_t base_off, struct lvm_label *out,
		   struct rl_err *e)
{
	unsigned sector, ignored = 0, first_bad = LVM_LABEL_SCAN_SECTORS;
	int found = -1, any = 0, r;

	for (sector = 0; sector < LVM_LABEL_SCAN_SECTORS; sector++) {
		const uint8_t *s = buf + (size_t)sector * LVM_SECTOR_SIZE;
		int labelone;

		if ((size_t)(sector + 1) * LVM_SECTOR_SIZE > len)
			break;
		labelone = !memcmp(s, LVM_LABEL_ID, 8);
		if (labelone) {
			any = 1;
			if (label_reject(s, sector)) {
				ignored |= 1U << sector;
				if (first_bad == LVM_LABEL_SCAN_SECTORS)
					first_bad = sector;
				continue;
			}
			if (found >= 0) {
				ignored |= 1U << sector;
				continue;
			}
		}
		/* The text labeller's can_handle looks only at the type, so
		 * LVM takes a sector without "LABELONE" but with "LVM2 001" at
		 * +24 as a label, unchecked. */
		if (!memcmp(s + 24, LVM_LABEL_TYPE, 8)) {
			if (found >= 0)
				continue;
			if (!labelone)
				return rl_err_at(e, RL_E_CORRUPT, base_off + lvm_label_offset(sector),
						 "label: sector %u has type \"LVM2 001\" without \"LABELONE\"; LVM would take it as the label",
						 sector);
			found = (int)sector;
		}
	}
	if (found < 0) {
		if (!any)
			return 0;
		sector = first_bad;
		return lvm_label_parse_sector(buf + (size_t)sector * LVM_SECTOR_SIZE, sector,
					      base_off + lvm_label_offset(sector), out, e);
	}
	r = parse_pv_header(buf + (size_t)found * LVM_SECTOR_SIZE, (unsigned)found,
			    base_off + lvm_label_offset((unsigned)found), out, e);
	if (r > 0)
		out->ignored_mask = ignored;
	return r;
}

static int put_list(uint8_t *s, unsigned *pos, const struct lvm_disk_locn *l, unsigned n,
		    const char *what, struct rl_err *e)
{
	unsigned i;

	if (n > LVM_LABEL_MAX_LOCN)
		return rl_err_set(e, RL_E_INVAL, "label: %u %s entries (at most %u)", n, what,
				  LVM_LABEL_MAX_LOCN);
	if (*pos + 16 * (n + 1) > LVM_SECTOR_SIZE)
		return rl_err_set(e, RL_E_INVAL, "label: %s list does not fit the sector", what);
	for (i = 0; i < n; i++) {
		if (!l[i].offset)
			return rl_err_set(e, RL_E_INVAL, "label: %s entry %u has offset 0", what, i);
		rl_put_le64(s + *pos, l[i].offset);
		rl_put_le64(s + *pos + 8, l[i].size);
		*pos += 16;
	}
	*pos += 16; /* {0,0} terminator, already zero */
	return 0;
}

int lvm_label_serialize(const struct lvm_label *l, uint8_t s[512], struct rl_err *e)
{
	unsigned off = l->pvh_offset ? l->pvh_offset : LVM_LABEL_HEADER_SIZE;
	unsigned pos;

	memset(s, 0, LVM_SECTOR_SIZE);
	if (l->sector >= LVM_LABEL_SCAN_SECTORS)
		return rl_err_set(e, RL_E_INVAL, "label: sector %u beyond the first %u", l->sector,
				  LVM_LABEL_SCAN_SECTORS);
	if (off < LVM_LABEL_HEADER_SIZE || off > LVM_SECTOR_SIZE - 40)
		return rl_err_set(e, RL_E_INVAL, "label: pv_header offset %u", off);
	if (!lvm_id_valid(l->pv_uuid, strnlen(l->pv_uuid, sizeof(l->pv_uuid))))
		return rl_err_set(e, RL_E_INVAL, "label: invalid PV UUID");
	memcpy(s, LVM_LABEL_ID, 8);
	rl_put_le64(s + 8, l->sector);
	rl_put_le32(s + 20, off);
	memcpy(s + 24, LVM_LABEL_TYPE, 8);
	memcpy(s + off, l->pv_uuid, 32);
	rl_put_le64(s + off + 32, l->device_size);
	pos = off + 40;
	if (put_list(s, &pos, l->da, l->n_da, "data area", e) ||
	    put_list(s, &pos, l->mda, l->n_mda, "metadata area", e))
		return -1;
	if (l->has_ext) {
		if (pos + 8 > LVM_SECTOR_SIZE || !l->ext_version)
			return rl_err_set(e, RL_E_INVAL, "label: extension does not fit or version 0");
		rl_put_le32(s + pos, l->ext_version);
		rl_put_le32(s + pos + 4, l->ext_flags);
		pos += 8;
		if (put_list(s, &pos, l->ba, l->n_ba, "bootloader area", e))
			return -1;
	}
	rl_put_le32(s + 16, lvm_label_calc_crc(s));
	return 0;
}

int lvm_label_set_pv_uuid(uint8_t s[512], const char raw_uuid[32], struct rl_err *e)
{
	uint32_t off;

	if (memcmp(s, LVM_LABEL_ID, 8) || memcmp(s + 24, LVM_LABEL_TYPE, 8) ||
	    rl_get_le64(s + 8) >= LVM_LABEL_SCAN_SECTORS || lvm_label_calc_crc(s) != rl_get_le32(s + 16))
		return rl_err_set(e, RL_E_INVAL, "label: not a valid label sector");
	off = rl_get_le32(s + 20);
	if (off < LVM_LABEL_HEADER_SIZE || off > LVM_SECTOR_SIZE - 40)
		return rl_err_set(e, RL_E_INVAL, "label: pv_header offset %u", off);
	if (!lvm_id_valid(raw_uuid, 32))
		return rl_err_set(e, RL_E_INVAL, "label: invalid PV UUID");
	memcpy(s + off, raw_uuid, 32);
	rl_put_le32(s + 16, lvm_label_calc_crc(s));
	return 0;
}
