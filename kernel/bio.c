/*
 * The block cache: NBUF in-memory copies of disk blocks.
 *
 * A disk block has at most one buf in the cache, so every user of the
 * block sees the same bytes; the buf's sleep-lock lets one process at a
 * time read or change them.  The bufs sit on a circular list in the
 * order they were last released: the oldest right after the sentinel,
 * the newest right before it.  A buf nobody refers to (refcnt 0) may be
 * taken over for another block; the oldest such buf goes first.
 */

#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "riscv.h"
#include "defs.h"
#include "fs.h"
#include "buf.h"

static struct {
  /* Protects the list order and every buf's dev, blockno and refcnt. */
  struct spinlock lock;
  struct buf bufs[NBUF];
  struct buf lru;   /* sentinel: lru.next is the oldest, lru.prev the newest */
} cache;

/* Take b out of the list.  Caller holds cache.lock. */
static void
lru_unlink(struct buf *b)
{
  b->prev->next = b->next;
  b->next->prev = b->prev;
}

/* Put b at the newest end of the list.  Caller holds cache.lock. */
static void
lru_push_newest(struct buf *b)
{
  b->prev = cache.lru.prev;
  b->next = &cache.lru;
  cache.lru.prev->next = b;
  cache.lru.prev = b;
}

/* Put every buf on the list, empty; called once at boot. */
void
binit(void)
{
  struct buf *b;

  initlock(&cache.lock, "bcache");
  cache.lru.next = &cache.lru;
  cache.lru.prev = &cache.lru;
  for (b = cache.bufs; b < &cache.bufs[NBUF]; b++) {
    initsleeplock(&b->lock, "buffer");
    lru_push_newest(b);
  }
}

/*
 * Return the buf for block blockno of dev, locked and with one more
 * reference.  If the block is not cached, recycle the least recently
 * released idle buf for it (its data is then not valid).
 */
static struct buf*
bget(uint dev, uint blockno)
{
  struct buf *b, *idle;

  idle = 0;
  acquire(&cache.lock);
  for (b = cache.lru.next; b != &cache.lru; b = b->next) {
    if (b->dev == dev && b->blockno == blockno)
      break;
    if (idle == 0 && b->refcnt == 0)
      idle = b;
  }
  if (b == &cache.lru) {
    if (idle == 0)
      panic("bget: no buffers");
    b = idle;
    b->dev = dev;
    b->blockno = blockno;
    b->valid = 0;
  }
  b->refcnt++;
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
 * Done with b: unlock it, drop the caller's reference and mark it the
 * most recently used.
 */
void
brelse(struct buf *b)
{
  if (!holdingsleep(&b->lock))
    panic("brelse: buffer not locked");
  releasesleep(&b->lock);

  acquire(&cache.lock);
  if (b->refcnt == 0)
    panic("brelse: no reference");
  b->refcnt--;
  lru_unlink(b);
  lru_push_newest(b);
  release(&cache.lock);
}

/* Keep b in the cache (the log holds it until it is installed). */
void
bpin(struct buf *b)
{
  acquire(&cache.lock);
  b->refcnt++;
  release(&cache.lock);
}

/* Undo one bpin(b). */
void
bunpin(struct buf *b)
{
  acquire(&cache.lock);
  if (b->refcnt == 0)
    panic("bunpin: no reference");
  b->refcnt--;
  release(&cache.lock);
}
