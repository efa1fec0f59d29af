/*
 * Flags for open(), mmap(), mprotect() and msync().
 * Macros only: programs include this before types.h.
 */

/* open() */
#define O_RDONLY  0x000
#define O_WRONLY  0x001
#define O_RDWR    0x002
#define O_CREATE  0x200
#define O_TRUNC   0x400

/* mmap() and mprotect(): page protection */
#define PROT_NONE   0x0
#define PROT_READ   0x1
#define PROT_WRITE  0x2
#define PROT_EXEC   0x4

/* mmap(): kind of mapping */
#define MAP_SHARED           0x01
#define MAP_PRIVATE          0x02
#define MAP_FIXED            0x10
#define MAP_ANONYMOUS        0x20
#define MAP_ANON             MAP_ANONYMOUS
#define MAP_GROWSUP          0x200
#define MAP_POPULATE         0x8000
#define MAP_FIXED_NOREPLACE  0x100000

/* msync() */
#define MS_ASYNC       1
#define MS_INVALIDATE  2
#define MS_SYNC        4
