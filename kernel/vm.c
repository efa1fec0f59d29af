/*
 * Sv39 page tables: the kernel's own table, user tables, and copying
 * between kernel memory and a user address space.
 *
 * A page table is a tree of three levels of 512-entry pages.  Level 2 is
 * the root; a valid entry with none of R, W, X set points at the next
 * level down; level-0 entries (leaves) map 4096-byte pages.
 */

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "fcntl.h"
#include "vma.h"
#include "proc.h"
#include "defs.h"

extern char etext[];        /* end of kernel text (kernel.ld) */
extern char trampoline[];   /* the trap entry/exit page (trampoline.S) */

#define PTE_LEAF_BITS  (PTE_R | PTE_W | PTE_X)
#define PTE_PERM_BITS  (PTE_R | PTE_W | PTE_X | PTE_U)
#define PLIC_SIZE      0x4000000L
#define PTES_PER_TABLE (PGSIZE / sizeof(pte_t))   /* 512 */
#define L1_SPAN        (PGSIZE * PTES_PER_TABLE)   /* what a level-0 table maps: 2 MiB */
#define L2_SPAN        (L1_SPAN * PTES_PER_TABLE)  /* what a level-1 table maps: 1 GiB */

/* The kernel's page table, shared by every hart. */
static pagetable_t kernel_pagetable;

/* Does the valid entry pte map a page (rather than point at a table)? */
static int
pte_is_leaf(pte_t pte)
{
  return (pte & PTE_LEAF_BITS) != 0;
}

/* A zeroed page for a page table, or 0 if memory is gone. */
static pagetable_t
table_alloc(void)
{
  pagetable_t t = (pagetable_t)kalloc();

  if (t != 0)
    memset(t, 0, PGSIZE);
  return t;
}

/*
 * Build the kernel page table: devices, kernel image and RAM mapped at
 * their physical addresses, the trampoline at the top, and each
 * process's kernel stack below it.
 */
void
kvminit(void)
{
  uint64 text_end = (uint64)etext;

  if (text_end % PGSIZE != 0)
    panic("kvminit: etext not page aligned");

  kernel_pagetable = table_alloc();
  if (kernel_pagetable == 0)
    panic("kvminit: out of memory");

  kvmmap(kernel_pagetable, VIRT_TEST, VIRT_TEST, PGSIZE, PTE_R | PTE_W);
  kvmmap(kernel_pagetable, UART0, UART0, PGSIZE, PTE_R | PTE_W);
  kvmmap(kernel_pagetable, VIRTIO0, VIRTIO0, PGSIZE, PTE_R | PTE_W);
  kvmmap(kernel_pagetable, VIRTIO1, VIRTIO1, PGSIZE, PTE_R | PTE_W);
  kvmmap(kernel_pagetable, PLIC, PLIC, PLIC_SIZE, PTE_R | PTE_W);
  kvmmap(kernel_pagetable, KERNBASE, KERNBASE, text_end - KERNBASE, PTE_R | PTE_X);
  kvmmap(kernel_pagetable, text_end, text_end, phystop - text_end, PTE_R | PTE_W);
  kvmmap(kernel_pagetable, TRAMPOLINE, (uint64)trampoline, PGSIZE, PTE_R | PTE_X);
  proc_mapstacks(kernel_pagetable);
}

/* Switch this hart to the kernel page table and turn paging on. */
void
kvminithart(void)
{
  sfence_vma();   /* earlier stores to page tables must be seen by the walker */
  w_satp(MAKE_SATP(kernel_pagetable));
  sfence_vma();   /* drop any stale translations */
}

/*
 * Find the level-0 entry for va in pagetable.  With alloc set, missing
 * intermediate tables are created on the way down.  Returns a pointer
 * to the entry (which may be invalid), or 0 when a table is missing and
 * alloc is 0 or memory is gone.  Panics if va is not below MAXVA.
 */
pte_t *
walk(pagetable_t pagetable, uint64 va, int alloc)
{
  pagetable_t table = pagetable;
  int level;

  if (va >= MAXVA)
    panic("walk: va beyond MAXVA");

  for (level = 2; level > 0; level--) {
    pte_t *entry = &table[PX(level, va)];

    if (*entry & PTE_V) {
      table = (pagetable_t)PTE2PA(*entry);
      continue;
    }
    if (!alloc)
      return 0;
    table = table_alloc();
    if (table == 0)
      return 0;
    *entry = PA2PTE(table) | PTE_V;
  }
  return &table[PX(0, va)];
}

/*
 * The physical address of the user page at va, or 0 if va is not mapped
 * by a valid, user-accessible leaf.  Does not fault pages in.
 */
uint64
walkaddr(pagetable_t pagetable, uint64 va)
{
  pte_t *pte;

  if (va >= MAXVA)
    return 0;
  pte = walk(pagetable, va, 0);
  if (pte == 0 || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U))
    return 0;
  return PTE2PA(*pte);
}

/* Map [va, va+sz) to pa in the kernel table while booting; panics on failure. */
void
kvmmap(pagetable_t kpgtbl, uint64 va, uint64 pa, uint64 sz, int perm)
{
  if (mappages(kpgtbl, va, sz, pa, perm) != 0)
    panic("kvmmap");
}

/*
 * Map the size bytes at va to the physical range starting at pa, with
 * permission bits perm.  va and size must be page aligned, size nonzero,
 * and no page in the range may be mapped already.  Returns 0, or -1 if a
 * page-table page could not be allocated (pages mapped so far stay).
 */
int
mappages(pagetable_t pagetable, uint64 va, uint64 size, uint64 pa, int perm)
{
  uint64 off;
  pte_t *pte;

  if (va % PGSIZE != 0 || size % PGSIZE != 0)
    panic("mappages: unaligned");
  if (size == 0)
    panic("mappages: empty range");
  if ((perm & PTE_LEAF_BITS) == 0)
    panic("mappages: no access bits");   /* would read as a table pointer */

  for (off = 0; off < size; off += PGSIZE) {
    pte = walk(pagetable, va + off, 1);
    if (pte == 0)
      return -1;
    if (*pte & PTE_V)
      panic("mappages: remap");
    *pte = PA2PTE(pa + off) | perm | PTE_V;
  }
  return 0;
}

/* An empty user page table, or 0 if memory is gone. */
pagetable_t
uvmcreate(void)
{
  return table_alloc();
}

/* Load the first process's code (under one page) at address 0. */
void
uvmfirst(pagetable_t pagetable, uchar *src, uint sz)
{
  char *page;

  if (sz >= PGSIZE)
    panic("uvmfirst: initcode too big");
  page = kalloc();
  if (page == 0)
    panic("uvmfirst: out of memory");
  memset(page, 0, PGSIZE);
  memmove(page, src, sz);
  if (mappages(pagetable, 0, PGSIZE, (uint64)page, PTE_R | PTE_W | PTE_X | PTE_U) != 0)
    panic("uvmfirst: out of memory");
}

/*
 * Map zeroed pages, R|U plus xperm, over [PGROUNDUP(oldsz), newsz) of
 * pagetable (sbrk's eager growth).  Returns newsz, or 0 if memory ran
 * out or newsz reaches past TRAPFRAME.  On failure the pages mapped so
 * far stay: they belong to a VMA already, and the caller removes them
 * with it (heap_cut), pruning the page-table pages under the vmspace
 * lock as every other unmap does.
 */
uint64
uvmalloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz, int xperm)
{
  uint64 va;
  char *page;

  if (newsz <= oldsz)
    return oldsz;
  if (newsz > TRAPFRAME)
    return 0;   /* would run into the trapframe and trampoline */

  for (va = PGROUNDUP(oldsz); va < newsz; va += PGSIZE) {
    page = kalloc();
    if (page == 0)
      return 0;
    memset(page, 0, PGSIZE);
    if (mappages(pagetable, va, PGSIZE, (uint64)page, PTE_R | PTE_U | xperm) != 0) {
      kfree(page);
      return 0;
    }
  }
  return newsz;
}

/*
 * The PTE of the first page at or above *va and below end that is
 * resident or swapped out (PTE_SWAPPED), with *va moved to that page;
 * or 0 if there is none.  Callers that want only resident pages check
 * PTE_V.  Descends the page table itself instead of calling walk() for
 * every page: where an entry is empty, the whole range it covers (a
 * page, 2 MiB or 1 GiB) is skipped, together with the empty entries
 * after it in the same page-table page, so that huge untouched ranges
 * cost little.
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
      if (level == 0 || *pte == 0)
        break;
      table = (pagetable_t)PTE2PA(*pte);
    }
    if (*pte != 0)
      return pte;
    /*
     * Skip this empty entry, and the empty ones after it in its table
     * that still lie below end (stop: the entry just past end).
     */
    span = 1L << PXSHIFT(level);
    i = PX(level, *va);
    stop = i + (end - (*va & ~(span - 1)) + span - 1) / span;
    if (stop > PTES_PER_TABLE)
      stop = PTES_PER_TABLE;
    for (i++; i < stop && table[i] == 0; i++)
      ;
    *va = (*va & ~(span * PTES_PER_TABLE - 1)) + i * span;
  }
  return 0;
}

/*
 * Does table t hold no entry (valid, or a swapped page's)?  The search starts at entry first
 * and wraps around: a caller that has just emptied part of a table
 * starts next to that part, where a neighbour is likeliest.
 */
static int
table_empty_from(pagetable_t t, int first)
{
  int i, n;

  for (n = 0, i = first; n < PTES_PER_TABLE; n++, i = (i + 1) % PTES_PER_TABLE)
    if (t[i] != 0)
      return 0;
  return 1;
}

/*
 * Free the page-table pages of pagetable under [start, end) that map
 * nothing any more (munmap, after the pages are gone).  A table that
 * still maps a page, inside the range or outside it, stays.  The root
 * is never freed.  No hart may be using pagetable's translations for
 * the range (the caller flushed its own TLB; no other hart runs it).
 */
void
uvmprune(pagetable_t pagetable, uint64 start, uint64 end)
{
  uint64 gib, block, stop;
  pte_t *top, *mid;
  pagetable_t midtable, leaftable;
  int freed;

  for (gib = start & ~(L2_SPAN - 1); gib < end; gib += L2_SPAN) {
    top = &pagetable[PX(2, gib)];
    if ((*top & PTE_V) == 0)
      continue;
    midtable = (pagetable_t)PTE2PA(*top);
    block = start > gib ? start & ~(L1_SPAN - 1) : gib;
    stop = end < gib + L2_SPAN ? end : gib + L2_SPAN;
    freed = 0;
    for (; block < stop; block += L1_SPAN) {
      mid = &midtable[PX(1, block)];
      if ((*mid & PTE_V) == 0)
        continue;
      leaftable = (pagetable_t)PTE2PA(*mid);
      /* Look first just past the range: mappings pack against it. */
      if (table_empty_from(leaftable, end < block + L1_SPAN ? PX(0, end) : 0)) {
        *mid = 0;
        kfree(leaftable);
        freed = 1;
      }
    }
    /* A level-1 table can only have emptied if one of its tables went. */
    if (freed && table_empty_from(midtable, PX(1, block - L1_SPAN))) {
      *top = 0;
      kfree(midtable);
    }
  }
}

/*
 * Remove the mappings of npages pages from va (page aligned), dropping
 * a reference to each page (or swap slot) when do_free is set.  Pages that are not
 * mapped are skipped, whole missing tables at a time (vm_nextpte):
 * lazily filled ranges may be vast.  Page-table pages left empty are
 * freed (uvmprune).
 */
void
uvmunmap(pagetable_t pagetable, uint64 va, uint64 npages, int do_free)
{
  uint64 a = va, stop = va + npages * PGSIZE;
  pte_t *pte;

  if (va % PGSIZE != 0)
    panic("uvmunmap: unaligned");
  for (; (pte = vm_nextpte(pagetable, &a, stop)) != 0; a += PGSIZE)
    if (do_free)
      pte_release(pte);
    else
      *pte = 0;
  uvmprune(pagetable, va, stop);
}

/*
 * Empty user PTE *pte, dropping what it held: a reference to its page,
 * or to its swap slot.
 */
void
pte_release(pte_t *pte)
{
  if (PTE_SWAPPED(*pte))
    swapcache_drop(PTE2SLOT(*pte));
  else
    kfree((void *)PTE2PA(*pte));
  *pte = 0;
}

/*
 * Share the resident pages of old in [start, end) with new, at the same
 * addresses, copy-on-write: both tables map the same page, which gains a
 * reference; a writable page loses PTE_W in both and is marked PTE_COW,
 * so that the first store on either side copies it (copy_on_write in
 * vmfault.c).  A swapped-out page's entry is copied too, and its slot
 * gains a reference: whichever side faults first reads it back.  The caller flushes old's TLB.  Returns 0, or -1 if a
 * page-table page could not be allocated (the pages shared so far stay
 * in new).
 */
int
uvmcopy(pagetable_t old, pagetable_t new, uint64 start, uint64 end)
{
  uint64 va = start;
  pte_t *pte, *npte;
  pte_t *ntable = 0;        /* new's leaf table for va's 2 MiB block */
  uint64 nblock = 0;        /* which block ntable maps */
  uint64 pa, flags;

  for (; (pte = vm_nextpte(old, &va, end)) != 0; va += PGSIZE) {
    pa = PTE2PA(*pte);
    flags = PTE_FLAGS(*pte);
    if (flags & PTE_W)
      flags = (flags & ~PTE_W) | PTE_COW;
    else if (PTE_SWAPPED(*pte))
      swapcache_share(PTE2SLOT(*pte));   /* the child's entry names the slot too */
    /* Walk new's table once per block, not once per page. */
    if (ntable == 0 || va / L1_SPAN != nblock) {
      npte = walk(new, va, 1);
      if (npte == 0)
        return -1;
      ntable = npte - PX(0, va);
      nblock = va / L1_SPAN;
    }
    npte = &ntable[PX(0, va)];
    if (*npte != 0)
      panic("uvmcopy: page already mapped");
    if (*pte & PTE_V)
      kpage_ref((void *)pa);
    *npte = PA2PTE(pa) | flags;
    *pte = PA2PTE(pa) | flags;
  }
  return 0;
}

/*
 * Free the page-table pages of the level-`level` table t and below.
 * Every leaf must already be gone.
 */
static void
table_free(pagetable_t t, int level)
{
  int i;

  for (i = 0; i < PTES_PER_TABLE; i++) {
    pte_t pte = t[i];

    if (pte == 0)
      continue;
    if (level == 0 || pte_is_leaf(pte))
      panic("uvmfree: leaf left");
    table_free((pagetable_t)PTE2PA(pte), level - 1);
  }
  kfree(t);
}

/*
 * Free a user page table's page-table pages.  Every user page must be
 * gone already (vmspace_release), and the trampoline and trapframe
 * unmapped.
 */
void
uvmfree(pagetable_t pagetable)
{
  table_free(pagetable, 2);
}

/*
 * The reclaimer may take pages from a process while it runs (reclaim.c),
 * under the process's vmspace lock.  So the kernel reads a user page
 * only under that lock too, and never across a sleep or a fault: each
 * copy below moves at most a page while holding it.  The table of a
 * process that is not the current one (none is copied to but the
 * current process's) is nobody's to reclaim from.
 */
static struct spinlock*
user_pages_lock(pagetable_t pagetable)
{
  struct proc *p = myproc();

  return p != 0 && p->pagetable == pagetable ? &p->vm.lock : 0;
}

/* How a chunk moves between kernel and user memory. */
enum move { TO_USER, FROM_USER, FROM_USER_STRING };

/*
 * Move n bytes (within one page) between kbuf and user address uva of
 * pagetable, if the page is resident and allows it; FROM_USER_STRING
 * stops after a NUL.  Returns the bytes moved, or -1 if the page is
 * not there (yet) for such an access.
 */
static long
move_chunk(pagetable_t pagetable, uint64 uva, char *kbuf, uint64 n, enum move how)
{
  uint64 want = PTE_V | PTE_U | (how == TO_USER ? PTE_W : PTE_R);
  struct spinlock *lk = user_pages_lock(pagetable);
  long moved = -1;
  pte_t *pte;
  char *ubuf;

  if (uva >= MAXVA)
    return -1;
  /*
   * Under lk, a spin lock, nothing here can sleep or fault: the page is
   * copied only if its PTE says it is resident, through the kernel's
   * direct mapping of RAM, and kbuf is kernel memory.  A missing page
   * is faulted in by the caller after lk is let go (move_user).
   */
  if (lk)
    acquire(lk);
  pte = walk(pagetable, uva, 0);
  if (pte != 0 && (*pte & want) == want) {
    ubuf = (char *)(PTE2PA(*pte) + uva % PGSIZE);
    if (how == TO_USER) {
      memmove(ubuf, kbuf, n);
      moved = n;
    } else if (how == FROM_USER) {
      memmove(kbuf, ubuf, n);
      moved = n;
    } else {
      for (moved = 0; moved < n && (kbuf[moved] = ubuf[moved]) != '\0'; moved++)
        ;
      if (moved < n)
        moved++;   /* the NUL */
    }
  }
  if (lk)
    release(lk);
  return moved;
}

/*
 * The page holding user address va is not there for access: take the
 * fault, if pagetable is the current process's and it holds no lock.
 * Under a lock no fault may be taken (lockorder.h): the page is noted
 * for vm_fault_deferred() instead.  Returns 1 if the page is now
 * there, else 0.
 */
static int
fault_in(pagetable_t pagetable, uint64 va, int access)
{
  struct proc *p = myproc();

  if (va >= MAXVA || p == 0 || p->pagetable != pagetable)
    return 0;
  if (vm_holding_locks(p)) {
    p->deferred_va = PGROUNDDOWN(va);
    p->deferred_access = access;
    return 0;
  }
  return vm_fault(p, PGROUNDDOWN(va), access) == 0;
}

/* A page may be reclaimed between its fault and the copy: try again. */
#define COPY_TRIES 4

/*
 * Move up to n bytes (within one page) as move_chunk does, faulting the
 * page in if need be.  Returns the bytes moved, or -1.
 */
static long
move_user(pagetable_t pagetable, uint64 uva, char *kbuf, uint64 n, enum move how)
{
  int access = how == TO_USER ? PROT_WRITE : PROT_READ;
  long moved;
  int tries;

  for (tries = 0; tries < COPY_TRIES; tries++) {
    if ((moved = move_chunk(pagetable, uva, kbuf, n, how)) >= 0)
      return moved;
    if (!fault_in(pagetable, uva, access))
      return -1;
  }
  return -1;
}

/* Bytes from va to the end of its page, but at most len. */
static uint64
page_chunk(uint64 va, uint64 len)
{
  uint64 room = PGSIZE - (va % PGSIZE);

  return len < room ? len : room;
}

/* Copy len bytes from kernel src to user dstva.  Returns 0, or -1. */
int
copyout(pagetable_t pagetable, uint64 dstva, char *src, uint64 len)
{
  uint64 n;

  for (; len > 0; len -= n, dstva += n, src += n) {
    n = page_chunk(dstva, len);
    if (move_user(pagetable, dstva, src, n, TO_USER) < 0)
      return -1;
  }
  return 0;
}

/* Copy len bytes from user srcva to kernel dst.  Returns 0, or -1. */
int
copyin(pagetable_t pagetable, char *dst, uint64 srcva, uint64 len)
{
  uint64 n;

  for (; len > 0; len -= n, srcva += n, dst += n) {
    n = page_chunk(srcva, len);
    if (move_user(pagetable, srcva, dst, n, FROM_USER) < 0)
      return -1;
  }
  return 0;
}

/*
 * Copy a NUL-terminated string from user srcva to kernel dst, at most
 * max bytes including the NUL.  Returns 0, or -1 if the string is not
 * readable or has no NUL within max bytes.
 */
int
copyinstr(pagetable_t pagetable, char *dst, uint64 srcva, uint64 max)
{
  uint64 n;
  long got;

  for (; max > 0; max -= got, srcva += got, dst += got) {
    n = page_chunk(srcva, max);
    got = move_user(pagetable, srcva, dst, n, FROM_USER_STRING);
    if (got < 0)
      return -1;
    if (got > 0 && dst[got - 1] == '\0')
      return 0;
  }
  return -1;
}
