/*
 * Page reclaim: making room when free memory runs low.
 *
 * User memory may exceed RAM.  When a process needs a page and fewer
 * than LOW_WATER are free, it reclaims pages itself (direct reclaim,
 * reclaim_if_low, called from the fault path where no lock is held)
 * until HIGH_WATER are free, or nothing more can go.  Between the two
 * marks lies the reserve that the kernel's own allocations draw on
 * (page tables, pipes, kernel stacks), which never wait for reclaim.
 *
 * Pages go in the order a second-chance clock picks them, cheapest
 * first:
 *
 *   1. pages nobody uses: spare pool pages, idle page-cache pages
 *      (clean, unmapped), swap-cache pages already written;
 *   2. file pages, by a clock over the page caches of the files in
 *      use: a page whose mappers' PTEs show no access since the last
 *      pass (PTE_A) is unmapped from every process through the file's
 *      list of mappings, written back if dirty, and freed;
 *   3. private pages (anonymous memory, copies of file pages), by a
 *      clock over the processes' page tables: a page not accessed since
 *      the last pass is given a swap slot (swapcache.c), and its PTE
 *      names the slot instead; once written to the slot it is freed.
 *      The same clock unmaps shared anonymous pages not accessed since
 *      the last pass, and a page that no process maps any more then
 *      goes to swap from its object (memobj_evict).
 *
 * Each clock clears PTE_A as it passes, so a page survives one pass
 * after its last use.  Kernel memory (page tables, kernel stacks, pool
 * objects) is never paged.  A running program's text is a file mapping
 * like any other: its pages are dropped when unused and come back from
 * the file at the next fault.
 *
 * Locking: one process reclaims at a time (reclaimer, a sleep lock,
 * taken with no other lock held: lockorder.h row 0).  The file clock
 * holds the inode's lock, under which every change to a file PTE is
 * made.  The private clock holds the victim's p->lock, so that it
 * cannot exit, and its vmspace lock, under which its owner changes its
 * PTEs too (vm.c, vmfault.c); it passes over processes running on
 * other harts, whose TLBs may hold the translations it would take
 * away, and so a private page is written to swap only once no PTE can
 * reach it.
 */

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fcntl.h"
#include "fs.h"
#include "pagetree.h"
#include "file.h"
#include "vma.h"
#include "proc.h"
#include "swap.h"
#include "vmstat.h"
#include "defs.h"

#define LOW_WATER   64    /* free pages below which a fault reclaims */
#define HIGH_WATER  128   /* free pages it reclaims up to */
#define SCAN_BATCH  256   /* pages a clock looks at per step */

static struct sleeplock reclaimer;

/* Where each clock stopped. */
static struct {
  int inode;              /* the file clock: inode table slot */
  uint idx;               /* and page of that file */
  int proc;               /* the private clock: process table slot */
  uint64 va;              /* and address in that process */
} hand;

static uint64 file_dropped, file_written, faults;

void
reclaiminit(void)
{
  initsleeplock(&reclaimer, "reclaim");
  swapcacheinit();
}

/* A page fault was handled (for vmstat). */
void
reclaim_count_fault(void)
{
  __atomic_fetch_add(&faults, 1, __ATOMIC_RELAXED);
}

/* ------------------------------------------------------ the file clock */

/*
 * How a reclaim goes about it: a page fault's may send private pages to
 * swap and gives every page a second chance; an eager allocation's
 * (reclaim_for) takes only file pages, whether used lately or not.
 */
enum how { FOR_FAULT, FOR_EAGER };

/*
 * Look at up to SCAN_BATCH cached pages of ip from page *idx on,
 * freeing up to want of them.  Returns how many were freed; *idx is
 * where to go on, or 0 after the last page.  Caller holds a reference
 * to ip and no lock.
 */
static int
reclaim_file_pages(struct inode *ip, uint *idx, int want, enum how how)
{
  uint dirty[SCAN_BATCH];
  int scanned, ndirty = 0, freed = 0, i;
  void *pa;

  if (!ilock_live(ip))
    return 0;   /* a file being freed: nothing of it to reclaim */
  for (scanned = 0; freed < want && scanned < SCAN_BATCH; scanned++, (*idx)++) {
    if (!pagecache_next(ip, idx)) {
      *idx = 0;
      break;
    }
    /* A page reaching past end of file may hold a MAP_GROWSUP mapping's
       stores, which write-back would cut: only an idle one goes. */
    if ((uint64)(*idx + 1) * PGSIZE > ip->size) {
      freed += pagecache_free_idle(ip, *idx);
      continue;
    }
    if ((pa = pagecache_lookup(ip, *idx)) == 0)
      continue;
    /* Used since the last pass: a second chance. */
    if (how == FOR_FAULT && file_page_accessed(ip, *idx, pa)) {
      kfree(pa);
      continue;
    }
    file_unmap_page(ip, *idx, pa);
    kfree(pa);
    if (pagecache_free_idle(ip, *idx))
      freed++;
    else if (pagecache_is_dirty(ip, *idx))
      dirty[ndirty++] = *idx;
  }
  iunlock(ip);

  /* Written back without the inode lock: the write takes the log first. */
  if (ndirty > 0 && file_write_back(ip, dirty, ndirty) == 0)
    __atomic_fetch_add(&file_written, ndirty, __ATOMIC_RELAXED);
  for (i = 0; i < ndirty; i++)
    if (pagecache_free_idle(ip, dirty[i]))
      freed++;
  __atomic_fetch_add(&file_dropped, freed, __ATOMIC_RELAXED);
  return freed;
}

/* One step of the file clock: free up to want file pages. */
static int
reclaim_files(int want, enum how how)
{
  struct inode *ip;
  int freed = 0, tries;

  for (tries = 0; tries < NINODE && freed < want; tries++) {
    ip = inode_hold(hand.inode);
    if (ip != 0) {
      freed += reclaim_file_pages(ip, &hand.idx, want - freed, how);
      begin_op();
      iput(ip);
      end_op();
      if (hand.idx != 0)
        break;   /* stopped inside this file: go on there next time */
    }
    hand.inode = (hand.inode + 1) % NINODE;
    hand.idx = 0;
  }
  return freed;
}

/* --------------------------------------------------- the private clock */

/*
 * Could the page *pte, at va of v, go to swap?  Only a private page
 * (not the page cache's own page of a file mapping, which the file
 * clock handles; a shared object's pages go through memobj_evict).
 * Caller holds the owner's vmspace lock.
 */
static int
private_page(struct vma *v, uint64 va, pte_t pte)
{
  if (v->flags & MAP_SHARED)
    return 0;
  if (v->file != 0 && pagecache_holds(v->file->ip, vma_index(v, va), (void *)PTE2PA(pte)))
    return 0;
  return 1;
}

/*
 * Give the page *pte a swap slot and take it from the PTE.  Returns 1,
 * 0 if the hardware set PTE_A or PTE_D meanwhile (the page stays), or
 * -1 if swap is full.  Caller holds the owner's vmspace lock.
 */
static int
evict(pte_t *pte)
{
  pte_t old = *pte;
  void *pa = (void *)PTE2PA(old);
  uint slot = swapcache_assign(pa);

  if (slot == 0)
    return -1;
  /* The PTE changes only if the hardware did not touch it meanwhile. */
  if (!__atomic_compare_exchange_n(pte, &old, SLOT2PTE(slot), 0,
                                   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
    swapcache_drop(slot);
    return 0;
  }
  kfree(pa);   /* the PTE's reference; the swap cache holds its own */
  return 1;
}

/*
 * Take shared anonymous page *pte from its PTE, leaving it to its
 * object (memobj.c), which can send it to swap once no process maps
 * it.  Caller holds the owner's vmspace lock.
 */
static void
unmap_shared(pte_t *pte)
{
  pte_t old = *pte;

  /* Only if the hardware did not touch it meanwhile. */
  if (__atomic_compare_exchange_n(pte, &old, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
    kfree((void *)PTE2PA(old));   /* the PTE's reference */
}

/*
 * Take up to want private pages of p from address *va on, looking at
 * SCAN_BATCH pages at most, and unmap the shared anonymous pages not
 * used lately on the way.  Returns how many private pages went, or -1
 * if swap is full; *va is where to go on, or 0 after p's last mapping.
 * Caller holds p->lock and p->vm.lock.
 */
static int
evict_from(struct proc *p, uint64 *va, int want)
{
  struct vma *v;
  uint64 a;
  pte_t *pte;
  int taken = 0, scanned = 0, r;

  for (v = p->vm.head.next; v != &p->vm.head; v = v->next) {
    if (v->end <= *va || !v->populated)
      continue;
    a = *va > v->start ? *va : v->start;
    for (; (pte = vm_nextpte(p->pagetable, &a, v->end)) != 0; a += PGSIZE) {
      if (taken >= want || scanned++ >= SCAN_BATCH) {
        *va = a;
        return taken;
      }
      if ((*pte & PTE_V) == 0)
        continue;   /* swapped out already */
      if (*pte & PTE_A) {
        __atomic_fetch_and(pte, ~PTE_A, __ATOMIC_RELAXED);   /* a second chance */
        continue;
      }
      if (v->shared != 0) {
        unmap_shared(pte);
        continue;
      }
      if (!private_page(v, a, *pte))
        continue;
      if ((r = evict(pte)) < 0) {
        *va = a;
        return taken > 0 ? taken : -1;
      }
      taken += r;
    }
  }
  *va = 0;
  return taken;
}

/*
 * One step of the private clock: give up to want private pages a swap
 * slot.  A process running on another hart is passed over (its TLB may
 * still map them); the caller itself is in the kernel, so its own
 * pages may go.  Returns how many went, or -1 if swap is full.
 */
static int
evict_private(int want)
{
  struct proc *p, *me = myproc();
  int taken = 0, tries, r;

  for (tries = 0; tries <= NPROC && taken < want; tries++) {
    p = proc_slot(hand.proc);
    acquire(&p->lock);
    r = 0;
    if (p->state == RUNNABLE || p->state == SLEEPING || p == me) {
      acquire(&p->vm.lock);
      r = evict_from(p, &hand.va, want - taken);
      release(&p->vm.lock);
    } else {
      hand.va = 0;
    }
    release(&p->lock);
    if (r < 0)
      return taken > 0 ? taken : -1;
    taken += r;
    if (hand.va == 0)
      hand.proc = (hand.proc + 1) % NPROC;
  }
  return taken;
}

/*
 * Give up to want pages a swap slot: private pages by the private
 * clock, then shared anonymous pages that no process maps any more.
 * Returns how many, or -1 if swap is full.
 */
static int
to_swap(int want)
{
  int private = evict_private(want), shared;

  if (private < 0 || private >= want)
    return private;
  shared = memobj_evict(want - private);
  if (shared < 0)
    return private > 0 ? private : -1;
  return private + shared;
}

/* ---------------------------------------------------------- the driver */

/*
 * Free pages until target are on the free list or nothing more can go,
 * as how says.  Returns how many were freed.  Caller holds reclaimer.
 */
static int
reclaim(uint64 target, enum how how)
{
  int freed = 0, got, stuck = 0;
  int want;

  while (kfree_pages() < target && stuck < 2) {
    want = target - kfree_pages();
    got = pool_reclaim() + pagecache_reclaim(want) + swapcache_shrink(want);
    if (got < want)
      got += reclaim_files(want - got, how);
    if (got < want && how == FOR_FAULT && swap_present() && to_swap(want - got) > 0) {
      swapcache_write();
      got += swapcache_shrink(want - got);
    }
    freed += got;
    stuck = got > 0 ? 0 : stuck + 1;   /* a clock may need a second pass */
  }
  return freed;
}

/*
 * Called where a process is about to need memory and holds no lock (the
 * fault path): if free memory is low, reclaim some.  Only one process
 * reclaims at a time; the others wait for it, and then find memory free.
 */
void
reclaim_if_low(void)
{
  if (kfree_pages() >= LOW_WATER)
    return;
  acquiresleep(&reclaimer);
  if (kfree_pages() < LOW_WATER)
    reclaim(HIGH_WATER, FOR_FAULT);
  releasesleep(&reclaimer);
}

/*
 * Can an eager allocation of n pages (sbrk) be had now?  Called with no
 * lock held and outside any file-system operation.  If too few pages
 * are free, file pages are dropped to make room, used lately or not:
 * they can be read again, and a page some program maps is memory like
 * any other.  (Programs count memory by calling sbrk until it fails,
 * before and after running others, and should find as much whatever of
 * their own text they have run meanwhile; a second chance would spare
 * the pages just run.)  Private pages are never sent to swap for it,
 * and the last HIGH_WATER pages are left to page faults: were sbrk to
 * take them, the faults that follow would push the process's own new
 * heap out to swap, page by page, until swap was full too.  Returns 1
 * if n pages can be had, HIGH_WATER more staying free.
 */
int
reclaim_for(uint64 n)
{
  uint64 want = n + HIGH_WATER, cached, held;

  if (kfreemem() / PGSIZE >= want)
    return 1;
  /* Hopeless even with every page the cache holds: keep the cache. */
  pagecache_count(&cached, &held);
  if (want > kfreemem() / PGSIZE + held)
    return 0;
  acquiresleep(&reclaimer);
  reclaim(want, FOR_EAGER);
  releasesleep(&reclaimer);
  return kfreemem() / PGSIZE >= want;
}

/* Fill in *st (the vmstat system call). */
void
reclaim_stats(struct vmstat *st)
{
  uint64 total, used, cached, held;

  st->freemem = kfreemem();
  pagecache_count(&cached, &held);
  st->cachemem = cached * PGSIZE;
  st->cacheheld = held * PGSIZE;
  swap_stats(&total, &used);
  st->swaptotal = total * PGSIZE;
  st->swapused = used * PGSIZE;
  swapcache_stats(&cached, &st->pageins, &st->pageouts);
  st->swapcache = cached * PGSIZE;
  st->faults = faults;
  st->filedropped = file_dropped;
  st->filewritten = file_written;
}
