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
 * The pages hang off a page tree of three levels (pagetree.c: 512
 * entries a node, 2^27 indexes); an entry is the page's physical
 * address.  The object owns one reference to each of its pages; a PTE
 * that maps one owns another.
 *
 * Interface: memobj_alloc, memobj_ref, memobj_put (reference counting),
 * memobj_page (page at an index), memobj_insert (install a filled page).
 */

#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "pool.h"
#include "pagetree.h"
#include "defs.h"

#define MO_LEVELS  3   /* of the page tree */

struct memobj {
  struct spinlock lock;   /* protects ref and the tree */
  int ref;                /* VMAs referring to this object */
  struct pagetree pages;  /* index -> physical page */
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
  pagetree_init(&mo->pages, MO_LEVELS);
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

/* pagetree_walk visitor: give back the object's reference to a page. */
static int
free_page(void *arg, uint64 idx, uint64 *e)
{
  kfree((void *)*e);
  *e = 0;
  return 0;
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
  pagetree_walk(&mo->pages, 0, free_page, 0);
  pool_free(&memobjpool, mo);
}

/* The physical page at index idx, or 0 if there is none yet. */
void*
memobj_page(struct memobj *mo, uint64 idx)
{
  uint64 *e;
  void *pa = 0;

  acquire(&mo->lock);
  e = pagetree_lookup(&mo->pages, idx);
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
  e = pagetree_slot(&mo->pages, idx, &mo->lock);
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
