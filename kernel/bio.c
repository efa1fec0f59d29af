/*
 * The block cache: NBUF in-memory copies of disk blocks.
 *
 * A disk block has at most one buf, so every user of the block sees the
 * same bytes; the buf's sleep lock lets one process at a time use them.
 * bread() returns the block locked, brelse() gives it back; bfresh() is
 * bread() for a caller about to overwrite the whole block, and so skips
 * reading it; bpin() keeps a block cached for the log without holding
 * it locked.
 *
 * Finding a block: a hash table of chains keyed by block number, so a
 * lookup looks at a few bufs however large NBUF is.
 *
 * Choosing a buf to reuse: a clock.  A hand goes round the bufs; it
 * passes over a buf that is held or pinned, gives a buf used since its
 * last turn a second chance (clearing its recent bit), and takes the
 * first idle buf it finds without one.  We chose a clock over an LRU
 * list because it keeps no order by hand: releasing a buf only drops a
 * count, and the one bit per buf approximates "least recently used"
 * well enough for a cache this size.
 *
 * Everything here that is not a buf's contents is under cache.lock, a
 * spin lock held only for a lookup or a count (lockorder.h, row 7).
 */

#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "riscv.h"
#include "defs.h"
#include "fs.h"
#include "buf.h"

#define NCHAIN 131   /* hash chains: a prime, about NBUF / 3 */

static struct {
  struct spinlock lock;
  struct buf bufs[NBUF];
  struct buf *chains[NCHAIN];
  int hand;                    /* the clock: the next buf it looks at */
} cache;

static struct buf**
chain_of(uint dev, uint blockno)
{
  return &cache.chains[(blockno + dev) % NCHAIN];
}

/* The buf holding (dev, blockno), or 0.  Caller holds cache.lock. */
static struct buf*
lookup(uint dev, uint blockno)
{
  struct buf *b;

  for (b = *chain_of(dev, blockno); b != 0; b = b->chain)
    if (b->dev == dev && b->blockno == blockno)
      return b;
  return 0;
}

/*
 * Move b from the chain of the block it held (if it held one) to the
 * chain of (dev, blockno), with no valid data.  Caller holds cache.lock
 * and b has no holder.
 */
static void
rename_buf(struct buf *b, uint dev, uint blockno)
{
  struct buf **link;

  for (link = chain_of(b->dev, b->blockno); *link != 0; link = &(*link)->chain) {
    if (*link == b) {
      *link = b->chain;
      break;
    }
  }
  b->dev = dev;
  b->blockno = blockno;
  b->valid = 0;
  b->chain = *chain_of(dev, blockno);
  *chain_of(dev, blockno) = b;
}

/*
 * The clock: the next idle buf not used since the hand last passed it.
 * Two turns find one if any buf is idle (the first clears every recent
 * bit).  Caller holds cache.lock.
 */
static struct buf*
clock_victim(void)
{
  struct buf *b;
  int looked;

  for (looked = 0; looked < 2 * NBUF; looked++) {
    b = &cache.bufs[cache.hand];
    cache.hand = (cache.hand + 1) % NBUF;
    if (b->refs > 0)
      continue;
    if (!b->recent)
      return b;
    b->recent = 0;
  }
  /* The log pins at most LOGSIZE bufs and each process holds a few:
     NBUF is sized so that this cannot happen. */
  panic("bio: every buffer is in use");
}

/* Every buf idle and holding no block; called once at boot. */
void
binit(void)
{
  struct buf *b;

  initlock(&cache.lock, "bcache");
  for (b = cache.bufs; b < &cache.bufs[NBUF]; b++)
    initsleeplock(&b->lock, "buffer");
}

/*
 * The buf for block blockno of dev, with one more reference (so the
 * clock leaves it alone) but not locked: the cached one, or else the
 * clock's victim, renamed to the block with no valid data.
 */
static struct buf*
find_or_claim(uint dev, uint blockno)
{
  struct buf *b;

  acquire(&cache.lock);
  b = lookup(dev, blockno);
  if (b == 0) {
    b = clock_victim();
    rename_buf(b, dev, blockno);
  }
  b->refs++;
  b->recent = 1;
  release(&cache.lock);
  return b;
}

/*
 * Move b's data to its disk block (write) or from it.  Either way
 * memory and disk agree afterwards, so b is valid.  Caller holds b's
 * lock: nobody else may change the data under the transfer.
 */
static void
transfer(struct buf *b, int write)
{
  if (!holdingsleep(&b->lock))
    panic("bio: disk transfer of a buffer not locked");
  virtio_disk_rw(b, write);
  b->valid = 1;
}

/*
 * The block's buf, locked, holding the block's current contents.  The
 * lock is taken after the lookup, since it may sleep; whoever holds it
 * first after the buf was claimed for the block reads the block in.
 */
struct buf*
bread(uint dev, uint blockno)
{
  struct buf *b = find_or_claim(dev, blockno);

  acquiresleep(&b->lock);
  if (!b->valid)
    transfer(b, 0);
  return b;
}

/*
 * The block's buf, locked, for a caller that overwrites all of its data
 * before it lets go of the lock: the disk is not read, and until then
 * the data is whatever the buf held.  The caller must fill it, since
 * the buf counts as valid: balloc zeroing a block it hands out, the log
 * copying a block into its slot.
 */
struct buf*
bfresh(uint dev, uint blockno)
{
  struct buf *b = find_or_claim(dev, blockno);

  acquiresleep(&b->lock);
  b->valid = 1;
  return b;
}

/* Write b's data to its disk block.  Caller holds b's lock. */
void
bwrite(struct buf *b)
{
  transfer(b, 1);
}

/*
 * Make every block written so far durable on the disk, whatever the
 * disk's own cache holds: the log's write barrier.
 */
void
bflush(void)
{
  virtio_disk_flush();
}

/* Drop one reference to b.  Caller holds cache.lock. */
static void
unref(struct buf *b, char *who)
{
  if (b->refs == 0)
    panic(who);
  b->refs--;
}

/*
 * Done with b: unlock it (releasesleep panics unless the caller holds
 * it) and drop the caller's reference.  At the last one b may be
 * reused, once the clock has passed it without a new use.
 */
void
brelse(struct buf *b)
{
  releasesleep(&b->lock);

  acquire(&cache.lock);
  unref(b, "brelse: no reference");
  release(&cache.lock);
}

/* Keep b cached until bunpin, without holding it (the log's pin). */
void
bpin(struct buf *b)
{
  acquire(&cache.lock);
  b->refs++;
  release(&cache.lock);
}

/* Undo one bpin(b). */
void
bunpin(struct buf *b)
{
  acquire(&cache.lock);
  unref(b, "bunpin: no reference");
  release(&cache.lock);
}
