/* One disk block cached in memory. */
struct buf {
  int valid;              /* data has been read from disk */
  int disk;               /* the disk driver owns the buffer */
  uint dev;
  uint blockno;
  struct sleeplock lock;  /* held by the one user of the data */
  uint refcnt;            /* users, protected by the cache's lock */
  struct buf *prev;       /* least-recently-used list */
  struct buf *next;
  uchar data[BSIZE];
};
