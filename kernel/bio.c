/*
 * The block cache: NBUF in-memory copies of disk blocks.
 *
 * A disk block has at most one buf in the cache, so every user of the
 * block sees the same bytes; the buf's sleep-lock lets one process at a
 * time read or change them.
 *
 * Two structures find bufs, both under the cache's one spin lock:
 *   buckets   a chain per hash of (dev, blockno), holding every buf
 *             that has held a block, so a lookup visits a few bufs
 *             however large NBUF is;
 *   idle      the bufs nobody refers to (refcnt 0), in the order they
 *             became idle: the oldest right after the sentinel, the
 *             newest right before it.  A block that is not cached takes
 *             over the oldest idle buf.
 */

#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "riscv.h"
#include "defs.h"
#include "fs.h"
#include "buf.h"

#define NBUCKET 128   /* hash chains: a power of two, about NBUF / 3 */

static struct {
  /* Protects the chains, the idle list and every buf's dev, blockno
     and refcnt. */
  struct spinlock lock;
  struct buf bufs[NBUF];
  struct buf *bucket[NBUCKET];
  struct buf idle;   /* sentinel: idle.next is the oldest, idle.prev the newest */
} cache;

static struct buf**
bucket_of(uint dev, uint blockno)
{
  return &cache.bucket[(blockno ^ dev) % NBUCKET];
}

/* Take b out of the idle list.  Caller holds cache.lock. */
static void
idle_unlink(struct buf *b)
{
  b->prev->next = b->next;
  b->next->prev = b->prev;
}

/* Put b at the newest end of the idle list.  Caller holds cache.lock. */
static void
idle_push_newest(struct buf *b)
{
  b->prev = cache.idle.prev;
  b->next = &cache.idle;
  cache.idle.prev->next = b;
  cache.idle.prev = b;
}

/*
 * Take b out of its bucket's chain, if it is on one (a buf that never
 * held a block is not).  Caller holds cache.lock.
 */
static void
chain_unlink(struct buf *b)
{
  struct buf **link;

  for (link = bucket_of(b->dev, b->blockno); *link != 0; link = &(*link)->hnext) {
    if (*link == b) {
      *link = b->hnext;
      return;
    }
  }
}

/* One more reference to b.  Caller holds cache.lock. */
static void
ref_get(struct buf *b)
{
  if (b->refcnt++ == 0)
    idle_unlink(b);
}

/* One reference to b fewer; b goes idle at the last.  Caller holds cache.lock. */
static void
ref_put(struct buf *b, char *who)
{
  if (b->refcnt == 0)
    panic(who);
  if (--b->refcnt == 0)
    idle_push_newest(b);
}

/* Every buf idle and on no chain; called once at boot. */
void
binit(void)
{
  struct buf *b;

  initlock(&cache.lock, "bcache");
  cache.idle.next = &cache.idle;
  cache.idle.prev = &cache.idle;
  for (b = cache.bufs; b < &cache.bufs[NBUF]; b++) {
    initsleeplock(&b->lock, "buffer");
    idle_push_newest(b);
  }
}

/*
 * Return the buf for block blockno of dev, locked and with one more
 * reference.  If the block is not cached, the oldest idle buf is
 * recycled for it (its data is then not valid).
 */
static struct buf*
bget(uint dev, uint blockno)
{
  struct buf *b;

  acquire(&cache.lock);
  for (b = *bucket_of(dev, blockno); b != 0; b = b->hnext)
    if (b->dev == dev && b->blockno == blockno)
      break;
  if (b == 0) {
    b = cache.idle.next;
    if (b == &cache.idle)
      panic("bget: no buffers");
    chain_unlink(b);
    b->dev = dev;
    b->blockno = blockno;
    b->valid = 0;
    b->hnext = *bucket_of(dev, blockno);
    *bucket_of(dev, blockno) = b;
  }
  ref_get(b);
  release(&cache.lock);

  acquiresleep(&b->lock);
  return b;
}

/* Return a locked buf holding the current contents of the block. */
struct buf*
bread(uint dev, uint blockno)
{
  struct buf *b;

  b = bget(dev, blockno);
  if (!b->valid) {
    virtio_disk_rw(b, 0);
    b->valid = 1;
  }
  return b;
}

/* Write b's data to its disk block.  Caller holds b's lock. */
void
bwrite(struct buf *b)
{
  if (!holdingsleep(&b->lock))
    panic("bwrite: buffer not locked");
  virtio_disk_rw(b, 1);
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

/*
 * Done with b: unlock it (releasesleep panics unless the caller holds
 * it) and drop the caller's reference.  At the last reference b becomes
 * the newest idle buf, the last to be recycled.
 */
void
brelse(struct buf *b)
{
  releasesleep(&b->lock);

  acquire(&cache.lock);
  ref_put(b, "brelse: no reference");
  release(&cache.lock);
}

/* Keep b in the cache (the log holds it until it is installed). */
void
bpin(struct buf *b)
{
  acquire(&cache.lock);
  ref_get(b);
  release(&cache.lock);
}

/* Undo one bpin(b). */
void
bunpin(struct buf *b)
{
  acquire(&cache.lock);
  ref_put(b, "bunpin: no reference");
  release(&cache.lock);
}
