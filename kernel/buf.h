/*
 * A disk block's copy in the block cache (bio.c).
 *
 * The cache's lock covers which block a buf holds and the bookkeeping
 * that decides when it may hold another; the buf's own sleep lock
 * covers the contents, for the one process using them.
 */
struct buf {
  /* Under the cache's lock (the holder of lock may read dev, blockno). */
  uint dev;
  uint blockno;
  struct buf *chain;      /* the next buf in the same hash chain */
  uint refs;              /* holders and log pins: while > 0, kept */
  char recent;            /* used since the clock hand last passed */

  /* Under lock. */
  struct sleeplock lock;
  int valid;              /* data holds what the disk holds, or newer */
  char logged;            /* in the log's current group (log.c) */
  uchar data[BSIZE];
};
