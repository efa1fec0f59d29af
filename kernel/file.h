/* Open files, in-memory inodes and the device switch. */

enum filetype { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE };

struct file {
  enum filetype type;
  int ref;               /* descriptors and mappings that refer to it */
  char readable;
  char writable;
  struct pipe *pipe;     /* FD_PIPE */
  struct inode *ip;      /* FD_INODE and FD_DEVICE */
  uint off;              /* FD_INODE: shared read/write offset */
  short major;           /* FD_DEVICE */
};

/* Pages in the largest file: the size of an inode's page cache. */
#define FILE_PAGES ((MAXFILE * BSIZE + PGSIZE - 1) / PGSIZE)

/* An inode in memory: a cached copy of a dinode plus bookkeeping. */
struct inode {
  uint dev;
  uint inum;
  int ref;                /* C pointers to this inode; protected by the table lock */
  struct sleeplock lock;  /* protects everything below */
  int valid;              /* the fields below were read from disk */

  short type;             /* copy of the dinode */
  short major;
  short minor;
  short nlink;
  uint size;
  uint addrs[NDIRECT + 1];

  /* The page cache of a regular file (pagecache.c). */
  struct spinlock cachelock;      /* protects cache[] */
  uint64 cache[FILE_PAGES];       /* page idx of the file: address | state */
  uint64 cacheused;               /* when the cache was last used (pagecache.c) */

  /* The mappings of the file, in every process, for truncation. */
  struct spinlock maplock;        /* protects the list (vma.c) */
  struct vma *mappings;           /* linked through vma->mapnext */
};

/*
 * Device switch: read and write functions for each major device number.
 * user_buf says whether buf is a user virtual address (1) or a kernel
 * address (0).  Each returns the bytes moved, or -1.
 */
struct devsw {
  int (*read)(int user_buf, uint64 buf, int n);
  int (*write)(int user_buf, uint64 buf, int n);
};

extern struct devsw devsw[];

#define CONSOLE 1   /* major number of the console */
