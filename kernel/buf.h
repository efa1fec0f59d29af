/* One disk block cached in memory. */
struct buf {
  int valid;              /* data has been read from disk */
  uint dev;
  uint blockno;
  struct sleeplock lock;  /* held by the one user of the data */
  uint refcnt;            /* users; this and the links below are
                             protected by the cache's lock */
  struct buf *hnext;      /* next buf in the same hash bucket */
  struct buf *prev;       /* idle list, while refcnt is 0 */
  struct buf *next;
  uchar data[BSIZE];
};
