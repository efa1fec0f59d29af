/*
 * The block allocator: which data blocks of the disk are free.
 *
 * The free bitmap (fs.h) has one bit per block of the disk, 1 when the
 * block is in use; mkfs sets the bits of the boot block, the superblock,
 * the log, the inodes and the bitmap itself, so none of those is ever
 * handed out.  Every change to the bitmap is logged, so balloc and bfree
 * run inside a transaction opened by the caller.
 *
 * Next fit: a search starts at a hint, the block after the one handed
 * out last, and goes round the disk once, from the hint to the end and
 * then from the start up to the hint.  The blocks of a file being
 * written are taken one after another, so each search finds the very
 * next bit free, instead of passing over every block in use from the
 * start of the disk (which made writing a file of n blocks cost n*n/2
 * bit tests).  Blocks that bfree gives back are found when the search
 * comes round to them.  Whole bytes of the bitmap whose eight blocks
 * are all in use are passed over with one test.
 *
 * What protects what:
 *   - the bitmap: a bitmap block's buffer lock (bread .. brelse) makes
 *     testing a bit and setting it one step, so two processes searching
 *     at once never take the same block; the log makes the bit and the
 *     block's use (an inode or indirect block naming it) reach the disk
 *     together;
 *   - the hint: nothing but atomic loads and stores.  It is only where
 *     a search starts: two processes may start at the same hint (the
 *     second finds the bit set under the lock and goes on), or leave it
 *     a little behind; the cost is a longer search, never a wrong
 *     block.  A transaction is never rolled back, so a block is never
 *     handed out and then put back behind the hint.
 */

#include "types.h"
#include "riscv.h"
#include "defs.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"

static struct {
  uint size;        /* blocks on the disk: the bitmap's length in bits */
  uint bmapstart;   /* its first block */
  uint hint;        /* where the next search starts (atomic; see above) */
} disk;

/* Learn the disk's layout from its superblock.  Called once, by fsinit(). */
void
balloc_init(struct superblock *sb)
{
  disk.size = sb->size;
  disk.bmapstart = sb->bmapstart;
  disk.hint = sb->size - sb->nblocks;   /* the first data block */
}

/* The bitmap block holding block bno's bit, and where the bit is in it. */
static uint
bitmap_block(uint bno)
{
  return disk.bmapstart + bno / BPB;
}

static uint
bitmap_byte(uint bno)
{
  return bno % BPB / 8;
}

static uchar
bitmap_bit(uint bno)
{
  return 1 << (bno % 8);
}

/* The lowest bit clear in used, which is not 0xff. */
static uint
lowest_clear(uchar used)
{
  uint i;

  for (i = 0; used & (1 << i); i++)
    ;
  return i;
}

/*
 * Take the first free block in [from, to): set its bit and log the
 * bitmap block.  Returns its number, or 0 if all of them are in use
 * (block 0, the boot block, is never free).
 */
static uint
take_between(uint dev, uint from, uint to)
{
  struct buf *bm;
  uint bno, stop, first;
  uchar used;

  for (bno = from; bno < to; bno = stop) {
    /* The blocks whose bits are in the same bitmap block as bno's. */
    stop = (bno / BPB + 1) * BPB;
    if (stop > to)
      stop = to;
    bm = bread(dev, bitmap_block(bno));
    for (; bno < stop; bno = first + 8) {
      /* One byte: first is its first block.  Blocks outside
         [bno, stop) count as used. */
      first = bno - bno % 8;
      used = bm->data[bitmap_byte(bno)] | (bitmap_bit(bno) - 1);
      if (stop - first < 8)
        used |= 0xff << (stop - first);
      if (used == 0xff)
        continue;
      bno = first + lowest_clear(used);
      bm->data[bitmap_byte(bno)] |= bitmap_bit(bno);
      log_write(bm);
      brelse(bm);
      return bno;
    }
    brelse(bm);
  }
  return 0;
}

/*
 * Fill block bno with zeros, through the log.  Caller is in a
 * transaction.
 *
 * Every block handed out is zeroed, even one that writei is about to
 * overwrite whole: a freed block still holds its old file's data, and
 * the zeros, logged in the same transaction as the block's bit and the
 * pointer to it, make sure that no file ever shows it, after a crash
 * either (writei can stop part way through a block, when a copy from
 * user memory fails).  Logging them costs no disk write when the block
 * is overwritten in the same transaction: the log keeps one copy of a
 * block however often it changes, and commits its last contents.  What
 * zeroing did cost was a read of the old contents from the disk, to be
 * overwritten at once: bfresh() skips it.
 */
static void
block_zero(uint dev, uint bno)
{
  struct buf *b;

  b = bfresh(dev, bno);
  memset(b->data, 0, BSIZE);
  log_write(b);
  brelse(b);
}

/*
 * Allocate a data block, zeroed.  Caller is in a transaction.
 * Returns its block number, or 0 if the disk is full.
 */
uint
balloc(uint dev)
{
  uint hint, bno;

  hint = __atomic_load_n(&disk.hint, __ATOMIC_RELAXED);
  bno = take_between(dev, hint, disk.size);
  if (bno == 0)
    bno = take_between(dev, 0, hint);
  if (bno == 0)
    return 0;
  __atomic_store_n(&disk.hint, bno + 1 < disk.size ? bno + 1 : 0, __ATOMIC_RELAXED);
  block_zero(dev, bno);
  return bno;
}

/* Mark block bno free.  Caller is in a transaction. */
void
bfree(uint dev, uint bno)
{
  struct buf *bm;

  if (bno >= disk.size)
    panic("bfree: block beyond the disk");
  bm = bread(dev, bitmap_block(bno));
  if ((bm->data[bitmap_byte(bno)] & bitmap_bit(bno)) == 0)
    panic("bfree: block already free");
  bm->data[bitmap_byte(bno)] &= ~bitmap_bit(bno);
  log_write(bm);
  brelse(bm);
}
