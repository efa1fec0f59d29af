/* Fixed-width integer names used throughout the kernel and user programs. */
#ifndef XV6_TYPES_H
#define XV6_TYPES_H

typedef unsigned char      uchar;
typedef unsigned short     ushort;
typedef unsigned int       uint;

typedef unsigned char      uint8;
typedef unsigned short     uint16;
typedef unsigned int       uint32;
typedef unsigned long      uint64;

typedef uint64 pde_t;          /* a page-directory entry (kept for xv6 programs) */

typedef unsigned long size_t;  /* byte counts in the mmap calls */
typedef long          off_t;   /* file offsets in the mmap calls */

#endif
