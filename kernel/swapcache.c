/*
 * The swap cache: private pages on their way to and from swap.
 *
 * A private page (anonymous memory, or a process's own copy of a file
 * page) that the reclaimer takes from a process goes to a swap slot
 * (swap.c): the PTE then holds the slot's number instead of the page
 * (SLOT2PTE in riscv.h), and the slot counts one reference per such
 * PTE.  fork copies the entry and adds a reference; unmap and exit drop
 * theirs; a fault reads the page back and drops its own.
 *
 * From the moment a page is given a slot until memory is needed again,
 * the cache keeps the page beside its slot, with a reference of its
 * own.  So:
 *
 *   - a page shared copy-on-write by several processes goes to one
 *     slot however many of them lose it (slot_of finds its slot), and
 *     is written once;
 *   - a fault on the slot in the meantime finds the page, without
 *     waiting for the disk (page_of);
 *   - a page is written to its slot by the reclaimer, after the PTEs
 *     that could still store to it are gone (swapcache_write);
 *   - once written, a page nobody else holds is idle: reclaim frees it
 *     (swapcache_shrink), and the slot alone keeps its contents.
 *
 * When a slot loses its last reference its page, if cached, leaves the
 * cache too: the faulting process that dropped it may now own the page
 * alone and store to it without a copy.
 *
 * A slot being written keeps an extra reference, so that it cannot be
 * freed and given to another page while the old write is in flight.
 *
 * Locking: sc.lock guards both maps and the written marks, and is
 * taken before swap.c's lock; kalloc is never called under it (it is a
 * row-9 lock in lockorder.h).  The disk is read and written with no
 * lock held.
 */

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "swap.h"
#include "defs.h"

#define NFRAMES  ((PHYSTOP - KERNBASE) / PGSIZE)   /* pages of RAM, at most */

static struct {
  struct spinlock lock;
  uint slot_of[NFRAMES];            /* per page of RAM: its slot, or 0 */
  char written[NFRAMES];            /* per page: its slot holds its bytes */
  uint page_of[SWAP_MAXSLOTS + 1];  /* per slot: its page's frame number + 1, or 0 */
  uint64 pagein, pageout;           /* pages read from swap, written to it */
} sc;

void
swapcacheinit(void)
{
  initlock(&sc.lock, "swapcache");
}

static uint
frame(void *pa)
{
  return ((uint64)pa - KERNBASE) / PGSIZE;
}

static void*
frame_page(uint f)
{
  return (void *)(KERNBASE + (uint64)f * PGSIZE);
}

/* The cached page of slot, or 0.  Caller holds sc.lock. */
static void*
cached_page(uint slot)
{
  return sc.page_of[slot] == 0 ? 0 : frame_page(sc.page_of[slot] - 1);
}

/* Take page pa, of slot, out of the cache, with the cache's reference.  Caller holds sc.lock. */
static void*
uncache(uint slot, void *pa)
{
  sc.page_of[slot] = 0;
  sc.slot_of[frame(pa)] = 0;
  sc.written[frame(pa)] = 0;
  return pa;
}

/*
 * The slot for resident private page pa, which a PTE is about to give
 * up (reclaim): the slot the page already has, with one more reference,
 * or a new one, with the page entering the cache (not yet written).
 * Returns 0 if swap is full (or absent).  Called under the owner's
 * vmspace lock: allocates nothing.
 */
uint
swapcache_assign(void *pa)
{
  uint slot;

  acquire(&sc.lock);
  slot = sc.slot_of[frame(pa)];
  if (slot != 0) {
    swap_ref(slot);
  } else if ((slot = swap_alloc()) != 0) {
    sc.page_of[slot] = frame(pa) + 1;
    sc.slot_of[frame(pa)] = slot;
    sc.written[frame(pa)] = 0;
    kpage_ref(pa);   /* the cache's */
  }
  release(&sc.lock);
  return slot;
}

/* A PTE naming slot is copied (fork): one more reference. */
void
swapcache_share(uint slot)
{
  acquire(&sc.lock);
  swap_ref(slot);
  release(&sc.lock);
}

/*
 * A PTE naming slot is gone (unmap, exit, or the page was read back).
 * With the slot's last reference goes its cached page, if any.
 */
void
swapcache_drop(uint slot)
{
  void *pa = 0;

  acquire(&sc.lock);
  swap_free(slot);
  if (swap_refs(slot) == 0 && (pa = cached_page(slot)) != 0)
    uncache(slot, pa);
  release(&sc.lock);
  if (pa != 0)
    kfree(pa);
}

/*
 * The page of slot, with a reference for the caller: from the cache, or
 * read from the disk into a new page (which joins the cache, so that
 * other holders of the slot find it).  Sleeps on the disk; the caller
 * holds no lock.  Returns 0 if memory is exhausted.
 */
void*
swapcache_get(uint slot)
{
  void *pa, *mine;

  acquire(&sc.lock);
  if ((pa = cached_page(slot)) != 0)
    kpage_ref(pa);
  release(&sc.lock);
  if (pa != 0)
    return pa;

  if ((mine = kalloc()) == 0)
    return 0;
  swap_read(slot, mine);
  __atomic_fetch_add(&sc.pagein, 1, __ATOMIC_RELAXED);

  acquire(&sc.lock);
  if ((pa = cached_page(slot)) == 0) {
    /* The caller's PTE still names the slot, so it is still ours. */
    pa = mine;
    mine = 0;
    sc.page_of[slot] = frame(pa) + 1;
    sc.slot_of[frame(pa)] = slot;
    sc.written[frame(pa)] = 1;
    kpage_ref(pa);   /* the cache's; kalloc's is the caller's */
  } else {
    kpage_ref(pa);   /* read back by another holder meanwhile */
  }
  release(&sc.lock);
  if (mine != 0)
    kfree(mine);
  return pa;
}

/*
 * Write the cached pages not yet written to their slots (reclaim, once
 * no PTE can store to them any more).  Returns how many were written.
 * Caller holds no lock.
 */
int
swapcache_write(void)
{
  uint f, slot;
  void *pa;
  int n = 0;

  for (f = 0; f < NFRAMES; f++) {
    acquire(&sc.lock);
    slot = sc.slot_of[f];
    pa = 0;
    if (slot != 0 && !sc.written[f]) {
      pa = frame_page(f);
      kpage_ref(pa);
      swap_ref(slot);   /* keeps the slot while the write is in flight */
      sc.written[f] = 1;
    }
    release(&sc.lock);
    if (pa == 0)
      continue;
    swap_write(slot, pa);
    __atomic_fetch_add(&sc.pageout, 1, __ATOMIC_RELAXED);
    n++;
    swapcache_drop(slot);
    kfree(pa);
  }
  return n;
}

/*
 * Free up to want cached pages that are written and held by the cache
 * alone: their slots keep their bytes.  Returns how many were freed.
 */
int
swapcache_shrink(int want)
{
  uint f, slot;
  void *pa;
  int n = 0;

  for (f = 0; f < NFRAMES && n < want; f++) {
    pa = 0;
    acquire(&sc.lock);
    slot = sc.slot_of[f];
    if (slot != 0 && sc.written[f] && kpage_refs(frame_page(f)) == 1)
      pa = uncache(slot, frame_page(f));
    release(&sc.lock);
    if (pa != 0) {
      kfree(pa);
      n++;
    }
  }
  return n;
}

/* Pages in the cache that are written and held by it alone: free for the asking. */
uint64
swapcache_idle(void)
{
  uint64 n = 0;
  uint f;

  acquire(&sc.lock);
  for (f = 0; f < NFRAMES; f++)
    if (sc.slot_of[f] != 0 && sc.written[f] && kpage_refs(frame_page(f)) == 1)
      n++;
  release(&sc.lock);
  return n;
}

/* Pages in the cache, and the pages read from and written to swap. */
void
swapcache_stats(uint64 *cached, uint64 *pagein, uint64 *pageout)
{
  uint f;
  uint64 n = 0;

  acquire(&sc.lock);
  for (f = 0; f < NFRAMES; f++)
    if (sc.slot_of[f] != 0)
      n++;
  release(&sc.lock);
  *cached = n;
  *pagein = sc.pagein;
  *pageout = sc.pageout;
}
