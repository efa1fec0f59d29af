/*
 * The page cache: one copy of every file page in memory.
 *
 * Each in-memory inode of a regular file owns an array of its cached
 * pages, by page number in the file (ip->cache[idx]).  read() and
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
 * and sysinfo counts them as free memory.  The files used longest ago
 * lose theirs first.
 *
 * Locking: ip->cachelock, a spin lock, protects the entries of ip.
 * Filling a missing page (a disk read) is done under the inode's sleep
 * lock, so that it cannot race another fill of the page or a writei.
 * No lock is taken while cachelock is held, except kalloc's (when a
 * page is freed); so kalloc never runs under it, and reclaim may take
 * any inode's cachelock from inside kalloc (see lockorder.h).
 */

#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "defs.h"

#define PC_DIRTY    1L                   /* entry flag: page needs write-back */
#define PC_WRITER   2L                   /* one writable PTE in the writer count */
#define PC_WRITERS  (PGSIZE - PC_WRITER) /* the writer count's bits */

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
  initlock(&ip->maplock, "mappings");
}

/*
 * The cached page idx of ip, with a reference for the caller (who drops
 * it with kfree), or 0 if the page is not in the cache.
 */
void*
pagecache_lookup(struct inode *ip, uint idx)
{
  void *pa = 0;

  if (idx >= FILE_PAGES)
    return 0;
  acquire(&ip->cachelock);
  ip->cacheused = ++cache_clock;
  if (ip->cache[idx] != 0) {
    pa = entry_page(ip->cache[idx]);
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
  uint64 off = (uint64)idx * PGSIZE;
  char *pa;
  int n = 0;

  if (idx >= FILE_PAGES)
    return 0;
  if ((pa = pagecache_lookup(ip, idx)) != 0)
    return pa;
  if ((pa = kalloc()) == 0)
    return 0;
  if (off < ip->size)
    n = read_blocks(ip, pa, off, ip->size - off < PGSIZE ? ip->size - off : PGSIZE);
  memset(pa + n, 0, PGSIZE - n);

  acquire(&ip->cachelock);
  ip->cache[idx] = (uint64)pa;
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
  uint64 *e = &ip->cache[idx];
  char *why = 0;

  acquire(&ip->cachelock);
  if (*e == 0 || entry_page(*e) != pa)
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
  uint64 *e = &ip->cache[idx];

  acquire(&ip->cachelock);
  if (*e != 0 && entry_page(*e) == pa) {
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
  uint64 *e = &ip->cache[idx];
  void *pa = 0;

  if (idx >= FILE_PAGES)
    return 0;
  acquire(&ip->cachelock);
  if (*e & PC_DIRTY) {
    pa = entry_page(*e);
    kpage_ref(pa);
    if ((*e & PC_WRITERS) == 0)
      *e &= ~PC_DIRTY;
  }
  release(&ip->cachelock);
  return pa;
}

/*
 * Take pages first and up out of ip's cache, dropping the cache's
 * reference to each.  The caller has unmapped them from every process
 * (truncation), or no process can map them (the inode is being freed
 * or reused).
 */
void
pagecache_drop(struct inode *ip, uint first)
{
  uint idx;

  acquire(&ip->cachelock);
  for (idx = first; idx < FILE_PAGES; idx++) {
    if (ip->cache[idx] == 0)
      continue;
    kfree(entry_page(ip->cache[idx]));
    ip->cache[idx] = 0;
  }
  release(&ip->cachelock);
}

/* Is entry e an idle page: clean, unwritable, held by the cache alone? */
static int
idle(uint64 e)
{
  return e != 0 && (e & (PC_DIRTY | PC_WRITERS)) == 0 && kpage_refs(entry_page(e)) == 1;
}

/* Free the idle pages of ip, up to want of them.  Returns how many. */
static int
drop_idle(struct inode *ip, int want)
{
  int freed = 0;
  uint idx;

  acquire(&ip->cachelock);
  for (idx = 0; idx < FILE_PAGES && freed < want; idx++) {
    if (!idle(ip->cache[idx]))
      continue;
    kfree(entry_page(ip->cache[idx]));
    ip->cache[idx] = 0;
    freed++;
  }
  release(&ip->cachelock);
  return freed;
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

/* The number of idle pages in every cache: memory free for the asking. */
uint64
pagecache_idle(void)
{
  struct inode *ip;
  uint64 n = 0;
  uint idx;
  int i;

  for (i = 0; i < NINODE; i++) {
    ip = inode_slot(i);
    acquire(&ip->cachelock);
    for (idx = 0; idx < FILE_PAGES; idx++)
      if (idle(ip->cache[idx]))
        n++;
    release(&ip->cachelock);
  }
  return n;
}

/*
 * Move *idx to the first cached page of ip at or after it.  Returns 1,
 * or 0 if there is none.
 */
int
pagecache_next(struct inode *ip, uint *idx)
{
  int found = 0;

  acquire(&ip->cachelock);
  for (; *idx < FILE_PAGES; (*idx)++)
    if (ip->cache[*idx] != 0) {
      found = 1;
      break;
    }
  release(&ip->cachelock);
  return found;
}

/* Is pa the cached page idx of ip?  (Takes no reference.) */
int
pagecache_holds(struct inode *ip, uint idx, void *pa)
{
  int holds;

  if (idx >= FILE_PAGES)
    return 0;
  acquire(&ip->cachelock);
  holds = ip->cache[idx] != 0 && entry_page(ip->cache[idx]) == pa;
  release(&ip->cachelock);
  return holds;
}

/* Is page idx of ip cached and dirty? */
int
pagecache_is_dirty(struct inode *ip, uint idx)
{
  int dirty;

  acquire(&ip->cachelock);
  dirty = idx < FILE_PAGES && (ip->cache[idx] & PC_DIRTY);
  release(&ip->cachelock);
  return dirty;
}

/* Free page idx of ip if it is idle (reclaim).  Returns 1 if it was. */
int
pagecache_free_idle(struct inode *ip, uint idx)
{
  void *pa = 0;

  acquire(&ip->cachelock);
  if (idx < FILE_PAGES && idle(ip->cache[idx])) {
    pa = entry_page(ip->cache[idx]);
    ip->cache[idx] = 0;
  }
  release(&ip->cachelock);
  if (pa != 0)
    kfree(pa);
  return pa != 0;
}

/* Count the pages in every cache, and those of them that are idle. */
void
pagecache_count(uint64 *cached, uint64 *idlepages)
{
  struct inode *ip;
  uint idx;
  int i;

  *cached = *idlepages = 0;
  for (i = 0; i < NINODE; i++) {
    ip = inode_slot(i);
    for (idx = 0; pagecache_next(ip, &idx); idx++) {
      acquire(&ip->cachelock);
      (*cached)++;
      if (idle(ip->cache[idx]))
        (*idlepages)++;
      release(&ip->cachelock);
    }
  }
}
