/* The identity string relun records for a LUN in its journals, locks and
 * plans, and matches a journal's LUN by: "KIND:VALUE" (scsi:3600140...,
 * mpath:..., loop_file:/img, file:/img), from the kind and value device
 * discovery found. */
#ifndef RELUN_RL_IDENT_H
#define RELUN_RL_IDENT_H

#include <stddef.h>

/* out gets "KIND:VALUE", or "" when value is empty (identity unknown).
 * Returns the length it needed (snprintf's). */
int rl_ident_format(char *out, size_t n, const char *kind, const char *value);

#endif
