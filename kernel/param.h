/* Kernel-wide limits.  Macros only: programs include this before types.h. */
#define NPROC        64                  /* processes */
#define NCPU          8                  /* harts the kernel can run on */
#define NOFILE       16                  /* open files per process */
#define NFILE       100                  /* open files in the whole system */
#define NINODE       50                  /* in-memory inodes */
#define NDEV         10                  /* device major numbers */
#define ROOTDEV       1                  /* device holding the root file system */
#define NDISK         2                  /* virtio disks: the root, and swap */
#define ROOT_DISK     0                  /* virtio-mmio slot of the root disk */
#define SWAP_DISK     1                  /* ... and of the swap disk */
#define MAXARG       32                  /* exec arguments */
#define MAXOPBLOCKS  10                  /* blocks one write() transaction may write */
#define LOGSIZE      (MAXOPBLOCKS * 5)   /* blocks in the on-disk log: room for three
                                            operations that free a file (log.c) */
#define NBUF        400                  /* buffers in the block cache (a file of
                                            256 KiB and its indirect block fit) */
#ifndef FSSIZE
#define FSSIZE   100000                  /* file-system size in blocks (mkfs's default;
                                            ./configure --with-fs-blocks) */
#endif
#define MAXPATH      128                 /* longest path name */
#define USERSTACK    1                   /* pages of user stack */
