/*
 * The file system: blocks, inodes, directories and path names.
 *
 * Layers, bottom up (below them, balloc.c hands out data blocks):
 *   inodes       the in-memory inode table; reading, writing, truncating
 *   directories  files of struct dirent; lookup and link
 *   path names   walking "/a/b/c" from the root or the current directory
 *
 * Everything that changes the disk runs inside a log transaction
 * (begin_op/end_op) opened by the caller, and writes blocks through
 * log_write(), never bwrite().
 */

#include "types.h"
#include "riscv.h"
#include "defs.h"
#include "param.h"
#include "stat.h"
#include "spinlock.h"
#include "vma.h"
#include "proc.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "pagetree.h"
#include "file.h"

#define SUPERBLOCK_BNO 1   /* block 0 is the boot block, unused */

/* The superblock of the one file system; read by fsinit(). */
static struct superblock sb;

static int free_orphans(int dev);

/* Blocks needed for n things of which a block holds per. */
#define BLOCKS_FOR(n, per) (((n) + (per) - 1) / (per))

/*
 * Read the superblock of dev into sb and check that it describes an
 * xv6 file system whose regions (fs.h) come one after another inside
 * the disk: a kernel that went on with a bad one would take the log or
 * the inodes for data blocks.  Panics, naming the fault, if not.
 */
static void
readsb(int dev)
{
  struct buf *b;

  b = bread(dev, SUPERBLOCK_BNO);
  sb = *(struct superblock *)b->data;
  brelse(b);
  if (sb.magic != FSMAGIC)
    panic("fsinit: not an xv6 file system (bad magic)");
  if (sb.logstart <= SUPERBLOCK_BNO ||
      sb.inodestart < sb.logstart + sb.nlog ||
      sb.bmapstart < sb.inodestart + BLOCKS_FOR(sb.ninodes, IPB) ||
      sb.nblocks > sb.size ||
      sb.size - sb.nblocks < sb.bmapstart + BLOCKS_FOR(sb.size, BPB))
    panic("fsinit: the superblock's regions overlap or pass the end of the disk");
}

/*
 * Mount the file system on dev: check its superblock, recover its log,
 * and free the files the last boot left unlinked but in use.
 */
void
fsinit(int dev)
{
  int n;

  readsb(dev);
  initlog(dev, &sb);
  balloc_init(&sb);
  n = free_orphans(dev);
  if (n > 0)
    printf("fsinit: freed %d file%s left unlinked but in use\n", n, n == 1 ? "" : "s");
}

/* ---------------------------------------------------------------- inodes */

/*
 * The inode table holds the inodes the kernel is using.  An entry with
 * ref 0 is free for reuse, but keeps its dinode and its file's cached
 * pages (pagecache.c) until it is reused.  ref counts C pointers (open files, current
 * directories, the path walker); nlink, on disk, counts directory
 * entries.  A file is freed when both drop to zero (iput).
 *
 * ip->lock (a sleep-lock) protects the copy of the dinode and valid;
 * it is taken with ilock() before looking at or changing them.
 */
static struct {
  struct spinlock lock;   /* protects every entry's dev, inum and ref */
  struct inode inode[NINODE];
} itable;

/* Set up the inode table; every entry starts free. */
void
iinit(void)
{
  int i;

  initlock(&itable.lock, "itable");
  for (i = 0; i < NINODE; i++) {
    initsleeplock(&itable.inode[i].lock, "inode");
    pagecache_init(&itable.inode[i]);
  }
}

/* Entry i of the inode table, for the page cache's reclaim. */
struct inode*
inode_slot(int i)
{
  return &itable.inode[i];
}

/*
 * Entry i of the inode table with one more reference, if it is in use
 * (someone refers to it); else 0.  The reclaimer visits files this way.
 */
struct inode*
inode_hold(int i)
{
  struct inode *ip = &itable.inode[i];

  acquire(&itable.lock);
  if (ip->ref > 0)
    ip->ref++;
  else
    ip = 0;
  release(&itable.lock);
  return ip;
}

/* The entry holding inode inum of dev, or 0.  Caller holds itable.lock. */
static struct inode*
itable_lookup(uint dev, uint inum)
{
  struct inode *ip;

  for (ip = itable.inode; ip < &itable.inode[NINODE]; ip++)
    if (ip->dev == dev && ip->inum == inum)
      return ip;
  return 0;
}

/* An entry no one refers to, or 0 if all are in use.  Caller holds
   itable.lock. */
static struct inode*
itable_unused(void)
{
  struct inode *ip;

  for (ip = itable.inode; ip < &itable.inode[NINODE]; ip++)
    if (ip->ref == 0)
      return ip;
  return 0;
}

/*
 * Return the table entry for inode inum of dev, with one more reference,
 * unlocked and not necessarily read from disk yet; or 0 if all NINODE
 * entries are in use.  An inode has at most one entry.  An entry no one
 * refers to still has its dinode and cached pages, which a file opened
 * again finds; a new inode takes the first such entry, and its old
 * file's cached pages go (idle, since nothing refers to them).  A slot
 * never used has inum 0, which no inode has.
 */
static struct inode*
iget(uint dev, uint inum)
{
  struct inode *ip;

  acquire(&itable.lock);
  ip = itable_lookup(dev, inum);
  if (ip == 0 && (ip = itable_unused()) != 0) {
    pagecache_drop(ip, 0);
    ip->dev = dev;
    ip->inum = inum;
    ip->valid = 0;
  }
  if (ip != 0)
    ip->ref++;
  release(&itable.lock);
  return ip;   /* 0: NINODE files in use, and the caller's call fails */
}

/* The dinode for inum inside buffer b (which holds IBLOCK(inum)). */
static struct dinode*
dinode_in(struct buf *b, uint inum)
{
  return (struct dinode*)b->data + inum % IPB;
}

/*
 * Allocate a free on-disk inode and give it type.  Caller is in a
 * transaction.  Returns it referenced but unlocked, or 0 if every inode
 * on disk, or every entry of the inode table, is in use.
 *
 * The inode blocks are searched one block at a time, each block read
 * once; inode 0 is never used (a free directory entry has inum 0).
 */
struct inode*
ialloc(uint dev, short type)
{
  struct inode *ip;
  struct buf *b;
  struct dinode *dip;
  uint first, inum;

  for (first = 0; first < sb.ninodes; first += IPB) {
    b = bread(dev, IBLOCK(first, sb));
    for (inum = first > 0 ? first : 1; inum < first + IPB && inum < sb.ninodes; inum++) {
      dip = dinode_in(b, inum);
      if (dip->type != 0)
        continue;
      /* A table entry first: without one the dinode stays free. */
      ip = iget(dev, inum);
      if (ip != 0) {
        *dip = (struct dinode){ .type = type };
        log_write(b);
      }
      brelse(b);
      return ip;
    }
    brelse(b);
  }
  return 0;
}

/* Read ip's dinode from disk into ip.  Caller holds ip->lock. */
static void
dinode_load(struct inode *ip)
{
  struct buf *b;

  b = bread(ip->dev, IBLOCK(ip->inum, sb));
  ip->disk = *dinode_in(b, ip->inum);
  brelse(b);
}

/*
 * Write ip's dinode fields to disk.  Call after changing any of them.
 * Caller holds ip->lock and is in a transaction.
 */
void
iupdate(struct inode *ip)
{
  struct buf *b;

  b = bread(ip->dev, IBLOCK(ip->inum, sb));
  *dinode_in(b, ip->inum) = ip->disk;
  log_write(b);
  brelse(b);
}

/* Add delta to ip's count of references. */
static void
ref_add(struct inode *ip, int delta)
{
  acquire(&itable.lock);
  ip->ref += delta;
  release(&itable.lock);
}

/* One more reference to ip.  Returns ip. */
struct inode*
idup(struct inode *ip)
{
  ref_add(ip, 1);
  return ip;
}

/* Lock ip, reading its dinode from disk the first time. */
void
ilock(struct inode *ip)
{
  if (!ilock_live(ip))
    panic("ilock: inode is free on disk");
}

/*
 * Lock ip as ilock does, if it still holds a file: returns 1, or 0
 * (ip unlocked) if the file was freed meanwhile.  The reclaimer holds
 * entries it found in the table (inode_hold), one of which may be a
 * file that its last iput is freeing.
 */
int
ilock_live(struct inode *ip)
{
  if (ip == 0 || ip->ref < 1)
    panic("ilock: no reference");
  acquiresleep(&ip->lock);
  if (!ip->valid) {
    dinode_load(ip);
    if (ip->type == 0) {
      releasesleep(&ip->lock);
      return 0;
    }
    ip->valid = 1;
  }
  return 1;
}

/* Unlock ip, which the caller locked with ilock(). */
void
iunlock(struct inode *ip)
{
  if (ip == 0 || ip->ref < 1 || !holdingsleep(&ip->lock))
    panic("iunlock");
  releasesleep(&ip->lock);
}

/*
 * Release the disk space of a file nobody can reach any more: its
 * blocks, then its dinode (type 0 marks it free for ialloc).  The
 * table entry stays referenced but forgets the dinode.  Caller holds
 * the only reference to ip, not its lock, and is in a transaction.
 */
static void
ifree(struct inode *ip)
{
  acquiresleep(&ip->lock);
  itrunc(ip);
  ip->type = 0;
  iupdate(ip);
  ip->valid = 0;
  releasesleep(&ip->lock);
}

/*
 * Is the caller's reference to ip the last one, to a file that no
 * directory names?  Then no one else can find ip, or hold its lock,
 * and the file is the caller's to free.  (ref, valid and nlink are read
 * under the table's lock: with ref 1 no one can change them.)
 */
static int
orphaned(struct inode *ip)
{
  int last;

  acquire(&itable.lock);
  last = ip->ref == 1 && ip->valid && ip->nlink == 0;
  release(&itable.lock);
  return last;
}

/*
 * Drop a reference to ip, freeing the file first if it was the last
 * reference to a file with no links (ifree).  Caller must be in a
 * transaction, since any iput may free a file.  While ifree sleeps on
 * the disk, the reference still held keeps the entry from being reused.
 */
void
iput(struct inode *ip)
{
  if (orphaned(ip))
    ifree(ip);
  ref_add(ip, -1);
}

/*
 * Orphans are inodes that no directory names any more (nlink 0) but
 * that were still in use (open, mapped, a current directory) when the
 * machine stopped, and so were never freed at their last iput.
 * Store in inums the orphans among the IPB inodes from first on (the
 * root is never one).  Returns how many there are.
 */
static int
orphans_in_block(int dev, uint first, uint *inums)
{
  struct buf *b;
  struct dinode *dip;
  uint inum;
  int n = 0;

  b = bread(dev, IBLOCK(first, sb));
  for (inum = first; inum < first + IPB && inum < sb.ninodes; inum++) {
    dip = dinode_in(b, inum);
    if (inum > ROOTINO && dip->type != 0 && dip->nlink == 0)
      inums[n++] = inum;
  }
  brelse(b);
  return n;
}

/*
 * Free the orphans the last boot left on disk.  Called once, at mount,
 * after the log's recovery, when nothing can refer to them.  Each goes
 * the usual way, by its last iput, in a transaction of its own.
 * Returns how many were freed.
 */
static int
free_orphans(int dev)
{
  struct inode *ip;
  uint first, inums[IPB];
  int i, n, freed = 0;

  for (first = 0; first < sb.ninodes; first += IPB) {
    n = orphans_in_block(dev, first, inums);
    for (i = 0; i < n; i++) {
      ip = iget(dev, inums[i]);
      if (ip == 0)
        continue;
      ilock(ip);   /* reads the dinode, so that iput knows it has no links */
      iunlock(ip);
      begin_op();
      iput(ip);
      end_op();
      freed++;
    }
  }
  return freed;
}

/* iunlock(ip), then iput(ip). */
void
iunlockput(struct inode *ip)
{
  iunlock(ip);
  iput(ip);
}

/* Fill st from ip.  Caller holds ip->lock. */
void
stati(struct inode *ip, struct stat *st)
{
  *st = (struct stat){
    .dev = ip->dev, .ino = ip->inum, .type = ip->type,
    .nlink = ip->nlink, .size = ip->size,
  };
}

/* -------------------------------------------------------- file contents */

/*
 * Return the block number stored in *slot.  If it is 0 and alloc is set,
 * allocate a block and store it there, and if the slot lives in buffer
 * holder (an indirect block), log that buffer.  Returns 0 when the slot
 * is empty and either alloc is clear or the disk is full.
 */
static uint
slot_get(uint dev, uint *slot, struct buf *holder, int alloc)
{
  uint bno;

  if (*slot != 0 || !alloc)
    return *slot;
  bno = balloc(dev);
  if (bno == 0)
    return 0;
  *slot = bno;
  if (holder)
    log_write(holder);
  return bno;
}

/*
 * A file's blocks hang off the dinode's addrs[] as trees (fs.h): slot k
 * below NDIRECT holds a data block itself, slot NDIRECT the single
 * indirect block, slot NDIRECT+1 the doubly indirect block.  bmap and
 * free_blocks_from walk these trees whatever their level.
 */

/*
 * The disk block holding block n of ip's contents.  With alloc set,
 * missing blocks (including indirect blocks on the way) are allocated;
 * the caller is then in a transaction and must iupdate(ip).  Returns 0
 * if the block is absent (alloc clear) or cannot be allocated.
 * Caller holds ip->lock.
 */
static uint
bmap(struct inode *ip, uint n, int alloc)
{
  struct buf *ib;
  uint k, bno, span;
  int level;

  for (k = 0; n >= LEVEL_SPAN(ADDR_LEVEL(k)); k++) {
    n -= LEVEL_SPAN(ADDR_LEVEL(k));
    if (k == NADDRS - 1)
      panic("bmap: block beyond the largest file");
  }
  level = ADDR_LEVEL(k);
  bno = slot_get(ip->dev, &ip->addrs[k], 0, alloc);
  /* Down the indirect blocks: n is the block's place in the tree at bno. */
  for (; level > 0 && bno != 0; level--) {
    span = LEVEL_SPAN(level - 1);
    ib = bread(ip->dev, bno);
    bno = slot_get(ip->dev, (uint*)ib->data + n / span, ib, alloc);
    brelse(ib);
    n %= span;
  }
  return bno;
}

/*
 * Free the tree of the given level rooted at block bno (level 0: bno is
 * a data block), all but the first keep file blocks it maps.  With keep
 * 0 bno itself goes too, and 1 is returned: the caller clears the slot
 * that held it.  An indirect block that stays is logged only if an
 * entry of it changed; one that goes is not written at all.
 */
static int
free_tree(struct inode *ip, uint bno, int level, uint keep)
{
  struct buf *ib;
  uint *entry, span, i;
  int changed = 0;

  if (level > 0) {
    span = LEVEL_SPAN(level - 1);
    ib = bread(ip->dev, bno);
    entry = (uint*)ib->data;
    /* Entry keep/span holds the last kept block, if keep % span > 0. */
    for (i = keep / span; i < NINDIRECT; i++) {
      if (entry[i] == 0)
        continue;
      if (free_tree(ip, entry[i], level - 1, i == keep / span ? keep % span : 0) && keep > 0) {
        entry[i] = 0;
        changed = 1;
      }
    }
    if (changed)
      log_write(ib);
    brelse(ib);
  }
  if (keep > 0)
    return 0;
  bfree(ip->dev, bno);
  return 1;
}

/*
 * Free ip's blocks from file block first on, and the indirect blocks
 * left mapping none.  Does not change the size.  Caller holds ip->lock
 * and is in a transaction, and calls iupdate(ip) afterwards.
 */
static void
free_blocks_from(struct inode *ip, uint first)
{
  uint k, start, span;

  for (k = 0, start = 0; k < NADDRS; k++, start += span) {
    span = LEVEL_SPAN(ADDR_LEVEL(k));
    if (ip->addrs[k] == 0 || first >= start + span)
      continue;
    if (free_tree(ip, ip->addrs[k], ADDR_LEVEL(k), first > start ? first - start : 0))
      ip->addrs[k] = 0;
  }
}

/* Free every block of ip and set its size to 0.  Caller holds ip->lock
   and is in a transaction. */
void
itrunc(struct inode *ip)
{
  free_blocks_from(ip, 0);
  ip->size = 0;
  iupdate(ip);
  /* No page of the file is left: unmap them everywhere, then forget them. */
  file_unmap_from(ip, 0);
  pagecache_drop(ip, 0);
}

/* Source of zeros for reading a block that was never written. */
static uchar zeroblock[BSIZE];

/*
 * Copy n bytes from offset start of disk block bno (zeros if bno is 0)
 * to dst, a user address if user_dst is set.  Returns 0, or -1 if the
 * copy to dst failed.
 */
static int
copy_block(uint dev, uint bno, uint start, int user_dst, uint64 dst, uint n)
{
  struct buf *b;
  int r;

  if (bno == 0)
    return either_copyout(user_dst, dst, zeroblock, n);
  b = bread(dev, bno);
  r = either_copyout(user_dst, dst, b->data + start, n);
  brelse(b);
  return r;
}

/*
 * Copy up to n bytes of ip's disk blocks from off on to dst (a user
 * address if user_dst is set), as the blocks hold them, bypassing the
 * page cache.  Reading stops at end of file.  Caller holds ip->lock.
 * Returns the bytes copied; fewer if a copy to dst failed (-1 if none).
 */
static int
copy_blocks(struct inode *ip, int user_dst, uint64 dst, uint off, uint n)
{
  uint done, chunk;

  if (off >= ip->size || off + n < off)
    return 0;
  if (n > ip->size - off)
    n = ip->size - off;

  for (done = 0; done < n; done += chunk, off += chunk, dst += chunk) {
    chunk = BSIZE - off % BSIZE;
    if (chunk > n - done)
      chunk = n - done;
    if (copy_block(ip->dev, bmap(ip, off / BSIZE, 0), off % BSIZE, user_dst, dst, chunk) < 0)
      return done > 0 ? done : -1;
  }
  return done;
}

/*
 * Read n bytes of ip's disk blocks at off into kernel memory dst (the
 * page cache filling a page).  Caller holds ip->lock.  Returns the
 * bytes read.
 */
int
read_blocks(struct inode *ip, char *dst, uint off, uint n)
{
  return copy_blocks(ip, 0, (uint64)dst, off, n);
}

/*
 * Copy up to n bytes of ip's contents starting at off to dst, a user
 * virtual address if user_dst is set, else a kernel address.  Reading
 * stops at end of file.  A regular file is read through its page cache
 * (pagecache.c), which holds stores made through mappings; directories
 * straight from their blocks.  Caller holds ip->lock.
 * Returns the bytes copied (0 at or past end of file); fewer than asked
 * if a copy to dst failed part way, -1 if it failed at once.
 *
 * The copy to user memory runs under ip->lock (and, for a block, the
 * buffer's sleep lock), where a page fault could need those very locks
 * or wait for a process that waits for us.  So it never faults: a user
 * page that is not there stops it short, noted for vm_fault_deferred,
 * and the caller faults the page in unlocked and reads on (inode_read
 * in file.c; see lockorder.h).  No spin lock is held, so nothing here
 * sleeps under one.
 */
int
readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n)
{
  uint done, chunk;
  char *page;
  int r;

  if (ip->type != T_FILE)
    return copy_blocks(ip, user_dst, dst, off, n);
  if (off >= ip->size || off + n < off)
    return 0;
  if (n > ip->size - off)
    n = ip->size - off;

  for (done = 0; done < n; done += chunk, off += chunk, dst += chunk) {
    chunk = PGSIZE - off % PGSIZE;
    if (chunk > n - done)
      chunk = n - done;
    page = pagecache_get(ip, off / PGSIZE);
    if (page == 0) {
      /* No memory for the cache: the blocks hold the file too. */
      r = copy_blocks(ip, user_dst, dst, off, chunk);
      r = r == chunk ? 0 : -1;
    } else {
      r = either_copyout(user_dst, dst, page + off % PGSIZE, chunk);
      kfree(page);
    }
    if (r < 0)
      return done > 0 ? done : -1;
  }
  return done;
}

/*
 * write() is write-through: the n bytes at data just written to the
 * block of regular file ip at off go into the cached page as well, if
 * the page is cached, so that mappings and later reads see them at once.
 * A write-back's source (ksrc) is that very page: copying it back could
 * undo a store another process made meanwhile, so it is left alone.
 */
static void
cache_store(struct inode *ip, uint off, char *data, uint n, char *ksrc)
{
  char *page = pagecache_lookup(ip, off / PGSIZE);

  if (page == 0)
    return;
  if (ksrc != page + off % PGSIZE)
    memmove(page + off % PGSIZE, data, n);
  kfree(page);
}

/*
 * Copy n bytes from src (a user address if user_src is set) to ip's
 * contents at off, all of them inside disk block bno, which holds that
 * part of the file: through the log, and into ip's cached page if it
 * has one.  Returns 0, or -1 if the copy from src failed (then nothing
 * is logged).
 */
static int
store_block(struct inode *ip, uint bno, uint off, int user_src, uint64 src, uint n)
{
  struct buf *b;
  char *at;
  int r;

  b = bread(ip->dev, bno);
  at = (char *)b->data + off % BSIZE;
  r = either_copyin(at, user_src, src, n);
  if (r == 0) {
    log_write(b);
    if (ip->type == T_FILE)
      cache_store(ip, off, at, n, user_src ? 0 : (char *)src);
  }
  brelse(b);
  return r < 0 ? -1 : 0;
}

/*
 * Copy n bytes from src (a user virtual address if user_src is set,
 * else a kernel address) into ip's contents at off, growing the file
 * if the write goes past its end.  Caller holds ip->lock and is in a
 * transaction.  The copy from user memory never faults, for the reasons
 * readi gives: a missing page cuts the write short, and inode_write
 * (file.c) faults it in unlocked and goes on.
 * Returns the bytes written, which is less than n if the
 * disk fills up, or -1 if off is past end of file, the file would grow
 * beyond MAXFILE blocks, or nothing could be copied from src.
 *
 * A write cut short gives back the blocks it took past the new end of
 * file (the block whose copy failed, indirect blocks whose data block
 * the full disk could not hold): no file ever has a block beyond its
 * size.  They were logged when taken, so the log holds their release.
 */
int
writei(struct inode *ip, int user_src, uint64 src, uint off, uint n)
{
  uint done, chunk, bno;
  int copy_failed = 0;

  if (off > ip->size || off + n < off)
    return -1;
  if ((uint64)off + n > (uint64)MAXFILE * BSIZE)
    return -1;

  for (done = 0; done < n; done += chunk, off += chunk, src += chunk) {
    chunk = BSIZE - off % BSIZE;
    if (chunk > n - done)
      chunk = n - done;
    bno = bmap(ip, off / BSIZE, 1);
    if (bno == 0)
      break;   /* the disk is full */
    if (store_block(ip, bno, off, user_src, src, chunk) < 0) {
      copy_failed = 1;
      break;
    }
  }

  if (off > ip->size)
    ip->size = off;
  if (done < n)
    free_blocks_from(ip, (ip->size + BSIZE - 1) / BSIZE);
  iupdate(ip);   /* size and, through bmap, addrs may have changed */
  return copy_failed && done == 0 ? -1 : done;
}

/* ----------------------------------------------------------- directories */

/*
 * A directory is a file of struct dirent, one after another; an entry
 * with inum 0 is free.  Every function here expects the directory
 * locked (and, if it writes, a transaction).
 */

/* Compare two directory-entry names (at most DIRSIZ characters). */
int
namecmp(const char *s, const char *t)
{
  return strncmp(s, t, DIRSIZ);
}

/* The entry at byte offset off of directory dp, into *de. */
static void
dir_read(struct inode *dp, uint off, struct dirent *de)
{
  if (readi(dp, 0, (uint64)de, off, sizeof(*de)) != sizeof(*de))
    panic("dir_read: short directory read");
}

/* Make the entry at off of dp (name, inum).  Returns 0, or -1 if the
   disk is full. */
static int
dir_write(struct inode *dp, uint off, char *name, uint inum)
{
  struct dirent de;

  memset(&de, 0, sizeof(de));
  strncpy(de.name, name, DIRSIZ);
  de.inum = inum;
  return writei(dp, 0, (uint64)&de, off, sizeof(de)) == sizeof(de) ? 0 : -1;
}

/*
 * One pass over directory dp looking for name.  If an entry has that
 * name, returns its inode number and stores its byte offset in *off.
 * Otherwise returns 0 and stores in *off where a new entry should go:
 * the first free slot, or the end of the directory.
 */
static uint
dir_scan(struct inode *dp, char *name, uint *off)
{
  struct dirent de;
  uint pos, vacant;

  if (dp->type != T_DIR)
    panic("dir_scan: not a directory");

  vacant = dp->size;
  for (pos = 0; pos < dp->size; pos += sizeof(de)) {
    dir_read(dp, pos, &de);
    if (de.inum == 0) {
      if (vacant == dp->size)
        vacant = pos;
    } else if (namecmp(name, de.name) == 0) {
      *off = pos;
      return de.inum;
    }
  }
  *off = vacant;
  return 0;
}

/*
 * Find name in directory dp.  Returns the named inode, referenced and
 * unlocked, and stores the entry's byte offset in *poff if poff is not
 * 0.  Returns 0 if there is no such entry.
 */
struct inode*
dirlookup(struct inode *dp, char *name, uint *poff)
{
  uint inum, off;

  inum = dir_scan(dp, name, &off);
  if (inum == 0)
    return 0;
  if (poff)
    *poff = off;
  return iget(dp->dev, inum);
}

/*
 * Add the entry (name, inum) to directory dp, in a free slot if there
 * is one.  Returns 0, or -1 if name is already there or the disk is
 * full.
 */
int
dirlink(struct inode *dp, char *name, uint inum)
{
  uint off;

  if (dir_scan(dp, name, &off) != 0)
    return -1;
  return dir_write(dp, off, name, inum);
}

/* Free the entry at byte offset off of dp (found with dirlookup). */
void
dirunlink(struct inode *dp, uint off)
{
  if (dir_write(dp, off, "", 0) < 0)
    panic("dirunlink: cannot clear a directory entry");
}

/*
 * The byte offset of the first entry in use of directory dp at or
 * after off, or dp->size if there is none.
 */
static uint
dir_next_used(struct inode *dp, uint off)
{
  struct dirent de;

  for (; off < dp->size; off += sizeof(de)) {
    dir_read(dp, off, &de);
    if (de.inum != 0)
      break;
  }
  return off < dp->size ? off : dp->size;
}

/* Does directory dp hold nothing but "." and ".." (its first two
   entries)? */
int
dirempty(struct inode *dp)
{
  return dir_next_used(dp, 2 * sizeof(struct dirent)) == dp->size;
}

/* ------------------------------------------------------------ path names */

/*
 * A path is walked one element at a time, by a walk: it holds a
 * reference to the inode it stands on, at, and what is left of the
 * path.  walk_start sets it on the root ("/...") or the current
 * directory; walk_next reads the next element into name; walk_into
 * steps from at, which must be a directory, to the inode it names so.
 * Every inode is unlocked between steps, so that the walk holds at
 * most one inode lock at a time: a directory and an entry of it ("."
 * or "..") are never locked together.  The walk may call iput(), so
 * the caller must be in a transaction.
 */
struct walk {
  struct inode *at;       /* referenced, unlocked */
  char *rest;             /* the path after the elements read so far */
  char name[DIRSIZ];      /* the element walk_next read last */
};

/* Start w at the beginning of path.  Returns 0, or -1 if the inode
   table is full. */
static int
walk_start(struct walk *w, char *path)
{
  w->at = (*path == '/') ? iget(ROOTDEV, ROOTINO) : idup(myproc()->cwd);
  w->rest = path;
  return w->at != 0 ? 0 : -1;
}

/*
 * Read the next element of the path into w->name: at most DIRSIZ
 * characters (a longer element is cut short, one of exactly DIRSIZ has
 * no NUL, as in a dirent).  Slashes separate elements, any number of
 * them.  Returns 1, or 0 if the path has no element left.
 */
static int
walk_next(struct walk *w)
{
  char *start;
  int len;

  while (*w->rest == '/')
    w->rest++;
  for (start = w->rest; *w->rest != '/' && *w->rest != '\0'; w->rest++)
    ;
  len = w->rest - start;
  if (len == 0)
    return 0;
  memset(w->name, 0, DIRSIZ);
  memmove(w->name, start, len < DIRSIZ ? len : DIRSIZ);
  return 1;
}

/* Was the element walk_next read last the path's last one? */
static int
walk_at_last(struct walk *w)
{
  char *p = w->rest;

  while (*p == '/')
    p++;
  return *p == '\0';
}

/*
 * Lock w->at and check that it is a directory that can still be
 * searched.  A removed directory (nlink 0, kept alive only by
 * references such as a cwd) names nothing: its ".." may point at a
 * freed inode, and a file created in it would be reachable from
 * nowhere.  Returns 1 with at locked, or 0 having dropped the walk's
 * reference (the walk is over).
 */
static int
walk_lock_dir(struct walk *w)
{
  ilock(w->at);
  if (w->at->type == T_DIR && w->at->nlink > 0)
    return 1;
  iunlockput(w->at);
  return 0;
}

/*
 * Step from w->at to the inode it names w->name.  Returns 0, or -1 if
 * at is not a searchable directory or has no such entry (the walk is
 * then over, its reference dropped).
 */
static int
walk_into(struct walk *w)
{
  struct inode *next;

  if (!walk_lock_dir(w))
    return -1;
  next = dirlookup(w->at, w->name, 0);
  /* Let go of at before anyone locks next: next may be at itself (".")
     or its parent (".."). */
  iunlockput(w->at);
  w->at = next;
  return next != 0 ? 0 : -1;
}

/* The inode that path names, referenced and unlocked; 0 if none.
   Inside a transaction. */
struct inode*
namei(char *path)
{
  struct walk w;

  if (walk_start(&w, path) < 0)
    return 0;
  while (walk_next(&w))
    if (walk_into(&w) < 0)
      return 0;
  return w.at;
}

/*
 * The directory that path's last element would be in, referenced and
 * unlocked, with that element copied into name (DIRSIZ bytes); 0 if
 * there is none, or the path has no element ("/").  The element itself
 * need not exist.  Inside a transaction.
 */
struct inode*
nameiparent(char *path, char *name)
{
  struct walk w;

  if (walk_start(&w, path) < 0)
    return 0;
  while (walk_next(&w)) {
    if (!walk_at_last(&w)) {
      if (walk_into(&w) < 0)
        return 0;
      continue;
    }
    if (!walk_lock_dir(&w))
      return 0;
    iunlock(w.at);
    memmove(name, w.name, DIRSIZ);
    return w.at;
  }
  iput(w.at);
  return 0;
}
