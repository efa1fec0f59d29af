/*
 * On-disk file-system format, shared by the kernel and mkfs.
 *
 * Disk layout, in BSIZE blocks:
 *   [ boot | super | log | inodes | free bitmap | data ... ]
 */
#define ROOTINO  1        /* inode number of "/" */
#define BSIZE    1024     /* block size */
#define FSMAGIC  0x10203040

struct superblock {
  uint magic;        /* FSMAGIC */
  uint size;         /* blocks in the image */
  uint nblocks;      /* data blocks */
  uint ninodes;      /* inodes */
  uint nlog;         /* log blocks */
  uint logstart;     /* first log block */
  uint inodestart;   /* first inode block */
  uint bmapstart;    /* first free-bitmap block */
};

/*
 * An inode maps its first NDIRECT blocks itself; the next NINDIRECT
 * through a single indirect block (a block of block numbers); the rest,
 * up to MAXFILE, through the doubly indirect block, a block of numbers
 * of indirect blocks.
 */
#define NDIRECT    11
#define NINDIRECT  (BSIZE / sizeof(uint))
#define MAXFILE    (NDIRECT + NINDIRECT + NINDIRECT * NINDIRECT)   /* blocks in the largest file */

/*
 * So addrs[k] is the root of a tree of level ADDR_LEVEL(k) (0: a data
 * block; 1: an indirect block; 2: the doubly indirect block), which maps
 * LEVEL_SPAN of that level consecutive file blocks, after those of
 * addrs[0..k).
 */
#define NADDRS             (NDIRECT + 2)
#define ADDR_LEVEL(k)      ((k) < NDIRECT ? 0 : (int)(k) - NDIRECT + 1)
#define LEVEL_SPAN(level)  ((level) == 0 ? 1 : (level) == 1 ? NINDIRECT : NINDIRECT * NINDIRECT)

/*
 * The fields of an inode kept on disk, in their order there.  struct
 * dinode is just these; struct inode (file.h) has them under the same
 * names, overlaid by a struct dinode, so that one assignment copies
 * them between the inode table and a disk block.
 */
#define DINODE_FIELDS                                                   \
  short type;                /* T_DIR, T_FILE, T_DEVICE; 0 if free */   \
  short major;               /* device numbers (T_DEVICE) */            \
  short minor;                                                          \
  short nlink;               /* directory entries naming this inode */  \
  uint size;                 /* bytes */                                \
  uint addrs[NADDRS];        /* NDIRECT data blocks, the indirect       \
                                block, then the doubly indirect block */

/* An inode as stored on disk. */
struct dinode {
  DINODE_FIELDS
};

#define IPB           (BSIZE / sizeof(struct dinode))     /* inodes per block */
#define IBLOCK(i, sb) ((i) / IPB + (sb).inodestart)       /* block holding inode i */
#define BPB           (BSIZE * 8)                         /* bitmap bits per block */
#define BBLOCK(b, sb) ((b) / BPB + (sb).bmapstart)        /* bitmap block for block b */

#define DIRSIZ 14

/* A directory is a file of these; inum 0 marks a free slot. */
struct dirent {
  ushort inum;
  char name[DIRSIZ];
};
