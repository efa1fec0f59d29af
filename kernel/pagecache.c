/*
 * The page cache: one copy of every file page in memory.
 *
 * Each in-memory inode of a regular file owns a page tree of its cached
 * pages, by page number in the file (ip->cache, pagetree.c: a sparse
 * index, so a file of any size costs a node per 512 pages it has
 * cached, and nothing for the pages it has not).  read() and
 * write() go through these pages (readi, writei); every MAP_SHARED
 * mapping of the file, in any process, maps the cached page itself, and
 * MAP_PRIVATE maps it read-only until its first store copies it.  So
 * there is one copy of each file page, and every store, read() and
 * write() sees all the others at once, with no code to keep copies in
 * step.
 *
 * An entry is the page's physical address; its low bits, free since
 * pages are aligned, hold the page's write-back state:
 *
 *   PC_DIRTY    stores made through a mapping may be missing from the
 *               file on disk;
 *   writers     how many PTEs, in all processes, map the page with PTE_W
 *               (bits 1-11, in units of PC_WRITER).
 *
 * write() is write-through (writei puts the bytes in the disk blocks,
 * through the log, and in the cached page), so only stores through a
 * mapping make a page dirty.  A store through a writable PTE reaches
 * the page without a fault, so a page stays dirty for as long as it has
 * writers; write-back (pagecache_clean) may call it clean only once the
 * last writer is gone.
 *
 * The cache owns one reference to each of its pages; a PTE that maps
 * one owns another.  A clean page that only the cache holds is idle:
 * kalloc() takes idle pages back when it runs out (pagecache_reclaim),
 * and sysinfo counts them as free memory, with the tree nodes that
 * would be freed once they go.  The files used longest ago lose theirs
 * first.
 *
 * Locking: ip->cachelock, a spin lock, protects the entries of ip.
 * Filling a missing page (a disk read) is done under the inode's sleep
 * lock, so that it cannot race another fill of the page or a writei.
 * No lock is taken while cachelock is held, except kalloc's (when a
 * page or a tree node is freed); so kalloc never runs under it, and
 * reclaim may take any inode's cachelock from inside kalloc (see
 * lockorder.h).  A tree node is allocated by pagetree_slot with the
 * cachelock let go.
 */

#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "pagetree.h"
#include "file.h"
#include "defs.h"

#define PC_DIRTY    1L                   /* entry flag: page needs write-back */
#define PC_WRITER   2L                   /* one writable PTE in the writer count */
#define PC_WRITERS  (PGSIZE - PC_WRITER) /* the writer count's bits */

#define PC_LEVELS   2                    /* of the page tree: 2^18 pages */
_Static_assert(FILE_PAGES <= PT_FANOUT * PT_FANOUT, "the page tree must hold the largest file");

/* Counts uses of any cache, to order files by last use (racy but fine). */
static uint64 cache_clock;

static void*
entry_page(uint64 e)
{
  return (void *)PGROUNDDOWN(e);
}

/* Prepare ip's empty cache (once, when the inode table is set up). */
void
pagecache_init(struct inode *ip)
{
  initlock(&ip->cachelock, "pagecache");
  pagetree_init(&ip->cache, PC_LEVELS);
  initlock(&ip->maplock, "mappings");
}

/*
 * The cached page idx of ip, with a reference for the caller (who drops
 * it with kfree), or 0 if the page is not in the cache.
 */
void*
pagecache_lookup(struct inode *ip, uint idx)
{
  uint64 *e;
  void *pa = 0;

  if (idx >= FILE_PAGES)
    return 0;
  acquire(&ip->cachelock);
  ip->cacheused = ++cache_clock;
  e = pagetree_lookup(&ip->cache, idx);
  if (e && *e != 0) {
    pa = entry_page(*e);
    kpage_ref(pa);
  }
  release(&ip->cachelock);
  return pa;
}

/*
 * Page idx of ip, read into the cache if it is not there yet (zeros
 * past end of file), with a reference for the caller.  Returns 0 if idx
 * lies beyond the largest file or memory is exhausted.  Caller holds
 * ip->lock, which keeps other fills and writei out.
 */
void*
pagecache_get(struct inode *ip, uint idx)
{
  uint64 off = (uint64)idx * PGSIZE, *e;
  char *pa;
  int n = 0;

  if (idx >= FILE_PAGES)
    return 0;
  if (!holdingsleep(&ip->lock))
    panic("pagecache_get: inode not locked");
  if ((pa = pagecache_lookup(ip, idx)) != 0)
    return pa;
  if ((pa = kalloc()) == 0)
    return 0;
  if (off < ip->size)
    n = read_blocks(ip, pa, off, ip->size - off < PGSIZE ? ip->size - off : PGSIZE);
  memset(pa + n, 0, PGSIZE - n);

  acquire(&ip->cachelock);
  e = pagetree_slot(&ip->cache, idx, &ip->cachelock);
  if (e == 0) {
    release(&ip->cachelock);
    kfree(pa);
    return 0;
  }
  if (*e != 0)
    panic("pagecache_get: filled twice");   /* the inode lock failed */
  *e = (uint64)pa;
  kpage_ref(pa);   /* the cache's reference; kalloc's is the caller's */
  release(&ip->cachelock);
  return pa;
}

/*
 * A PTE mapping page pa, page idx of ip, is about to gain PTE_W: count
 * the writer and mark the page dirty, since stores may now arrive
 * without a fault.  Returns 0, or the reason the PTE may not have
 * PTE_W: pa is no longer the cached page (the file was truncated
 * meanwhile), or the page has as many writers as the count holds (one
 * process can map a page thousands of times).
 */
char*
pagecache_addwriter(struct inode *ip, uint idx, void *pa)
{
  uint64 *e;
  char *why = 0;

  acquire(&ip->cachelock);
  e = pagetree_lookup(&ip->cache, idx);
  if (e == 0 || *e == 0 || entry_page(*e) != pa)
    why = "beyond end of file";
  else if ((*e & PC_WRITERS) == PC_WRITERS)
    why = "too many writable mappings of one page";
  else
    *e = (*e + PC_WRITER) | PC_DIRTY;
  release(&ip->cachelock);
  return why;
}

/*
 * A PTE mapping page pa, page idx of ip, has lost PTE_W (write-protected
 * or unmapped).  The page stays dirty until it is written back.  A page
 * truncated out of the cache has no count left to keep.
 */
void
pagecache_dropwriter(struct inode *ip, uint idx, void *pa)
{
  uint64 *e;

  acquire(&ip->cachelock);
  e = pagetree_lookup(&ip->cache, idx);
  if (e && *e != 0 && entry_page(*e) == pa) {
    if ((*e & PC_WRITERS) == 0)
      panic("pagecache_dropwriter: no writer");
    *e -= PC_WRITER;
  }
  release(&ip->cachelock);
}

/*
 * Is page idx of ip dirty, to be written back now?  Returns the page
 * with a reference for the caller if so, else 0.  The dirty mark is
 * cleared only if no PTE may still write the page: a sharer's stores
 * arrive without a fault, so while it keeps a writable PTE the page
 * stays dirty for the next write-back.
 */
void*
pagecache_clean(struct inode *ip, uint idx)
{
  uint64 *e;
  void *pa = 0;

  acquire(&ip->cachelock);
  e = pagetree_lookup(&ip->cache, idx);
  if (e && (*e & PC_DIRTY)) {
    pa = entry_page(*e);
    kpage_ref(pa);
    if ((*e & PC_WRITERS) == 0)
      *e &= ~PC_DIRTY;
  }
  release(&ip->cachelock);
  return pa;
}

/* pagetree_walk visitor: drop the cache's reference to a page. */
static int
drop_page(void *arg, uint64 idx, uint64 *e)
{
  kfree(entry_page(*e));
  *e = 0;
  return 0;
}

/*
 * Take pages first and up out of ip's cache, dropping the cache's
 * reference to each (the tree's nodes left empty go too).  The caller
 * has unmapped them from every process (truncation), or no process can
 * map them (the inode is being freed or reused).
 */
void
pagecache_drop(struct inode *ip, uint first)
{
  acquire(&ip->cachelock);
  pagetree_walk(&ip->cache, first, drop_page, 0);
  release(&ip->cachelock);
}

/* Is entry e an idle page: clean, unwritable, held by the cache alone? */
static int
idle(uint64 e)
{
  return e != 0 && (e & (PC_DIRTY | PC_WRITERS)) == 0 && kpage_refs(entry_page(e)) == 1;
}

/* What drop_idle has freed, and wants to. */
struct dropping {
  int freed;
  int want;
};

/* pagetree_walk visitor: free the page if it is idle; stop once enough
   are. */
static int
drop_if_idle(void *arg, uint64 idx, uint64 *e)
{
  struct dropping *d = arg;

  if (idle(*e)) {
    kfree(entry_page(*e));
    *e = 0;
    d->freed++;
  }
  return d->freed >= d->want;
}

/* Free the idle pages of ip, up to want of them.  Returns how many. */
static int
drop_idle(struct inode *ip, int want)
{
  struct dropping d = { 0, want };

  acquire(&ip->cachelock);
  pagetree_walk(&ip->cache, 0, drop_if_idle, &d);
  release(&ip->cachelock);
  return d.freed;
}

/*
 * Free up to want idle pages, from the files whose caches were used
 * longest ago first (ip->cacheused).  Called by kalloc() when its free
 * list is empty, so it allocates nothing.  Returns the number freed.
 */
int
pagecache_reclaim(int want)
{
  char visited[NINODE] = { 0 };
  struct inode *ip, *oldest;
  int i, pick, freed = 0;

  while (freed < want) {
    oldest = 0;
    pick = -1;
    for (i = 0; i < NINODE; i++) {
      ip = inode_slot(i);
      if (!visited[i] && (oldest == 0 || ip->cacheused < oldest->cacheused)) {
        oldest = ip;
        pick = i;
      }
    }
    if (pick < 0)
      break;
    visited[pick] = 1;
    freed += drop_idle(oldest, want - freed);
  }
  return freed;
}

/* pagetree_walk visitor: count the page in *arg if it is idle. */
static int
count_idle(void *arg, uint64 idx, uint64 *e)
{
  if (idle(*e))
    (*(uint64 *)arg)++;
  return 0;
}

/*
 * The number of idle pages in every cache, and of the tree nodes that
 * freeing them would free: memory free for the asking.
 */
uint64
pagecache_idle(void)
{
  struct inode *ip;
  uint64 n = 0;
  int i;

  for (i = 0; i < NINODE; i++) {
    ip = inode_slot(i);
    acquire(&ip->cachelock);
    pagetree_walk(&ip->cache, 0, count_idle, &n);
    n += pagetree_spare(&ip->cache, idle);
    release(&ip->cachelock);
  }
  return n;
}

/* pagetree_walk visitor: note the first cached page's index, and stop. */
static int
note_first(void *arg, uint64 idx, uint64 *e)
{
  *(uint64 *)arg = idx;
  return 1;
}

/*
 * Move *idx to the first cached page of ip at or after it.  Returns 1,
 * or 0 if there is none.
 */
int
pagecache_next(struct inode *ip, uint *idx)
{
  uint64 found = FILE_PAGES;

  acquire(&ip->cachelock);
  pagetree_walk(&ip->cache, *idx, note_first, &found);
  release(&ip->cachelock);
  if (found >= FILE_PAGES)
    return 0;
  *idx = found;
  return 1;
}

/* Is pa the cached page idx of ip?  (Takes no reference.) */
int
pagecache_holds(struct inode *ip, uint idx, void *pa)
{
  uint64 *e;
  int holds;

  if (idx >= FILE_PAGES)
    return 0;
  acquire(&ip->cachelock);
  e = pagetree_lookup(&ip->cache, idx);
  holds = e != 0 && *e != 0 && entry_page(*e) == pa;
  release(&ip->cachelock);
  return holds;
}

/* Is page idx of ip cached and dirty? */
int
pagecache_is_dirty(struct inode *ip, uint idx)
{
  uint64 *e;
  int dirty;

  if (idx >= FILE_PAGES)
    return 0;
  acquire(&ip->cachelock);
  e = pagetree_lookup(&ip->cache, idx);
  dirty = e != 0 && (*e & PC_DIRTY);
  release(&ip->cachelock);
  return dirty;
}

/* Free page idx of ip if it is idle (reclaim).  Returns 1 if it was. */
int
pagecache_free_idle(struct inode *ip, uint idx)
{
  uint64 *e;
  void *pa = 0;

  if (idx >= FILE_PAGES)
    return 0;
  acquire(&ip->cachelock);
  e = pagetree_lookup(&ip->cache, idx);
  if (e != 0 && idle(*e)) {
    pa = entry_page(*e);
    *e = 0;
  }
  release(&ip->cachelock);
  if (pa != 0)
    kfree(pa);
  return pa != 0;
}

/* What pagecache_count has counted. */
struct counts {
  uint64 cached;
  uint64 idle;
};

/* pagetree_walk visitor: count a page, and whether it is idle. */
static int
count_page(void *arg, uint64 idx, uint64 *e)
{
  struct counts *c = arg;

  c->cached++;
  c->idle += idle(*e);
  return 0;
}

/* pagetree_spare test that every entry passes: all of a tree's nodes. */
static int
any_entry(uint64 e)
{
  return 1;
}

/*
 * Count the pages in every cache, in *cached, and in *held the pages of
 * memory the caches hold that kfreemem() does not count as free: the
 * pages that are not idle, and the tree nodes that would stay were all
 * idle pages freed.  Free memory plus *held does not change when
 * reclaim drops a page some process maps, nor when a fault reads one
 * in (the page cache's work, not memory lost).
 */
void
pagecache_count(uint64 *cached, uint64 *held)
{
  struct counts c = { 0, 0 };
  struct inode *ip;
  uint64 nodes = 0;
  int i;

  for (i = 0; i < NINODE; i++) {
    ip = inode_slot(i);
    acquire(&ip->cachelock);
    pagetree_walk(&ip->cache, 0, count_page, &c);
    nodes += pagetree_spare(&ip->cache, any_entry) - pagetree_spare(&ip->cache, idle);
    release(&ip->cachelock);
  }
  *cached = c.cached;
  *held = c.cached - c.idle + nodes;
}
