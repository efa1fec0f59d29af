/*
 * The heap: one VMA, [heap_start, PGROUNDUP(sz)), that sbrk grows and
 * shrinks (growproc in proc.c).
 *
 * exec sets heap_start just above the stack.  While the heap is empty
 * there is no VMA at all; the first growth makes it, and a shrink to
 * nothing removes it.  sz itself may end inside a page; the VMA covers
 * whole pages.  The heap can grow only into free address space: it
 * stops at the first mapping above it, and mmap places nothing below
 * its end (mmap_area_start).
 */

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "fcntl.h"
#include "vma.h"
#include "proc.h"
#include "vmainfo.h"
#include "defs.h"

/* p's heap VMA, or 0 while the heap is empty. */
struct vma*
heap_vma(struct proc *p)
{
  struct vma *v = vma_lookup(&p->vm, p->vm.heap_start);

  return v != 0 && v->role == VMA_HEAP ? v : 0;
}

/*
 * Give p's heap the address space up to newsz (at or above p->sz): the
 * heap VMA reaches further, or is made.  No page is allocated.
 * Returns 0, or -1 if the space is not free or memory ran out.
 */
int
heap_extend(struct proc *p, uint64 newsz)
{
  struct vmspace *vm = &p->vm;
  uint64 from = PGROUNDUP(p->sz), to = PGROUNDUP(newsz);
  struct vma *v;

  if (newsz > TRAPFRAME)
    return -1;   /* it may reach the trapframe, not go past it */
  if (to == from)
    return 0;
  if (vmspace_overlaps(vm, from, to))
    return -1;
  if ((v = heap_vma(p)) != 0) {
    acquire(&vm->lock);
    v->end = to;
    release(&vm->lock);
    return 0;
  }
  if ((v = vma_alloc()) == 0)
    return -1;
  vma_anon(v, from, to, PROT_READ | PROT_WRITE, VMA_HEAP);
  vmspace_insert(p, v, 0);
  return 0;
}

/*
 * Cut p's heap VMA back to end at keep (page aligned, at or above
 * heap_start), freeing the pages above.  Cannot fail.
 */
void
heap_cut(struct proc *p, uint64 keep)
{
  struct vma *v = heap_vma(p);

  if (v == 0 || keep >= v->end)
    return;
  vma_unmap_pages(p, v, keep, v->end);
  if (keep == v->start) {
    vma_unlink(&p->vm, v);
    vma_free(v);
    return;
  }
  acquire(&p->vm.lock);
  v->end = keep;
  release(&p->vm.lock);
}
