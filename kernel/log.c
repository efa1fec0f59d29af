/*
 * The write-ahead (redo) log: makes each file-system operation atomic
 * with respect to crashes.
 *
 * An operation brackets its changes with begin_op() and end_op() and,
 * instead of writing a modified block, calls log_write(), which only
 * remembers the block number and pins the buffer in the cache.  When the
 * last running operation ends, the whole group is committed:
 *
 *   1. each modified block is copied into the log area on disk;
 *   2. the header block is written with the count and the home block
 *      numbers: this single write is the commit point;
 *   3. each block is written to its home location;
 *   4. the header is written again with a count of zero.
 *
 * A crash before step 2 leaves the disk as it was; a crash after it is
 * repaired at boot by replaying the log (steps 3 and 4).
 *
 * The disk may cache writes and make them durable in any order, so a
 * flush (a write barrier, bflush) separates the steps, each
 * for a reason:
 *   after 1: the logged blocks must be durable before the commit point,
 *            or a crash could replay a log with holes in it;
 *   after 2: the commit point must be durable before any home block is
 *            overwritten, or a crash could leave half-installed blocks
 *            that no replay knows about;
 *   after 3: the home blocks must be durable before the log is emptied,
 *            or a crash could lose the installed blocks with the log;
 *   after 4: the empty header must be durable before the next group
 *            writes its blocks into the log area, or a crash could
 *            replay the old count over the new group's blocks.
 *
 * On-disk log area: sb.logstart holds the header, the logged blocks
 * follow it in the order of the header's list.
 */

#include "types.h"
#include "riscv.h"
#include "defs.h"
#include "param.h"
#include "spinlock.h"
#include "waitqueue.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "vma.h"
#include "proc.h"

/* The header block, as on disk (and as the in-memory list of changes). */
struct loghead {
  uint count;            /* blocks in the log; 0 = nothing to replay */
  uint home[LOGSIZE];    /* where each logged block belongs */
};

_Static_assert(sizeof(struct loghead) <= BSIZE, "log header exceeds a block");

static struct {
  struct spinlock lock;  /* protects active, reserved, bigwaiting, committing and changes */
  int active;            /* operations between begin_op() and end_op() */
  int reserved;          /* log blocks the active operations may still use */
  int bigwaiting;        /* operations waiting to reserve more than opblocks */
  int committing;        /* a commit is writing the disk; wait for it */
  struct loghead changes;   /* blocks changed by the current group */
  struct waitqueue waiters; /* begin_op()s waiting for room or the commit */

  /* Set once by initlog(). */
  int dev;
  uint headblock;        /* the header's block number */
  int capacity;          /* blocks the log area can hold after the header */
  int opblocks;          /* what begin_op() reserves (see initlog) */
  int nbitmap;           /* blocks of the disk's free bitmap */
} wal;

/* Disk block holding logged block slot. */
static uint
slot_block(int slot)
{
  return wal.headblock + 1 + slot;
}

/* Write h as the on-disk header.  Once h->count > 0 is on disk, the log
   will be replayed after a crash. */
static void
header_store(struct loghead *h)
{
  struct buf *b;

  b = bread(wal.dev, wal.headblock);
  memmove(b->data, h, sizeof(*h));
  bwrite(b);
  brelse(b);
}

/*
 * Write to disk block to what block from holds now (in the cache, if
 * cached).  Nothing of to's old contents is wanted, so its buf is not
 * read in first (bfresh).
 */
static void
block_copy(uint from, uint to)
{
  struct buf *src, *dst;

  src = bread(wal.dev, from);
  dst = bfresh(wal.dev, to);
  memmove(dst->data, src->data, BSIZE);
  bwrite(dst);
  brelse(dst);
  brelse(src);
}

/* Step 1 of a commit: each changed block into its log slot. */
static void
log_fill(void)
{
  int i;

  for (i = 0; i < wal.changes.count; i++)
    block_copy(wal.changes.home[i], slot_block(i));
}

/*
 * Step 3 of a commit: write each changed block home from its cache
 * buffer, which log_write pinned and which holds the logged bytes, and
 * let the buffer go: it leaves the group.
 */
static void
log_install(void)
{
  struct buf *b;
  int i;

  for (i = 0; i < wal.changes.count; i++) {
    b = bread(wal.dev, wal.changes.home[i]);
    bwrite(b);
    b->logged = 0;
    bunpin(b);
    brelse(b);
  }
}

/*
 * Replay a committed group left by a crash, then empty the log.  The
 * cache knows nothing of the group, so each block goes home from its
 * log slot.
 */
static void
log_recover(void)
{
  struct loghead h;
  struct buf *b;
  int i;

  b = bread(wal.dev, wal.headblock);
  memmove(&h, b->data, sizeof(h));
  brelse(b);
  if (h.count > wal.capacity)
    panic("initlog: corrupt log header");
  if (h.count == 0)
    return;
  for (i = 0; i < h.count; i++)
    block_copy(slot_block(i), h.home[i]);
  bflush();   /* installed before the log is emptied: see the top */
  h.count = 0;
  header_store(&h);
  bflush();
}

/* Set up the log described by sb and replay it if a crash left a
   committed group there.  Called once, by fsinit(). */
void
initlog(int dev, struct superblock *sb)
{
  initlock(&wal.lock, "log");
  wq_init(&wal.waiters, "the log", &wal.lock);
  wal.dev = dev;
  wal.headblock = sb->logstart;
  wal.capacity = sb->nlog - 1;
  if (wal.capacity > LOGSIZE)
    wal.capacity = LOGSIZE;
  /*
   * A write() logs at most MAXOPBLOCKS blocks (file.c cuts it up so),
   * but an operation that frees a file (unlink, open with O_TRUNC, the
   * last close of an unlinked file) may clear bits in every block of
   * the free bitmap, besides the inodes of the file and its directory
   * and a directory block.  begin_op() reserves the larger of the two.
   */
  wal.nbitmap = (sb->size + BPB - 1) / BPB;
  wal.opblocks = wal.nbitmap + 3;
  if (wal.opblocks < MAXOPBLOCKS)
    wal.opblocks = MAXOPBLOCKS;
  if (wal.capacity < wal.opblocks)
    panic("initlog: log too small");
  wal.active = 0;
  wal.committing = 0;
  wal.changes.count = 0;
  log_recover();
}

/*
 * Commit the group: write it to the log, commit, install, clear.
 * Called with wal.committing set and wal.lock not held; nothing else
 * touches wal.changes meanwhile.
 */
static void
commit(void)
{
  if (wal.changes.count == 0)
    return;
  log_fill();
  bflush();
  header_store(&wal.changes);
  bflush();
  log_install();
  bflush();
  wal.changes.count = 0;
  header_store(&wal.changes);
  bflush();
}

/*
 * Start a file-system operation that logs at most nblocks blocks (a
 * distinct block counts once however often it changes).  Sleeps while
 * a commit is running or while the log might not hold nblocks on top of
 * what the running operations may still add.  An operation bigger than
 * begin_op()'s (write-back's, vmpage.c) can only start once the log is
 * nearly empty, so while one waits, new small ones wait behind it.
 */
void
begin_op_blocks(int nblocks)
{
  int big = nblocks > wal.opblocks;

  if (nblocks > wal.capacity)
    panic("begin_op_blocks: bigger than the log");
  acquire(&wal.lock);
  if (big)
    wal.bigwaiting++;
  while (wal.committing || (!big && wal.bigwaiting > 0) ||
         wal.changes.count + wal.reserved + nblocks > wal.capacity)
    wq_sleep(&wal.waiters);
  if (big)
    wal.bigwaiting--;
  wal.active++;
  wal.reserved += nblocks;
  release(&wal.lock);
  myproc()->logops++;   /* reclaim, which may begin an operation, waits */
}

/*
 * The log blocks a write() transaction of n bytes may touch: its data
 * blocks (one more when it starts inside a block), three of the block
 * map (crossing from one indirect block to the next: the single
 * indirect, the doubly indirect and one under it), the inode, and a
 * bitmap block for each block it allocates, at most all of them.  At
 * least what begin_op() reserves, so that it may free blocks too.
 */
int
log_write_blocks(uint n)
{
  int data = n / BSIZE + 1, bitmap = data + 3, blocks;

  if (bitmap > wal.nbitmap)
    bitmap = wal.nbitmap;
  blocks = data + 3 + 1 + bitmap;
  return blocks > wal.opblocks ? blocks : wal.opblocks;
}

/* The largest write() one transaction may carry: log_write_blocks of
   it fits in the log. */
uint
log_write_max(void)
{
  uint n = BSIZE;

  while (log_write_blocks(n + BSIZE) <= wal.capacity)
    n += BSIZE;
  return n;
}

/* The most blocks one operation may log: the log's size but its header. */
int
log_capacity(void)
{
  return wal.capacity;
}

/* Start a file-system operation: a write() of at most MAXOPBLOCKS
   blocks, or one that may free a file (see initlog). */
void
begin_op(void)
{
  begin_op_blocks(wal.opblocks);
}

/*
 * Commit the group, as the last operation to end.  Called with
 * wal.lock held, which it lets go of meanwhile, since commit sleeps on
 * the disk; committing keeps new operations waiting until it is done.
 */
static void
commit_group(void)
{
  wal.committing = 1;
  release(&wal.lock);
  commit();
  acquire(&wal.lock);
  wal.committing = 0;
}

/*
 * End a file-system operation begun with begin_op_blocks(nblocks).  The
 * last one to end commits the group.  Either way, a waiting begin_op
 * may go on: there is room again in the log, or at least this
 * operation's reservation.
 */
void
end_op_blocks(int nblocks)
{
  myproc()->logops--;
  acquire(&wal.lock);
  if (wal.active <= 0 || wal.committing)
    panic("end_op");
  wal.active--;
  wal.reserved -= nblocks;
  if (wal.active == 0)
    commit_group();
  wq_wake_all(&wal.waiters);
  release(&wal.lock);
}

/* End a file-system operation begun with begin_op(). */
void
end_op(void)
{
  end_op_blocks(wal.opblocks);
}

/*
 * Record that b (locked by the caller) was changed by the current
 * operation; it reaches the disk at commit.  A block changed again in
 * the same group keeps its one log slot: b->logged says it has one.
 * The buffer stays pinned in the cache until it is installed.
 */
void
log_write(struct buf *b)
{
  acquire(&wal.lock);
  if (wal.active < 1)
    panic("log_write outside of a transaction");
  if (!b->logged) {
    if (wal.changes.count >= wal.capacity)
      panic("log_write: transaction too big");
    wal.changes.home[wal.changes.count++] = b->blockno;
    b->logged = 1;
    bpin(b);
  }
  release(&wal.lock);
}
