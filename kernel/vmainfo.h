/*
 * What the vmainfo() system call reports about one mapping of a
 * process.  Include kernel/types.h first.
 */
struct vmainfo {
  uint64 start;      /* first address */
  uint64 end;        /* one past the last address */
  uint64 offset;     /* file offset of start (0 for anonymous memory) */
  uint64 resident;   /* pages of the range present in memory */
  int prot;          /* PROT_* */
  int flags;         /* MAP_SHARED or MAP_PRIVATE, plus MAP_ANONYMOUS, MAP_GROWSUP */
  uint dev;          /* device and inode number of the file, 0 if anonymous */
  uint inum;
  int role;          /* what the mapping is for: VMA_* below */
  uint64 swapped;    /* pages of the range out in swap */
};

/*
 * The roles of mappings.  exec and sbrk make all but VMA_MMAP, and only
 * they change them: munmap, mprotect and msync act on the mmap area,
 * which begins where the heap ends.
 */
#define VMA_MMAP   0   /* made by mmap */
#define VMA_TEXT   1   /* a read-only segment of the program */
#define VMA_DATA   2   /* a writable segment of the program: data, bss */
#define VMA_GUARD  3   /* the inaccessible page below the stack */
#define VMA_STACK  4   /* the user stack (USERSTACK pages) */
#define VMA_HEAP   5   /* grown and shrunk by sbrk */
