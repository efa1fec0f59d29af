/*
 * A reader of the flattened device tree (FDT) QEMU hands the kernel:
 * just enough to find the RAM, in the /memory node.
 *
 * The blob is big-endian.  A header gives the offsets of the structure
 * block (the tree, as a stream of 32-bit tokens) and the strings block
 * (property names).  The stream is a depth-first walk of the tree:
 * BEGIN_NODE (with the node's name), the node's properties (PROP: a
 * length, the offset of its name, the value), its children, END_NODE.
 * Names and values are padded to 4 bytes.  See the Devicetree
 * Specification, chapter 5.
 */

#include "types.h"
#include "param.h"
#include "riscv.h"
#include "defs.h"

#define FDT_MAGIC       0xd00dfeed
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

/* Header fields: 32-bit words. */
#define HDR_MAGIC       0
#define HDR_TOTALSIZE   1
#define HDR_OFF_STRUCT  2
#define HDR_OFF_STRINGS 3
#define HDR_WORDS       10

/* Cell counts a node's children use when their parent does not say. */
#define DEFAULT_ADDRESS_CELLS 2
#define DEFAULT_SIZE_CELLS    1

/* The big-endian 32-bit word at p. */
static uint32
be32(const uchar *p)
{
  return ((uint32)p[0] << 24) | ((uint32)p[1] << 16) | ((uint32)p[2] << 8) | p[3];
}

/* The number of ncells big-endian cells (1 or 2) at p. */
static uint64
cells(const uchar *p, int ncells)
{
  return ncells == 1 ? be32(p) : ((uint64)be32(p) << 32) | be32(p + 4);
}

/* Is the node name "memory" or "memory@..."? */
static int
is_memory_node(const char *name)
{
  return strncmp(name, "memory", 6) == 0 && (name[6] == '\0' || name[6] == '@');
}

/*
 * Find the first RAM range in the device tree at physical address fdt:
 * the first base and size of the reg property of the root's "memory"
 * node, in the cells the root's #address-cells and #size-cells give.
 * Returns 0 and sets *base and *size, or -1 when fdt is no device tree
 * or has no such node.  Reads the blob only; run before the pages it
 * lies in are reused.
 */
int
fdt_memory(uint64 fdt, uint64 *base, uint64 *size)
{
  const uchar *blob = (const uchar *)fdt;
  const uchar *p, *end, *strings, *value;
  const char *name;
  uint32 token, len;
  int depth = 0, in_memory = 0;
  int acells = DEFAULT_ADDRESS_CELLS, scells = DEFAULT_SIZE_CELLS;

  if (fdt == 0 || fdt % 4 != 0 || be32(blob + 4 * HDR_MAGIC) != FDT_MAGIC)
    return -1;
  end = blob + be32(blob + 4 * HDR_TOTALSIZE);
  p = blob + be32(blob + 4 * HDR_OFF_STRUCT);
  strings = blob + be32(blob + 4 * HDR_OFF_STRINGS);
  if (p < blob + 4 * HDR_WORDS || p >= end || strings >= end)
    return -1;

  while (p + 4 <= end) {
    token = be32(p);
    p += 4;
    switch (token) {
    case FDT_BEGIN_NODE:
      name = (const char *)p;
      depth++;
      /* The root is depth 1; its children, depth 2. */
      in_memory = depth == 2 && is_memory_node(name);
      p += (strlen(name) + 1 + 3) & ~3;
      break;
    case FDT_END_NODE:
      depth--;
      in_memory = 0;
      break;
    case FDT_PROP:
      if (p + 8 > end)
        return -1;
      len = be32(p);
      name = (const char *)(strings + be32(p + 4));
      value = p + 8;
      p = value + ((len + 3) & ~3);
      if (p > end || (const uchar *)name >= end)
        return -1;
      if (depth == 1 && len == 4 && strncmp(name, "#address-cells", 15) == 0)
        acells = be32(value);
      else if (depth == 1 && len == 4 && strncmp(name, "#size-cells", 12) == 0)
        scells = be32(value);
      else if (in_memory && strncmp(name, "reg", 4) == 0) {
        if (acells < 1 || acells > 2 || scells < 1 || scells > 2 ||
            len < 4 * (acells + scells))
          return -1;
        *base = cells(value, acells);
        *size = cells(value + 4 * acells, scells);
        return 0;
      }
      break;
    case FDT_NOP:
      break;
    default:   /* FDT_END, or a token this reader does not know */
      return -1;
    }
  }
  return -1;
}
