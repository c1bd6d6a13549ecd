/* LVM's checksum (lib/misc/crc.c calc_crc): reflected CRC-32, polynomial
 * 0xEDB88320, initial value 0xf597a6cf, no final xor.  Chainable:
 * lvm_crc(lvm_crc(LVM_INITIAL_CRC, a, na), b, nb) == CRC of a||b.
 * Used for the label sector (+20..+511), the mda header (+4..+511) and the
 * metadata text (the rlocn's size bytes, see lvm_text_checksum in lvm_mda.h). */
#ifndef RELUN_LVM_CRC_H
#define RELUN_LVM_CRC_H

#include <stdint.h>
#include <stddef.h>

#define LVM_INITIAL_CRC 0xf597a6cfU

uint32_t lvm_crc(uint32_t initial, const void *buf, size_t len);

#endif
