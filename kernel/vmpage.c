/*
 * The resident pages of a mapping: walking them, writing the dirty ones
 * back to the file, changing their protection, sharing them with a
 * forked child, and unmapping them.
 *
 * Dirty tracking of MAP_SHARED file pages is write-protect-then-fault:
 * such a page is mapped without PTE_W until the first store, whose fault
 * (vmfault.c) maps it with PTE_W and counts a writer in the page cache,
 * which marks the page dirty (pagecache.c).  Write-back takes PTE_W away
 * from this process's PTE, so that its next store faults again, and
 * writes the page if the cache says it is dirty.  Other processes may
 * still hold writable PTEs; the cache then keeps the page dirty, so
 * their later stores are written by the next write-back.
 *
 * A PTE keeps PTE_D from the moment it gains PTE_W until its page is
 * written back: PTE_D, not PTE_W, says "this process may have stored
 * here".  So exit and exec can take PTE_W from all of a process's
 * mappings first (vma_drop_writers) and then write back each mapping:
 * a page that many of them made writable is written once, by the
 * first, as the cache then holds no writer to keep it dirty.  Every place a
 * shared file page's PTE gains or loses PTE_W keeps the writer count:
 * the fault path, write-back, unmap and mprotect.  (fork copies no PTEs
 * of shared mappings: the child faults its own.)
 */

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "fcntl.h"
#include "fs.h"
#include "sleeplock.h"
#include "pagetree.h"
#include "file.h"
#include "vma.h"
#include "proc.h"
#include "defs.h"

/*
 * Write-back goes through the log one page per transaction.  Such a
 * transaction logs at most the WB_CHUNK / BSIZE blocks the chunk covers
 * (a chunk never spans more: one starting inside a block ends that much
 * sooner), the inode, three blocks of the block map (the chunk may
 * cross from one indirect block to the next: the single indirect, the
 * doubly indirect and one under it) and up to two free-bitmap blocks.
 */
#define WB_CHUNK  PGSIZE
_Static_assert(WB_CHUNK / BSIZE + 1 + 3 + 2 <= MAXOPBLOCKS,
               "a write-back chunk must fit in one transaction");

/* Zeros to extend a file with when a MAP_GROWSUP page lies past its end. */
static char zeros[WB_CHUNK];

/*
 * Dirty pages written back in one transaction when none extends the
 * file: a page inside the file has all its blocks already, so it logs
 * just those, and the inode once for the lot.  As many as the log holds
 * (its header takes one of LOGSIZE blocks; log_capacity says what this
 * disk's log holds): a transaction bigger than MAXOPBLOCKS, begun with
 * begin_op_blocks.
 */
#define WB_BATCH       ((LOGSIZE - 2) / (PGSIZE / BSIZE))
#define WB_BLOCKS(n)   ((n) * (PGSIZE / BSIZE) + 1)

/* Pages gathered for one write-back transaction. */
struct wbbatch {
  int n;
  uint idx[WB_BATCH];
  char *page[WB_BATCH];   /* each with a reference, dropped once written */
};

/*
 * Write the pages of b to ip in one transaction, each cut at end of
 * file, and drop their references.  Returns 0, or -1 if the file system
 * refused one.
 */
static int
write_batch(struct inode *ip, struct wbbatch *b)
{
  uint64 off;
  uint n;
  int i, r = 0;

  begin_op_blocks(WB_BLOCKS(b->n));
  ilock(ip);
  for (i = 0; i < b->n; i++) {
    off = (uint64)b->idx[i] * PGSIZE;
    n = off >= ip->size ? 0 : (ip->size - off < PGSIZE ? ip->size - off : PGSIZE);
    if (n > 0 && writei(ip, 0, (uint64)b->page[i], off, n) != n)
      r = -1;
  }
  iunlock(ip);
  end_op_blocks(WB_BLOCKS(b->n));
  for (i = 0; i < b->n; i++)
    kfree(b->page[i]);
  b->n = 0;
  return r;
}

/*
 * Add page idx of ip (with a reference, which the batch takes) to b,
 * writing b out once it is as big as a transaction allows.  Returns 0,
 * or -1 if that write failed.
 */
static int
batch_add(struct inode *ip, struct wbbatch *b, uint idx, char *page)
{
  b->idx[b->n] = idx;
  b->page[b->n++] = page;
  if (b->n == WB_BATCH || WB_BLOCKS(b->n + 1) > log_capacity())
    return write_batch(ip, b);
  return 0;
}

/*
 * The PTE permission bits a page of v may have.  A PROT_NONE page keeps
 * its contents but loses PTE_U, so that no user access reaches it (a
 * leaf needs one of R, W, X, so it keeps PTE_R for the kernel's sake).
 * Writable pages get PTE_W only when the fault path decides they may.
 */
int
vma_pteperm(struct vma *v)
{
  int perm = 0;

  if (v->prot == PROT_NONE)
    return PTE_R;
  perm = PTE_U;
  if (v->prot & (PROT_READ | PROT_WRITE))
    perm |= PTE_R;   /* RISC-V has no write-only pages */
  if (v->prot & PROT_WRITE)
    perm |= PTE_W;
  if (v->prot & PROT_EXEC)
    perm |= PTE_X;
  return perm;
}

/* The page index (file page number, or page of the object) of va in v. */
uint64
vma_index(struct vma *v, uint64 va)
{
  return (v->offset + (va - v->start)) / PGSIZE;
}

/*
 * The PTEs of a file mapping change only under the file's inode lock,
 * which truncation holds while it unmaps the file's pages from every
 * process (file_unmap_from).  These take and drop it around such work.
 */
static void
lock_file_ptes(struct vma *v)
{
  if (v->file)
    ilock(v->file->ip);
}

static void
unlock_file_ptes(struct vma *v)
{
  if (v->file)
    iunlock(v->file->ip);
}

/* Do v's writable PTEs count as writers in the file's page cache? */
static int
counts_writers(struct vma *v)
{
  return v->file != 0 && (v->flags & MAP_SHARED);
}

/*
 * Take PTE_W away from *pte, a page of v at va, keeping the page
 * cache's writer count.  The caller flushes the TLB.
 */
static void
write_protect(struct vma *v, uint64 va, pte_t *pte)
{
  if ((*pte & PTE_W) == 0)
    return;
  *pte &= ~PTE_W;
  if (counts_writers(v))
    pagecache_dropwriter(v->file->ip, vma_index(v, va), (void *)PTE2PA(*pte));
}

/*
 * Write n bytes from kernel address src to ip at off (at most end of
 * file: the file may grow) in one transaction.  Returns 0, or -1 if the
 * file system refused.
 */
static int
write_chunk(struct inode *ip, char *src, uint64 off, uint n)
{
  int r = 0;

  begin_op();
  ilock(ip);
  if (writei(ip, 0, (uint64)src, off, n) != n)
    r = -1;
  iunlock(ip);
  end_op();
  return r;
}

/*
 * Write page pa of a MAP_GROWSUP mapping back to ip at off: the whole
 * page, which may extend the file, first filling any gap between end
 * of file and off with zeros.  Returns 0 or -1.
 */
static int
write_grown_page(struct inode *ip, char *pa, uint64 off)
{
  uint64 size;
  uint n;

  if (off >= (uint64)MAXFILE * BSIZE)
    return -1;   /* no file reaches that far */
  ilock(ip);
  size = ip->size;
  iunlock(ip);
  for (; size < off; size += n) {
    n = WB_CHUNK - size % BSIZE;
    if (n > off - size)
      n = off - size;
    if (write_chunk(ip, zeros, size, n) < 0)
      return -1;
  }
  return write_chunk(ip, pa, off, PGSIZE);
}

/*
 * Write back the dirty pages of shared file mapping v within
 * [start, end) (see the top of this file).  With all set (msync) every
 * dirty page of the range is written, whoever stored into it; otherwise
 * (munmap, exit, exec) only the pages this process may have stored to
 * since their last write-back (PTE_D), so that a process that never
 * stored writes nothing.  Pages go WB_BATCH
 * to a transaction.  The caller is not in a transaction.  Returns 0, or -1 if some page could not be written.
 */
int
vma_writeback(struct proc *p, struct vma *v, uint64 start, uint64 end, int all)
{
  struct wbbatch batch = { 0 };
  struct inode *ip;
  uint64 idx, last, va, size;
  pte_t *pte;
  int err = 0, stored;
  char *page;

  if (!counts_writers(v) || (!all && !v->populated))
    return 0;
  ip = v->file->ip;
  ilock(ip);
  size = ip->size;   /* may only grow meanwhile: see MAP_GROWSUP below */
  iunlock(ip);
  last = vma_index(v, end - 1);
  if (last >= FILE_PAGES)
    last = FILE_PAGES - 1;   /* no page of the file lies beyond */
  for (idx = vma_index(v, start); idx <= last; idx++) {
    va = v->start + idx * PGSIZE - v->offset;
    lock_file_ptes(v);
    acquire(&p->vm.lock);
    pte = walk(p->pagetable, va, 0);
    stored = pte != 0 && (*pte & PTE_V) && (*pte & PTE_D);
    if (stored) {
      write_protect(v, va, pte);
      *pte &= ~PTE_D;   /* written below, or by another process already */
    }
    release(&p->vm.lock);
    unlock_file_ptes(v);
    if (!all && !stored)
      continue;
    if ((page = pagecache_clean(ip, idx)) == 0)
      continue;
    if ((v->flags & MAP_GROWSUP) && (idx + 1) * PGSIZE > size) {
      /* Extends the file: a transaction of its own. */
      if (write_grown_page(ip, page, idx * PGSIZE) < 0)
        err = -1;
      kfree(page);
      continue;
    }
    if (batch_add(ip, &batch, idx, page) < 0)
      err = -1;
  }
  if (batch.n > 0 && write_batch(ip, &batch) < 0)
    err = -1;
  sfence_vma();
  return err;
}

/*
 * Take PTE_W from every page of shared file mapping v (exit and exec,
 * before any write-back), keeping PTE_D, so that this process no longer
 * counts as a writer of those pages: see the top of this file.
 */
void
vma_drop_writers(struct proc *p, struct vma *v)
{
  uint64 va = v->start;
  pte_t *pte;

  if (!counts_writers(v) || !v->populated)
    return;
  lock_file_ptes(v);
  acquire(&p->vm.lock);
  for (; (pte = vm_nextpte(p->pagetable, &va, v->end)) != 0; va += PGSIZE)
    write_protect(v, va, pte);
  release(&p->vm.lock);
  unlock_file_ptes(v);
  sfence_vma();
}

/*
 * Unmap the pages of v in [start, end), resident or swapped out,
 * dropping their references, and free the page-table pages left empty.
 * (The reclaimer and truncation walk p's tables under vm.lock.)
 */
void
vma_unmap_pages(struct proc *p, struct vma *v, uint64 start, uint64 end)
{
  uint64 va = start;
  pte_t *pte;

  if (!v->populated)
    return;
  lock_file_ptes(v);
  acquire(&p->vm.lock);
  for (; (pte = vm_nextpte(p->pagetable, &va, end)) != 0; va += PGSIZE) {
    write_protect(v, va, pte);
    pte_release(pte);
  }
  uvmprune(p->pagetable, start, end);
  release(&p->vm.lock);
  unlock_file_ptes(v);
  sfence_vma();
}

/*
 * Bring the PTEs of v in [start, end) in line with v->prot, which has
 * just changed.  PTE_W survives only where the page had it and v is
 * still writable: granting it is left to the fault path, which knows
 * about copy-on-write and dirty tracking.
 */
void
vma_protect_pages(struct proc *p, struct vma *v, uint64 start, uint64 end)
{
  uint64 va = start;
  int perm = vma_pteperm(v);
  pte_t *pte;
  uint64 flags;

  if (!v->populated)
    return;
  lock_file_ptes(v);
  acquire(&p->vm.lock);
  for (; (pte = vm_nextpte(p->pagetable, &va, end)) != 0; va += PGSIZE) {
    if (PTE_SWAPPED(*pte))
      continue;   /* gets v's protection when it is read back */
    if (!(perm & PTE_W))
      write_protect(v, va, pte);
    flags = *pte & (PTE_W | PTE_A | PTE_D | PTE_COW);
    *pte = PA2PTE(PTE2PA(*pte)) | PTE_V | (perm & ~PTE_W) | flags;
  }
  release(&p->vm.lock);
  unlock_file_ptes(v);
  sfence_vma();
}

/*
 * Share the resident pages of parent's private mapping v with child,
 * copy-on-write (uvmcopy).  The caller flushes the parent's TLB.  Returns 0,
 * or -1 if a page-table page could not be allocated.
 */
int
vma_copy_pages(struct proc *parent, struct proc *child, struct vma *v)
{
  int r;

  if (!v->populated)
    return 0;
  lock_file_ptes(v);
  acquire(&parent->vm.lock);
  r = uvmcopy(parent->pagetable, child->pagetable, v->start, v->end);
  release(&parent->vm.lock);
  unlock_file_ptes(v);
  return r;
}

/*
 * How many pages of v are resident in p's page table, and how many are
 * swapped out (if swapped is not 0): a private page's PTE names its
 * slot; a shared anonymous page in swap is its object's (memobj.c).
 * Caller holds p->vm.lock.
 */
uint64
vma_resident(struct proc *p, struct vma *v, uint64 *swapped)
{
  uint64 va = v->start, n = 0, out = 0;
  pte_t *pte;

  for (; v->populated && (pte = vm_nextpte(p->pagetable, &va, v->end)) != 0; va += PGSIZE) {
    if (*pte & PTE_V)
      n++;
    else
      out++;
  }
  if (v->shared)
    out += memobj_swapped(v->shared, vma_index(v, v->start), (v->end - v->start) / PGSIZE);
  if (swapped)
    *swapped = out;
  return n;
}

/* Pages truncation unmaps before it frees them: see file_unmap_from. */
#define UNMAP_BATCH 64

struct unmapped {
  int n;
  int foreign;                 /* some came from the table of a process
                                  that may be running on another hart */
  void *page[UNMAP_BATCH];
};

/*
 * Note that a PTE of p's has just been cleared: if p may be running on
 * another hart, its TLB may still hold the translation.  A process not
 * running now will flush its TLB on its way back to user space
 * (trampoline.S), so it sees the cleared PTE.
 */
static void
note_unmapped(struct unmapped *u, struct proc *p)
{
  __sync_synchronize();   /* the cleared PTE before the look at p's state */
  if (p != myproc() && p->state == RUNNING)
    u->foreign = 1;
}

/*
 * Free the pages in u.  A page unmapped from another process's table
 * may still be in a TLB of the hart running that process, so the pages
 * are freed only once no hart can hold such a translation.
 */
static void
free_unmapped(struct unmapped *u)
{
  int i;

  if (u->foreign)
    tlb_wait_others();
  for (i = 0; i < u->n; i++)
    kfree(u->page[i]);
  u->n = 0;
  u->foreign = 0;
}

/*
 * Unmap the pages of file mapping v from the file's page first on, as
 * many as u has room for.  Caller holds the file's inode lock.
 */
static void
unmap_from(struct vma *v, uint64 first, struct unmapped *u)
{
  uint64 from = first * PGSIZE;
  uint64 va = v->start;
  pte_t *pte;

  if (!v->populated || v->offset + (v->end - v->start) <= from)
    return;
  if (from > v->offset)
    va = v->start + (from - v->offset);
  for (; u->n < UNMAP_BATCH && (pte = vm_nextpte(v->proc->pagetable, &va, v->end)) != 0;
       va += PGSIZE) {
    if (PTE_SWAPPED(*pte)) {
      pte_release(pte);   /* a private copy in swap: no TLB can hold it */
      continue;
    }
    write_protect(v, va, pte);
    u->page[u->n++] = (void *)PTE2PA(*pte);
    *pte = 0;
    note_unmapped(u, v->proc);
  }
}

/*
 * Truncation of ip: unmap its pages from page first on from every
 * mapping of the file, in every process, so that a later access there
 * faults, and finds itself beyond end of file.  Private copies of those
 * pages go too, as on Linux.  Caller holds ip->lock, which every change
 * to a file mapping's PTEs takes (lock_file_ptes), and the list's lock
 * keeps each VMA in place while it is visited.  No page is freed under
 * the list's lock: free_unmapped may sleep.
 */
void
file_unmap_from(struct inode *ip, uint first)
{
  struct unmapped u = { 0 };
  struct vma *v;
  int full;

  do {
    acquire(&ip->maplock);
    for (v = ip->mappings; v != 0 && u.n < UNMAP_BATCH; v = v->mapnext) {
      /* The owner's vm.lock keeps its page-table pages (uvmprune). */
      acquire(&v->proc->vm.lock);
      unmap_from(v, first, &u);
      release(&v->proc->vm.lock);
    }
    full = u.n == UNMAP_BATCH;   /* rare: free these, then look again */
    release(&ip->maplock);
    sfence_vma();
    free_unmapped(&u);
  } while (full);
}

/*
 * The resident PTE of file mapping v for page idx of its file, if v
 * covers that page and maps pa there; else 0.  Caller holds the owner's
 * vm.lock.
 */
static pte_t*
file_pte(struct vma *v, uint idx, void *pa)
{
  uint64 off = (uint64)idx * PGSIZE;
  pte_t *pte;

  if (!v->populated || off < v->offset || off - v->offset >= v->end - v->start)
    return 0;
  pte = walk(v->proc->pagetable, v->start + (off - v->offset), 0);
  if (pte == 0 || (*pte & PTE_V) == 0 || PTE2PA(*pte) != (uint64)pa)
    return 0;
  return pte;
}

/*
 * Has any process accessed cached page pa, page idx of ip, since the
 * last look (PTE_A in a PTE that maps it)?  Clears the bits it finds,
 * for the reclaimer's next pass.  Caller holds ip->lock.
 */
int
file_page_accessed(struct inode *ip, uint idx, void *pa)
{
  struct vma *v;
  pte_t *pte;
  int accessed = 0;

  acquire(&ip->maplock);
  for (v = ip->mappings; v != 0; v = v->mapnext) {
    acquire(&v->proc->vm.lock);
    pte = file_pte(v, idx, pa);
    if (pte != 0 && (*pte & PTE_A)) {
      __atomic_fetch_and(pte, ~PTE_A, __ATOMIC_RELAXED);
      accessed = 1;
    }
    release(&v->proc->vm.lock);
  }
  release(&ip->maplock);
  return accessed;
}

/*
 * Unmap cached page pa, page idx of ip, from every mapping of the file
 * (reclaim), as truncation does for a range, but leaving private copies
 * alone.  Caller holds ip->lock.
 */
void
file_unmap_page(struct inode *ip, uint idx, void *pa)
{
  struct unmapped u = { 0 };
  struct vma *v;
  pte_t *pte;
  int full;

  do {
    acquire(&ip->maplock);
    for (v = ip->mappings; v != 0 && u.n < UNMAP_BATCH; v = v->mapnext) {
      acquire(&v->proc->vm.lock);
      if ((pte = file_pte(v, idx, pa)) != 0) {
        write_protect(v, v->start + ((uint64)idx * PGSIZE - v->offset), pte);
        u.page[u.n++] = pa;
        *pte = 0;
        note_unmapped(&u, v->proc);
      }
      release(&v->proc->vm.lock);
    }
    full = u.n == UNMAP_BATCH;
    release(&ip->maplock);
    sfence_vma();
    free_unmapped(&u);
  } while (full);
}

/*
 * Write the dirty pages idx[0..n-1] of ip back to the file (reclaim),
 * WB_BATCH to a transaction.  Returns 0, or -1 if the file system
 * refused one.  Caller holds a reference to ip, and no lock.
 */
int
file_write_back(struct inode *ip, uint *idx, int n)
{
  struct wbbatch batch = { 0 };
  char *page;
  int i, err = 0;

  for (i = 0; i < n; i++) {
    if ((page = pagecache_clean(ip, idx[i])) == 0)
      continue;
    if (batch_add(ip, &batch, idx[i], page) < 0)
      err = -1;
  }
  if (batch.n > 0 && write_batch(ip, &batch) < 0)
    err = -1;
  return err;
}
