/* PV label codec against sectors written by LVM 2.03.16 (tests/unit/data/lvm):
 *   xs_label.bin        pvcreate -ff -y --metadatasize 10M + vgcreate (64 MiB)
 *   mc2_fresh_label.bin pvcreate ... --pvmetadatacopies 2 (no VG yet)
 *   mc2_label.bin       the same after vgcreate (PV_EXT_USED set)
 *   default_label.bin   plain pvcreate on 32 MiB
 *   ls2_label.bin       pvcreate --labelsector 2 (sector 2 of the device)
 *   uuidchg_{before,after}_label.bin  around pvchange --uuid */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "lvm_label.h"
#include "lvm_crc.h"
#include "rl_endian.h"
#include "unit_util.h"

static void load(const char *name, uint8_t *buf, size_t want)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "lvm/%s", name);
	assert_int_equal(ut_data_read(rel, buf, want), want);
}

static void fix_crc(uint8_t *s)
{
	rl_put_le32(s + 16, lvm_label_calc_crc(s));
}

/* The first 4 sectors of a device with `name` in sector `at`. */
static void disk_with(uint8_t disk[2048], const char *name, unsigned at)
{
	memset(disk, 0, 2048);
	load(name, disk + 512 * at, 512);
}

static char msg[700];

static const char *emsg(const struct rl_err *e)
{
	return rl_err_str(e, msg, sizeof(msg));
}

static void parse_xenserver_pv(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, "/dev/sdb");
	disk_with(disk, "xs_label.bin", 1);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 1);
	assert_int_equal(l.sector, 1);
	assert_int_equal(l.crc, 0x23592c05U);
	assert_string_equal(l.pv_uuid, "KQttWoBT4MrR9qHQA2nQgQ1XHXLKEaK8");
	assert_int_equal(l.device_size, 67108864);
	assert_int_equal(l.n_da, 1);
	assert_int_equal(l.da[0].offset, 11534336);
	assert_int_equal(l.da[0].size, 0);
	assert_int_equal(l.n_mda, 1);
	assert_int_equal(l.mda[0].offset, 4096);
	assert_int_equal(l.mda[0].size, 11530240);
	assert_int_equal(l.has_ext, 1);
	assert_int_equal(l.ext_version, 2);
	assert_int_equal(l.ext_flags, LVM_PV_EXT_USED);
	assert_int_equal(l.n_ba, 0);
	assert_int_equal(l.ignored_mask, 0);
}

static void parse_two_mdas(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	disk_with(disk, "mc2_fresh_label.bin", 1);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 1);
	assert_int_equal(l.n_mda, 2);
	assert_int_equal(l.mda[0].offset, 4096);
	assert_int_equal(l.mda[0].size, 11530240);
	assert_int_equal(l.mda[1].offset, 56623104);
	assert_int_equal(l.mda[1].size, 10485760);
	assert_int_equal(l.ext_flags, 0);
	disk_with(disk, "mc2_label.bin", 1);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 1);
	assert_int_equal(l.ext_flags, LVM_PV_EXT_USED);
	assert_int_equal(l.n_mda, 2);
}

static void parse_default_and_sector2(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	disk_with(disk, "default_label.bin", 1);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 1);
	assert_int_equal(l.da[0].offset, 1048576);
	assert_int_equal(l.mda[0].offset, 4096);
	assert_int_equal(l.mda[0].size, 1044480);
	assert_int_equal(l.device_size, 33554432);
	disk_with(disk, "ls2_label.bin", 2);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 1);
	assert_int_equal(l.sector, 2);
	assert_string_equal(l.pv_uuid, "zzaWEhQQsWUNlIsxLtBDdKUVAe7EfOfa");
}

static void round_trip_one(const char *name, unsigned at)
{
	uint8_t disk[2048], out[512];
	struct lvm_label l;
	struct rl_err e;

	rl_err_init(&e, NULL);
	disk_with(disk, name, at);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 1);
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(lvm_label_serialize(&l, out, &e), 0);
	assert_memory_equal(out, disk + 512 * at, 512);
}

static void round_trips(void **state)
{
	(void)state;
	round_trip_one("xs_label.bin", 1);
	round_trip_one("mc2_fresh_label.bin", 1);
	round_trip_one("mc2_label.bin", 1);
	round_trip_one("default_label.bin", 1);
	round_trip_one("ls2_label.bin", 2);
	round_trip_one("uuidchg_after_label.bin", 1);
}

/* Our patch of the uuid gives exactly the sector pvchange --uuid wrote. */
static void set_uuid_like_pvchange(void **state)
{
	uint8_t before[512], after[512];
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	load("uuidchg_before_label.bin", before, 512);
	load("uuidchg_after_label.bin", after, 512);
	assert_memory_not_equal(before, after, 512);
	assert_int_equal(lvm_label_set_pv_uuid(before, (const char *)after + 32, &e), 0);
	assert_memory_equal(before, after, 512);
	/* refuses a bad uuid or a sector that is not a label, changing nothing */
	assert_int_equal(lvm_label_set_pv_uuid(before, "PeabDxBlqA8jQSU5thXSONdJ03RlPop-", &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);
	assert_memory_equal(before, after, 512);
	before[100] ^= 1;
	assert_int_equal(lvm_label_set_pv_uuid(before, "PeabDxBlqA8jQSU5thXSONdJ03RlPopN", &e), -1);
	assert_string_equal(e.msg, "label: not a valid label sector");
}

static void no_label(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	memset(disk, 0, sizeof(disk));
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 0);
	/* a device too short to hold sector 1 entirely */
	disk_with(disk, "xs_label.bin", 1);
	assert_int_equal(lvm_label_find(disk, 1023, 0, &l, &e), 0);
	assert_int_equal(lvm_label_find(disk, 1024, 0, &l, &e), 1);
	assert_int_equal(lvm_label_find(disk, 0, 0, &l, &e), 0);
}

static void bad_crc(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, "/dev/sdb");
	disk_with(disk, "xs_label.bin", 1);
	disk[512 + 40] ^= 0x20; /* a uuid character */
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
	assert_int_equal(e.off, 528);
	assert_string_equal(emsg(&e),
			    "/dev/sdb: offset 528 (0x210): label: checksum 0x23592c05, computed 0x9304533d");
}

static void wrong_sector(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, "/dev/sdb");
	disk_with(disk, "xs_label.bin", 2); /* says sector 1, found in 2 */
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
	assert_string_equal(emsg(&e),
			    "/dev/sdb: offset 1032 (0x408): label: LABELONE in sector 2 says sector 1");
}

static void wrong_type(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	disk_with(disk, "xs_label.bin", 1);
	memcpy(disk + 512 + 24, "LVM1 001", 8);
	fix_crc(disk + 512);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
	assert_int_equal(e.off, 536);
	assert_string_equal(e.msg, "label: type is not \"LVM2 001\"");
}

static void bad_offset_xl(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	disk_with(disk, "xs_label.bin", 1);
	rl_put_le32(disk + 512 + 20, 500);
	fix_crc(disk + 512);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
	assert_int_equal(e.off, 532);
	assert_string_equal(e.msg, "label: pv_header offset 500 outside the sector");
	rl_put_le32(disk + 512 + 20, 8);
	fix_crc(disk + 512);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
}

static void list_past_sector(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;
	unsigned i;

	(void)state;
	rl_err_init(&e, NULL);
	/* pv_header at the last possible place: the data area list starts at
	 * the sector's end */
	disk_with(disk, "xs_label.bin", 1);
	memset(disk + 512 + 32, 0, 480);
	rl_put_le32(disk + 512 + 20, 472);
	memcpy(disk + 512 + 472, "KQttWoBT4MrR9qHQA2nQgQ1XHXLKEaK8", 32);
	fix_crc(disk + 512);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
	assert_int_equal(e.off, 1024);
	assert_string_equal(e.msg, "label: data area list runs past the end of the label sector");
	/* nine data areas */
	disk_with(disk, "xs_label.bin", 1);
	memset(disk + 512 + 72, 0, 440);
	for (i = 0; i < 9; i++) {
		rl_put_le64(disk + 512 + 72 + 16 * i, 1048576 * (i + 1));
		rl_put_le64(disk + 512 + 80 + 16 * i, 0);
	}
	fix_crc(disk + 512);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
	assert_int_equal(e.off, 512 + 72 + 16 * 8);
	assert_string_equal(e.msg, "label: more than 8 data area entries");
	/* a bootloader list without terminator up to the end */
	disk_with(disk, "xs_label.bin", 1);
	for (i = 0x90; i + 16 <= 512; i += 16)
		rl_put_le64(disk + 512 + i, 4096);
	fix_crc(disk + 512);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
	assert_int_equal(e.code, RL_E_CORRUPT);
}

static void absurd_values(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	/* mda beyond the device size */
	disk_with(disk, "xs_label.bin", 1);
	rl_put_le64(disk + 512 + 0x70, 67108864);
	fix_crc(disk + 512);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
	assert_string_equal(e.msg,
			    "label: metadata area 1 {4096, 67108864} does not fit a device of 67108864 bytes");
	/* mda too small for its header */
	rl_put_le64(disk + 512 + 0x70, 100);
	fix_crc(disk + 512);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
	/* offset + size wraps around */
	rl_put_le64(disk + 512 + 0x68, UINT64_MAX - 10);
	rl_put_le64(disk + 512 + 0x70, 4096);
	fix_crc(disk + 512);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
	assert_int_equal(e.off, 512 + 0x68);
	/* invalid uuid character */
	disk_with(disk, "xs_label.bin", 1);
	disk[512 + 33] = '-';
	fix_crc(disk + 512);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
	assert_string_equal(e.msg, "label: PV UUID contains invalid characters");
}

/* LVM's scanning rules: bad LABELONE sectors are skipped, the first good
 * one wins, later ones are ignored. */
static void first_qualifying_wins(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	disk_with(disk, "xs_label.bin", 1);
	memcpy(disk, disk + 512, 512); /* sector 0: says sector 1 */
	load("uuidchg_after_label.bin", disk + 1536, 512);
	rl_put_le64(disk + 1536 + 8, 3);
	fix_crc(disk + 1536);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 1);
	assert_int_equal(l.sector, 1);
	assert_string_equal(l.pv_uuid, "KQttWoBT4MrR9qHQA2nQgQ1XHXLKEaK8");
	assert_int_equal(l.ignored_mask, 0x9);
	/* with sector 1 damaged, sector 3 is the label */
	disk[512 + 100] ^= 1;
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 1);
	assert_int_equal(l.sector, 3);
	assert_string_equal(l.pv_uuid, "PeabDxBlqA8jQSU5thXSONdJ03RlPopN");
	assert_int_equal(l.ignored_mask, 0x3);
}

/* LVM's labeller looks only at the type: "LVM2 001" at +24 of a sector
 * without LABELONE would be taken, unchecked.  We call that corrupt. */
static void type_without_id(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	disk_with(disk, "xs_label.bin", 1);
	memcpy(disk + 24, "LVM2 001", 8);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), -1);
	assert_int_equal(e.off, 0);
	/* after the label it is only an ignored extra */
	memset(disk, 0, 512);
	memcpy(disk + 1024 + 24, "LVM2 001", 8);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 1);
}

static void base_offset_in_messages(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	disk_with(disk, "xs_label.bin", 1);
	disk[600] ^= 1;
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 1048576, &l, &e), -1);
	assert_int_equal(e.off, 1048576 + 528);
}

static void serialize_rejects(void **state)
{
	uint8_t disk[2048], out[512];
	char uuid[33];
	struct lvm_label l;
	struct rl_err e;

	(void)state;
	rl_err_init(&e, NULL);
	disk_with(disk, "mc2_label.bin", 1);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 1);
	l.n_mda = 9;
	assert_int_equal(lvm_label_serialize(&l, out, &e), -1);
	assert_int_equal(e.code, RL_E_INVAL);
	l.n_mda = 2;
	memcpy(uuid, l.pv_uuid, sizeof(uuid));
	l.pv_uuid[5] = '?';
	assert_int_equal(lvm_label_serialize(&l, out, &e), -1);
	l.pv_uuid[5] = uuid[5];
	l.sector = 4;
	assert_int_equal(lvm_label_serialize(&l, out, &e), -1);
	l.sector = 0;
	assert_int_equal(lvm_label_serialize(&l, out, &e), 0);
	memset(disk, 0, sizeof(disk));
	memcpy(disk, out, 512);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 1);
	assert_int_equal(l.sector, 0);
	assert_string_equal(l.pv_uuid, uuid);
	assert_int_equal(l.n_mda, 2);
	assert_int_equal(l.mda[1].offset, 56623104);
}

/* Where the label, the pv_header and the first PE lie, from LVM's format:
 * 512-byte sectors (SECTOR_SHIFT 9), the label in one of the first four
 * (LABEL_SCAN_SECTORS), struct label_header 32 bytes with pv_header right
 * after it (offset_xl = 32, layout.h / label.h); then checked on the bytes
 * of pvcreate --labelsector 2.  Text sectors: LVM 2.02.180's SR_IMG PV,
 * whose vgcfgbackup says pe_start = 22528 and extent_size = 8192
 * ("4 Megabytes", /work/shared/fixtures/lvm2-2.02.180) and pvs 11.00m
 * (tests/data/lvm2-2.02.180/pvs.json). */
static void geometry_from_layout(void **state)
{
	uint8_t disk[2048];
	struct lvm_label l;
	struct rl_err e;
	uint64_t lo, ph;

	(void)state;
	assert_int_equal(LVM_SECTOR_SIZE, 512);
	assert_int_equal(LVM_LABEL_SCAN_SIZE, 2048);
	assert_int_equal(lvm_label_offset(0), 0);
	assert_int_equal(lvm_label_offset(1), 512);
	assert_int_equal(lvm_label_offset(3), 1536);
	assert_int_equal(lvm_pv_header_offset(1), 544);
	assert_int_equal(lvm_pv_header_offset(2), 1056);
	assert_int_equal(lvm_sectors_to_bytes(22528), 11u << 20);
	assert_int_equal(lvm_sectors_to_bytes(8192), 4u << 20);

	rl_err_init(&e, NULL);
	disk_with(disk, "ls2_label.bin", 2);
	assert_int_equal(lvm_label_find(disk, sizeof(disk), 0, &l, &e), 1);
	lo = lvm_label_offset(l.sector);
	ph = lvm_pv_header_offset(l.sector);
	assert_memory_equal(disk + lo, "LABELONE", 8);
	assert_int_equal(rl_get_le64(disk + lo + 8), 2);              /* sector_xl */
	assert_int_equal(rl_get_le32(disk + lo + 20), ph - lo);       /* offset_xl */
	assert_memory_equal(disk + lo + 24, "LVM2 001", 8);
	assert_memory_equal(disk + ph, l.pv_uuid, 32);
	assert_int_equal(rl_get_le64(disk + ph + 32), l.device_size);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_xenserver_pv),
		cmocka_unit_test(parse_two_mdas),
		cmocka_unit_test(parse_default_and_sector2),
		cmocka_unit_test(round_trips),
		cmocka_unit_test(set_uuid_like_pvchange),
		cmocka_unit_test(no_label),
		cmocka_unit_test(bad_crc),
		cmocka_unit_test(wrong_sector),
		cmocka_unit_test(wrong_type),
		cmocka_unit_test(bad_offset_xl),
		cmocka_unit_test(list_past_sector),
		cmocka_unit_test(absurd_values),
		cmocka_unit_test(first_qualifying_wins),
		cmocka_unit_test(type_without_id),
		cmocka_unit_test(base_offset_in_messages),
		cmocka_unit_test(serialize_rejects),
		cmocka_unit_test(geometry_from_layout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
