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
 * entries a node, 2^27 indexes).  An entry is the page's physical
 * address, or, for a page sent to swap, its swap slot (MO_SLOT: pages
 * are aligned, so the low bit tells them apart).  The object owns one
 * reference to each of its pages, or to the slot; a PTE that maps a
 * page owns another reference to the page.
 *
 * Swapping a shared page out takes two steps.  The reclaimer's private
 * clock unmaps a shared page from a process that has not touched it
 * lately (reclaim.c); once no process maps it, the object alone holds
 * it, and memobj_evict gives it a swap slot through the swap cache, as
 * a private page's PTE would.  memobj_get reads it back.
 *
 * Interface: memobj_alloc, memobj_ref, memobj_put (reference counting),
 * memobj_get (the page at an index, zeroed or read back if need be),
 * memobj_evict (the reclaimer's), memobj_swapped (for vmainfo).
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "pool.h"
#include "pagetree.h"
#include "defs.h"

#define MO_LEVELS  3   /* of the page tree */

/* An entry of the tree that names a swap slot instead of a page. */
#define MO_SLOT(slot)   (((uint64)(slot) << 1) | 1)
#define IS_SLOT(e)      (((e) & 1) != 0)
#define SLOT_OF(e)      ((uint)((e) >> 1))

struct memobj {
  struct spinlock lock;   /* protects ref and the tree */
  int ref;                /* VMAs referring to this object */
  struct pagetree pages;  /* index -> physical page, or MO_SLOT */
  struct memobj *next;    /* on the list of all objects (objects.lock) */
};

static struct pool memobjpool = POOL_INITIALIZER("memobj", struct memobj);

/* Every object, for memobj_evict.  Taken before any object's lock. */
static struct {
  struct spinlock lock;
  struct memobj *first;
} objects = { .lock = { .name = "memobjs" } };

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
  acquire(&objects.lock);
  mo->next = objects.first;
  objects.first = mo;
  release(&objects.lock);
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

/* pagetree_walk visitor: give back the object's reference to a page or slot. */
static int
free_entry(void *arg, uint64 idx, uint64 *e)
{
  if (IS_SLOT(*e))
    swapcache_drop(SLOT_OF(*e));
  else
    kfree((void *)*e);
  *e = 0;
  return 0;
}

/* Drop a reference to mo; the last one frees its pages and the object. */
void
memobj_put(struct memobj *mo)
{
  struct memobj **pp;
  int left;

  acquire(&mo->lock);
  left = --mo->ref;
  release(&mo->lock);
  if (left > 0)
    return;
  /* Off the list first: then memobj_evict cannot be looking at it. */
  acquire(&objects.lock);
  for (pp = &objects.first; *pp != mo; pp = &(*pp)->next)
    ;
  *pp = mo->next;
  release(&objects.lock);
  pagetree_walk(&mo->pages, 0, free_entry, 0);
  pool_free(&memobjpool, mo);
}

/*
 * Put page pa, with a reference of the tree's own, at index idx if the
 * entry there is still was.  Returns 1; 0 if the entry changed meanwhile
 * (another sharer faulted first); -1 if the tree had no room.
 */
static int
replace_entry(struct memobj *mo, uint64 idx, uint64 was, void *pa)
{
  uint64 *e;
  int r = 0;

  acquire(&mo->lock);
  e = pagetree_slot(&mo->pages, idx, &mo->lock);
  if (e == 0) {
    r = -1;
  } else if (*e == was) {
    *e = (uint64)pa;
    kpage_ref(pa);
    r = 1;
  }
  release(&mo->lock);
  return r;
}

/*
 * The page at index idx, with a reference for the caller: the one
 * there, or the one read back from its swap slot, or, for an index no
 * sharer has touched, a new zeroed page.  Sleeps on the swap disk; the
 * caller holds no lock.  Returns 0 if memory ran out.
 */
void*
memobj_get(struct memobj *mo, uint64 idx)
{
  uint64 *e, entry;
  void *pa;
  int r;

  for (;;) {
    acquire(&mo->lock);
    e = pagetree_lookup(&mo->pages, idx);
    entry = e != 0 ? *e : 0;
    if (entry != 0 && !IS_SLOT(entry))
      kpage_ref((void *)entry);
    release(&mo->lock);
    if (entry != 0 && !IS_SLOT(entry))
      return (void *)entry;

    if (entry == 0) {
      if ((pa = kalloc()) == 0)
        return 0;
      memset(pa, 0, PGSIZE);
    } else if ((pa = swapcache_get(SLOT_OF(entry))) == 0) {
      return 0;
    }
    if ((r = replace_entry(mo, idx, entry, pa)) == 1) {
      if (entry != 0)
        swapcache_drop(SLOT_OF(entry));   /* the tree's slot reference */
      return pa;
    }
    kfree(pa);
    if (r < 0)
      return 0;
    /* Another sharer was first: take what it put there. */
  }
}

/* What memobj_evict has done, and may do. */
struct evicting {
  int taken;
  int want;
  int full;   /* swap ran out */
};

/*
 * pagetree_walk visitor: give a page no process maps (the object holds
 * the only reference) a swap slot, which the entry names instead.  The
 * swap cache keeps the page until it is written (reclaim.c).  Caller
 * holds the object's lock.
 */
static int
evict_entry(void *arg, uint64 idx, uint64 *e)
{
  struct evicting *ev = arg;
  void *pa = (void *)*e;
  uint slot;

  if (IS_SLOT(*e) || kpage_refs(pa) != 1)
    return 0;
  if ((slot = swapcache_assign(pa)) == 0) {
    ev->full = 1;
    return 1;
  }
  *e = MO_SLOT(slot);
  kfree(pa);   /* the tree's reference; the swap cache holds its own */
  return ++ev->taken >= ev->want;
}

/*
 * Give up to want shared pages that no process maps a swap slot (the
 * reclaimer, after its private clock has unmapped the pages unused
 * lately).  Returns how many went, or -1 if swap is full.  Caller holds
 * no lock.
 */
int
memobj_evict(int want)
{
  struct evicting ev = { 0, want, 0 };
  struct memobj *mo;

  acquire(&objects.lock);
  for (mo = objects.first; mo != 0 && ev.taken < want && !ev.full; mo = mo->next) {
    acquire(&mo->lock);
    pagetree_walk(&mo->pages, 0, evict_entry, &ev);
    release(&mo->lock);
  }
  release(&objects.lock);
  return ev.taken == 0 && ev.full ? -1 : ev.taken;
}

/* What count_slot counts: swap slots at indexes below end. */
struct slots {
  uint64 end;
  uint64 n;
};

/* pagetree_walk visitor: count a slot entry; stop at end. */
static int
count_slot(void *arg, uint64 idx, uint64 *e)
{
  struct slots *c = arg;

  if (idx >= c->end)
    return 1;
  c->n += IS_SLOT(*e);
  return 0;
}

/* How many of mo's pages at indexes [first, first + n) are in swap. */
uint64
memobj_swapped(struct memobj *mo, uint64 first, uint64 n)
{
  struct slots c = { first + n, 0 };

  acquire(&mo->lock);
  pagetree_walk(&mo->pages, first, count_slot, &c);
  release(&mo->lock);
  return c.n;
}
