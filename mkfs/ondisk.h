/*
 * ondisk.h: reading and writing the fields of the on-disk format from a
 * host tool (mkfs, fsck.xv6).
 *
 * Every number on disk is little-endian, whatever the host's byte order,
 * so the tools never read a field of a struct dinode, dirent or
 * superblock directly: they pass its address to get16/get32 and
 * put16/put32.  Include kernel/types.h first.
 */

static inline void
put16(void *field, ushort v)
{
  uchar *p = field;

  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static inline ushort
get16(const void *field)
{
  const uchar *p = field;

  return p[0] | (p[1] << 8);
}

static inline void
put32(void *field, uint v)
{
  uchar *p = field;

  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = v >> 24;
}

static inline uint
get32(const void *field)
{
  const uchar *p = field;

  return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint)p[3] << 24);
}
