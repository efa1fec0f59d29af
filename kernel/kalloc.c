/*
 * Physical page allocator.
 *
 * Every 4096-byte page of RAM between the end of the kernel image and
 * phystop is handed out by kalloc().  phystop is the top of the RAM
 * the machine has, from the device tree QEMU passes at boot, but at
 * most PHYSTOP, the most RAM this kernel was built for (memlayout.h):
 * tables sized by PHYSTOP (refs[] below) cover any machine.  Pages are reference counted so
 * that a page can be mapped by several page tables at once (shared
 * mappings, copy-on-write, the file page cache): kalloc() gives a page
 * one reference, kpage_ref() adds one, and kfree() drops one, putting
 * the page back on the free list only when the last reference goes.
 *
 * Free pages are chained through their first word.
 */

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "defs.h"

extern char end[];   /* first byte after the kernel image (kernel.ld) */

#define NPAGES   ((PHYSTOP - KERNBASE) / PGSIZE)   /* pages of RAM, at most */
#define MIB      (1024 * 1024)
/*
 * Fill for a freed page: catches use after free, and since kalloc()
 * hands out pages as kfree() left them (junk but for the free-list
 * link), use before initialisation too.  Filling again at kalloc()
 * would only cost time: the fault path zeroes or overwrites every page.
 */
#define JUNK_FREE  1

/* Idle page-cache pages taken back at once when the free list runs dry. */
#define RECLAIM_BATCH  16

struct freepage {
  struct freepage *next;
};

/*
 * One lock guards the whole allocator: the free list, the reference
 * count of every page and the count of free bytes.  Page fills
 * (memset) happen outside the lock, on pages nobody else can reach.
 */
static struct {
  struct spinlock lock;
  struct freepage *free;      /* free pages, any order */
  uint64 freebytes;           /* bytes on the free list */
  int refs[NPAGES];           /* references per page, by (pa - KERNBASE) / PGSIZE */
} mem;

/*
 * The index of page pa in mem.refs.  Panics unless pa is the page-aligned
 * address of an allocatable page; who names the caller.
 */
static uint64
page_index(void *pa, char *who)
{
  uint64 a = (uint64)pa;

  if (a % PGSIZE != 0 || a < PGROUNDUP((uint64)end) || a >= phystop)
    panic(who);
  return (a - KERNBASE) / PGSIZE;
}

/* Put page pa on the free list.  Caller holds mem.lock. */
static void
freelist_push(void *pa)
{
  struct freepage *fp = (struct freepage *)pa;

  fp->next = mem.free;
  mem.free = fp;
  mem.freebytes += PGSIZE;
}

/* The end of the RAM the kernel uses, set by kinit(). */
uint64 phystop;

/*
 * Returns the top of the RAM the kernel will use: the end of the RAM
 * the device tree describes, capped at PHYSTOP; PHYSTOP itself if
 * there is no device tree to read.  Prints what it found.
 */
static uint64
find_ram_top(void)
{
  uint64 base, size;

  if (fdt_memory(boot_fdt, &base, &size) < 0) {
    printf("memory: no RAM size in a device tree, assuming %d MiB\n",
           (int)((PHYSTOP - KERNBASE) / MIB));
    return PHYSTOP;
  }
  if (base != KERNBASE)
    panic("kinit: RAM does not start at KERNBASE");
  if (base + size > PHYSTOP) {
    printf("memory: the machine has %d MiB of RAM; this kernel uses the %d MiB it was built for\n",
           (int)(size / MIB), (int)((PHYSTOP - KERNBASE) / MIB));
    return PHYSTOP;
  }
  if (base + size <= PGROUNDUP((uint64)end))
    panic("kinit: RAM ends inside the kernel");
  return PGROUNDDOWN(base + size);
}

/*
 * Find the RAM (the device tree lies in it, so first), then hand every
 * page from the end of the kernel to phystop to the allocator.
 */
void
kinit(void)
{
  char *p;

  initlock(&mem.lock, "kmem");
  phystop = find_ram_top();
  for (p = (char *)PGROUNDUP((uint64)end); p + PGSIZE <= (char *)phystop; p += PGSIZE) {
    memset(p, JUNK_FREE, PGSIZE);
    acquire(&mem.lock);
    mem.refs[page_index(p, "kinit")] = 0;
    freelist_push(p);
    release(&mem.lock);
  }
  printf("memory: %d MiB of RAM, %d KiB free\n",
         (int)((phystop - KERNBASE) / MIB), (int)(mem.freebytes / 1024));
}

/* Take a page off the free list with one reference; 0 if it is empty. */
static void *
freelist_pop(void)
{
  struct freepage *fp;

  acquire(&mem.lock);
  fp = mem.free;
  if (fp != 0) {
    mem.free = fp->next;
    mem.freebytes -= PGSIZE;
    mem.refs[page_index(fp, "kalloc: free list corrupt")] = 1;
  }
  release(&mem.lock);
  return fp;
}

/*
 * Allocate one page, holding one reference, its bytes junk.  When the
 * free list is empty, the pools' spare pages and idle page-cache pages
 * are taken back first, so that neither makes an allocation fail.  Returns the page's
 * (kernel-usable, physical) address, or 0 if memory is gone.
 */
void *
kalloc(void)
{
  void *pa = freelist_pop();

  if (pa == 0 && pool_reclaim() + pagecache_reclaim(RECLAIM_BATCH) +
                   swapcache_shrink(RECLAIM_BATCH) > 0)
    pa = freelist_pop();
  return pa;
}

/*
 * Drop one reference to page pa (as returned by kalloc).  When none
 * remain, the page is filled with junk and becomes free.  Panics on an
 * address kalloc could not have returned or a page that is already free.
 */
void
kfree(void *pa)
{
  uint64 i = page_index(pa, "kfree: bad address");
  int left;

  acquire(&mem.lock);
  if (mem.refs[i] <= 0)
    panic("kfree: page already free");
  left = --mem.refs[i];
  release(&mem.lock);

  if (left > 0)
    return;

  /* Nobody holds the page now, so it can be scribbled on unlocked. */
  memset(pa, JUNK_FREE, PGSIZE);
  acquire(&mem.lock);
  freelist_push(pa);
  release(&mem.lock);
}

/* Add one reference to page pa, which must be allocated. */
void
kpage_ref(void *pa)
{
  uint64 i = page_index(pa, "kpage_ref: bad address");

  acquire(&mem.lock);
  if (mem.refs[i] <= 0)
    panic("kpage_ref: page is free");
  mem.refs[i]++;
  release(&mem.lock);
}

/* Returns the number of references to page pa (0 if it is free). */
int
kpage_refs(void *pa)
{
  uint64 i = page_index(pa, "kpage_refs: bad address");
  int n;

  acquire(&mem.lock);
  n = mem.refs[i];
  release(&mem.lock);
  return n;
}

/* Pages on the free list now (reclaim's measure of how low memory is). */
uint64
kfree_pages(void)
{
  /* A single aligned load needs no lock: the figure is only a gauge,
     read on every page fault (reclaim_if_low, private_page_allowed). */
  return __atomic_load_n(&mem.freebytes, __ATOMIC_RELAXED) / PGSIZE;
}

/*
 * Returns the bytes of free physical memory: the free list, and the
 * pools' spare pages and idle page-cache pages that kalloc() takes back
 * on demand.
 */
uint64
kfreemem(void)
{
  uint64 n;

  acquire(&mem.lock);
  n = mem.freebytes;
  release(&mem.lock);
  return n + (pool_spares() + pagecache_idle() + swapcache_idle()) * PGSIZE;
}
