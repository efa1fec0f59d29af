/*
 * fsck.xv6: check an xv6-mmap file-system image.
 *
 *   fsck.xv6 [-y] [-q] fs.img
 *
 * The checks, in order:
 *
 *   superblock   the magic number, and the layout mkfs writes: boot
 *                block, superblock, log, inodes, bitmap and data, each
 *                region right after the one before, filling the image;
 *   log          a committed transaction (a header count above zero) is
 *                replayed before anything else is looked at, as the
 *                kernel replays it at boot: in memory only, unless -y
 *                asks to write it into the image;
 *   inodes       a valid type; size at most MAXFILE*BSIZE; a disk block
 *                for every BSIZE bytes of size and none beyond; every
 *                block in the data area and owned by one inode only;
 *   bitmap       marks exactly the metadata blocks and the owned ones;
 *   directories  inode 1 is the root directory; entries have valid
 *                names, name allocated inodes, no name twice; "." names
 *                the directory, ".." its parent; a directory has one name;
 *   link counts  nlink equals the entries naming the inode, leaving out
 *                "." (the kernel does not count a directory's name for
 *                itself) and the entries of an unlinked directory;
 *   orphans      every allocated inode is reachable from the root, but
 *                for an unlinked one (nlink 0, named by no entry): a file
 *                or directory removed while still in use when the
 *                machine stopped, which the kernel frees when it next
 *                mounts the file system.  Such an inode is noted, with
 *                its blocks, and is no problem.
 *
 * Each problem is one line on standard output.  Nothing but the log is
 * ever repaired.  Exit status: 0 clean, 1 problems found, 2 a usage
 * error or an image that cannot be read or written.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "mkfs/ondisk.h"

#define MAXBYTES  ((uint)(MAXFILE * BSIZE))   /* the largest file size */

static const char *progname = "fsck.xv6";
static const char *imgpath;
static uchar *image;
static uint image_blocks;     /* whole blocks in the image file */
static int quiet;             /* -q: problems only */
static int problems;
static uint unlinked_inodes;  /* in use with no link: the kernel frees them */

/* The layout, read from the superblock. */
static struct {
  uint size, nblocks, ninodes, nlog;
  uint logstart, inodestart, bmapstart, datastart;
} fs;

/* What the checks learn, per block and per inode. */
static uint *owner;        /* owner[b]: the inode owning data block b, or 0 */
static uint *names;        /* names[i]: entries naming inode i, "." left out */
static uint *first_name;   /* first_name[i]: index in dirents + 1 of the
                              first entry naming i, "." and ".." left out */
static uint *path_entry;   /* path_entry[i]: index in dirents + 1, or 0 */
static uchar *reached;     /* reached[i]: i is reachable from the root */

/* Every used directory entry of every directory. */
struct entry {
  uint dir;                /* the directory holding it */
  uint off;                /* its byte offset there */
  uint inum;               /* the inode it names */
  uchar raw[DIRSIZ];       /* the name field as on disk */
  char name[DIRSIZ + 1];   /* the name, NUL-terminated */
};
static struct entry *dirents;
static uint ndirents;

/* The blocks the log replay changed, for -y to write back. */
static uint replayed[LOGSIZE];
static uint nreplayed;

/* ---------------------------------------------------------- messages */

/* Report one problem. */
static void
problem(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  problems++;
}

/* Say what was done (not a problem); -q silences it. */
static void
note(const char *fmt, ...)
{
  va_list ap;

  if (quiet)
    return;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
}

/* A fatal error: exit 2. */
static void
die(const char *what, const char *why)
{
  fprintf(stderr, "%s: %s: %s\n", progname, what, why);
  exit(2);
}

/* "s" unless n is 1. */
static const char*
plural(uint n)
{
  return n == 1 ? "" : "s";
}

/* "block 7" or "blocks 7-9". */
static const char*
block_range(uint first, uint last)
{
  static char buf[64];

  if (first == last)
    snprintf(buf, sizeof(buf), "block %u", first);
  else
    snprintf(buf, sizeof(buf), "blocks %u-%u", first, last);
  return buf;
}

static const char*
type_name(short type)
{
  switch (type) {
  case 0:        return "free";
  case T_DIR:    return "directory";
  case T_FILE:   return "file";
  case T_DEVICE: return "device";
  }
  return "bad type";
}

/* ---------------------------------------------------- blocks, inodes */

static uchar*
block(uint bno)
{
  return image + (size_t)bno * BSIZE;
}

static struct dinode*
dinode(uint inum)
{
  return (struct dinode*)block(fs.inodestart + inum / IPB) + inum % IPB;
}

static short
itype(uint inum)
{
  return (short)get16(&dinode(inum)->type);
}

/* An allocated inode of a type the kernel knows. */
static int
in_use(uint inum)
{
  short type = itype(inum);

  return inum != 0 && (type == T_DIR || type == T_FILE || type == T_DEVICE);
}

/*
 * An allocated inode with no link, which the kernel frees at mount: a
 * file removed while in use when the machine stopped (fs.c).
 */
static int
unlinked(uint inum)
{
  return in_use(inum) && (short)get16(&dinode(inum)->nlink) == 0;
}

/* The size the other checks go by: at most MAXFILE blocks. */
static uint
isize(uint inum)
{
  uint size = get32(&dinode(inum)->size);

  return size > MAXBYTES ? MAXBYTES : size;
}

static int
in_data_area(uint bno)
{
  return bno >= fs.datastart && bno < fs.size;
}

/* The disk block holding file block k of inum if it and the indirect
   blocks on the way lie in the data area, else 0. */
static uint
file_block(uint inum, uint k)
{
  struct dinode *dip = dinode(inum);
  uint slot, bno;
  int level;

  for (slot = 0; slot < NADDRS && k >= LEVEL_SPAN(ADDR_LEVEL(slot)); slot++)
    k -= LEVEL_SPAN(ADDR_LEVEL(slot));
  if (slot == NADDRS)
    return 0;
  bno = get32(&dip->addrs[slot]);
  for (level = ADDR_LEVEL(slot); level > 0 && in_data_area(bno); level--) {
    bno = get32(block(bno) + k / LEVEL_SPAN(level - 1) * sizeof(uint));
    k %= LEVEL_SPAN(level - 1);
  }
  return in_data_area(bno) ? bno : 0;
}

/* ------------------------------------------------------------ image */

static void
load(void)
{
  long len;
  FILE *f;

  f = fopen(imgpath, "rb");
  if (f == 0)
    die(imgpath, strerror(errno));
  if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 ||
      fseek(f, 0, SEEK_SET) != 0)
    die(imgpath, strerror(errno));
  image_blocks = len / BSIZE;
  image = malloc(image_blocks ? (size_t)image_blocks * BSIZE : 1);
  if (image == 0)
    die(imgpath, "out of memory");
  if (fread(image, BSIZE, image_blocks, f) != image_blocks)
    die(imgpath, ferror(f) ? strerror(errno) : "file shrank while read");
  fclose(f);
  if (len % BSIZE != 0)
    problem("image: %ld bytes, not a whole number of %d-byte blocks",
            len, BSIZE);
}

/* Write the blocks the log replay changed, then the emptied header,
   in the order the kernel's recovery writes them. */
static void
save_replay(void)
{
  FILE *f;
  uint i, bno;

  f = fopen(imgpath, "r+b");
  if (f == 0)
    die(imgpath, strerror(errno));
  for (i = 0; i <= nreplayed; i++) {
    bno = i < nreplayed ? replayed[i] : fs.logstart;
    if (fseek(f, (long)bno * BSIZE, SEEK_SET) != 0 ||
        fwrite(block(bno), BSIZE, 1, f) != 1)
      die(imgpath, strerror(errno));
  }
  if (fclose(f) != 0)
    die(imgpath, strerror(errno));
}

/* ------------------------------------------------------- superblock */

/* Check the superblock and fill in fs.  Returns 0 if the layout cannot
   be trusted, and then nothing else is checked. */
static int
check_superblock(void)
{
  struct superblock *sb;
  uint64 inodeblks, bitmapblks, datastart;
  int before = problems;

  if (image_blocks < 2) {
    problem("image: %u block%s, too small to hold a superblock",
            image_blocks, plural(image_blocks));
    return 0;
  }
  sb = (struct superblock*)block(1);
  if (get32(&sb->magic) != FSMAGIC) {
    problem("superblock: bad magic 0x%08x (expected 0x%08x)",
            get32(&sb->magic), FSMAGIC);
    return 0;
  }
  fs.size = get32(&sb->size);
  fs.nblocks = get32(&sb->nblocks);
  fs.ninodes = get32(&sb->ninodes);
  fs.nlog = get32(&sb->nlog);
  fs.logstart = get32(&sb->logstart);
  fs.inodestart = get32(&sb->inodestart);
  fs.bmapstart = get32(&sb->bmapstart);
  inodeblks = ((uint64)fs.ninodes + IPB - 1) / IPB;
  bitmapblks = ((uint64)fs.size + BPB - 1) / BPB;
  datastart = (uint64)fs.bmapstart + bitmapblks;

  if (fs.size != image_blocks)
    problem("superblock: size %u blocks, but the image holds %u",
            fs.size, image_blocks);
  if (fs.logstart != 2)
    problem("superblock: the log starts at block %u, not 2 (right after "
            "the superblock)", fs.logstart);
  if (fs.nlog < 1 + MAXOPBLOCKS || fs.nlog - 1 > LOGSIZE)
    problem("superblock: a log of %u blocks; the kernel wants a header and "
            "%d to %d blocks", fs.nlog, MAXOPBLOCKS, LOGSIZE);
  if (fs.ninodes <= ROOTINO)
    problem("superblock: %u inodes leave no room for the root (inode %d)",
            fs.ninodes, ROOTINO);
  if ((uint64)fs.inodestart != (uint64)fs.logstart + fs.nlog)
    problem("superblock: the inodes start at block %u, not right after the "
            "log (block %llu)", fs.inodestart,
            (unsigned long long)fs.logstart + fs.nlog);
  if ((uint64)fs.bmapstart != fs.inodestart + inodeblks)
    problem("superblock: the bitmap starts at block %u, not right after the "
            "%llu inode blocks (block %llu)", fs.bmapstart,
            (unsigned long long)inodeblks,
            (unsigned long long)(fs.inodestart + inodeblks));
  if (datastart >= fs.size)
    problem("superblock: the metadata (blocks 0-%llu) fills the whole file "
            "system of %u blocks", (unsigned long long)datastart - 1, fs.size);
  else if (fs.nblocks != fs.size - datastart)
    problem("superblock: nblocks is %u, but the data area (blocks %llu-%u) "
            "holds %llu", fs.nblocks, (unsigned long long)datastart,
            fs.size - 1, (unsigned long long)(fs.size - datastart));
  if (problems > before)
    return 0;
  fs.datastart = datastart;
  return 1;
}

/* -------------------------------------------------------------- log */

/* Replay a committed transaction left in the log, in memory. */
static void
replay_log(int write_back)
{
  uchar *head = block(fs.logstart);
  uint count, capacity, home, i;

  capacity = fs.nlog - 1;
  count = get32(head);
  if (count == 0)
    return;
  if (count > capacity) {
    problem("log: the header counts %u blocks, more than the log's %u "
            "(the kernel panics at boot)", count, capacity);
    return;
  }
  for (i = 0; i < count; i++) {
    home = get32(head + 4 + 4 * i);
    if (home < fs.inodestart || home >= fs.size) {
      problem("log: logged block %u belongs at block %u, outside the inode, "
              "bitmap and data areas; the log is not replayed", i, home);
      return;
    }
  }
  for (i = 0; i < count; i++) {
    home = get32(head + 4 + 4 * i);
    memmove(block(home), block(fs.logstart + 1 + i), BSIZE);
    replayed[nreplayed++] = home;
  }
  put32(head, 0);
  if (write_back)
    save_replay();
  note("log: replayed a committed transaction of %u block%s (%s)",
       count, plural(count),
       write_back ? "written to the image" :
                    "in memory only; -y writes it to the image");
}

/* ----------------------------------------------------------- inodes */

/* inum's block bno holds what (e.g. "file block 3"): record inum as
   its owner.  Returns 1 if bno is in the data area and was unowned. */
static int
claim(uint inum, uint bno, const char *what)
{
  if (!in_data_area(bno)) {
    problem("inode %u: %s is block %u, outside the data area (blocks %u-%u)",
            inum, what, bno, fs.datastart, fs.size - 1);
    return 0;
  }
  if (owner[bno] == inum) {
    problem("inode %u: block %u used twice (again as %s)", inum, bno, what);
    return 0;
  }
  if (owner[bno] != 0) {
    problem("inode %u: block %u also owned by inode %u (here %s)",
            inum, bno, owner[bno], what);
    return 0;
  }
  owner[bno] = inum;
  return 1;
}

/* File block k of inum is disk block bno (0: none); missing[k] notes a
   block its size needs but that is not there. */
static void
check_file_block(uint inum, uint k, uint bno, uint need, uchar *missing)
{
  char what[32];

  if (bno == 0) {
    missing[k] = k < need;
    return;
  }
  snprintf(what, sizeof(what), "file block %u", k);
  claim(inum, bno, what);
  if (k >= need)
    problem("inode %u: file block %u (block %u) lies beyond its size %u",
            inum, k, bno, get32(&dinode(inum)->size));
}

/* What a block of the block map at level is, for the messages. */
static const char *const map_block_name[] = {
  "a data block", "an indirect block", "a doubly indirect block",
};

/*
 * Check the tree of the given level at bno (level 0: bno is a data
 * block), mapping inum's file blocks from first on, against the need
 * blocks its size takes: claim its blocks and note in missing[] the
 * needed data blocks it lacks.  Under an indirect block that is absent
 * or that cannot be claimed nothing is noted: the problem is told once,
 * for that block.
 */
static void
check_tree(uint inum, uint bno, int level, uint first, uint need, uchar *missing)
{
  uint size = get32(&dinode(inum)->size);
  char what[64];
  uint i;

  if (level == 0) {
    check_file_block(inum, first, bno, need, missing);
    return;
  }
  if (bno == 0) {
    if (first < need)
      problem("inode %u: size %u needs %s for file block %u on, but it has none",
              inum, size, map_block_name[level], first);
    return;
  }
  if (first >= need)
    problem("inode %u: %s (block %u) for file block %u on, but size %u needs none",
            inum, map_block_name[level], bno, first, size);
  snprintf(what, sizeof(what), "%s for file block %u on", map_block_name[level], first);
  if (!claim(inum, bno, what))
    return;
  for (i = 0; i < NINDIRECT; i++)
    check_tree(inum, get32(block(bno) + i * sizeof(uint)), level - 1,
               first + i * LEVEL_SPAN(level - 1), need, missing);
}

/* Claim the blocks of inum and check that they match its size. */
static void
check_blocks(uint inum)
{
  struct dinode *dip = dinode(inum);
  uchar missing[MAXFILE];
  uint need, k, first;

  need = (isize(inum) + BSIZE - 1) / BSIZE;
  memset(missing, 0, sizeof(missing));
  for (k = 0, first = 0; k < NADDRS; first += LEVEL_SPAN(ADDR_LEVEL(k)), k++)
    check_tree(inum, get32(&dip->addrs[k]), ADDR_LEVEL(k), first, need, missing);

  /* Blocks missing from the map are told in runs. */
  for (k = 0; k < need; k++) {
    if (!missing[k])
      continue;
    for (first = k; k + 1 < need && missing[k + 1]; k++)
      ;
    if (first == k)
      problem("inode %u: size %u, but file block %u has no disk block",
              inum, get32(&dip->size), first);
    else
      problem("inode %u: size %u, but file blocks %u-%u have no disk block",
              inum, get32(&dip->size), first, k);
  }
}

static void
check_inodes(void)
{
  struct dinode *dip;
  uint inum, size;
  short type, major;

  for (inum = 0; inum < fs.ninodes; inum++) {
    dip = dinode(inum);
    type = itype(inum);
    if (type == 0)
      continue;
    if (inum == 0) {
      problem("inode 0: allocated (type %d), but inode 0 is never used", type);
      continue;
    }
    if (!in_use(inum)) {
      problem("inode %u: bad type %d", inum, type);
      continue;
    }
    size = get32(&dip->size);
    if (size > MAXBYTES)
      problem("inode %u: size %u exceeds MAXFILE*BSIZE (%u)",
              inum, size, MAXBYTES);
    major = (short)get16(&dip->major);
    if (type == T_DEVICE && (major < 0 || major >= NDEV))
      problem("inode %u: device major number %d, outside 0-%d",
              inum, major, NDEV - 1);
    check_blocks(inum);
  }
}

/* ----------------------------------------------------------- bitmap */

/* How the bitmap's bit for a block can be wrong. */
enum { BIT_RIGHT, BIT_META_FREE, BIT_OWNED_FREE, BIT_UNOWNED_USED,
       BIT_BEYOND_END };

static const char *const bit_errors[] = {
  [BIT_META_FREE] = "marked free, but in the metadata area",
  [BIT_OWNED_FREE] = "marked free, but owned by inode",
  [BIT_UNOWNED_USED] = "marked in use, but owned by no inode",
  [BIT_BEYOND_END] = "marked in use, beyond the end of the file system",
};

/* What is wrong with the bitmap's bit for block b (BIT_RIGHT if
   nothing). */
static int
bitmap_error(uint b)
{
  uint set;

  set = (block(fs.bmapstart + b / BPB)[(b % BPB) / 8] >> (b % 8)) & 1;
  if (b >= fs.size)
    return set ? BIT_BEYOND_END : BIT_RIGHT;
  if (b < fs.datastart)
    return set ? BIT_RIGHT : BIT_META_FREE;
  if (owner[b] != 0)
    return set ? BIT_RIGHT : BIT_OWNED_FREE;
  return set ? BIT_UNOWNED_USED : BIT_RIGHT;
}

static void
check_bitmap(void)
{
  uint b, first, end;
  int kind;

  end = (fs.datastart - fs.bmapstart) * BPB;
  for (b = 0; b < end; b++) {
    kind = bitmap_error(b);
    if (kind == BIT_RIGHT)
      continue;
    /* One line for a run of blocks with the same error (and owner). */
    for (first = b; b + 1 < end && bitmap_error(b + 1) == kind &&
                    owner[b + 1] == owner[first]; b++)
      ;
    if (kind == BIT_OWNED_FREE)
      problem("bitmap: %s %s %u", block_range(first, b), bit_errors[kind],
              owner[first]);
    else
      problem("bitmap: %s %s", block_range(first, b), bit_errors[kind]);
  }
}

/* ------------------------------------------------------ directories */

/* Gather the used entries of every directory into dirents. */
static void
read_directories(void)
{
  struct dirent *de;
  uint inum, size, off, bno, cap = 0;
  struct entry *e;

  for (inum = 1; inum < fs.ninodes; inum++) {
    if (!in_use(inum) || itype(inum) != T_DIR)
      continue;
    size = get32(&dinode(inum)->size);
    if (size % sizeof(struct dirent) != 0)
      problem("directory %u: size %u is not a whole number of %d-byte "
              "entries", inum, size, (int)sizeof(struct dirent));
    size = isize(inum);
    for (off = 0; off + sizeof(*de) <= size; off += sizeof(*de)) {
      bno = file_block(inum, off / BSIZE);
      if (bno == 0)
        continue;   /* reported with the inode */
      de = (struct dirent*)(block(bno) + off % BSIZE);
      if (get16(&de->inum) == 0)
        continue;
      if (ndirents == cap) {
        cap = cap ? 2 * cap : 256;
        dirents = realloc(dirents, cap * sizeof(*dirents));
        if (dirents == 0)
          die(imgpath, "out of memory");
      }
      e = &dirents[ndirents++];
      e->dir = inum;
      e->off = off;
      e->inum = get16(&de->inum);
      memcpy(e->raw, de->name, DIRSIZ);
      memcpy(e->name, de->name, DIRSIZ);
      e->name[DIRSIZ] = '\0';
    }
  }
}

static int
is_dot(const struct entry *e)
{
  return strcmp(e->name, ".") == 0;
}

static int
is_dotdot(const struct entry *e)
{
  return strcmp(e->name, "..") == 0;
}

/* Does e name a real child of its directory (not "." or "..", and an
   inode in use)? */
static int
names_child(const struct entry *e)
{
  return !is_dot(e) && !is_dotdot(e) && e->inum < fs.ninodes &&
         in_use(e->inum);
}

/* The directory holding the first name of inum, or 0. */
static uint
parent_of(uint inum)
{
  return first_name[inum] ? dirents[first_name[inum] - 1].dir : 0;
}

/* Walk the tree from the root, breadth first, recording for each inode
   reached the entry it was first reached through. */
static void
walk_from_root(void)
{
  uint *queue, head = 0, tail = 0, d, i;

  queue = malloc(fs.ninodes * sizeof(uint));
  if (queue == 0)
    die(imgpath, "out of memory");
  reached[ROOTINO] = 1;
  queue[tail++] = ROOTINO;
  while (head < tail) {
    d = queue[head++];
    for (i = 0; i < ndirents; i++) {
      if (dirents[i].dir != d || !names_child(&dirents[i]) ||
          reached[dirents[i].inum])
        continue;
      reached[dirents[i].inum] = 1;
      path_entry[dirents[i].inum] = i + 1;
      if (itype(dirents[i].inum) == T_DIR)
        queue[tail++] = dirents[i].inum;
    }
  }
  free(queue);
}

/* The path of inum from the root, or "unreachable". */
static const char*
path_of(uint inum)
{
  static char buf[MAXPATH * 4];
  char tmp[sizeof(buf)];
  const struct entry *e;

  if (inum == ROOTINO)
    return "/";
  if (inum >= fs.ninodes || path_entry[inum] == 0)
    return "unreachable";
  buf[0] = '\0';
  while (inum != ROOTINO) {
    e = &dirents[path_entry[inum] - 1];
    snprintf(tmp, sizeof(tmp), "/%s%s", e->name, buf);
    memcpy(buf, tmp, sizeof(buf));
    inum = e->dir;
  }
  return buf;
}

/* Check one entry's name field. */
static void
check_name(const struct entry *e)
{
  uint len = strlen(e->name), i;

  if (len == 0) {
    problem("directory %u (%s): entry at offset %u (inode %u) has an empty "
            "name", e->dir, path_of(e->dir), e->off, e->inum);
    return;
  }
  if (strchr(e->name, '/') != 0)
    problem("directory %u (%s): entry \"%s\" holds a '/'",
            e->dir, path_of(e->dir), e->name);
  for (i = len; i < DIRSIZ; i++) {
    if (e->raw[i] != 0) {
      problem("directory %u (%s): entry \"%s\" has bytes after the NUL that "
              "ends its name", e->dir, path_of(e->dir), e->name);
      break;
    }
  }
}

/* Check one entry of directory d: its name, its inode, "." and "..". */
static void
check_entry(uint index)
{
  const struct entry *e = &dirents[index];
  uint d = e->dir, i, parent;

  check_name(e);
  for (i = index; i > 0 && dirents[i - 1].dir == d; i--) {
    if (strcmp(dirents[i - 1].name, e->name) == 0) {
      problem("directory %u (%s): name \"%s\" appears twice (offsets %u "
              "and %u)", d, path_of(d), e->name, dirents[i - 1].off, e->off);
      break;
    }
  }
  if (e->inum >= fs.ninodes) {
    problem("directory %u (%s): entry \"%s\" names inode %u, beyond the "
            "last (%u)", d, path_of(d), e->name, e->inum, fs.ninodes - 1);
    return;
  }
  if (itype(e->inum) == 0) {
    problem("directory %u (%s): entry \"%s\" names free inode %u",
            d, path_of(d), e->name, e->inum);
    return;
  }
  if (is_dot(e) && e->inum != d)
    problem("directory %u (%s): \".\" names inode %u, not the directory "
            "itself", d, path_of(d), e->inum);
  if (is_dotdot(e)) {
    parent = d == ROOTINO ? ROOTINO : parent_of(d);
    if (parent != 0 && e->inum != parent)
      problem("directory %u (%s): \"..\" names inode %u, not its parent %u",
              d, path_of(d), e->inum, parent);
  }
  if (names_child(e) && e->inum == ROOTINO)
    problem("directory %u (%s): entry \"%s\" names the root, which has "
            "no name", d, path_of(d), e->name);
  else if (names_child(e) && itype(e->inum) == T_DIR &&
           first_name[e->inum] != index + 1)
    problem("directory %u (%s): entry \"%s\" names directory %u, already "
            "named \"%s\" in directory %u (a directory has one name)",
            d, path_of(d), e->name, e->inum,
            dirents[first_name[e->inum] - 1].name, parent_of(e->inum));
  if (itype(e->inum) != T_DIR && (is_dot(e) || is_dotdot(e)))
    problem("directory %u (%s): \"%s\" names inode %u, a %s",
            d, path_of(d), e->name, e->inum, type_name(itype(e->inum)));
}

static void
check_directories(void)
{
  uint i, inum, dots, dotdots;

  read_directories();
  for (i = 0; i < ndirents; i++) {
    inum = dirents[i].inum;
    if (inum >= fs.ninodes)
      continue;
    /* An unlinked directory goes with its entries ("." and ".."). */
    if (!is_dot(&dirents[i]) && !unlinked(dirents[i].dir))
      names[inum]++;
    if (names_child(&dirents[i]) && first_name[inum] == 0 &&
        inum != ROOTINO)
      first_name[inum] = i + 1;
  }
  walk_from_root();
  for (i = 0; i < ndirents; i++)
    check_entry(i);

  for (inum = 1; inum < fs.ninodes; inum++) {
    if (!in_use(inum) || itype(inum) != T_DIR)
      continue;
    dots = dotdots = 0;
    for (i = 0; i < ndirents; i++) {
      if (dirents[i].dir == inum) {
        dots += is_dot(&dirents[i]);
        dotdots += is_dotdot(&dirents[i]);
      }
    }
    if (dots == 0)
      problem("directory %u (%s): no \".\" entry", inum, path_of(inum));
    if (dotdots == 0)
      problem("directory %u (%s): no \"..\" entry", inum, path_of(inum));
  }
}

/* ------------------------------------------- link counts, orphans */

static void
check_links(void)
{
  uint inum;
  short nlink;

  for (inum = 1; inum < fs.ninodes; inum++) {
    if (!in_use(inum))
      continue;
    nlink = (short)get16(&dinode(inum)->nlink);
    if (nlink < 0 || (uint)nlink != names[inum])
      problem("inode %u (%s): nlink %d, but %u directory %s it",
              inum, path_of(inum), nlink, names[inum],
              names[inum] == 1 ? "entry names" : "entries name");
  }
  for (inum = 1; inum < fs.ninodes; inum++) {
    if (!in_use(inum) || reached[inum])
      continue;
    if (unlinked(inum) && names[inum] == 0) {
      note("inode %u: a %s (size %u) unlinked while in use: the kernel "
           "frees it at its next boot", inum, type_name(itype(inum)),
           get32(&dinode(inum)->size));
      unlinked_inodes++;
      continue;
    }
    problem("inode %u: a %s (nlink %d, size %u), allocated but not "
            "reachable from / (orphan)", inum, type_name(itype(inum)),
            (short)get16(&dinode(inum)->nlink), get32(&dinode(inum)->size));
  }
}

/* --------------------------------------------------------------- main */

static void
usage(FILE *out)
{
  fprintf(out,
    "usage: %s [-y] [-q] IMAGE\n"
    "Check the xv6 file-system image IMAGE; one line per problem found.\n"
    "\n"
    "A committed transaction left in the log is replayed first, as the\n"
    "kernel replays it at boot, and the replayed image is what is checked.\n"
    "The replay happens in memory only: IMAGE is not modified, unless\n"
    "\n"
    "  -y, --replay   the replay is also written into IMAGE (the logged\n"
    "                 blocks, then the emptied log header); nothing else\n"
    "                 is ever repaired\n"
    "  -q, --quiet    print problems only\n"
    "  -h, --help     print this help\n"
    "\n"
    "An inode unlinked while in use (nlink 0, named by no entry), which\n"
    "the kernel frees when it next mounts the image, is noted, and is no\n"
    "problem.\n"
    "\n"
    "Exit status: 0 clean, 1 problems found, 2 usage or I/O error.\n",
    progname);
}

int
main(int argc, char *argv[])
{
  int i, write_back = 0;
  uint inum, ninuse = 0, b, nused = 0;

  for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "-y") == 0 || strcmp(argv[i], "--replay") == 0) {
      write_back = 1;
    } else if (strcmp(argv[i], "-q") == 0 ||
               strcmp(argv[i], "--quiet") == 0) {
      quiet = 1;
    } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
      usage(stdout);
      return 0;
    } else if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    } else {
      fprintf(stderr, "%s: unknown option %s\n", progname, argv[i]);
      usage(stderr);
      return 2;
    }
  }
  if (i != argc - 1) {
    usage(stderr);
    return 2;
  }
  imgpath = argv[i];

  load();
  if (!check_superblock()) {
    printf("%s: the superblock cannot be trusted; nothing else checked\n",
           imgpath);
    return 1;
  }
  /* One owner per bit of the bitmap, past fs.size too (check_bitmap). */
  owner = calloc((fs.datastart - fs.bmapstart) * BPB, sizeof(uint));
  names = calloc(fs.ninodes, sizeof(uint));
  first_name = calloc(fs.ninodes, sizeof(uint));
  path_entry = calloc(fs.ninodes, sizeof(uint));
  reached = calloc(fs.ninodes, 1);
  if (!owner || !names || !first_name || !path_entry || !reached)
    die(imgpath, "out of memory");

  replay_log(write_back);
  check_inodes();
  check_bitmap();
  if (itype(ROOTINO) != T_DIR) {
    problem("root: inode %d is a %s (type %d), not a directory; directories "
            "and link counts not checked", ROOTINO,
            type_name(itype(ROOTINO)), itype(ROOTINO));
  } else {
    check_directories();
    check_links();
  }

  if (problems > 0) {
    printf("%s: %d problem%s\n", imgpath, problems, plural(problems));
    return 1;
  }
  for (inum = 1; inum < fs.ninodes; inum++)
    ninuse += in_use(inum);
  for (b = fs.datastart; b < fs.size; b++)
    nused += owner[b] != 0;
  note("%s: clean: %u of %u inodes and %u of %u data blocks in use%s",
       imgpath, ninuse, fs.ninodes - 1, nused, fs.nblocks,
       unlinked_inodes > 0 ? " (with the unlinked inodes above)" : "");
  return 0;
}
