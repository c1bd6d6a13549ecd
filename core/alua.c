#include "alua.h"
#include "rl_endian.h"

#include <string.h>

unsigned alua_tpgs(const uint8_t *std, size_t n)
{
	return n > 5 ? (std[5] >> 4) & 3 : 0;
}

const char *alua_tpgs_name(unsigned tpgs)
{
	switch (tpgs) {
	case 1: return "implicit";
	case 2: return "explicit";
	case 3: return "implicit+explicit";
	}
	return "none";
}

const char *alua_state_name(unsigned aas)
{
	switch (aas) {
	case 0x0: return "active/optimized";
	case 0x1: return "active/non-optimized";
	case 0x2: return "standby";
	case 0x3: return "unavailable";
	case 0x4: return "lba-dependent";
	case 0xe: return "offline";
	case 0xf: return "transitioning";
	}
	return "reserved";
}

int alua_parse_rtpg(const uint8_t *b, size_t n, int extended, struct alua_rtpg *r,
		    struct rl_err *e)
{
	size_t total, k;
	unsigned j, count;

	memset(r, 0, sizeof(*r));
	if (n < 4)
		return rl_err_at(e, RL_E_CORRUPT, 0, "REPORT TARGET PORT GROUPS: %zu bytes, need 4", n);
	total = (size_t)rl_get_be32(b) + 4;
	if (total > n) {
		r->truncated = 1;
		total = n;
	}
	k = 4;
	if (extended && total >= 8 && (b[4] & 0x70) == 0x10) {
		r->extended = 1;
		r->transition_time = b[5];
		k = 8;
	}
	while (k + 8 <= total) {
		struct alua_group *g;

		count = b[k + 7];
		if (k + 8 + 4 * (size_t)count > total)
			return rl_err_at(e, RL_E_CORRUPT, k,
					 "target port group descriptor with %u ports overruns the %zu-byte response",
					 count, total);
		if (r->n_groups < ALUA_MAX_GROUPS) {
			g = &r->groups[r->n_groups++];
			g->pref = !!(b[k] & 0x80);
			g->aas = b[k] & 0x0f;
			g->supported = b[k + 1];
			g->id = rl_get_be16(b + k + 2);
			g->status = b[k + 5];
			g->vendor = b[k + 6];
			g->n_ports = count;
			for (j = 0; j < count && j < ALUA_MAX_PORTS; j++)
				g->ports[j] = rl_get_be16(b + k + 8 + 4 * j + 2);
		}
		k += 8 + 4 * (size_t)count;
	}
	if (k < total)
		r->truncated = 1;
	return 0;
}

const struct alua_group *alua_group_of_port(const struct alua_rtpg *r, unsigned relport)
{
	unsigned i, j;

	for (i = 0; i < r->n_groups; i++)
		for (j = 0; j < r->groups[i].n_ports && j < ALUA_MAX_PORTS; j++)
			if (r->groups[i].ports[j] == relport)
				return &r->groups[i];
	return NULL;
}

const struct alua_group *alua_group_by_id(const struct alua_rtpg *r, unsigned id)
{
	unsigned i;

	for (i = 0; i < r->n_groups; i++)
		if (r->groups[i].id == id)
			return &r->groups[i];
	return NULL;
}

void alua_port_from_vpd83(const uint8_t *p83, size_t n, int *tpg, int *relport)
{
	size_t end, k;

	*tpg = -1;
	*relport = -1;
	if (n < 4 || p83[1] != 0x83)
		return;
	end = (size_t)rl_get_be16(p83 + 2) + 4;
	if (end > n)
		end = n;
	for (k = 4; k + 4 <= end; k += 4 + (size_t)p83[k + 3]) {
		uint8_t assoc = (p83[k + 1] >> 4) & 3, type = p83[k + 1] & 0x0f;

		if (k + 4 + p83[k + 3] > end)
			break;
		if (assoc != 1 || p83[k + 3] < 4)
			continue;
		if (type == 5)
			*tpg = (int)rl_get_be16(p83 + k + 6);
		else if (type == 4)
			*relport = (int)rl_get_be16(p83 + k + 6);
	}
}

int alua_parse_rdac_c9(const uint8_t *b, size_t n, struct alua_rdac *r)
{
	memset(r, 0, sizeof(*r));
	if (n < 10 || b[1] != 0xc9 || memcmp(b + 4, "vac", 3))
		return -1;
	r->valid = 1;
	/* scsi_dh_rdac check_ownership() */
	if ((b[8] >> 5) & 1)
		r->mode = "IOSHIP";
	else if (b[8] >> 7)
		r->mode = "AVT";
	else
		r->mode = "RDAC";
	r->owned = b[8] & 1;
	r->preferred = b[9] & 1;
	if (r->owned)
		r->access = "active/optimized";
	else if (!strcmp(r->mode, "RDAC"))
		r->access = "standby";
	else
		r->access = "active/non-optimized";
	return 0;
}
