/*
 * The file system: blocks, inodes, directories and path names.
 *
 * Layers, bottom up:
 *   blocks       allocate and free data blocks using the free bitmap
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
#include "file.h"

#define SUPERBLOCK_BNO 1   /* block 0 is the boot block, unused */

/* The superblock of the one file system; read by fsinit(). */
static struct superblock sb;

static int free_orphans(int dev);

/* Read the superblock of dev. */
static void
readsb(int dev, struct superblock *dst)
{
  struct buf *b;

  b = bread(dev, SUPERBLOCK_BNO);
  memmove(dst, b->data, sizeof(*dst));
  brelse(b);
}

/*
 * Mount the file system on dev: check it, recover its log, and free
 * the files the last boot left unlinked but in use.
 */
void
fsinit(int dev)
{
  int n;

  readsb(dev, &sb);
  if (sb.magic != FSMAGIC)
    panic("fsinit: not an xv6 file system (bad magic)");
  initlog(dev, &sb);
  n = free_orphans(dev);
  if (n > 0)
    printf("fsinit: freed %d file%s left unlinked but in use\n", n, n == 1 ? "" : "s");
}

/* ---------------------------------------------------------------- blocks */

/* Fill block bno with zeros.  Caller is in a transaction. */
static void
block_zero(int dev, uint bno)
{
  struct buf *b;

  b = bread(dev, bno);
  memset(b->data, 0, BSIZE);
  log_write(b);
  brelse(b);
}

/*
 * Allocate a data block, zeroed.  Caller is in a transaction.
 * Returns its block number, or 0 if the disk is full.
 */
static uint
balloc(uint dev)
{
  struct buf *bm;
  uint first, bits, i;
  uchar mask;

  for (first = 0; first < sb.size; first += BPB) {
    bm = bread(dev, BBLOCK(first, sb));
    bits = sb.size - first < BPB ? sb.size - first : BPB;
    for (i = 0; i < bits; i++) {
      if (i % 8 == 0 && bm->data[i / 8] == 0xff) {
        i += 7;   /* all eight blocks of this byte are in use */
        continue;
      }
      mask = 1 << (i % 8);
      if ((bm->data[i / 8] & mask) == 0) {
        bm->data[i / 8] |= mask;
        log_write(bm);
        brelse(bm);
        block_zero(dev, first + i);
        return first + i;
      }
    }
    brelse(bm);
  }
  return 0;
}

/* Mark block bno free.  Caller is in a transaction. */
static void
bfree(int dev, uint bno)
{
  struct buf *bm;
  uint byte;
  uchar mask;

  bm = bread(dev, BBLOCK(bno, sb));
  byte = (bno % BPB) / 8;
  mask = 1 << (bno % 8);
  if ((bm->data[byte] & mask) == 0)
    panic("bfree: block already free");
  bm->data[byte] &= ~mask;
  log_write(bm);
  brelse(bm);
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
 * Return the table entry for inode inum of dev, with one more reference,
 * unlocked and not necessarily read from disk yet; or 0 if all NINODE
 * entries are in use.  An inode has at most one entry; a new one takes
 * the first entry no one refers to, and its old file's cached pages go.
 */
static struct inode*
iget(uint dev, uint inum)
{
  struct inode *ip, *unused;

  unused = 0;
  acquire(&itable.lock);
  for (ip = itable.inode; ip < &itable.inode[NINODE]; ip++) {
    /* An entry no one refers to still has its dinode and cached pages:
       a file opened again finds them.  A slot never used has inum 0. */
    if (ip->dev == dev && ip->inum == inum) {
      ip->ref++;
      release(&itable.lock);
      return ip;
    }
    if (unused == 0 && ip->ref == 0)
      unused = ip;
  }
  if (unused == 0) {
    release(&itable.lock);
    return 0;   /* NINODE files in use: the caller's call fails */
  }
  /* The old file's cached pages: idle, since nothing refers to it. */
  pagecache_drop(unused, 0);
  unused->dev = dev;
  unused->inum = inum;
  unused->ref = 1;
  unused->valid = 0;
  release(&itable.lock);
  return unused;
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
 */
struct inode*
ialloc(uint dev, short type)
{
  struct inode *ip;
  struct buf *b;
  struct dinode *dip;
  uint inum;

  for (inum = 1; inum < sb.ninodes; inum++) {
    b = bread(dev, IBLOCK(inum, sb));
    dip = dinode_in(b, inum);
    if (dip->type == 0) {
      /* A table entry first: without one the dinode stays free. */
      ip = iget(dev, inum);
      if (ip != 0) {
        memset(dip, 0, sizeof(*dip));
        dip->type = type;
        log_write(b);
      }
      brelse(b);
      return ip;
    }
    brelse(b);
  }
  return 0;
}

enum copy_way { FROM_DISK, TO_DISK };

/*
 * Copy the dinode fields of ip between its in-memory copy and its disk
 * block, in the direction way says.  Writing to disk goes through the
 * log, so the caller is then in a transaction.  Caller holds ip->lock.
 */
static void
dinode_copy(struct inode *ip, enum copy_way way)
{
  struct buf *b;
  struct dinode *dip;

  b = bread(ip->dev, IBLOCK(ip->inum, sb));
  dip = dinode_in(b, ip->inum);
  if (way == TO_DISK) {
    dip->type = ip->type;
    dip->major = ip->major;
    dip->minor = ip->minor;
    dip->nlink = ip->nlink;
    dip->size = ip->size;
    memmove(dip->addrs, ip->addrs, sizeof(ip->addrs));
    log_write(b);
  } else {
    ip->type = dip->type;
    ip->major = dip->major;
    ip->minor = dip->minor;
    ip->nlink = dip->nlink;
    ip->size = dip->size;
    memmove(ip->addrs, dip->addrs, sizeof(ip->addrs));
  }
  brelse(b);
}

/*
 * Write ip's dinode fields to disk.  Call after changing any of them.
 * Caller holds ip->lock and is in a transaction.
 */
void
iupdate(struct inode *ip)
{
  dinode_copy(ip, TO_DISK);
}

/* One more reference to ip.  Returns ip. */
struct inode*
idup(struct inode *ip)
{
  acquire(&itable.lock);
  ip->ref++;
  release(&itable.lock);
  return ip;
}

/* Lock ip, reading its dinode from disk the first time. */
void
ilock(struct inode *ip)
{
  if (ip == 0 || ip->ref < 1)
    panic("ilock: no reference");
  acquiresleep(&ip->lock);
  if (!ip->valid) {
    dinode_copy(ip, FROM_DISK);
    if (ip->type == 0)
      panic("ilock: inode is free on disk");
    ip->valid = 1;
  }
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
 * Drop a reference to ip.  When it was the last one and no directory
 * names the file any more, free the file (ifree).  Caller must be in a
 * transaction, since any iput may free a file.
 */
void
iput(struct inode *ip)
{
  acquire(&itable.lock);
  if (ip->ref == 1 && ip->valid && ip->nlink == 0) {
    /* With no links and no other reference, no one can find ip or hold
       its lock, so the table lock may go while ifree sleeps on disk I/O.
       ref stays 1 meanwhile, which keeps the entry from being reused. */
    release(&itable.lock);
    ifree(ip);
    acquire(&itable.lock);
  }
  ip->ref--;
  release(&itable.lock);
}

/*
 * Free the orphans a stopped machine left on disk: inodes that no
 * directory names any more (nlink 0) but that were still in use (open,
 * mapped, a current directory) when it stopped, and so were never freed
 * at their last iput.  Nothing can refer to them now.  Called once, at
 * mount, after the log's recovery; each goes in a transaction of its
 * own, through iput's usual path.  Returns how many were freed.
 */
static int
free_orphans(int dev)
{
  struct inode *ip;
  struct dinode *dip;
  struct buf *b;
  uint inum;
  int orphan, n = 0;

  for (inum = ROOTINO + 1; inum < sb.ninodes; inum++) {
    b = bread(dev, IBLOCK(inum, sb));
    dip = dinode_in(b, inum);
    orphan = dip->type != 0 && dip->nlink == 0;
    brelse(b);
    if (!orphan || (ip = iget(dev, inum)) == 0)
      continue;
    ilock(ip);   /* reads the dinode, so that iput knows it has no links */
    iunlock(ip);
    begin_op();
    iput(ip);    /* the last reference: frees it */
    end_op();
    n++;
  }
  return n;
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
  st->dev = ip->dev;
  st->ino = ip->inum;
  st->type = ip->type;
  st->nlink = ip->nlink;
  st->size = ip->size;
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
 * The disk block holding block n of ip's contents.  With alloc set,
 * missing blocks (including the indirect block) are allocated; the
 * caller is then in a transaction and must iupdate(ip).  Returns 0 if
 * the block is absent (alloc clear) or cannot be allocated.
 * Caller holds ip->lock.
 */
static uint
bmap(struct inode *ip, uint n, int alloc)
{
  struct buf *ib;
  uint bno;

  if (n < NDIRECT)
    return slot_get(ip->dev, &ip->addrs[n], 0, alloc);
  n -= NDIRECT;
  if (n >= NINDIRECT)
    panic("bmap: block beyond the largest file");

  if (slot_get(ip->dev, &ip->addrs[NDIRECT], 0, alloc) == 0)
    return 0;
  ib = bread(ip->dev, ip->addrs[NDIRECT]);
  bno = slot_get(ip->dev, (uint*)ib->data + n, ib, alloc);
  brelse(ib);
  return bno;
}

/*
 * Free ip's blocks from file block first on, and its indirect block
 * too when first leaves none of the blocks it maps.  Does not change
 * the size.  Caller holds ip->lock and is in a transaction, and calls
 * iupdate(ip) afterwards.  An indirect block that stays is logged only
 * if an entry of it changed.
 */
static void
free_blocks_from(struct inode *ip, uint first)
{
  int keep_indirect = first > NDIRECT, changed = 0;
  struct buf *ib;
  uint *entry;
  uint i;

  for (i = first; i < NDIRECT; i++) {
    if (ip->addrs[i] != 0) {
      bfree(ip->dev, ip->addrs[i]);
      ip->addrs[i] = 0;
    }
  }
  if (ip->addrs[NDIRECT] == 0)
    return;

  ib = bread(ip->dev, ip->addrs[NDIRECT]);
  i = keep_indirect ? first - NDIRECT : 0;
  for (entry = (uint*)ib->data + i; entry < (uint*)ib->data + NINDIRECT; entry++) {
    if (*entry == 0)
      continue;
    bfree(ip->dev, *entry);
    if (keep_indirect) {
      *entry = 0;
      changed = 1;
    }
  }
  if (changed)
    log_write(ib);
  brelse(ib);
  if (!keep_indirect) {
    bfree(ip->dev, ip->addrs[NDIRECT]);
    ip->addrs[NDIRECT] = 0;
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

/* Blocks readi maps at a time: a page's worth, what a page fault reads. */
#define READ_RUN (PGSIZE / BSIZE)

/*
 * Set bnos[0..n) to the disk blocks holding blocks first .. first+n-1
 * of ip's contents, 0 for a block never written.  Unlike n calls of
 * bmap, this reads the indirect block at most once.  Caller holds
 * ip->lock.
 */
static void
bmap_run(struct inode *ip, uint first, uint n, uint *bnos)
{
  struct buf *ib = 0;
  uint i, bn;

  for (i = 0; i < n; i++) {
    bn = first + i;
    if (bn < NDIRECT) {
      bnos[i] = ip->addrs[bn];
    } else if (bn - NDIRECT >= NINDIRECT) {
      panic("bmap_run: block beyond the largest file");
    } else if (ip->addrs[NDIRECT] == 0) {
      bnos[i] = 0;
    } else {
      if (ib == 0)
        ib = bread(ip->dev, ip->addrs[NDIRECT]);
      bnos[i] = ((uint*)ib->data)[bn - NDIRECT];
    }
  }
  if (ib)
    brelse(ib);
}

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
 * page cache.  Reading stops at end of file.  The blocks are mapped
 * READ_RUN at a time, then copied one by one.  Caller holds ip->lock.
 * Returns the bytes copied; fewer if a copy to dst failed (-1 if none).
 */
static int
copy_blocks(struct inode *ip, int user_dst, uint64 dst, uint off, uint n)
{
  uint bnos[READ_RUN];
  uint done, chunk, nblocks, i;

  if (off >= ip->size || off + n < off)
    return 0;
  if (n > ip->size - off)
    n = ip->size - off;

  for (done = 0; done < n; ) {
    nblocks = (off % BSIZE + (n - done) + BSIZE - 1) / BSIZE;
    if (nblocks > READ_RUN)
      nblocks = READ_RUN;
    bmap_run(ip, off / BSIZE, nblocks, bnos);
    for (i = 0; i < nblocks; i++, done += chunk, off += chunk, dst += chunk) {
      chunk = BSIZE - off % BSIZE;
      if (chunk > n - done)
        chunk = n - done;
      if (copy_block(ip->dev, bnos[i], off % BSIZE, user_dst, dst, chunk) < 0)
        return done > 0 ? done : -1;
    }
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
 * file (the block whose copy failed, an indirect block whose data block
 * the full disk could not hold): no file ever has a block beyond its
 * size.  They were logged when taken, so the log holds their release.
 */
int
writei(struct inode *ip, int user_src, uint64 src, uint off, uint n)
{
  struct buf *b;
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
      break;
    b = bread(ip->dev, bno);
    if (either_copyin(b->data + off % BSIZE, user_src, src, chunk) < 0) {
      brelse(b);
      copy_failed = 1;
      break;
    }
    log_write(b);
    if (ip->type == T_FILE)
      cache_store(ip, off, (char *)b->data + off % BSIZE, chunk, user_src ? 0 : (char *)src);
    brelse(b);
  }

  if (off > ip->size)
    ip->size = off;
  if (done < n)
    free_blocks_from(ip, (ip->size + BSIZE - 1) / BSIZE);
  iupdate(ip);   /* size and, through bmap, addrs may have changed */
  return copy_failed && done == 0 ? -1 : done;
}

/* ----------------------------------------------------------- directories */

/* Compare two directory-entry names (at most DIRSIZ characters). */
int
namecmp(const char *s, const char *t)
{
  return strncmp(s, t, DIRSIZ);
}

/*
 * One pass over directory dp looking for name.  If an entry has that
 * name, returns its inode number and stores its byte offset in *off.
 * Otherwise returns 0 and stores in *off where a new entry should go:
 * the first free slot, or the end of the directory.
 * Caller holds dp->lock.
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
    if (readi(dp, 0, (uint64)&de, pos, sizeof(de)) != sizeof(de))
      panic("dir_scan: short directory read");
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
 * Find name in directory dp.  Caller holds dp->lock.  Returns the named
 * inode, referenced and unlocked, and stores the entry's byte offset in
 * *poff if poff is not 0.  Returns 0 if there is no such entry.
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
 * Add the entry (name, inum) to directory dp, reusing a free slot if
 * there is one.  Caller holds dp->lock and is in a transaction.
 * Returns 0, or -1 if name is already present or the disk is full.
 */
int
dirlink(struct inode *dp, char *name, uint inum)
{
  struct dirent de;
  uint off;

  if (dir_scan(dp, name, &off) != 0)
    return -1;
  memset(&de, 0, sizeof(de));
  strncpy(de.name, name, DIRSIZ);
  de.inum = inum;
  if (writei(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
    return -1;
  return 0;
}

/* ------------------------------------------------------------ path names */

/*
 * Split the first element off path.  Copies it into name (DIRSIZ bytes;
 * a longer element is cut to DIRSIZ characters, and a name of exactly
 * DIRSIZ characters has no terminating NUL, as in a dirent).  Returns
 * the rest of the path with its leading slashes skipped, or 0 if path
 * has no element left.
 *
 *   "a/bb/c" -> name "a",  returns "bb/c"
 *   "//a//"  -> name "a",  returns ""
 *   "/" or "" -> returns 0
 */
static char*
split_first(char *path, char *name)
{
  char *start;
  int len;

  while (*path == '/')
    path++;
  if (*path == '\0')
    return 0;

  start = path;
  while (*path != '/' && *path != '\0')
    path++;
  len = path - start;
  if (len > DIRSIZ)
    len = DIRSIZ;
  memmove(name, start, len);
  if (len < DIRSIZ)
    name[len] = '\0';

  while (*path == '/')
    path++;
  return path;
}

/*
 * Lock dir and check that it is a directory that can still be searched.
 * A removed directory (nlink 0, kept alive only by references such as a
 * cwd) names nothing: its ".." may point at a freed inode, and a file
 * created in it would be reachable from nowhere.  Returns 1 with dir
 * locked, or 0 having dropped the caller's reference (iunlockput).
 */
static int
lock_searchable(struct inode *dir)
{
  ilock(dir);
  if (dir->type == T_DIR && dir->nlink > 0)
    return 1;
  iunlockput(dir);
  return 0;
}

/*
 * Walk path from the root (if it starts with '/') or from the current
 * directory.  If parent is 0, return the inode path names; otherwise
 * return the directory holding the last element and copy that element
 * into name.  The result is referenced and unlocked; 0 if some element
 * is missing or is not a directory where one is needed.
 * May call iput(), so the caller must be in a transaction.
 */
static struct inode*
walkpath(char *path, int parent, char *name)
{
  struct inode *dir, *next;
  char *rest;

  dir = (*path == '/') ? iget(ROOTDEV, ROOTINO) : idup(myproc()->cwd);
  if (dir == 0)
    return 0;   /* the inode table is full */
  rest = split_first(path, name);
  if (rest == 0) {
    /* No elements ("/", "" or "///"): the start itself, which has no
       parent to return. */
    if (!parent)
      return dir;
    iput(dir);
    return 0;
  }

  /* Invariant: dir is referenced, unlocked, and name (its next element)
     is followed by rest. */
  for (;;) {
    if (!lock_searchable(dir))
      return 0;
    if (parent && *rest == '\0') {
      iunlock(dir);
      return dir;
    }
    next = dirlookup(dir, name, 0);
    /* Let go of dir before anyone locks next: next may be dir itself
       (".") or its parent (".."), and holding both could deadlock. */
    iunlockput(dir);
    if (next == 0)
      return 0;
    dir = next;
    rest = split_first(rest, name);
    if (rest == 0)
      return dir;   /* only reached when !parent: see the test above */
  }
}

/* The inode that path names, referenced and unlocked; 0 if none. */
struct inode*
namei(char *path)
{
  char name[DIRSIZ];

  return walkpath(path, 0, name);
}

/* The directory holding path's last element, which is copied into name
   (DIRSIZ bytes); 0 if there is none. */
struct inode*
nameiparent(char *path, char *name)
{
  return walkpath(path, 1, name);
}
