/*
 * The resident pages of a mapping: walking them, writing the dirty ones
 * back to the file, changing their protection, sharing them with a
 * forked child, and unmapping them.
 *
 * Dirty tracking of MAP_SHARED file pages is write-protect-then-fault:
 * such a page is mapped without PTE_W until the first store, whose fault
 * (vmfault.c) maps it with PTE_W and counts a writer in the page object,
 * which marks the page dirty.  Write-back takes PTE_W away from this
 * process's PTE, so that its next store faults again, and writes the
 * page if the object says it is dirty.  Other processes sharing the page
 * may still hold writable PTEs; the object then keeps the page dirty
 * (memobj.c), so their later stores are written by the next write-back
 * of any sharer.  Every place a shared file page's PTE gains or loses
 * PTE_W keeps the object's writer count: the fault path, write-back,
 * unmap and mprotect.  (fork copies no PTEs of shared mappings: the
 * child faults its own.)
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

/* Do v's writable PTEs count as writers in its page object? */
static int
counts_writers(struct vma *v)
{
  return v->shared != 0 && v->file != 0;
}

/*
 * Take PTE_W away from *pte, a page of v at va, keeping the page
 * object's writer count.  The caller flushes the TLB.
 */
static void
write_protect(struct vma *v, uint64 va, pte_t *pte)
{
  if ((*pte & PTE_W) == 0)
    return;
  *pte &= ~PTE_W;
  if (counts_writers(v))
    memobj_dropwriter(v->shared, vma_index(v, va));
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
 * [start, end) (see the top of this file).  The caller is not in a
 * transaction.  Returns 0, or -1 if some page could not be written.
 */
int
vma_writeback(struct proc *p, struct vma *v, uint64 start, uint64 end)
{
  uint64 idx, last, va;
  pte_t *pte;
  int err = 0;
  char *pa;

  if (!counts_writers(v))
    return 0;
  last = vma_index(v, end - 1);
  for (idx = vma_index(v, start); ; idx++) {
    idx = memobj_next(v->shared, idx, last + 1);
    if (idx > last)
      break;
    va = v->start + idx * PGSIZE - v->offset;
    pte = walk(p->pagetable, va, 0);
    if (pte != 0 && (*pte & PTE_V))
      write_protect(v, va, pte);
    if (!memobj_clean(v->shared, idx))
      continue;
    pa = memobj_page(v->shared, idx);
    if (write_page(v->file->ip, pa, idx * PGSIZE, v->flags & MAP_GROWSUP) < 0)
      err = -1;
  }
  sfence_vma();
  return err;
}

/* Unmap the resident pages of v in [start, end), dropping their references. */
void
vma_unmap_pages(struct proc *p, struct vma *v, uint64 start, uint64 end)
{
  uint64 va = start;
  pte_t *pte;

  if (!v->populated)
    return;
  for (; (pte = vm_nextpte(p->pagetable, &va, end)) != 0; va += PGSIZE) {
    write_protect(v, va, pte);
    kfree((void *)PTE2PA(*pte));
    *pte = 0;
  }
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
  for (; (pte = vm_nextpte(p->pagetable, &va, end)) != 0; va += PGSIZE) {
    if (!(perm & PTE_W))
      write_protect(v, va, pte);
    flags = *pte & (PTE_W | PTE_A | PTE_D | PTE_COW);
    *pte = PA2PTE(PTE2PA(*pte)) | PTE_V | (perm & ~PTE_W) | flags;
  }
  sfence_vma();
}

/*
 * Share the resident pages of parent's private mapping v with child,
 * copy-on-write: both PTEs lose PTE_W (and get PTE_COW) and the page
 * gains a reference.  The caller flushes the parent's TLB.  Returns 0,
 * or -1 if a page-table page could not be allocated.
 */
int
vma_copy_pages(struct proc *parent, struct proc *child, struct vma *v)
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
