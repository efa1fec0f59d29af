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
 * their later stores are written by the next write-back.  Every place a
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
#include "file.h"
#include "vma.h"
#include "proc.h"
#include "defs.h"

/*
 * Write-back goes through the log one page per transaction.  Such a
 * transaction logs at most the page's blocks (one more if the write
 * does not start on a block boundary), the inode, the indirect block and
 * up to two free-bitmap blocks.
 */
#define WB_CHUNK  PGSIZE
_Static_assert(WB_CHUNK / BSIZE + 1 + 1 + 1 + 2 <= MAXOPBLOCKS,
               "a write-back chunk must fit in one transaction");

/* Zeros to extend a file with when a MAP_GROWSUP page lies past its end. */
static char zeros[WB_CHUNK];

/* The span of address space one leaf page-table page maps (2 MiB). */
#define L0_SPAN  (PGSIZE * 512L)

/* Entries in one page-table page. */
#define NPTE  (PXMASK + 1)

/*
 * The PTE of the first resident page at or above *va and below end,
 * with *va moved to that page; or 0 if there is none.  Descends the
 * page table itself instead of calling walk() for every page: where an
 * entry is empty, the whole range it covers (a page, 2 MiB or 1 GiB) is
 * skipped, together with the empty entries after it in the same
 * page-table page, so that huge untouched ranges cost little.
 */
pte_t*
vm_nextpte(pagetable_t pt, uint64 *va, uint64 end)
{
  pagetable_t table;
  pte_t *pte;
  uint64 span, i, stop;
  int level;

  while (*va < end) {
    table = pt;
    for (level = 2; ; level--) {
      pte = &table[PX(level, *va)];
      if (level == 0 || (*pte & PTE_V) == 0)
        break;
      table = (pagetable_t)PTE2PA(*pte);
    }
    if (level == 0 && (*pte & PTE_V))
      return pte;
    /*
     * Skip this empty entry, and the empty ones after it in its table
     * that still lie below end (stop: the entry just past end).
     */
    span = 1L << PXSHIFT(level);
    i = PX(level, *va);
    stop = i + (end - (*va & ~(span - 1)) + span - 1) / span;
    if (stop > NPTE)
      stop = NPTE;
    for (i++; i < stop && (table[i] & PTE_V) == 0; i++)
      ;
    *va = (*va & ~(span * NPTE - 1)) + i * span;
  }
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
 * Write n bytes from kernel address src to ip at off in one transaction.
 * Unless extend is set, the write is cut at end of file.  Returns 0,
 * or -1 if the file system refused.
 */
static int
write_chunk(struct inode *ip, char *src, uint64 off, uint n, int extend)
{
  int r = 0;

  begin_op();
  ilock(ip);
  if (!extend)
    n = off >= ip->size ? 0 : (ip->size - off < n ? ip->size - off : n);
  if (n > 0 && writei(ip, 0, (uint64)src, off, n) != n)
    r = -1;
  iunlock(ip);
  end_op();
  return r;
}

/*
 * Write page pa back to ip at off: the part inside the file only, or,
 * for a MAP_GROWSUP mapping (grow set), the whole page, first filling
 * any gap between end of file and off with zeros.  Returns 0 or -1.
 */
static int
write_page(struct inode *ip, char *pa, uint64 off, int grow)
{
  uint64 size;
  uint n;

  if (off >= (uint64)MAXFILE * BSIZE)
    return grow ? -1 : 0;   /* no file reaches that far */
  if (grow) {
    ilock(ip);
    size = ip->size;
    iunlock(ip);
    for (; size < off; size += n) {
      n = off - size < WB_CHUNK ? off - size : WB_CHUNK;
      if (write_chunk(ip, zeros, size, n, 1) < 0)
        return -1;
    }
  }
  return write_chunk(ip, pa, off, PGSIZE, grow);
}

/*
 * Write back the dirty pages of shared file mapping v within
 * [start, end) (see the top of this file).  With all set (msync) every
 * dirty page of the range is written, whoever stored into it; otherwise
 * (munmap, exit, exec) only the pages this process maps writable, so
 * that a process that never stored writes nothing.  The caller is not
 * in a transaction.  Returns 0, or -1 if some page could not be written.
 */
int
vma_writeback(struct proc *p, struct vma *v, uint64 start, uint64 end, int all)
{
  struct inode *ip;
  uint64 idx, last, va;
  pte_t *pte;
  int err = 0, writable;
  char *page;

  if (!counts_writers(v) || (!all && !v->populated))
    return 0;
  ip = v->file->ip;
  last = vma_index(v, end - 1);
  if (last >= FILE_PAGES)
    last = FILE_PAGES - 1;   /* no page of the file lies beyond */
  for (idx = vma_index(v, start); idx <= last; idx++) {
    va = v->start + idx * PGSIZE - v->offset;
    lock_file_ptes(v);
    pte = walk(p->pagetable, va, 0);
    writable = pte != 0 && (*pte & PTE_V) && (*pte & PTE_W);
    if (writable)
      write_protect(v, va, pte);
    unlock_file_ptes(v);
    if (!all && !writable)
      continue;
    if ((page = pagecache_clean(ip, idx)) == 0)
      continue;
    if (write_page(ip, page, idx * PGSIZE, v->flags & MAP_GROWSUP) < 0)
      err = -1;
    kfree(page);
  }
  sfence_vma();
  return err;
}

/*
 * Unmap the resident pages of v in [start, end), dropping their
 * references, and free the page-table pages left empty.
 */
void
vma_unmap_pages(struct proc *p, struct vma *v, uint64 start, uint64 end)
{
  uint64 va = start;
  pte_t *pte;

  if (!v->populated)
    return;
  lock_file_ptes(v);
  for (; (pte = vm_nextpte(p->pagetable, &va, end)) != 0; va += PGSIZE) {
    write_protect(v, va, pte);
    kfree((void *)PTE2PA(*pte));
    *pte = 0;
  }
  unlock_file_ptes(v);
  sfence_vma();
  /* Truncation walks file mappings' tables under vm.lock: see there. */
  acquire(&p->vm.lock);
  uvmprune(p->pagetable, start, end);
  release(&p->vm.lock);
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
  for (; (pte = vm_nextpte(p->pagetable, &va, end)) != 0; va += PGSIZE) {
    if (!(perm & PTE_W))
      write_protect(v, va, pte);
    flags = *pte & (PTE_W | PTE_A | PTE_D | PTE_COW);
    *pte = PA2PTE(PTE2PA(*pte)) | PTE_V | (perm & ~PTE_W) | flags;
  }
  unlock_file_ptes(v);
  sfence_vma();
}

static int copy_ptes(struct proc *parent, struct proc *child, struct vma *v);

/*
 * Share the resident pages of parent's private mapping v with child,
 * copy-on-write: both PTEs lose PTE_W (and get PTE_COW) and the page
 * gains a reference.  The caller flushes the parent's TLB.  Returns 0,
 * or -1 if a page-table page could not be allocated.
 */
int
vma_copy_pages(struct proc *parent, struct proc *child, struct vma *v)
{
  int r;

  lock_file_ptes(v);
  r = copy_ptes(parent, child, v);
  unlock_file_ptes(v);
  return r;
}

/* The work of vma_copy_pages. */
static int
copy_ptes(struct proc *parent, struct proc *child, struct vma *v)
{
  uint64 va = v->start;
  pte_t *pte, *cpte;
  pte_t *ctable = 0;        /* the child's leaf table for va's 2 MiB block */
  uint64 cblock = 0;        /* which block ctable maps */
  uint64 pa, flags;

  if (!v->populated)
    return 0;
  for (; (pte = vm_nextpte(parent->pagetable, &va, v->end)) != 0; va += PGSIZE) {
    pa = PTE2PA(*pte);
    flags = PTE_FLAGS(*pte);
    if (flags & PTE_W)
      flags = (flags & ~PTE_W) | PTE_COW;
    /* Walk the child's table once per block, not once per page. */
    if (ctable == 0 || va / L0_SPAN != cblock) {
      cpte = walk(child->pagetable, va, 1);
      if (cpte == 0)
        return -1;
      ctable = cpte - PX(0, va);
      cblock = va / L0_SPAN;
    }
    cpte = &ctable[PX(0, va)];
    if (*cpte & PTE_V)
      panic("vma_copy_pages: child page already mapped");
    *cpte = PA2PTE(pa) | flags;
    kpage_ref((void *)pa);
    *pte = PA2PTE(pa) | flags;
  }
  return 0;
}

/* How many pages of v are resident in p's page table. */
uint64
vma_resident(struct proc *p, struct vma *v)
{
  uint64 va = v->start, n = 0;

  if (!v->populated)
    return 0;
  for (; vm_nextpte(p->pagetable, &va, v->end) != 0; va += PGSIZE)
    n++;
  return n;
}

/* Pages truncation unmaps before it frees them: see file_unmap_from. */
#define UNMAP_BATCH 64

struct unmapped {
  int n;
  int foreign;                 /* some came from another process's table */
  void *page[UNMAP_BATCH];
};

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
    write_protect(v, va, pte);
    u->page[u->n++] = (void *)PTE2PA(*pte);
    u->foreign |= v->proc != myproc();
    *pte = 0;
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
