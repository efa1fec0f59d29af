/* Open files, in-memory inodes and the device switch. */

/*
 * The kinds of open file.  The kind picks the file's operations (the
 * table in file.c); FD_NONE is a slot being filled or emptied, which
 * has none.
 */
enum filetype { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE };

/*
 * An open file, shared through its reference count by descriptors (of
 * one process or, after fork and dup, several) and mappings.
 */
struct file {
  int ref;               /* under ftable.lock; 0: the slot is free */
  enum filetype type;    /* set when opened, for good */
  char readable;
  char writable;
  struct inode *ip;      /* FD_INODE, FD_DEVICE: the inode opened */
  uint off;              /* FD_INODE: where the next read or write starts */
  short major;           /* FD_DEVICE: the driver, devsw[major] (ip's,
                            copied at open: ip->major needs ip's lock) */
  struct pipe *pipe;     /* FD_PIPE: the pipe this is one end of */
  char program;          /* exec's read-only file of a program, shared by
                            every process running it (file_of_program) */
};

/* Pages in the largest file: the indexes of an inode's page cache. */
#define FILE_PAGES ((MAXFILE * BSIZE + PGSIZE - 1) / PGSIZE)

/*
 * An inode in memory: a place in the inode table (fs.c), the copy of
 * its dinode, and what the kernel keeps beside the file.
 */
struct inode {
  /* Which inode this entry holds, and how many C pointers to it there
     are (open files, current directories, the path walk): under the
     table's lock. */
  uint dev;
  uint inum;
  int ref;

  /* The dinode's fields, read in by the first ilock: under lock. */
  struct sleeplock lock;
  int valid;              /* the fields below came from the disk */
  union {
    struct dinode disk;   /* all of them at once, to copy (fs.c) */
    struct {
      DINODE_FIELDS       /* each by its name: ip->type, ip->size, ... */
    };
  };

  /* The page cache of a regular file (pagecache.c). */
  struct spinlock cachelock;      /* protects cache */
  struct pagetree cache;          /* page idx of the file -> address | state */
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
