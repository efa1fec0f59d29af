/*
 * Page faults.
 *
 * Every user page belongs to a VMA: the program's text and data, the
 * stack and the heap (exec, sbrk) as well as what mmap made.  A VMA is
 * only a record; pages arrive here, on the first access, from
 * usertrap (a user load, store or instruction fetch that the page table
 * refused) or from copyin/copyout (the kernel touching a user page on
 * the process's behalf).  vm_fault finds the VMA, checks the access
 * against its protection, and then either maps a new page or upgrades
 * the one that is there:
 *
 *   anonymous private   a zeroed page of its own
 *   anonymous shared    the memobj's page at that index, zeroed by
 *                       whichever sharer touches it first
 *   file, shared        the file's page in the page cache (pagecache.c),
 *                       read from disk by whoever needs it first
 *   file, private       the same cached page, read-only; a store gets
 *                       a copy of its own
 *   store to a COW page the page itself if no one else holds it any
 *                       more, else a copy
 *   store to a clean    the same page, now writable, counted as a
 *   shared file page    writer and so dirty (see vmpage.c)
 *   a swapped-out page  read back from its swap slot (swapcache.c),
 *                       copy-on-write while others still share it
 *
 * vm_fault never runs under a lock (lockorder.h), and checks that rule;
 * when memory is low it first reclaims some (reclaim.c).  Whatever may
 * sleep (a disk read) is done first; the PTE is then looked at again
 * and changed under the vmspace lock, which the reclaimer takes too.
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
#include "pagetree.h"
#include "file.h"
#include "vma.h"
#include "proc.h"
#include "vmainfo.h"
#include "defs.h"

/* The reason a fault gives when memory is exhausted (see vm_fault). */
static char out_of_memory[] = "out of memory";

/*
 * The reason access is not allowed in v, or 0 if it is.  A writable
 * mapping is readable too (RISC-V has no write-only pages).
 */
static char*
refuse_access(struct vma *v, int access)
{
  if (v->role == VMA_GUARD)
    return "stack guard page";
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
 * Returns 0, or -1 if there is no room.
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

/* A new zeroed page for anonymous memory; 0 if memory is exhausted. */
static char*
zeroed_page(void)
{
  char *mem = kalloc();

  if (mem != 0)
    memset(mem, 0, PGSIZE);
  return mem;
}

/*
 * Map page va (not mapped yet) of p with permission perm.  Returns 0,
 * or -1 if a page-table page could not be allocated.
 */
static int
install(struct proc *p, uint64 va, char *page, int perm)
{
  int r;

  if (perm & PTE_W)
    perm |= PTE_A | PTE_D;   /* spare the hardware a second trip */
  acquire(&p->vm.lock);
  r = mappages(p->pagetable, va, PGSIZE, (uint64)page, perm);
  release(&p->vm.lock);
  return r;
}

/*
 * Map the page of file mapping v at va from the file's page cache, for
 * access.  A shared mapping maps the cached page itself, writable only
 * from the first store on (which makes it a writer, and the page dirty:
 * see pagecache.c).  A private mapping maps the cached page read-only,
 * so that a read costs no copy, and a store gets a copy of its own.
 * This is done under the inode lock, which keeps the page in the
 * cache meanwhile (truncation holds it too).  Caller holds the inode
 * lock.
 */
static char*
map_file_page(struct proc *p, struct vma *v, uint64 va, int access)
{
  struct inode *ip = v->file->ip;
  uint64 idx = vma_index(v, va);
  int perm = vma_pteperm(v), writer;
  char *page, *copy, *why;

  if (idx >= FILE_PAGES)
    return "beyond the largest file";
  /* A MAP_GROWSUP mapping's pages may lie past EOF: their stores extend it. */
  if (idx * PGSIZE >= ip->size && !(v->flags & MAP_GROWSUP))
    return "beyond end of file";
  if ((page = pagecache_get(ip, idx)) == 0)
    return out_of_memory;
  if (access != PROT_WRITE) {
    perm &= ~PTE_W;
  } else if (!(v->flags & MAP_SHARED)) {
    copy = kalloc();
    if (copy != 0)
      memmove(copy, page, PGSIZE);
    kfree(page);
    if ((page = copy) == 0)
      return out_of_memory;
  }
  /* A shared page's writer is counted before its PTE may be written. */
  writer = (v->flags & MAP_SHARED) && (perm & PTE_W);
  if (writer && (why = pagecache_addwriter(ip, idx, page)) != 0) {
    kfree(page);
    return why;
  }
  if (install(p, va, page, perm) < 0) {
    if (writer)
      pagecache_dropwriter(ip, idx, page);
    kfree(page);
    return out_of_memory;
  }
  v->populated = 1;
  return 0;
}

/*
 * The last FAULT_RESERVE free pages are kept for faults that bring back
 * what a process had (its program's text and data from the file, its
 * pages from swap): new private memory (a first touch, a copy-on-write
 * copy) fails before them, once reclaim (at the top of vm_fault) could
 * free no more.  So when RAM and swap are both full, the process that
 * grows is the one that runs out, not one that only needed its own
 * code back.
 */
#define FAULT_RESERVE 32

/* May a fault take a page for new private memory now? */
static int
private_page_allowed(void)
{
  return kfree_pages() >= FAULT_RESERVE;
}

/* Map a new page at va (not mapped yet) for an access that v allows. */
static char*
map_new_page(struct proc *p, struct vma *v, uint64 va, int access)
{
  char *page;

  if (v->file)
    return map_file_page(p, v, va, access);
  if (!v->shared && !private_page_allowed())
    return out_of_memory;
  page = v->shared ? memobj_get(v->shared, vma_index(v, va)) : zeroed_page();
  if (page == 0)
    return out_of_memory;
  if (install(p, va, page, vma_pteperm(v)) < 0) {
    kfree(page);
    return out_of_memory;
  }
  v->populated = 1;
  return 0;
}

/*
 * Break copy-on-write for the resident page *pte (a store was refused):
 * the page itself becomes writable if no one else holds it any more,
 * else a copy takes its place.  Returns 0, or the reason it could not.
 */
static char*
copy_on_write(pte_t *pte)
{
  char *old = (char *)PTE2PA(*pte);
  uint64 flags = (PTE_FLAGS(*pte) | PTE_W | PTE_A | PTE_D) & ~PTE_COW;
  char *mem;

  if (kpage_refs(old) == 1) {
    /* The other holders have copied or gone: the page is ours alone. */
    *pte = PA2PTE(old) | flags;
    return 0;
  }
  if (!private_page_allowed())
    return out_of_memory;
  mem = kalloc();
  if (mem == 0)
    return out_of_memory;
  memmove(mem, old, PGSIZE);
  *pte = PA2PTE(mem) | flags;
  kfree(old);
  return 0;
}

/*
 * Map the page of swap slot `entry` names back at va of private
 * mapping v, copy-on-write while the swap cache or another process
 * still holds it, then let it be stored to if access is a store.
 * Reading the slot may sleep, so the PTE is checked again after.
 */
static char*
swap_in(struct proc *p, struct vma *v, uint64 va, pte_t entry, int access)
{
  uint slot = PTE2SLOT(entry);
  int perm = vma_pteperm(v);
  char *page, *why = 0;
  pte_t *pte;

  if ((page = swapcache_get(slot)) == 0)
    return out_of_memory;
  if (perm & PTE_W)
    perm = (perm & ~PTE_W) | PTE_COW;
  acquire(&p->vm.lock);
  pte = walk(p->pagetable, va, 0);
  if (pte == 0 || *pte != entry) {
    release(&p->vm.lock);
    kfree(page);
    return 0;   /* changed meanwhile (unmapped): the access will tell */
  }
  *pte = PA2PTE(page) | perm | PTE_V | PTE_A;   /* the PTE takes page's reference */
  swapcache_drop(slot);   /* and lets go of the slot's */
  if (access == PROT_WRITE)
    why = copy_on_write(pte);
  release(&p->vm.lock);
  return why;
}

/*
 * A store to resident page *pte of writable mapping v that the PTE does
 * not allow yet: note the first store to a clean shared file page, or
 * break copy-on-write.  Caller holds p->vm.lock.
 */
static char*
make_writable(struct vma *v, uint64 va, pte_t *pte)
{
  char *why;

  if (v->flags & MAP_SHARED) {
    if (v->file && (why = pagecache_addwriter(v->file->ip, vma_index(v, va),
                                              (void *)PTE2PA(*pte))) != 0)
      return why;
    *pte |= PTE_W | PTE_A | PTE_D;
    return 0;
  }
  return copy_on_write(pte);
}

static char* fault_once(struct proc *p, uint64 va, int access);

/*
 * Make the page at va of process p (the current process) accessible for
 * access (PROT_READ, PROT_WRITE or PROT_EXEC).  Returns 0 when the page
 * is mapped with the needed permission, or a short reason why the
 * access is not allowed ("no mapping", "out of memory", ...).
 *
 * Out of memory, the faulting process is killed (by its caller), except
 * init: the kernel cannot run without it, and it holds next to no
 * memory, so it can only be the victim of another process's growth.
 * init waits a tick at a time instead, until that process's own faults
 * fail and kill it, giving its memory back.
 */
char*
vm_fault(struct proc *p, uint64 va, int access)
{
  char *why;

  while ((why = fault_once(p, va, access)) == out_of_memory && proc_is_init(p))
    clock_sleep(1, 0);
  return why;
}

/* One try of vm_fault's work. */
static char*
fault_once(struct proc *p, uint64 va, int access)
{
  struct vmspace *vm = &p->vm;
  struct vma *v;
  pte_t *pte, entry;
  char *why = 0;

  if (vm_holding_locks(p))
    panic(p->sleeplocks > 0 ? "vm_fault: page fault while holding a sleep lock (lockorder.h)"
                            : "vm_fault: page fault while holding a spin lock (lockorder.h)");
  if (va >= MAXVA)
    return "address outside user space";
  va = PGROUNDDOWN(va);
  if (p->logops == 0)
    reclaim_if_low();   /* may begin operations of its own: not inside one */

  v = vma_lookup(vm, va);
  if (v == 0 && (v = guarded_by(vm, va)) == 0)
    return "no mapping";
  if ((why = refuse_access(v, access)) != 0)
    return why;
  if (va >= v->end && grow_up(vm, v) < 0)
    return "no room to grow mapping";

  reclaim_count_fault();
  /* A file mapping's PTEs change only under the inode lock (truncation). */
  if (v->file)
    ilock(v->file->ip);
  acquire(&vm->lock);
  pte = walk(p->pagetable, va, 0);
  entry = pte ? *pte : 0;
  if ((entry & PTE_V) && access == PROT_WRITE && !(entry & PTE_W))
    why = make_writable(v, va, pte);
  else if (entry & PTE_V)
    /* Permissions out of date (e.g. a fault on another hart's stale TLB). */
    *pte = PA2PTE(PTE2PA(entry)) | PTE_V | (vma_pteperm(v) & ~PTE_W) |
           (entry & (PTE_W | PTE_A | PTE_D | PTE_COW));
  release(&vm->lock);
  /* The rest may sleep, and takes vm->lock itself when it maps the page. */
  if (entry == 0)
    why = map_new_page(p, v, va, access);
  else if (PTE_SWAPPED(entry))
    why = swap_in(p, v, va, entry, access);
  if (v->file)
    iunlock(v->file->ip);
  sfence_vma();
  return why;
}

/*
 * Does p (the current process) hold a lock, so that it may not take a
 * page fault now (lockorder.h)?  Returns 1 if so, else 0.
 */
int
vm_holding_locks(struct proc *p)
{
  return p->sleeplocks > 0 || holding_spinlocks();
}

/*
 * A copy to or from user memory made under a lock stopped at a page
 * that needed a fault (user_byte in vm.c noted it).  Take that fault
 * now, with the caller holding no lock.  Returns 1 if the page is now
 * there and the caller should try its copy again; 0 if no fault was
 * waiting, or the access is not allowed (the copy then fails for good).
 */
int
vm_fault_deferred(struct proc *p)
{
  int access = p->deferred_access;

  if (access == 0)
    return 0;
  p->deferred_access = 0;
  return vm_fault(p, p->deferred_va, access) == 0;
}
