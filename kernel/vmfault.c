/*
 * Page faults on mapped memory.
 *
 * mmap only records a VMA; pages arrive here, on the first access, from
 * usertrap (a user load, store or instruction fetch that the page table
 * refused) or from copyin/copyout (the kernel touching a user page on
 * the process's behalf).  vm_fault finds the VMA, checks the access
 * against its protection, and then either maps a new page or upgrades
 * the one that is there:
 *
 *   anonymous private   a zeroed page of its own
 *   file private        a page of its own, read from the file
 *   shared (either)     the page object's page at that index, read or
 *                       zeroed by whichever sharer touches it first
 *   store to a COW page the page itself if no one else holds it any
 *                       more, else a copy
 *   store to a clean    the same page, now writable, counted as a
 *   shared file page    writer and so dirty (see vmpage.c)
 *
 * A refused access returns a short reason, which usertrap prints before
 * killing the process, and which makes copyin/copyout fail.
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
 * The reason access is not allowed in v, or 0 if it is.  A writable
 * mapping is readable too (RISC-V has no write-only pages).
 */
static char*
refuse_access(struct vma *v, int access)
{
  if (v->prot == PROT_NONE) {
    if (access == PROT_WRITE)
      return "write to PROT_NONE mapping";
    if (access == PROT_EXEC)
      return "execute of PROT_NONE mapping";
    return "read of PROT_NONE mapping";
  }
  if (access == PROT_WRITE && !(v->prot & PROT_WRITE))
    return "write to read-only mapping";
  if (access == PROT_EXEC && !(v->prot & PROT_EXEC))
    return "execute of non-executable mapping";
  if (access == PROT_READ && !(v->prot & (PROT_READ | PROT_WRITE)))
    return "read of execute-only mapping";
  return 0;
}

/*
 * The reason for a fault at va that no VMA covers.  Below p->sz lies the
 * program image and heap, mapped eagerly: a fault there is a store to
 * text, or a touch of the stack's guard page.
 */
static char*
unmapped_reason(struct proc *p, uint64 va, int access)
{
  pte_t *pte;

  if (va >= p->sz)
    return "no mapping";
  pte = walk(p->pagetable, va, 0);
  if (pte == 0 || (*pte & PTE_V) == 0)
    return "no mapping";
  if ((*pte & PTE_U) == 0)
    return "stack guard page";
  if (access == PROT_WRITE && !(*pte & PTE_W))
    return "write to read-only memory";
  if (access == PROT_EXEC && !(*pte & PTE_X))
    return "execute of non-executable memory";
  return "no mapping";
}

/*
 * If va is the guard page just above a MAP_GROWSUP mapping, that
 * mapping; else 0.
 */
static struct vma*
guarded_by(struct vmspace *vm, uint64 va)
{
  struct vma *above = vma_above(vm, va);
  struct vma *below = above->prev;

  if (below != &vm->head && below->end == va && (below->flags & MAP_GROWSUP))
    return below;
  return 0;
}

/*
 * Grow MAP_GROWSUP mapping v by the page at its end, if one free page
 * will still separate it from the next mapping (or from TRAPFRAME).
 * The new page joins v's grown part [v->grown, v->end).  Returns 0, or
 * -1 if there is no room.
 */
static int
grow_up(struct vmspace *vm, struct vma *v)
{
  uint64 limit = v->next == &vm->head ? TRAPFRAME : v->next->start;

  if (v->end + 2 * PGSIZE > limit)
    return -1;
  acquire(&vm->lock);
  v->end += PGSIZE;
  release(&vm->lock);
  return 0;
}

/*
 * Fill page mem with the page of v's file that va maps, zeros past end
 * of file.  Returns 0, or the reason if the page lies wholly past end of
 * file, which only a page grown through a MAP_GROWSUP mapping's guard
 * page may (its stores extend the file at write-back).  The inode may
 * already be locked by this process, when a read() or write() of the
 * file itself touches the mapping.
 */
static char*
read_file_page(struct vma *v, uint64 va, char *mem)
{
  struct inode *ip = v->file->ip;
  uint64 off = vma_index(v, va) * PGSIZE;
  int held = holdingsleep(&ip->lock);
  int past_eof, n = 0;

  if (!held)
    ilock(ip);
  past_eof = off >= ip->size;
  if (!past_eof)
    n = readi(ip, 0, (uint64)mem, off, PGSIZE);
  if (!held)
    iunlock(ip);
  if (past_eof && va < v->grown)
    return "beyond end of file";
  if (n < 0)
    n = 0;
  memset(mem + n, 0, PGSIZE - n);
  return 0;
}

/*
 * A new page holding the contents of the page of v at va: zeros, or a
 * read of the file.  Returns 0 and sets *page, or returns the reason.
 */
static char*
fill_page(struct vma *v, uint64 va, char **page)
{
  char *mem, *why;

  mem = kalloc();
  if (mem == 0)
    return "out of memory";
  if (v->file == 0) {
    memset(mem, 0, PGSIZE);
  } else if ((why = read_file_page(v, va, mem)) != 0) {
    kfree(mem);
    return why;
  }
  *page = mem;
  return 0;
}

/*
 * The shared object's page for va, faulted in if no sharer has touched
 * it yet, with a reference for the caller's PTE.  Returns 0 and sets
 * *page, or returns the reason.
 */
static char*
shared_page(struct vma *v, uint64 va, char **page)
{
  uint64 idx = vma_index(v, va);
  char *mem, *got, *why;

  got = memobj_page(v->shared, idx);
  if (got == 0) {
    if ((why = fill_page(v, va, &mem)) != 0)
      return why;
    /* Another sharer may have installed the page meanwhile: use theirs. */
    got = memobj_insert(v->shared, idx, mem);
    if (got != mem)
      kfree(mem);
    if (got == 0)
      return "out of memory";
  }
  kpage_ref(got);
  *page = got;
  return 0;
}

/* Map a new page at va (not mapped yet) for an access that v allows. */
static char*
map_new_page(struct proc *p, struct vma *v, uint64 va, int access)
{
  int perm = vma_pteperm(v);
  int dirty_tracked = v->shared && v->file;
  char *page, *why;

  if (v->shared)
    why = shared_page(v, va, &page);
  else
    why = fill_page(v, va, &page);
  if (why)
    return why;

  if (dirty_tracked) {
    /* A shared file page stays read-only until it is written. */
    if (access == PROT_WRITE)
      perm |= PTE_A | PTE_D;
    else
      perm &= ~PTE_W;
  }
  if (mappages(p->pagetable, va, PGSIZE, (uint64)page, perm) < 0) {
    kfree(page);
    return "out of memory";
  }
  v->populated = 1;
  if (dirty_tracked && (perm & PTE_W))
    memobj_addwriter(v->shared, vma_index(v, va));
  return 0;
}

/*
 * A store to resident page *pte of writable mapping v that the PTE does
 * not allow yet: break copy-on-write, or note the first store to a
 * clean shared file page.
 */
static char*
make_writable(struct vma *v, uint64 va, pte_t *pte)
{
  char *old = (char *)PTE2PA(*pte);
  uint64 flags = (PTE_FLAGS(*pte) | PTE_W | PTE_A | PTE_D) & ~PTE_COW;
  char *mem;

  if (v->shared) {
    if (v->file)
      memobj_addwriter(v->shared, vma_index(v, va));
    *pte |= PTE_W | PTE_A | PTE_D;
    return 0;
  }
  if (kpage_refs(old) == 1) {
    /* The other holders have copied or gone: the page is ours alone. */
    *pte = PA2PTE(old) | flags;
    return 0;
  }
  mem = kalloc();
  if (mem == 0)
    return "out of memory";
  memmove(mem, old, PGSIZE);
  *pte = PA2PTE(mem) | flags;
  kfree(old);
  return 0;
}

/*
 * Make the page at va of process p (the current process) accessible for
 * access (PROT_READ, PROT_WRITE or PROT_EXEC).  Returns 0 when the page
 * is mapped with the needed permission, or a short reason why the
 * access is not allowed ("no mapping", "out of memory", ...).
 */
char*
vm_fault(struct proc *p, uint64 va, int access)
{
  struct vmspace *vm = &p->vm;
  struct vma *v;
  pte_t *pte;
  char *why;

  if (va >= MAXVA)
    return "address outside user space";
  va = PGROUNDDOWN(va);

  v = vma_lookup(vm, va);
  if (v == 0 && (v = guarded_by(vm, va)) == 0)
    return unmapped_reason(p, va, access);
  if ((why = refuse_access(v, access)) != 0)
    return why;
  if (va >= v->end && grow_up(vm, v) < 0)
    return "no room to grow mapping";

  pte = walk(p->pagetable, va, 0);
  if (pte == 0 || (*pte & PTE_V) == 0)
    return map_new_page(p, v, va, access);

  if (access == PROT_WRITE && !(*pte & PTE_W))
    why = make_writable(v, va, pte);
  else
    /* Permissions out of date (e.g. a fault on another hart's stale TLB). */
    *pte = PA2PTE(PTE2PA(*pte)) | PTE_V | (vma_pteperm(v) & ~PTE_W) |
           (*pte & (PTE_W | PTE_A | PTE_D | PTE_COW));
  sfence_vma();
  return why;
}

/*
 * Fault in the not-yet-present mapped pages of the user range
 * [addr, addr + len) for the given access (PROT_READ or PROT_WRITE).
 * Callers use it before taking a lock that the fault path might need
 * (an inode's sleeplock, the process table's spinlocks), so that the
 * copyin/copyout made under that lock finds the pages present.  Pages
 * that cannot be faulted in are left alone: the copy itself then fails.
 */
void
vm_prefault(struct proc *p, uint64 addr, uint64 len, int access)
{
  uint64 want = PTE_V | PTE_U | (access == PROT_WRITE ? PTE_W : PTE_R);
  uint64 va, end;
  pte_t *pte;

  if (len == 0 || addr >= MAXVA)
    return;
  end = addr + len;
  if (end > MAXVA || end < addr)
    end = MAXVA;
  for (va = PGROUNDDOWN(addr); va < end; va += PGSIZE) {
    if (vma_lookup(&p->vm, va) == 0)
      continue;
    pte = walk(p->pagetable, va, 0);
    if (pte != 0 && (*pte & want) == want)
      continue;
    vm_fault(p, va, access);
  }
}
