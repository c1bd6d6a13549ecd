/* libFuzzer harness for the PV label codec.  Each input (the first 4 sectors
 * of a device) is parsed as is, then again with the CRC of every LABELONE
 * sector repaired so the fuzzer reaches the pv_header parser.  A label found
 * must serialize, and the serialized sector must parse back to the same
 * label; patching its uuid must keep it valid. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lvm_label.h"

static void check(const uint8_t *d, size_t n)
{
	struct lvm_label l, l2;
	struct rl_err e;
	uint8_t disk[LVM_LABEL_SCAN_SIZE], sec[512];
	int r;

	rl_err_init(&e, "fuzz");
	r = lvm_label_find(d, n, 0, &l, &e);
	if (r < -1 || r > 1)
		abort();
	if (r != 1)
		return;
	if (l.sector >= LVM_LABEL_SCAN_SECTORS || strlen(l.pv_uuid) != 32)
		abort();
	if (lvm_label_serialize(&l, sec, &e))
		abort(); /* what we parse we can write */
	memset(disk, 0, sizeof(disk));
	memcpy(disk + 512 * l.sector, sec, 512);
	if (lvm_label_find(disk, sizeof(disk), 0, &l2, &e) != 1)
		abort();
	l2.ignored_mask = l.ignored_mask;
	l2.crc = l.crc;
	if (memcmp(&l, &l2, sizeof(l)))
		abort();
	if (lvm_label_set_pv_uuid(sec, "abcdefghijklmnopqrstuvwxyzABCDEF", &e))
		abort();
	memcpy(disk + 512 * l.sector, sec, 512);
	if (lvm_label_find(disk, sizeof(disk), 0, &l2, &e) != 1 ||
	    strcmp(l2.pv_uuid, "abcdefghijklmnopqrstuvwxyzABCDEF"))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	uint8_t buf[LVM_LABEL_SCAN_SIZE];
	size_t i;

	if (n > sizeof(buf))
		n = sizeof(buf);
	check(d, n);
	memcpy(buf, d, n);
	for (i = 0; i + 512 <= n; i += 512) {
		if (memcmp(buf + i, LVM_LABEL_ID, 8))
			continue;
		uint32_t c = lvm_label_calc_crc(buf + i);

		buf[i + 16] = (uint8_t)c;
		buf[i + 17] = (uint8_t)(c >> 8);
		buf[i + 18] = (uint8_t)(c >> 16);
		buf[i + 19] = (uint8_t)(c >> 24);
	}
	check(buf, n);
	return 0;
}
