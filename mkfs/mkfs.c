/*
 * mkfs: build an xv6-mmap file-system image (installed as mkfs.xv6).
 *
 *   mkfs.xv6 fs.img file...
 *
 * Makes an image of FSSIZE blocks holding a root directory with "."
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

/* The layout of the image (see kernel/fs.h). */
#define NLOG        LOGSIZE
#define NINODEBLKS  ((NINODES + IPB - 1) / IPB)
#define NBITMAP     ((FSSIZE + BPB - 1) / BPB)
#define LOGSTART    2
#define INODESTART  (LOGSTART + NLOG)
#define BMAPSTART   (INODESTART + NINODEBLKS)
#define DATASTART   (BMAPSTART + NBITMAP)

_Static_assert(BSIZE % sizeof(struct dinode) == 0, "dinodes must tile a block");
_Static_assert(BSIZE % sizeof(struct dirent) == 0, "dirents must tile a block");
_Static_assert(DATASTART < FSSIZE, "no room for data blocks");

static const char *progname = "mkfs.xv6";
static uchar *image;          /* FSSIZE * BSIZE bytes */
static uint next_inum = 1;    /* next inode to hand out */
static uint next_block = DATASTART;   /* next data block to hand out */

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
  if (next_block >= FSSIZE)
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

/* The data block holding block n of inode inum, allocated if missing. */
static uint
file_block(uint inum, uint n, const char *what)
{
  struct dinode *dip = dinode(inum);
  uchar *slot;

  if (n >= MAXFILE)
    die("%s: too large for one file", what);
  if (n < NDIRECT) {
    slot = (uchar*)&dip->addrs[n];
  } else {
    if (get32(&dip->addrs[NDIRECT]) == 0)
      put32(&dip->addrs[NDIRECT], new_block(what));
    slot = block(get32(&dip->addrs[NDIRECT])) + (n - NDIRECT) * sizeof(uint);
  }
  if (get32(slot) == 0)
    put32(slot, new_block(what));
  return get32(slot);
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
  put32(&sb->size, FSSIZE);
  put32(&sb->nblocks, FSSIZE - DATASTART);
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
      fwrite(image, BSIZE, FSSIZE, f) != FSSIZE ||
      fclose(f) != 0) {
    fprintf(stderr, "%s: cannot write %s: %s\n", progname, path,
            strerror(errno));
    exit(1);
  }
}

int
main(int argc, char *argv[])
{
  uint root;
  int i;

  if (argc < 2) {
    fprintf(stderr, "usage: %s fs.img file...\n", progname);
    return 1;
  }

  image = calloc(FSSIZE, BSIZE);
  if (image == 0) {
    fprintf(stderr, "%s: out of memory\n", progname);
    return 1;
  }

  write_superblock();
  root = new_inode(T_DIR, "/");
  if (root != ROOTINO)
    die("%s: root is not inode ROOTINO", "/");
  dir_add(root, ".", root);
  dir_add(root, "..", root);

  for (i = 2; i < argc; i++)
    add_file(root, argv[i]);

  write_bitmap();
  save(argv[1]);
  return 0;
}
