/*
 * bigfiletest: files past the single indirect block, into the range
 * the doubly indirect block maps (kernel/fs.h), up to MAXFILE blocks.
 *
 * Each word of a test file holds its own byte offset, mixed with a
 * constant (word_at), so a block read from the wrong place, or a stale
 * one, shows; a checksum over the whole file is compared too, as read()
 * and as every kind of mapping sees it.  The cases:
 *
 *   doubly_indirect     a file of BIG_BLOCKS, deep into the doubly
 *                       indirect range, read back with read() and
 *                       through MAP_SHARED and MAP_PRIVATE mappings;
 *                       a store through MAP_SHARED reaches the file,
 *                       one through MAP_PRIVATE does not
 *   truncate_and_rewrite  open(O_TRUNC) of a big file leaves it empty,
 *                       and it grows again to the same size; unlink
 *                       removes it (bigfiletest.exp checks afterwards,
 *                       with fsck.xv6, that every block came back)
 *   largest_file        a file of MAXFILE blocks (64 MiB: minutes in
 *                       QEMU, so the test suite does not run it; run
 *                       `bigfiletest largest_file` by hand): written
 *                       whole, a write past it fails and changes
 *                       nothing, its last page reads back and takes
 *                       a store, the page after it kills
 *   new_blocks_unread   a write() into blocks the file did not have
 *                       reads none of them from the disk: their old
 *                       contents are of no use
 *   write_time          prints the guest time a 16 MiB write() of a
 *                       new file takes, in ms, and the disk requests
 *                       it made (by hand: figures to compare between
 *                       kernels, not a check)
 *
 * and three for a machine with little RAM (bigfiletest.exp boots one
 * of 8 MiB with the swap disk), where the file is larger than RAM and
 * the reclaimer must take its pages while the case runs:
 *
 *   mapped_bigger_than_ram  a file half as large again as free memory
 *                       reads the same through MAP_SHARED and
 *                       MAP_PRIVATE mappings as through read()
 *   stored_bigger_than_ram  new words stored into all of such a file
 *                       through MAP_SHARED, then msync: read() sees
 *                       every one (the reclaimer wrote most back)
 *   truncated_while_paged_out  a small file mapped MAP_SHARED and
 *                       MAP_PRIVATE, its shared pages evicted and the
 *                       private copies in swap, is truncated and
 *                       written again shorter: the mappings see the new
 *                       bytes, zeros past the end of file in its last
 *                       page, and a kill beyond it (mmap(2),
 *                       Truncation); no swap slot is left behind
 *
 * The case runner (testcase.c) runs each case in a child and checks
 * that no page of memory leaked, page-cache tree nodes included.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/stat.h"
#include "kernel/diskstat.h"
#include "kernel/vmstat.h"
#include "kernel/vmainfo.h"
#include "user/user.h"
#include "user/mman.h"
#include "user/pagein.h"
#include "user/testcase.h"

#define FILE_BIG    "big.file"
#define RW          (PROT_READ | PROT_WRITE)

/* A file past the single indirect block by nine indirect blocks. */
#define BIG_BLOCKS  (10 * NINDIRECT)
#define BIG_SIZE    ((long)BIG_BLOCKS * BSIZE)
#define MAX_SIZE    ((long)MAXFILE * BSIZE)
#define CHUNK       (64 * BSIZE)   /* bytes per write() and read() */
_Static_assert(BIG_SIZE % PAGE == 0 && CHUNK % PAGE == 0, "whole pages");

static uint chunk[CHUNK / sizeof(uint)];

/*
 * The word at byte offset off of every test file; a file written again
 * over the old one (generation gen > 0) holds other words.
 */
static uint
word_at(long off, uint gen)
{
  return ((uint)off * 2654435761U ^ 0x5a5a5a5a) + gen * 0x9e3779b9U;
}

/* Fold n bytes of words at p into checksum sum. */
static uint
checksum(uint sum, uint *p, long n)
{
  long i;

  for (i = 0; i < n / (long)sizeof(uint); i++)
    sum = (sum << 5 | sum >> 27) ^ p[i];
  return sum;
}

/* Check that the n bytes at p are those of generation gen at off. */
static void
expect_words(uint *p, long off, long n, uint gen)
{
  long i;

  for (i = 0; i < n / (long)sizeof(uint); i++)
    if (p[i] != word_at(off + i * sizeof(uint), gen))
      expect_eq("a word read back (its file offset)", off + i * sizeof(uint), -1);
}

/* Write size bytes of generation gen's words to fd.  Returns their
   checksum. */
static uint
write_words(int fd, long size, uint gen)
{
  long off, i, n;
  uint sum = 0;

  for (off = 0; off < size; off += n) {
    n = size - off < CHUNK ? size - off : CHUNK;
    for (i = 0; i < n / (long)sizeof(uint); i++)
      chunk[i] = word_at(off + i * sizeof(uint), gen);
    if (write(fd, chunk, n) != n)
      expect_eq("bytes written at offset", off, -1);
    sum = checksum(sum, chunk, n);
  }
  return sum;
}

/* Make name, size bytes of words.  Returns the file's checksum. */
static uint
make_words(char *name, long size)
{
  int fd = open_ok(name, O_CREATE | O_TRUNC | O_RDWR);
  uint sum = write_words(fd, size, 0);

  close(fd);
  expect_eq("the size of the file written", file_size(name), size);
  return sum;
}

/* Read name whole with read(), checking every word against generation
   gen.  Returns its checksum. */
static uint
read_words(char *name, uint gen)
{
  int fd = open_ok(name, O_RDONLY);
  long off = 0;
  uint sum = 0;
  int n;

  while ((n = read(fd, chunk, CHUNK)) > 0) {
    expect_words(chunk, off, n, gen);
    sum = checksum(sum, chunk, n);
    off += n;
  }
  close(fd);
  expect_eq("bytes read()", off, file_size(name));
  return sum;
}

/* ------------------------------------------------------------- cases */

static void
doubly_indirect(void)
{
  uint sum = make_words(FILE_BIG, BIG_SIZE);
  int fd = open_ok(FILE_BIG, O_RDWR);
  uint *p;

  expect_eq("checksum of read()", read_words(FILE_BIG, 0), sum);

  p = (uint *)map_ok(BIG_SIZE, RW, MAP_SHARED, fd, 0);
  expect_words(p, 0, BIG_SIZE, 0);
  expect_eq("checksum through MAP_SHARED", checksum(0, p, BIG_SIZE), sum);
  p[BIG_SIZE / sizeof(uint) - 1] = 0;
  expect_eq("msync", msync((char *)p, BIG_SIZE, MS_SYNC), 0);
  expect_eq("munmap", munmap((char *)p, BIG_SIZE), 0);
  expect_eq("the last byte, stored through MAP_SHARED, read()",
            file_byte(FILE_BIG, BIG_SIZE - 1), 0);

  /* Put the word back; a private mapping sees the file as it is. */
  p = (uint *)map_ok(BIG_SIZE, RW, MAP_SHARED, fd, 0);
  p[BIG_SIZE / sizeof(uint) - 1] = word_at(BIG_SIZE - sizeof(uint), 0);
  expect_eq("munmap", munmap((char *)p, BIG_SIZE), 0);
  p = (uint *)map_ok(BIG_SIZE, RW, MAP_PRIVATE, fd, 0);
  expect_eq("checksum through MAP_PRIVATE", checksum(0, p, BIG_SIZE), sum);
  p[0] = 0;
  p[BIG_SIZE / sizeof(uint) - 1] = 0;
  expect_eq("munmap", munmap((char *)p, BIG_SIZE), 0);
  close(fd);
  expect_eq("checksum of read() after stores through MAP_PRIVATE", read_words(FILE_BIG, 0), sum);
  expect_eq("unlink", unlink(FILE_BIG), 0);
}

static void
truncate_and_rewrite(void)
{
  uint sum = make_words(FILE_BIG, BIG_SIZE);
  int fd;

  fd = open_ok(FILE_BIG, O_RDWR | O_TRUNC);
  expect_eq("the size after open(O_TRUNC)", file_size(FILE_BIG), 0);
  expect_eq("a read() after open(O_TRUNC)", read(fd, chunk, CHUNK), 0);
  expect_eq("the checksum of the file written again", write_words(fd, BIG_SIZE, 0), sum);
  close(fd);
  expect_eq("checksum of read()", read_words(FILE_BIG, 0), sum);
  expect_eq("unlink", unlink(FILE_BIG), 0);
  expect_eq("the size after unlink", file_size(FILE_BIG), -1);
}

static void
largest_file(void)
{
  int fd = open_ok(FILE_BIG, O_CREATE | O_TRUNC | O_RDWR);
  long last = MAX_SIZE / PAGE * PAGE;
  uint *p;

  write_words(fd, MAX_SIZE, 0);
  expect_eq("the size of the largest file", file_size(FILE_BIG), MAX_SIZE);
  expect_eq("a write() of one byte past MAXFILE blocks", write(fd, "x", 1), -1);
  expect_eq("a write() of a block past MAXFILE blocks", write(fd, chunk, BSIZE), -1);
  expect_eq("the size after the writes past it", file_size(FILE_BIG), MAX_SIZE);
  close(fd);

  /* Its last page, which ends past it: a store reaches the file, an
     access to the page after kills. */
  fd = open_ok(FILE_BIG, O_RDWR);
  p = (uint *)map_ok(2 * PAGE, RW, MAP_SHARED, fd, last);
  expect_words(p, last, MAX_SIZE - last, 0);
  expect(kills_read((char *)p + PAGE), "a load past the largest file to kill");
  p[0] = 0;
  expect_eq("msync of the last page", msync((char *)p, PAGE, MS_SYNC), 0);
  expect_eq("the byte stored into the last page, read()", file_byte(FILE_BIG, last), 0);
  p[0] = word_at(last, 0);
  expect_eq("munmap", munmap((char *)p, 2 * PAGE), 0);
  p = (uint *)map_ok(PAGE, PROT_READ, MAP_PRIVATE, fd, last);
  expect_words(p, last, MAX_SIZE - last, 0);
  expect_eq("munmap", munmap((char *)p, PAGE), 0);
  close(fd);
  expect_eq("unlink", unlink(FILE_BIG), 0);
}

/* Blocks new_blocks_unread writes, and the disk reads it allows (for
   a bitmap block or an indirect block not cached yet). */
#define UNREAD_BLOCKS  256
#define UNREAD_READS   4

static void
new_blocks_unread(void)
{
  int fd = open_ok(FILE_BIG, O_CREATE | O_TRUNC | O_RDWR);
  struct diskstat before, after;

  write_words(fd, CHUNK, 0);   /* the inode and the directory, cached */
  diskstat(&before);
  write_words(fd, (long)UNREAD_BLOCKS * BSIZE, 0);
  diskstat(&after);
  close(fd);
  expect(after.reads - before.reads <= UNREAD_READS,
         "a write() of new blocks to read (almost) nothing from the disk");
  expect_eq("unlink", unlink(FILE_BIG), 0);
}

/* The file write_time writes: past the single indirect range. */
#define TIMED_SIZE  (16L * 1024 * 1024)

static void
write_time(void)
{
  struct diskstat before, after;
  uint64 start, ns;

  diskstat(&before);
  start = clock_ns();
  make_words(FILE_BIG, TIMED_SIZE);
  ns = clock_ns() - start;
  diskstat(&after);
  printf("write_time: %d MiB in %d ms; disk: %d reads, %d writes, %d flushes\n",
         (int)(TIMED_SIZE >> 20), (int)(ns / 1000000), (int)(after.reads - before.reads),
         (int)(after.writes - before.writes), (int)(after.flushes - before.flushes));
  expect_eq("unlink", unlink(FILE_BIG), 0);
}

/* ------------------------------------------- files larger than RAM */

#define SMALL_PAGES  64   /* the file truncated_while_paged_out maps */

/* A size larger than RAM on bigfiletest.exp's small machine: half as
   large again as free memory, in whole pages. */
static long
bigger_than_free(void)
{
  return freemem() / PAGE * 3 / 2 * PAGE;
}

/*
 * Check the size bytes that p maps against generation gen, a chunk at
 * a time, so that each chunk is checked while it is still in memory.
 * Returns their checksum.
 */
static uint
check_mapped(uint *p, long size, uint gen)
{
  long off, n;
  uint sum = 0;

  for (off = 0; off < size; off += n) {
    n = size - off < CHUNK ? size - off : CHUNK;
    expect_words(p + off / sizeof(uint), off, n, gen);
    sum = checksum(sum, p + off / sizeof(uint), n);
  }
  return sum;
}

/* What vmainfo says of this process's mapping that starts at p. */
static struct vmainfo
mapping_at(void *p)
{
  static struct vmainfo vi[16];
  int i, n = vmainfo(getpid(), vi, NCASES(vi));

  for (i = 0; i < n; i++)
    if (vi[i].start == (uint64)p)
      return vi[i];
  fail("vmainfo to list the mapping", "no such mapping");
}

static void
mapped_bigger_than_ram(void)
{
  long size = bigger_than_free();
  uint sum = make_words(FILE_BIG, size);
  int fd = open_ok(FILE_BIG, O_RDONLY);
  struct vmstat before, after;
  uint *p;

  expect_eq("checksum of read()", read_words(FILE_BIG, 0), sum);
  before = vmstat_now();
  p = (uint *)map_ok(size, PROT_READ, MAP_SHARED, fd, 0);
  expect_eq("checksum through MAP_SHARED", check_mapped(p, size, 0), sum);
  expect_eq("munmap", munmap((char *)p, size), 0);
  p = (uint *)map_ok(size, PROT_READ, MAP_PRIVATE, fd, 0);
  expect_eq("checksum through MAP_PRIVATE", check_mapped(p, size, 0), sum);
  expect_eq("munmap", munmap((char *)p, size), 0);
  after = vmstat_now();
  expect(after.filedropped - before.filedropped >= size / PAGE / 3,
         "reclaim to take mapped pages of the file (a third of them at least)");
  close(fd);
  expect_eq("unlink", unlink(FILE_BIG), 0);
}

static void
stored_bigger_than_ram(void)
{
  long size = bigger_than_free(), i;
  int fd;
  struct vmstat before, after;
  uint *p;

  make_words(FILE_BIG, size);
  fd = open_ok(FILE_BIG, O_RDWR);
  before = vmstat_now();
  p = (uint *)map_ok(size, RW, MAP_SHARED, fd, 0);
  for (i = 0; i < size / (long)sizeof(uint); i++)
    p[i] = word_at(i * sizeof(uint), 1);
  expect_eq("msync", msync((char *)p, size, MS_SYNC), 0);
  after = vmstat_now();
  expect(after.filewritten > before.filewritten,
         "reclaim to write dirty file pages back before msync");
  expect_eq("munmap", munmap((char *)p, size), 0);
  close(fd);
  read_words(FILE_BIG, 1);
  expect_eq("unlink", unlink(FILE_BIG), 0);
}

static void
truncated_while_paged_out(void)
{
  long size = SMALL_PAGES * PAGE, newsize = PAGE + PAGE / 2;
  long pressure = 2 * freemem() / PAGE * PAGE, i;
  struct vmainfo shared, private;
  uint *s, *q;
  char *anon;
  int fd;

  make_words(FILE_BIG, size);
  fd = open_ok(FILE_BIG, O_RDWR);
  s = (uint *)map_ok(size, RW, MAP_SHARED, fd, 0);
  q = (uint *)map_ok(size, RW, MAP_PRIVATE, fd, 0);
  expect_words(s, 0, size, 0);
  for (i = 0; i < SMALL_PAGES; i++)
    q[i * PAGE / sizeof(uint)] = 0;   /* a private copy of every page */

  /* Memory twice the free memory pushes both mappings' pages out. */
  anon = map_ok(pressure, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  for (i = 0; i < pressure; i += PAGE)
    anon[i] = 1;
  expect_eq("munmap", munmap(anon, pressure), 0);
  shared = mapping_at(s);
  private = mapping_at(q);
  expect(shared.resident < SMALL_PAGES, "some shared file pages to be evicted");
  expect(private.swapped > 0, "some private copies to be in swap");

  /* The file, truncated and written again shorter, with other words. */
  close(open_ok(FILE_BIG, O_RDWR | O_TRUNC));
  expect_eq("private copies in swap after truncation", mapping_at(q).swapped, 0);
  fd = open_ok(FILE_BIG, O_RDWR);
  write_words(fd, newsize, 1);
  close(fd);

  /* Both mappings see the new words, zeros to the end of the last page,
     and nothing beyond: the private copies went with the truncation. */
  expect_words(s, 0, newsize, 1);
  expect_zero((char *)s + newsize, 2 * PAGE - newsize);
  expect_words(q, 0, newsize, 1);
  expect_zero((char *)q + newsize, 2 * PAGE - newsize);
  expect(kills_read((char *)s + 2 * PAGE), "a load past the new end of file (shared) to kill");
  expect(kills_read((char *)q + size - PAGE), "a load from a private copy truncated in swap to kill");
  expect(kills_write((char *)q + 2 * PAGE), "a store past the new end of file (private) to kill");
  expect_eq("munmap", munmap((char *)s, size), 0);
  expect_eq("munmap", munmap((char *)q, size), 0);
  expect_eq("unlink", unlink(FILE_BIG), 0);
}

/* -------------------------------------------------------------- driver */

/* After each case: no test file stays behind. */
static void
remove_files(void)
{
  unlink(FILE_BIG);
}

static struct testcase cases[] = {
  { "doubly_indirect", doubly_indirect },
  { "truncate_and_rewrite", truncate_and_rewrite },
  { "largest_file", largest_file },
  { "new_blocks_unread", new_blocks_unread },
  { "write_time", write_time },
  { "mapped_bigger_than_ram", mapped_bigger_than_ram },
  { "stored_bigger_than_ram", stored_bigger_than_ram },
  { "truncated_while_paged_out", truncated_while_paged_out },
};

int
main(int argc, char *argv[])
{
  exit(run_cases(cases, NCASES(cases), argc, argv, remove_files) ? 1 : 0);
}
