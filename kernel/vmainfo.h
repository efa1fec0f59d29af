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
};
