/*
 * A page tree: a sparse array of 64-bit entries by page index, a radix
 * tree of page-sized nodes of PT_FANOUT entries each (the shape of an
 * Sv39 page table).  A leaf node (level 0) holds the entries; a node
 * above it holds the addresses of the nodes one level down; an absent
 * node stands for PT_FANOUT^level zero entries.  A tree of `levels`
 * levels holds the indexes below PT_FANOUT^levels.
 *
 * What an entry means is its owner's business (memobj.c, pagecache.c);
 * only 0 means "empty".  The owner's lock protects the tree; the
 * functions (pagetree.c) are called with it held.
 */
#define PT_BITS    9                   /* index bits per level */
#define PT_FANOUT  (1 << PT_BITS)      /* entries per node */

struct pagetree {
  uint64 root;   /* the top node's address, or 0 while the tree is empty */
  int levels;
};
