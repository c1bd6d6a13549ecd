/* The JSON form of an identification (relun-sg --json; relun-probe embeds
 * the same object).  Keys are stable and documented in relun-sg(8):
 *
 *   device vendor product revision serial SCSIid scsi_id_g scsi_id_u
 *   scsi_id_g_hex profile id_source id_type size_bytes logical_block_size
 *   hctl driver transport target port targetIQN tpgt iscsi_session
 *   fc{host_wwpn host_wwnn target_wwpn target_wwnn port_id rport port_state}|null
 *   multipath{map uuid dm paths[{device hctl state}]}|null
 *   alua{tpgs port_group relative_port state preferred dh_state access_state
 *        groups[{id state preferred ports[]}] rdac{mode owned preferred state}|null}|null
 *   udev{ID_SERIAL ... as scsi_id --export prints them}|null
 *   warnings[] error
 *
 * Unknown values are null, never "".  Strings that are not valid UTF-8 (a
 * raw id can hold any byte) have the bad bytes replaced by U+FFFD; the
 * exact bytes of the id are in scsi_id_g_hex. */
#ifndef RELUN_SG_IDENT_JSON_H
#define RELUN_SG_IDENT_JSON_H

#include <json.h>
#include "sg_ident.h"

/* error: the per-device error message, or NULL. */
struct json_object *sg_ident_json(const struct sg_ident *id, const char *error);

#endif
