/* VHD footer + dynamic header + parent locators on arbitrary bytes.
 * Input layout: footer (512) | header (1024) | locator i's data in the i-th
 * 512-byte slot after that.  Whatever parses must serialize back to the same
 * bytes; decoded locators must survive encode/decode. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vhd.h"
#include "lvhd.h"

#define LV (8u << 20)

static void locator_roundtrip(uint32_t code, const char *p)
{
	uint8_t enc[2200];
	char q[1100], r[1100];
	size_t len;
	struct rl_err e;

	rl_err_init(&e, NULL);
	if (vhd_locator_encode(code, p, enc, sizeof(enc), &len, &e))
		return;
	if (vhd_locator_decode(code, enc, len, q, sizeof(q), &e))
		abort();
	if (vhd_locator_encode(code, q, enc, sizeof(enc), &len, &e) ||
	    vhd_locator_decode(code, enc, len, r, sizeof(r), &e) || strcmp(q, r))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	uint8_t buf[VHD_FOOTER_SIZE + VHD_HEADER_SIZE], out[VHD_HEADER_SIZE];
	struct vhd_footer f;
	struct vhd_header h;
	struct rl_err e;
	char path[1100], vg[200], lv[200], name[300];
	unsigned i;
	int backup;

	rl_err_init(&e, "fuzz");
	memset(buf, 0, sizeof(buf));
	memcpy(buf, d, n < sizeof(buf) ? n : sizeof(buf));
	if (vhd_footer_parse(buf, LV, 0, &f, &e) == 0) {
		vhd_footer_serialize(&f, out);
		if (!f.hidden_quirk && memcmp(out, buf, VHD_FOOTER_SIZE))
			abort();
	}
	(void)vhd_footer_pick(buf, buf + VHD_FOOTER_SIZE, LV, 0, &f, &backup, &e);
	if (vhd_header_parse(buf + VHD_FOOTER_SIZE, LV, 512, &h, &e) == 0) {
		vhd_header_serialize(&h, out);
		if (memcmp(out, buf + VHD_FOOTER_SIZE, VHD_HEADER_SIZE))
			abort();
		(void)vhd_prt_name_get(&h, name, sizeof(name));
		for (i = 0; i < VHD_NLOC; i++) {
			size_t at = sizeof(buf) + 512 * (size_t)i;

			if (h.loc[i].code == VHD_PLAT_NONE || at >= n)
				continue;
			if (h.loc[i].data_len > n - at)
				continue;
			if (vhd_locator_decode(h.loc[i].code, d + at, h.loc[i].data_len, path,
					       sizeof(path), &e))
				continue;
			(void)lvhd_locator_split(path, vg, sizeof(vg), lv, sizeof(lv));
			locator_roundtrip(h.loc[i].code, path);
		}
	}
	/* the raw locator decoders on the tail, whatever the header says */
	if (n > sizeof(buf)) {
		static const uint32_t codes[] = { VHD_PLAT_MACX, VHD_PLAT_W2KU, VHD_PLAT_W2RU };

		for (i = 0; i < 3; i++)
			if (vhd_locator_decode(codes[i], d + sizeof(buf), n - sizeof(buf), path,
					       sizeof(path), &e) == 0)
				locator_roundtrip(codes[i], path);
	}
	return 0;
}
