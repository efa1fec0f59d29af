/*
 * Shared anonymous memory objects.
 *
 * A memobj holds the physical pages of a MAP_SHARED|MAP_ANONYMOUS
 * mapping by page index (counted from the start of the first mapping),
 * so that every VMA referring to it (the mapping process's, and its
 * forked children's) maps the same page at the same index, however the
 * VMAs are later split, and a page faulted in by one is seen by all.
 * (A file's pages live in its inode's page cache instead: pagecache.c.)
 *
 * The pages hang off a three-level radix tree of page-sized nodes, 512
 * entries each (the shape of an Sv39 page table); a leaf entry is the
 * page's physical address.  The object owns one reference to each of
 * its pages; a PTE that maps one owns another.
 *
 * Interface: memobj_alloc, memobj_ref, memobj_put (reference counting),
 * memobj_page (page at an index), memobj_insert (install a filled page).
 */

#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "pool.h"
#include "defs.h"

#define MO_BITS    9                        /* index bits per tree level */
#define MO_FANOUT  (1 << MO_BITS)           /* entries per node */
#define MO_LEVELS  3
#define MO_LIMIT   (1L << (MO_BITS * MO_LEVELS))   /* indexes are below this */

/* The part of index idx that selects an entry in a node at level (2 = root). */
#define MO_SLOT(level, idx) (((idx) >> (MO_BITS * (level))) & (MO_FANOUT - 1))

struct memobj {
  struct spinlock lock;   /* protects ref and the tree */
  int ref;                /* VMAs referring to this object */
  uint64 *root;           /* level-2 node, or 0 while empty */
};

static struct pool memobjpool = POOL_INITIALIZER("memobj", struct memobj);

/* A new, empty object with one reference, or 0 if memory is exhausted. */
struct memobj*
memobj_alloc(void)
{
  struct memobj *mo = pool_alloc(&memobjpool);

  if (mo == 0)
    return 0;
  initlock(&mo->lock, "memobj");
  mo->ref = 1;
  mo->root = 0;
  return mo;
}

/* Add a reference to mo (another VMA refers to it). */
void
memobj_ref(struct memobj *mo)
{
  acquire(&mo->lock);
  mo->ref++;
  release(&mo->lock);
}

/* Free a tree node at level and everything below it. */
static void
free_node(uint64 *node, int level)
{
  int i;

  for (i = 0; i < MO_FANOUT; i++) {
    if (node[i] == 0)
      continue;
    if (level == 0)
      kfree((void *)node[i]);
    else
      free_node((uint64 *)node[i], level - 1);
  }
  kfree(node);
}

/* Drop a reference to mo; the last one frees its pages and the object. */
void
memobj_put(struct memobj *mo)
{
  int left;

  acquire(&mo->lock);
  left = --mo->ref;
  release(&mo->lock);
  if (left > 0)
    return;
  if (mo->root)
    free_node(mo->root, MO_LEVELS - 1);
  pool_free(&memobjpool, mo);
}

/*
 * The leaf entry for index idx, creating the nodes on the way when
 * create is set.  Returns 0 if the entry's node is missing (or could not
 * be allocated).  Caller holds mo->lock.
 */
static uint64*
leaf_entry(struct memobj *mo, uint64 idx, int create)
{
  uint64 **link = &mo->root;
  uint64 *node;
  int level;

  if (idx >= MO_LIMIT)
    return 0;
  for (level = MO_LEVELS - 1; ; level--) {
    if (*link == 0) {
      if (!create || (*link = kalloc()) == 0)
        return 0;
      memset(*link, 0, PGSIZE);
    }
    node = *link;
    if (level == 0)
      return &node[MO_SLOT(0, idx)];
    link = (uint64 **)&node[MO_SLOT(level, idx)];
  }
}

/* The physical page at index idx, or 0 if there is none yet. */
void*
memobj_page(struct memobj *mo, uint64 idx)
{
  uint64 *e;
  void *pa = 0;

  acquire(&mo->lock);
  e = leaf_entry(mo, idx, 0);
  if (e && *e)
    pa = (void *)*e;
  release(&mo->lock);
  return pa;
}

/*
 * Install page pa (filled by the caller, who hands its reference over)
 * at index idx.  If another process installed a page there first, pa is
 * left alone and that page is returned instead: the caller frees pa.
 * Returns the page now at idx, or 0 if memory for the tree ran out.
 */
void*
memobj_insert(struct memobj *mo, uint64 idx, void *pa)
{
  uint64 *e;

  acquire(&mo->lock);
  e = leaf_entry(mo, idx, 1);
  if (e == 0) {
    release(&mo->lock);
    return 0;
  }
  if (*e == 0)
    *e = (uint64)pa;
  pa = (void *)*e;
  release(&mo->lock);
  return pa;
}
