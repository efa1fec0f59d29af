/*
 * mkfs: build an xv6-mmap file-system image (installed as mkfs.xv6).
 *
 *   mkfs.xv6 [-b blocks] fs.img file...
 *
 * Makes an image of FSSIZE blocks (or of -b's) holding a root directory with "."
 * and ".." and one entry per file, named by the file's basename without
 * a leading '_' (the build names user programs _cat, _sh, ...).
 *
 * The whole image is assembled in memory and written out only when
 * every file fit, so a failed run leaves no half-made image behind.
 * Every number on disk is little-endian whatever the host's byte order
 * (mkfs/ondisk.h).
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "mkfs/ondisk.h"

#define NINODES 200   /* inodes in the image */

/* The layout of the image (see kernel/fs.h); the bitmap's size and what
   follows it depend on the image's size, fssize. */
#define NLOG        LOGSIZE
#define NINODEBLKS  ((NINODES + IPB - 1) / IPB)
#define LOGSTART    2
#define INODESTART  (LOGSTART + NLOG)
#define BMAPSTART   (INODESTART + NINODEBLKS)
#define NBITMAP     ((fssize + BPB - 1) / BPB)
#define DATASTART   (BMAPSTART + NBITMAP)

/* The largest image: the kernel's log must hold an operation that
   clears a bit in every bitmap block, and three blocks more (log.c). */
#define MAXBLOCKS   ((NLOG - 1 - 3) * BPB)
#define MINBLOCKS   (BMAPSTART + 1 + 1)   /* the bitmap and one data block */

_Static_assert(BSIZE % sizeof(struct dinode) == 0, "dinodes must tile a block");
_Static_assert(BSIZE % sizeof(struct dirent) == 0, "dirents must tile a block");
_Static_assert(FSSIZE >= MINBLOCKS && FSSIZE <= MAXBLOCKS, "FSSIZE is not a size mkfs makes");

static const char *progname = "mkfs.xv6";
static uint fssize = FSSIZE;  /* blocks in the image */
static uchar *image;          /* fssize * BSIZE bytes */
static uint next_inum = 1;    /* next inode to hand out */
static uint next_block;       /* next data block to hand out */

/* ------------------------------------------------------------- errors */

static void
die(const char *fmt, const char *what)
{
  fprintf(stderr, "%s: ", progname);
  fprintf(stderr, fmt, what);
  fputc('\n', stderr);
  exit(1);
}

/* ------------------------------------------------------ blocks, inodes */

static uchar*
block(uint bno)
{
  return image + (size_t)bno * BSIZE;
}

static struct dinode*
dinode(uint inum)
{
  return (struct dinode*)block(INODESTART + inum / IPB) + inum % IPB;
}

/* A fresh, zeroed data block; `what` names the file for the error. */
static uint
new_block(const char *what)
{
  if (next_block >= fssize)
    die("%s: the image is full (no free data blocks)", what);
  return next_block++;
}

/* A fresh inode of type with one link.  Returns its number. */
static uint
new_inode(short type, const char *what)
{
  struct dinode *dip;
  uint inum;

  if (next_inum >= NINODES)
    die("%s: the image is full (no free inodes)", what);
  inum = next_inum++;
  dip = dinode(inum);
  memset(dip, 0, sizeof(*dip));
  put16(&dip->type, type);
  put16(&dip->nlink, 1);
  return inum;
}

/*
 * The data block holding block n of inode inum, allocated if missing,
 * with the indirect blocks on the way to it: the single indirect block
 * maps the NINDIRECT blocks after the direct ones, the doubly indirect
 * block (a block of indirect blocks) the rest.
 */
static uint
file_block(uint inum, uint n, const char *what)
{
  struct dinode *dip = dinode(inum);
  uchar *slot;
  uint per = 1;   /* file blocks an entry of the next indirect block maps */
  int levels;     /* indirect blocks still to go through */

  if (n >= MAXFILE)
    die("%s: too large for one file", what);
  if (n < NDIRECT) {
    slot = (uchar*)&dip->addrs[n];
    levels = 0;
  } else if ((n -= NDIRECT) < NINDIRECT) {
    slot = (uchar*)&dip->addrs[NDIRECT];
    levels = 1;
  } else {
    n -= NINDIRECT;
    slot = (uchar*)&dip->addrs[NDIRECT + 1];
    levels = 2;
    per = NINDIRECT;
  }
  for (;;) {
    if (get32(slot) == 0)
      put32(slot, new_block(what));
    if (levels-- == 0)
      return get32(slot);
    slot = block(get32(slot)) + n / per * sizeof(uint);
    n %= per;
    per /= NINDIRECT;
  }
}

/* Append len bytes of data to inode inum. */
static void
append(uint inum, const void *data, size_t len, const char *what)
{
  struct dinode *dip = dinode(inum);
  const uchar *src = data;
  uint size, room;
  size_t chunk;

  while (len > 0) {
    size = get32(&dip->size);
    room = BSIZE - size % BSIZE;
    chunk = len < room ? len : room;
    memcpy(block(file_block(inum, size / BSIZE, what)) + size % BSIZE,
           src, chunk);
    put32(&dip->size, size + chunk);
    src += chunk;
    len -= chunk;
  }
}

/* ----------------------------------------------------------- directory */

/* Is name already an entry of directory inum? */
static int
dir_has(uint inum, const char *name)
{
  struct dinode *dip = dinode(inum);
  struct dirent *de;
  uint off, size;

  size = get32(&dip->size);
  for (off = 0; off < size; off += sizeof(*de)) {
    de = (struct dirent*)(block(file_block(inum, off / BSIZE, name)) +
                          off % BSIZE);
    if (get16(&de->inum) != 0 && strncmp(de->name, name, DIRSIZ) == 0)
      return 1;
  }
  return 0;
}

/* Add the entry (name, target) to directory dir. */
static void
dir_add(uint dir, const char *name, uint target)
{
  struct dirent de;
  size_t len;

  memset(&de, 0, sizeof(de));
  put16(&de.inum, target);
  len = strlen(name);
  memcpy(de.name, name, len < DIRSIZ ? len : DIRSIZ);
  append(dir, &de, sizeof(de), name);
}

/* ------------------------------------------------------------ inputs */

/* The name a path is stored under: its basename minus a leading '_'. */
static const char*
stored_name(const char *path)
{
  const char *slash, *name;

  slash = strrchr(path, '/');
  name = slash ? slash + 1 : path;
  if (name[0] == '_')
    name++;
  return name;
}

/* Copy the file at path into the image under name in directory dir. */
static void
add_file(uint dir, const char *path)
{
  static uchar buf[MAXFILE * BSIZE + 1];
  const char *name;
  size_t len;
  FILE *f;
  uint inum;

  name = stored_name(path);
  if (name[0] == '\0')
    die("%s: empty file name", path);
  if (strlen(name) > DIRSIZ)
    die("%s: name longer than DIRSIZ (14) characters", path);
  if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || dir_has(dir, name))
    die("%s: duplicate name", path);

  f = fopen(path, "rb");
  if (f == 0) {
    fprintf(stderr, "%s: cannot open %s: %s\n", progname, path,
            strerror(errno));
    exit(1);
  }
  len = fread(buf, 1, sizeof(buf), f);
  if (ferror(f)) {
    fprintf(stderr, "%s: cannot read %s: %s\n", progname, path,
            strerror(errno));
    exit(1);
  }
  fclose(f);
  if (len > MAXFILE * BSIZE)
    die("%s: too large (a file holds at most MAXFILE blocks)", path);

  inum = new_inode(T_FILE, path);
  append(inum, buf, len, path);
  dir_add(dir, name, inum);
}

/* ---------------------------------------------------------------- main */

/* Write the superblock. */
static void
write_superblock(void)
{
  struct superblock *sb = (struct superblock*)block(1);

  put32(&sb->magic, FSMAGIC);
  put32(&sb->size, fssize);
  put32(&sb->nblocks, fssize - DATASTART);
  put32(&sb->ninodes, NINODES);
  put32(&sb->nlog, NLOG);
  put32(&sb->logstart, LOGSTART);
  put32(&sb->inodestart, INODESTART);
  put32(&sb->bmapstart, BMAPSTART);
}

/* Mark blocks [0, next_block) in use in the free bitmap. */
static void
write_bitmap(void)
{
  uint b;

  for (b = 0; b < next_block; b++)
    block(BMAPSTART + b / BPB)[(b % BPB) / 8] |= 1 << (b % 8);
}

/* Write the image to path. */
static void
save(const char *path)
{
  FILE *f;

  f = fopen(path, "wb");
  if (f == 0 ||
      fwrite(image, BSIZE, fssize, f) != fssize ||
      fclose(f) != 0) {
    fprintf(stderr, "%s: cannot write %s: %s\n", progname, path,
            strerror(errno));
    exit(1);
  }
}

/* Complain about the command line and exit. */
static void
usage(void)
{
  fprintf(stderr, "usage: %s [-b blocks] fs.img file...\n", progname);
  exit(1);
}

int
main(int argc, char *argv[])
{
  char *imgpath, *end;
  uint root;
  int i = 1;

  if (argc > 2 && strcmp(argv[1], "-b") == 0) {
    fssize = strtoul(argv[2], &end, 10);
    if (*argv[2] == '\0' || *end != '\0' || fssize < MINBLOCKS || fssize > MAXBLOCKS) {
      fprintf(stderr, "%s: -b %s: the image holds %u to %u blocks\n",
              progname, argv[2], (uint)MINBLOCKS, (uint)MAXBLOCKS);
      return 1;
    }
    i = 3;
  }
  if (i >= argc)
    usage();
  imgpath = argv[i];

  image = calloc(fssize, BSIZE);
  if (image == 0) {
    fprintf(stderr, "%s: out of memory\n", progname);
    return 1;
  }
  next_block = DATASTART;

  write_superblock();
  root = new_inode(T_DIR, "/");
  if (root != ROOTINO)
    die("%s: root is not inode ROOTINO", "/");
  dir_add(root, ".", root);
  dir_add(root, "..", root);

  for (i++; i < argc; i++)
    add_file(root, argv[i]);

  write_bitmap();
  save(imgpath);
  return 0;
}
