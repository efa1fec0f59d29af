/*
 * crashload: a file workload to crash the machine under, and its
 * checker (make crashtest, testsuite/xv6.crash).
 *
 *   crashload SEED          make the files, print "crashload: running",
 *                           then rewrite them, one generation after
 *                           another, until the machine is killed
 *   crashload -check SEED   after the crash and a reboot: check them
 *
 * Every page of every file is 256 copies of one 16-byte record: a magic
 * number, the file's and the page's numbers, the generation that wrote
 * the page and the file's length in pages.  A page read back after a
 * crash tells what wrote each of its bytes, so a page that mixes
 * generations, holds another page's or another file's data, or zeros,
 * is found and described.
 *
 * The files, and what a crash may leave of them (g is the newest
 * generation found in the file):
 *
 *   cw0, cw1  write(), truncating: each generation opens the file with
 *             O_TRUNC and write()s its pages in order, a page a call.
 *             Left: every byte of one generation; the file may end short,
 *             even inside a page (write() commits at most 3 KiB of a
 *             call per log transaction, kernel/file.c).
 *   cp0       write(), in place: each generation write()s its pages over
 *             the old ones, in order.  Left: generation g up to a block
 *             boundary, g-1 after it.  A cut inside a page (a page
 *             "torn by write()", its first 3 KiB committed and not its
 *             last 1 KiB) is counted and reported, but is no failure:
 *             the kernel never promised a 4 KiB write() as one
 *             transaction.
 *   cm0, cm1  mmap: mapped MAP_SHARED; each generation stores into every
 *             page and msync()s, the whole range or page by page (the
 *             seed decides), sometimes mapping the file afresh.  The
 *             kernel writes a page back in one transaction: left, every
 *             page whole, of generation g or g-1.
 *
 * Two processes rewrite the files at once, one the write() files and one
 * the mapped ones, so that the log commits their operations in groups.
 * Meanwhile the first process keeps orphans in use: co0, a file it has
 * open, and co1, a file it has mapped, both unlinked, and cod, a
 * directory removed while it is the process's current one.  A crash
 * leaves them allocated with no links; the kernel frees them at the
 * next boot, and fsck.xv6 notes them until then.
 * The seed sets each file's length (2 to 16 pages) and the workload's
 * choices; the checker, given the same seed, knows the lengths.
 *
 * -check prints one `test FILE: OK` or `test FILE: FAILED (why)` line per
 * file, a line with the newest generation seen and the pages torn by
 * write(), and ALL TESTS PASSED or SOME TESTS FAILED.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "user/user.h"
#include "user/mman.h"

#define PAGE      4096
#define BLOCK     1024              /* the file system's block (BSIZE) */
#define MAXPAGES  16
#define MAGIC     0x43524153        /* "SARC" in memory order */
#define RECS      (PAGE / sizeof(struct rec))

enum { WRITE_TRUNC, WRITE_IN_PLACE, MAPPED };

struct rec {
  uint magic;
  ushort file;                      /* index in files[] */
  ushort page;
  uint gen;
  uint npages;                      /* the file's length in pages */
};

static struct {
  char *name;
  int kind;
  int npages;                       /* from the seed */
} files[] = {
  { "cw0", WRITE_TRUNC, 0 },
  { "cw1", WRITE_TRUNC, 0 },
  { "cp0", WRITE_IN_PLACE, 0 },
  { "cm0", MAPPED, 0 },
  { "cm1", MAPPED, 0 },
};
#define NFILES  ((int)(sizeof(files) / sizeof(files[0])))

static char pagebuf[PAGE];
static char filebuf[MAXPAGES * PAGE];

/* ---------------------------------------------------------- the seed */

static uint rng;

/* The next pseudo-random number, 0 to 65535 (a linear congruential
   generator, its high bits: good enough for a workload's choices). */
static uint
next_random(void)
{
  rng = rng * 1103515245 + 12345;
  return rng >> 16;
}

/* Seed the generator; the files' lengths come first from it. */
static void
configure(uint seed)
{
  int i;

  rng = seed;
  for (i = 0; i < NFILES; i++)
    files[i].npages = 2 + next_random() % (MAXPAGES - 1);
}

/* ---------------------------------------------------------- the pages */

/* Fill dst with page `page` of file f as generation gen writes it. */
static void
fill_page(char *dst, int f, int page, uint gen)
{
  struct rec r, *out = (struct rec*)dst;
  int i;

  r.magic = MAGIC;
  r.file = f;
  r.page = page;
  r.gen = gen;
  r.npages = files[f].npages;
  for (i = 0; i < RECS; i++)
    out[i] = r;
}

static void
die(char *what, int f)
{
  printf("crashload: %s %s failed\n", what, files[f].name);
  exit(1);
}

/* write() generation gen of file f, a page a call, from its start. */
static void
write_file(int f, uint gen, int mode)
{
  int fd, p;

  fd = open(files[f].name, mode);
  if (fd < 0)
    die("open", f);
  for (p = 0; p < files[f].npages; p++) {
    fill_page(pagebuf, f, p, gen);
    if (write(fd, pagebuf, PAGE) != PAGE)
      die("write", f);
  }
  close(fd);
}

/* ------------------------------------------------------ the workload */

/* Rewrite the write() files, generation after generation. */
static void
writer(void)
{
  uint gen;
  int f;

  for (gen = 1; ; gen++) {
    for (f = 0; f < NFILES; f++) {
      if (files[f].kind == WRITE_TRUNC)
        write_file(f, gen, O_WRONLY | O_TRUNC);
      else if (files[f].kind == WRITE_IN_PLACE)
        write_file(f, gen, O_WRONLY);
    }
  }
}

/* Map file f MAP_SHARED.  Returns the mapping. */
static char*
map_file(int f)
{
  char *p;
  int fd;

  fd = open(files[f].name, O_RDWR);
  if (fd < 0)
    die("open", f);
  p = mmap(0, files[f].npages * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
           fd, 0);
  if (p == MAP_FAILED)
    die("mmap", f);
  close(fd);
  return p;
}

/* Store into the mapped files and msync them, generation after
   generation. */
static void
mapper(void)
{
  char *map[NFILES];
  uint gen, choice;
  int f, p, len;

  for (f = 0; f < NFILES; f++)
    map[f] = files[f].kind == MAPPED ? map_file(f) : 0;
  for (gen = 1; ; gen++) {
    for (f = 0; f < NFILES; f++) {
      if (map[f] == 0)
        continue;
      choice = next_random();
      len = files[f].npages * PAGE;
      for (p = 0; p < files[f].npages; p++)
        fill_page(map[f] + p * PAGE, f, p, gen);
      if (choice & 1) {
        if (msync(map[f], len, MS_SYNC) < 0)
          die("msync", f);
      } else {
        for (p = 0; p < files[f].npages; p++)
          if (msync(map[f] + p * PAGE, PAGE, MS_SYNC) < 0)
            die("msync", f);
      }
      if ((choice & 6) == 0) {
        if (munmap(map[f], len) < 0)
          die("munmap", f);
        map[f] = map_file(f);
      }
    }
  }
}

/* Make the orphans of the top of this file; they stay in use until the
   machine is killed. */
static void
make_orphans(void)
{
  char *p;
  int fd;

  /* An earlier run on this disk that crashed before its removals were
     committed left cod behind (co0 and co1 are just opened again). */
  unlink("/cod");
  fd = open("co0", O_CREATE | O_RDWR);
  if (fd < 0 || write(fd, filebuf, sizeof(filebuf)) != sizeof(filebuf) ||
      unlink("co0") < 0) {
    printf("crashload: cannot make co0, unlinked while open\n");
    exit(1);
  }
  fd = open("co1", O_CREATE | O_RDWR);
  if (fd < 0 || write(fd, filebuf, PAGE) != PAGE ||
      (p = mmap(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) == MAP_FAILED ||
      close(fd) < 0 || unlink("co1") < 0) {
    printf("crashload: cannot make co1, unlinked while mapped\n");
    exit(1);
  }
  p[0] = 1;
  if (mkdir("cod") < 0 || chdir("cod") < 0 || unlink("/cod") < 0) {
    printf("crashload: cannot make cod, removed while the current directory\n");
    exit(1);
  }
}

static void
run(void)
{
  int f, i, pid;

  for (f = 0; f < NFILES; f++)
    write_file(f, 0, O_CREATE | O_TRUNC | O_WRONLY);
  for (i = 0; i < 2; i++) {
    pid = fork();
    if (pid < 0) {
      printf("crashload: fork failed\n");
      exit(1);
    }
    if (pid == 0) {
      if (i == 0)
        writer();
      mapper();
    }
  }
  make_orphans();
  printf("crashload: running\n");
  for (i = 0; i < 2; i++)
    wait(0);
  printf("crashload: a worker died\n");
  exit(1);
}

/* --------------------------------------------------------- the check */

static uint newest;       /* the newest generation seen in any file */
static int torn;          /* pages torn by write() */
static int torn_at = -1;  /* the current file's torn page's cut, or -1 */
static uint torn_gen[2];  /* the generations before and after the cut */

/* Set once the current file's check has printed its FAILED verdict. */
static int failed;

/* The generation of every record of the file being checked. */
static uint recgen[MAXPAGES * RECS];

/*
 * Record i of file f is one of this page of this file: set recgen[i]
 * and return 0.  Else record the failure and return -1.
 */
static int
check_rec(int f, int i)
{
  struct rec *r = (struct rec*)filebuf + i;
  int page = i / RECS, byte = i % RECS * sizeof(struct rec);

  if (r->magic == MAGIC && r->file == f && r->page == i / RECS &&
      r->npages == files[f].npages) {
    recgen[i] = r->gen;
    if (r->gen > newest)
      newest = r->gen;
    return 0;
  }
  if (r->magic == MAGIC && r->file < NFILES)
    printf("FAILED (page %d byte %d: holds %s page %d of generation %d)\n",
           page, byte, files[r->file].name, r->page, r->gen);
  else
    printf("FAILED (page %d byte %d: holds %s)\n", page, byte,
           r->magic == 0 && r->gen == 0 ? "zeros" : "no crashload record");
  failed = 1;
  return -1;
}

/*
 * Read file f and check its size and its records.  Returns the number
 * of records, with their generations in recgen[], or -1.  A file
 * rewritten in place or mapped must have its full length.
 */
static int
read_records(int f, int full)
{
  struct stat st;
  int fd, n, i, want;

  failed = 1;
  fd = open(files[f].name, O_RDONLY);
  if (fd < 0) {
    printf("FAILED (missing)\n");
    return -1;
  }
  fstat(fd, &st);
  want = files[f].npages * PAGE;
  if (st.size > want || st.size % sizeof(struct rec) != 0 ||
      (full && st.size != want)) {
    close(fd);
    printf("FAILED (size %d, expected %s%d in whole records)\n",
           (int)st.size, full ? "" : "at most ", want);
    return -1;
  }
  n = read(fd, filebuf, st.size);
  close(fd);
  if (n != st.size) {
    printf("FAILED (read returned %d of %d bytes)\n", n, (int)st.size);
    return -1;
  }
  failed = 0;
  n /= sizeof(struct rec);
  for (i = 0; i < n; i++)
    if (check_rec(f, i) < 0)
      return -1;
  return n;
}

/* The first record after record from, and before end, whose generation
   differs from the one before it; else end. */
static int
next_change(int from, int end)
{
  int i;

  for (i = from + 1; i < end; i++)
    if (recgen[i] != recgen[i - 1])
      break;
  return i;
}

/* Record the failure of a change of generation at record i. */
static void
changed_at(int i)
{
  int off = i * sizeof(struct rec);

  if (off % PAGE != 0)
    printf("FAILED (page %d not whole: bytes 0-%d of generation %d, from "
           "byte %d of generation %d)\n", off / PAGE, off % PAGE - 1,
           recgen[i - 1], off % PAGE, recgen[i]);
  else
    printf("FAILED (page %d of generation %d, page %d of generation %d)\n",
           off / PAGE - 1, recgen[i - 1], off / PAGE, recgen[i]);
  failed = 1;
}

/* cw: every byte of one generation; may end short. */
static void
check_truncated(int f)
{
  int n, i;

  n = read_records(f, 0);
  if (n > 0 && (i = next_change(0, n)) < n)
    changed_at(i);
}

/* cp: generation g up to a block boundary, g-1 after it. */
static void
check_in_place(int f)
{
  int n, i, off;

  n = read_records(f, 1);
  if (n < 0 || (i = next_change(0, n)) == n)
    return;
  off = i * sizeof(struct rec);
  if (recgen[i] + 1 != recgen[0] || next_change(i, n) < n ||
      off % BLOCK != 0) {
    changed_at(next_change(i, n) < n ? next_change(i, n) : i);
    return;
  }
  if (off % PAGE != 0) {
    torn_at = off;
    torn_gen[0] = recgen[0];
    torn_gen[1] = recgen[i];
  }
}

/* cm: every page whole, of generation g or g-1. */
static void
check_mapped(int f)
{
  uint lo, hi;
  int n, p, i;

  n = read_records(f, 1);
  if (n < 0)
    return;
  lo = hi = recgen[0];
  for (p = 0; p < n; p += RECS) {
    if ((i = next_change(p, p + RECS)) < p + RECS) {
      changed_at(i);
      return;
    }
    if (recgen[p] < lo)
      lo = recgen[p];
    if (recgen[p] > hi)
      hi = recgen[p];
  }
  if (hi - lo > 1) {
    printf("FAILED (pages of generations %d to %d, more than one apart)\n",
           lo, hi);
    failed = 1;
  }
}

static int
check(void)
{
  int f, failures = 0;

  for (f = 0; f < NFILES; f++) {
    printf("test %s: ", files[f].name);
    if (files[f].kind == WRITE_TRUNC)
      check_truncated(f);
    else if (files[f].kind == WRITE_IN_PLACE)
      check_in_place(f);
    else
      check_mapped(f);
    if (failed)
      failures++;
    else
      printf("OK\n");
    if (torn_at >= 0) {
      printf("crashload: %s page %d torn by write() at byte %d (generation "
             "%d before, %d after)\n", files[f].name, torn_at / PAGE,
             torn_at % PAGE, torn_gen[0], torn_gen[1]);
      torn++;
      torn_at = -1;
    }
  }
  printf("crashload: newest generation %d, %d page%s torn by write()\n",
         newest, torn, torn == 1 ? "" : "s");
  printf(failures ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  return failures;
}

int
main(int argc, char *argv[])
{
  if (argc == 2 && argv[1][0] != '-') {
    configure(atoi(argv[1]));
    run();
  }
  if (argc == 3 && strcmp(argv[1], "-check") == 0) {
    configure(atoi(argv[2]));
    exit(check() ? 1 : 0);
  }
  printf("usage: crashload SEED | crashload -check SEED\n");
  exit(1);
}
