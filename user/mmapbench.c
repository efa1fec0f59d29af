/*
 * mmapbench: how long the virtual-memory paths take, for `make bench`,
 * and a pipe round trip between two processes among sleeping ones.
 *
 * Each figure is the median of several runs.  A run times a loop of
 * operations with clock_ns() (user/user.h) and never prints, and never
 * waits for the disk inside the timed region unless the figure is about
 * the disk: under QEMU's -icount a waiting hart lets virtual time jump.
 * Files are read once before their cached figures are taken.
 *
 * Output, one line per figure, then "bench done":
 *
 *   bench NAME PARAM VALUE UNIT KIND
 *
 *   NAME   what was measured (bench/report.pl describes each one)
 *   PARAM  its size: pages, MiB, VMAs, children or processes (1 when it
 *          has none)
 *   VALUE  ns or disk blocks written per operation, with one decimal;
 *          or a number of pages
 *   UNIT   ns, pages or writes (blocks written, counted with diskstat())
 *   KIND   cpu: pure path length, the same on every run under icount;
 *          io: includes waits for the disk; mem: free pages consumed;
 *          disk: disk requests counted, per operation
 *
 * Run it first thing after boot: the cold-fault figure maps a file of
 * the disk image (usertests) that nothing may have read since boot, and
 * is the median over its pages.  mmapbench creates two files, bench.16k
 * and bench.256k, reads each through so that the buffer cache holds it
 * (NBUF blocks, more than the 257 of bench.256k), and removes them at
 * the end.  The figures for the unified page cache (the "cached file
 * page" faults and read(), the pages N processes use to map one file,
 * fork and exit with a dirty shared mapping, the write-back's disk
 * writes) use bench.256k, read before, too.
 *
 * `mmapbench -bigmem` takes only the figures of memory larger than RAM
 * instead (make bench BIGMEM=yes boots a 32 MiB machine with the swap
 * disk for them).  Sizes are taken from free memory at its start, F:
 * a file of 2F (bench.big, written first, removed at the end) scanned
 * with read() and through mmap; passes over the first W of that file
 * mapped, W from F/4 to 2F; anonymous memory of F/2 to 2F touched in
 * order and at random.  These figures wait for the disk (kind io), and
 * the page-ins and page-outs per touch are counted with vmstat().
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/stat.h"
#include "kernel/sysinfo.h"
#include "kernel/diskstat.h"
#include "kernel/elf.h"
#include "kernel/vmstat.h"
#include "user/user.h"
#include "user/mman.h"

#define PAGE          4096L
#define MIB           (1024L * 1024)

#define RUNS          11        /* runs of a cheap figure (odd: one median) */
#define RUNS_FEW      5         /* runs of a figure that takes long */
#define RUNS_DISK     3         /* runs of one that writes the disk many times */
#define MAXRUNS       64

#define NULL_CALLS    1000      /* getpid calls per run */
#define CLOCK_CALLS   1000      /* clock_ns calls per run */
#define COPY_LOOPS    8         /* page fills or copies per run */
#define ANON_PAGES    64        /* pages faulted per anonymous run */
#define REACCESS_LOOPS 100      /* passes over the touched pages */
#define MAP_CALLS     100       /* mmap/munmap pairs per run */
#define READ_PAGES    16        /* pages read per round of the cached read() */
#define READ_ROUNDS   4         /* rounds (open, READ_PAGES reads, close) per run */
#define GIB_PAGES     (1024 * MIB / PAGE)
#define NSIZES        6         /* sizes of untouched mmap and munmap */

#define COLD_FILE     "usertests"   /* in fs.img, untouched since boot */
#define COLD_PAGES    32
#define SMALL_FILE    "bench.16k"   /* all but one page in direct blocks */
#define SMALL_PAGES   4
#define BIG_FILE      "bench.256k"  /* mostly behind the indirect block */
#define BIG_PAGES     64

/*
 * The VMA-count series: VMAs of VMA_PAGES pages, a free page between
 * two; beyond FEWVMAS VMAs, of one page each, so that the pages touched
 * fit in memory.  It starts 1 MiB up, above the program (text, data
 * and stack take some 32 KiB) but in the 2 MiB that the page-table
 * pages of the program's own pages cover: munmap frees page-table pages
 * left empty, and a run of a few VMAs elsewhere would pay for two of
 * them every time, which a run of many shares among many pages.
 */
#define VMA_BASE      0x100000L
#define VMA_PAGES     4
#define FEWVMAS       1000
#define MAXVMAS       10000

/* mmap + munmap of a page among up to MAXMAPPINGS one-page mappings. */
#define MAXMAPPINGS   10000

#define MAXCHILDREN   8

/* Memory larger than RAM (-bigmem): sizes in percent of free memory. */
#define HUGE_FILE     "bench.big"
#define HUGE_PERCENT  200       /* the file scanned */
#define NWORKSETS     7
#define NANONSIZES    4
static int workset_percent[NWORKSETS] = { 25, 50, 75, 100, 125, 150, 200 };
static int anon_percent[NANONSIZES] = { 50, 100, 150, 200 };

static char chunk[PAGE];             /* file data, a page at a time */
static char copy_src[PAGE] __attribute__((aligned(8)));
static char copy_dst[PAGE] __attribute__((aligned(8)));
static int *order;                   /* page visiting order (bench_vmas) */
static volatile uint64 sink;         /* keeps loads from being optimised away */
static long map_sizes[NSIZES] = { 1, 16, 256, 4096, 65536, GIB_PAGES };   /* pages */

/* A run: sets up, times its loop, tears down; returns the timed ns. */
typedef uint64 (*runfn)(long param);

static void
die(char *what)
{
  fprintf(2, "mmapbench: %s failed\n", what);
  exit(1);
}

/* The median of v[0..n), which it sorts. */
static uint64
median(uint64 *v, int n)
{
  int i, j;
  uint64 x;

  for (i = 1; i < n; i++) {
    x = v[i];
    for (j = i; j > 0 && v[j - 1] > x; j--)
      v[j] = v[j - 1];
    v[j] = x;
  }
  return v[n / 2];
}

/* The median of runs runs of run(param), in ns. */
static uint64
measure(runfn run, long param, int runs)
{
  uint64 t[MAXRUNS];
  int i;

  for (i = 0; i < runs; i++)
    t[i] = run(param);
  return median(t, runs);
}

/* Print a figure of total units for ops operations, per operation. */
static void
report_per_op(char *name, long param, uint64 total, uint64 ops, char *unit, char *kind)
{
  uint64 tenths = (total * 10 + ops / 2) / ops;

  printf("bench %s %ld %ld.%ld %s %s\n", name, param,
         (long)(tenths / 10), (long)(tenths % 10), unit, kind);
}

/* Print a figure of total_ns for ops operations, in ns per operation. */
static void
report_ns(char *name, long param, uint64 total_ns, uint64 ops, char *kind)
{
  report_per_op(name, param, total_ns, ops, "ns", kind);
}

static void
report_pages(char *name, long param, long pages)
{
  printf("bench %s %ld %ld pages mem\n", name, param, pages);
}

/* ------------------------------------------------------------ helpers */

static char*
map_anon(long len, int flags)
{
  char *p = mmap(0, len, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);

  if (p == MAP_FAILED)
    die("mmap (anonymous)");
  return p;
}

static char*
map_file(char *name, long len, int prot, int flags)
{
  int fd = open(name, (prot & PROT_WRITE) ? O_RDWR : O_RDONLY);
  char *p;

  if (fd < 0)
    die("open");
  p = mmap(0, len, prot, flags, fd, 0);
  close(fd);
  if (p == MAP_FAILED)
    die("mmap (file)");
  return p;
}

static void
unmap(char *p, long len)
{
  if (munmap(p, len) < 0)
    die("munmap");
}

/* Store to the first byte of each of npages pages from p. */
static void
touch_write(char *p, long npages)
{
  volatile char *q = p;
  long i;

  for (i = 0; i < npages; i++)
    q[i * PAGE] = 1;
}

/* Load the first byte of each of npages pages from p. */
static void
touch_read(char *p, long npages)
{
  volatile char *q = p;
  uint64 sum = 0;
  long i;

  for (i = 0; i < npages; i++)
    sum += q[i * PAGE];
  sink = sum;
}

/* Create file name with npages pages of non-zero bytes. */
static void
make_file(char *name, long npages)
{
  int fd, i;

  for (i = 0; i < PAGE; i++)
    chunk[i] = 'a' + i % 26;
  fd = open(name, O_CREATE | O_TRUNC | O_RDWR);
  if (fd < 0)
    die("create");
  for (i = 0; i < npages; i++)
    if (write(fd, chunk, PAGE) != PAGE)
      die("write");
  close(fd);
}

/* Read file name through, a page at a time (brings it into the cache). */
static void
read_file(char *name, long npages)
{
  int fd = open(name, O_RDONLY);
  long i;

  if (fd < 0)
    die("open");
  for (i = 0; i < npages; i++)
    if (read(fd, chunk, PAGE) != PAGE)
      die("read");
  close(fd);
}

static long
free_pages(void)
{
  struct sysinfo si;

  if (sysinfo(&si) < 0)
    die("sysinfo");
  return si.freemem / PAGE;
}

/* Blocks written to the disk since boot. */
static uint64
disk_writes(void)
{
  struct diskstat ds;

  if (diskstat(&ds) < 0)
    die("diskstat");
  return ds.writes;
}

/* The cached file of npages pages: SMALL_FILE or BIG_FILE. */
static char*
scan_file(long npages)
{
  return npages == SMALL_PAGES ? SMALL_FILE : BIG_FILE;
}

/* ------------------------------------------------ the floor: traps, copies */

static uint64
run_getpid(long calls)
{
  uint64 t0 = clock_ns();
  long i;

  for (i = 0; i < calls; i++)
    getpid();
  return clock_ns() - t0;
}

static uint64
run_clock(long calls)
{
  uint64 t0 = clock_ns(), sum = 0;
  long i;

  for (i = 0; i < calls; i++)
    sum += clock_ns();
  sink = sum;
  return clock_ns() - t0;
}

/*
 * A page fill and a page copy, as the aligned loops of the kernel's
 * memset (eight words per pass) and memmove (a word per pass) in
 * kernel/string.c do them, so these figures are what zeroing or
 * copying one page costs inside a fault.
 */
static uint64
run_fill(long loops)
{
  uint64 t0 = clock_ns();
  volatile uint64 *d;
  long i, n;

  for (i = 0; i < loops; i++) {
    for (d = (uint64 *)copy_dst, n = PAGE / 8; n > 0; n -= 8, d += 8) {
      d[0] = 0; d[1] = 0; d[2] = 0; d[3] = 0;
      d[4] = 0; d[5] = 0; d[6] = 0; d[7] = 0;
    }
  }
  return clock_ns() - t0;
}

static uint64
run_copy(long loops)
{
  volatile uint64 *d = (uint64 *)copy_dst;
  uint64 *s = (uint64 *)copy_src;
  uint64 t0;
  long i, n;

  memset(copy_src, 'x', PAGE);
  t0 = clock_ns();
  for (i = 0; i < loops; i++)
    for (n = 0; n < PAGE / 8; n++)
      d[n] = s[n];
  return clock_ns() - t0;
}

/* ------------------------------------------------------------ faults */

/* First touch of npages pages of private anonymous memory. */
static uint64
run_fault_anon(long npages)
{
  char *p = map_anon(npages * PAGE, MAP_PRIVATE);
  uint64 t0, t;

  t0 = clock_ns();
  touch_write(p, npages);
  t = clock_ns() - t0;
  unmap(p, npages * PAGE);
  return t;
}

/*
 * First touch (a load) of npages pages of the cached scan_file(npages),
 * mapped PROT_READ with fault_flags: MAP_PRIVATE, or MAP_SHARED, where a
 * page cache can map the file's cached page itself.
 */
static int fault_flags = MAP_PRIVATE;

static uint64
run_fault_file(long npages)
{
  char *p = map_file(scan_file(npages), npages * PAGE, PROT_READ, fault_flags);
  uint64 t0, t;

  t0 = clock_ns();
  touch_read(p, npages);
  t = clock_ns() - t0;
  unmap(p, npages * PAGE);
  return t;
}

/*
 * A minor fault: a forked child's first touch of shared anonymous
 * pages the parent has already touched.  The page exists; the fault
 * only finds it and maps it.  shared_area is set up by the caller.
 */
static char *shared_area;

static uint64
run_fault_minor(long npages)
{
  int fds[2], pid;
  uint64 t0, t;

  if (pipe(fds) < 0)
    die("pipe");
  pid = fork();
  if (pid < 0)
    die("fork");
  if (pid == 0) {
    t0 = clock_ns();
    touch_read(shared_area, npages);
    t = clock_ns() - t0;
    write(fds[1], &t, sizeof(t));
    exit(0);
  }
  if (read(fds[0], &t, sizeof(t)) != sizeof(t))
    die("read (pipe)");
  wait(0);
  close(fds[0]);
  close(fds[1]);
  return t;
}

/* Loads from npages pages that are already mapped: no fault at all. */
static char *touched_area;

static uint64
run_reaccess(long npages)
{
  uint64 t0 = clock_ns();
  int i;

  for (i = 0; i < REACCESS_LOOPS; i++)
    touch_read(touched_area, npages);
  return clock_ns() - t0;
}

/*
 * The first touch of each page of COLD_FILE, which nothing has read
 * since boot, each timed alone: a fault that reads the disk.
 */
static void
bench_fault_cold(void)
{
  uint64 t[MAXRUNS], t0;
  struct stat st;
  long npages, i;
  char *p;
  int fd;

  fd = open(COLD_FILE, O_RDONLY);
  if (fd < 0 || fstat(fd, &st) < 0)
    die("open " COLD_FILE);
  npages = st.size / PAGE < COLD_PAGES ? st.size / PAGE : COLD_PAGES;
  if (npages < 1)
    die("size of " COLD_FILE);
  p = mmap(0, npages * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (p == MAP_FAILED)
    die("mmap " COLD_FILE);
  for (i = 0; i < npages; i++) {
    t0 = clock_ns();
    sink = ((volatile char *)p)[i * PAGE];
    t[i] = clock_ns() - t0;
  }
  unmap(p, npages * PAGE);
  report_ns("fault-file-cold", 1, median(t, npages), 1, "io");
}

/* ------------------------------------------------ scanning a file */

/*
 * Read the first npages pages of file name with read(), a page at a
 * time; returns the ns the reads took, without open and close.
 */
static uint64
time_reads(char *name, long npages)
{
  int fd = open(name, O_RDONLY);
  uint64 t0, t;
  long i;

  if (fd < 0)
    die("open");
  t0 = clock_ns();
  for (i = 0; i < npages; i++)
    if (read(fd, chunk, PAGE) != PAGE)
      die("read");
  t = clock_ns() - t0;
  close(fd);
  return t;
}

/*
 * Read a file of npages pages through.  open and close are not timed
 * (they are the same for both ways).
 */
static uint64
run_scan_read(long npages)
{
  return time_reads(scan_file(npages), npages);
}

/*
 * Map the first npages pages of file name PROT_READ with flags, load
 * from each page, and unmap them; returns the ns it took, without open
 * and close.
 */
static uint64
time_map_scan(char *name, long npages, int flags)
{
  int fd = open(name, O_RDONLY);
  uint64 t0, t;
  char *p;

  if (fd < 0)
    die("open");
  t0 = clock_ns();
  p = mmap(0, npages * PAGE, PROT_READ, flags, fd, 0);
  if (p == MAP_FAILED)
    die("mmap (scan)");
  touch_read(p, npages);
  unmap(p, npages * PAGE);
  t = clock_ns() - t0;
  close(fd);
  return t;
}

/* The same with mmap, a load from each page, and munmap. */
static uint64
run_scan_mmap(long npages)
{
  return time_map_scan(scan_file(npages), npages, MAP_PRIVATE);
}

/*
 * rounds reads of the first READ_PAGES pages (64 KiB) of BIG_FILE, a
 * page a read(): each page is cached.  xv6 has no lseek, so each round
 * opens the file again; only the reads are timed.
 */
static uint64
run_read_cached(long rounds)
{
  uint64 t = 0;
  long i;

  for (i = 0; i < rounds; i++)
    t += time_reads(BIG_FILE, READ_PAGES);
  return t;
}

/* ------------------------------------------------ mmap and munmap */

/* MAP_CALLS pairs of mmap and munmap of npages untouched pages. */
static uint64
run_map_unmap(long npages)
{
  uint64 t0 = clock_ns();
  int i;

  for (i = 0; i < MAP_CALLS; i++)
    unmap(map_anon(npages * PAGE, MAP_PRIVATE), npages * PAGE);
  return clock_ns() - t0;
}

/* The same, timing only the mmap calls. */
static uint64
run_map_only(long npages)
{
  uint64 t0, t = 0;
  char *p;
  int i;

  for (i = 0; i < MAP_CALLS; i++) {
    t0 = clock_ns();
    p = map_anon(npages * PAGE, MAP_PRIVATE);
    t += clock_ns() - t0;
    unmap(p, npages * PAGE);
  }
  return t;
}

/* The same, timing only the munmap calls. */
static uint64
run_unmap_only(long npages)
{
  uint64 t0, t = 0;
  char *p;
  int i;

  for (i = 0; i < MAP_CALLS; i++) {
    p = map_anon(npages * PAGE, MAP_PRIVATE);
    t0 = clock_ns();
    unmap(p, npages * PAGE);
    t += clock_ns() - t0;
  }
  return t;
}

/*
 * munmap of npages dirty MAP_SHARED pages of BIG_FILE: the write-back.
 * The blocks it writes to the disk are added to writeback_writes.
 */
static uint64 writeback_writes;

static uint64
run_writeback(long npages)
{
  char *p = map_file(BIG_FILE, npages * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED);
  uint64 t0, t, w0;

  touch_write(p, npages);
  w0 = disk_writes();
  t0 = clock_ns();
  unmap(p, npages * PAGE);
  t = clock_ns() - t0;
  writeback_writes += disk_writes() - w0;
  return t;
}

/* ------------------------------------------------------------ fork */

/*
 * One fork, timed in the parent until fork returns, or with until_wait
 * set until wait has reaped the child too; the child just exits.
 */
static uint64
run_fork(long until_wait)
{
  uint64 t0, t;
  int pid;

  t0 = clock_ns();
  pid = fork();
  t = clock_ns() - t0;
  if (pid < 0)
    die("fork");
  if (pid == 0)
    exit(0);
  wait(0);
  if (until_wait)
    t = clock_ns() - t0;
  return t;
}

/*
 * fork, exec of this program (which exits at once when given -exit),
 * exit and wait: what running a small command costs.
 */
static uint64
run_fork_exec(long unused)
{
  char *argv[] = { "mmapbench", "-exit", 0 };
  uint64 t0 = clock_ns();
  int pid;

  (void)unused;
  pid = fork();
  if (pid < 0)
    die("fork");
  if (pid == 0) {
    exec("mmapbench", argv);
    die("exec mmapbench");
  }
  wait(0);
  return clock_ns() - t0;
}

/* fork with mib MiB of touched private mmap memory (copy-on-write). */
static void
bench_fork_cow(long mib)
{
  char *p = 0;

  if (mib > 0) {
    p = map_anon(mib * MIB, MAP_PRIVATE);
    touch_write(p, mib * MIB / PAGE);
  }
  report_ns("fork-cow", mib, measure(run_fork, 0, RUNS_FEW), 1, "cpu");
  if (p)
    unmap(p, mib * MIB);
}

/* fork with mib MiB more sbrk heap, touched (shared copy-on-write). */
static void
bench_fork_heap(long mib)
{
  char *p = 0;

  if (mib > 0) {
    p = sbrk(mib * MIB);
    if (p == (char *)-1)
      die("sbrk");
    touch_write(p, mib * MIB / PAGE);
  }
  report_ns("fork-heap", mib, measure(run_fork, 0, RUNS_FEW), 1, "cpu");
  if (p && sbrk(-mib * MIB) == (char *)-1)
    die("sbrk (shrink)");
}

/*
 * fork, the child's exit and wait, in a process that has npages pages of
 * BIG_FILE mapped MAP_SHARED and stored into (or no mapping, npages 0).
 * The time is io if the runs wrote to the disk (the child's exit writing
 * the dirty pages back), else cpu; with a mapping, the blocks written
 * per fork follow.
 */
static void
bench_fork_exit(long npages)
{
  int runs = npages > 0 ? RUNS_DISK : RUNS;
  uint64 w, t;
  char *p = 0;

  if (npages > 0) {
    p = map_file(BIG_FILE, npages * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED);
    touch_write(p, npages);
  }
  w = disk_writes();
  t = measure(run_fork, 1, runs);
  w = disk_writes() - w;
  report_ns("fork-exit", npages, t, 1, w > 0 ? "io" : "cpu");
  if (p) {
    report_per_op("fork-exit-writes", npages, w, runs, "writes", "disk");
    unmap(p, npages * PAGE);
  }
}

/* ------------------------------------------------ pipe ping-pong */

/*
 * A byte sent to a partner process through one pipe and back through
 * another: two wakeups and two switches per round trip.  The figure is
 * taken with sleepers other processes asleep elsewhere, all blocked in
 * read() on one more pipe that nothing writes (a pipe each would take
 * more open files than the kernel has); neither the wakeups nor the
 * scheduler should have to look at them.
 */
#define PINGPONG_ROUNDS   200   /* round trips per run */
#define PINGPONG_SLEEPERS 60    /* with init, the shell, this program and the
                                   partner: every slot of the table (NPROC) */

static int ping[2], pong[2];    /* to the partner, and back */
static int hold[2];             /* the sleepers read hold[0] */

static uint64
run_pingpong(long rounds)
{
  uint64 t0 = clock_ns();
  char c = 'p';
  long i;

  for (i = 0; i < rounds; i++)
    if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
      die("ping-pong");
  return clock_ns() - t0;
}

/* The partner: echo each byte from ping back on pong, until ping closes. */
static void
echo_bytes(void)
{
  char c;

  close(ping[1]);
  close(pong[0]);
  close(hold[0]);
  close(hold[1]);
  while (read(ping[0], &c, 1) == 1)
    if (write(pong[1], &c, 1) != 1)
      break;
}

/* A sleeper: block reading hold until its write end is closed. */
static void
block_on_hold(void)
{
  char c;

  close(hold[1]);
  close(ping[1]);
  close(pong[0]);
  read(hold[0], &c, 1);
}

/* Fork a child that runs fn and exits. */
static void
fork_to(void (*fn)(void))
{
  int pid = fork();

  if (pid < 0)
    die("fork");
  if (pid == 0) {
    fn();
    exit(0);
  }
}

static void
bench_pingpong(int sleepers)
{
  int i;

  if (pipe(ping) < 0 || pipe(pong) < 0 || pipe(hold) < 0)
    die("pipe");
  fork_to(echo_bytes);
  close(ping[0]);
  close(pong[1]);
  for (i = 0; i < sleepers; i++)
    fork_to(block_on_hold);
  close(hold[0]);
  pause(1);   /* time for every sleeper to reach its read() */

  report_ns("pipe-pingpong", sleepers, measure(run_pingpong, PINGPONG_ROUNDS, RUNS),
            PINGPONG_ROUNDS, "cpu");

  close(hold[1]);
  close(ping[1]);
  close(pong[0]);
  for (i = 0; i < sleepers + 1; i++)
    if (wait(0) < 0)
      die("wait (ping-pong)");
}

/*
 * mmap + munmap of one page in a process that has n one-page anonymous
 * mappings already, placed by the kernel (each below the one before).
 * They alternate between read-only and read-write, so that no two merge
 * into one VMA; the lowest is read-only, so that the timed read-write
 * page, placed just below it, stays a VMA of its own too.
 */
static void
bench_map_among(long n)
{
  char *p, *low = (char *)-1L, *high = 0;
  long i;

  for (i = 0; i < n; i++) {
    p = mmap(0, PAGE, (n - 1 - i) % 2 ? PROT_READ | PROT_WRITE : PROT_READ,
             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      die("mmap (existing mappings)");
    if (p < low)
      low = p;
    if (p + PAGE > high)
      high = p + PAGE;
  }
  report_ns("mmap-munmap-among", n, measure(run_map_unmap, 1, RUNS), MAP_CALLS, "cpu");
  unmap(low, high - low);
}

/* ------------------------------------------------ faults among many VMAs */

/* Put order[0..n) in a random order, the same on every run. */
static void
shuffle(int n)
{
  uint64 seed = 12345;
  int i, j, x;

  for (i = 0; i < n; i++)
    order[i] = i;
  for (i = n - 1; i > 0; i--) {
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    j = (seed >> 33) % (i + 1);
    x = order[i];
    order[i] = order[j];
    order[j] = x;
  }
}

/* The pages of each VMA in the VMA-count series of nvmas VMAs. */
static long
vma_pages(long nvmas)
{
  return nvmas > FEWVMAS ? 1 : VMA_PAGES;
}

/*
 * nvmas mappings of vma_pages(nvmas) pages each, a free page between
 * two so that they stay separate VMAs, made from the top down (each
 * new one the lowest: the list is not searched); then the first touch
 * of every page, in order[] (page k is page k % pages of VMA k / pages).
 */
static uint64
vma_faults(long nvmas)
{
  long pages = vma_pages(nvmas), stride = (pages + 1) * PAGE, i, k;
  volatile char *base = (char *)VMA_BASE;
  uint64 t0, t;
  char *p;

  for (i = nvmas - 1; i >= 0; i--) {
    p = mmap((char *)base + i * stride, pages * PAGE, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED)
      die("mmap (VMA series)");
  }
  t0 = clock_ns();
  for (i = 0; i < nvmas * pages; i++) {
    k = order[i];
    base[(k / pages) * stride + (k % pages) * PAGE] = 1;
  }
  t = clock_ns() - t0;
  unmap((char *)base, nvmas * stride);
  return t;
}

/*
 * The series' figures for nvmas VMAs.  order[] is mapped for the time
 * (above the series, so that no fault's search passes it), not a
 * static array: the fork figures copy the program's data.
 */
static void
bench_vmas(long nvmas)
{
  long npages = nvmas * vma_pages(nvmas), len = npages * sizeof(int), i;
  int runs = nvmas >= 100 ? RUNS_FEW : RUNS;

  order = (int *)map_anon(len, MAP_PRIVATE);
  for (i = 0; i < npages; i++)
    order[i] = i;
  report_ns("fault-vmas-seq", nvmas, measure(vma_faults, nvmas, runs), npages, "cpu");
  shuffle(npages);
  report_ns("fault-vmas-random", nvmas, measure(vma_faults, nvmas, runs), npages, "cpu");
  unmap((char *)order, len);
}

/* ------------------------------------------------------------ memory */

/* Free pages consumed by mapping BIG_FILE with flags and touching a page. */
static void
bench_mem_map(char *name, int flags)
{
  long before, after;
  char *p;

  before = free_pages();
  p = map_file(BIG_FILE, BIG_PAGES * PAGE, PROT_READ, MAP_PRIVATE | flags);
  touch_read(p, 1);
  after = free_pages();
  unmap(p, BIG_PAGES * PAGE);
  report_pages(name, BIG_PAGES, before - after);
}

/* The child's ends of children_pages's pipes, for exec_idle. */
static int ready_fd, go_fd;

/* Write n (not negative) in decimal into buf, which holds 12 chars. */
static void
snprint_int(char *buf, int n)
{
  char digits[12];
  int i = 0, j = 0;

  do
    digits[i++] = '0' + n % 10;
  while ((n /= 10) > 0);
  while (i > 0)
    buf[j++] = digits[--i];
  buf[j] = 0;
}

/*
 * Free pages consumed by n children, forked at once, each of which runs
 * work (unless it is 0) and waits on a pipe until the parent has
 * counted.
 */
static long
children_pages(int n, void (*work)(void))
{
  int ready[2], go[2], i, pid;
  long before, after;
  char c;

  if (pipe(ready) < 0 || pipe(go) < 0)
    die("pipe");
  ready_fd = ready[1];
  go_fd = go[0];
  before = free_pages();
  for (i = 0; i < n; i++) {
    pid = fork();
    if (pid < 0)
      die("fork");
    if (pid == 0) {
      close(ready[0]);
      close(go[1]);
      if (work)
        work();
      write(ready[1], "r", 1);
      read(go[0], &c, 1);   /* returns at end of file: the parent is done */
      exit(0);
    }
  }
  close(ready[1]);
  close(go[0]);
  for (i = 0; i < n; i++)
    if (read(ready[0], &c, 1) != 1)
      die("read (ready)");
  after = free_pages();
  close(go[1]);
  for (i = 0; i < n; i++)
    wait(0);
  close(ready[0]);
  return before - after;
}

/* The parent's shared memory that the children of bench_mem_children touch. */
static char *inherited;

static void
touch_inherited(void)
{
  touch_read(inherited, BIG_PAGES);
}

/*
 * Free pages consumed by n children of a process that has BIG_PAGES
 * pages of touched shared anonymous memory (or none, with_map 0), each
 * child having touched them all too.
 */
static void
bench_mem_children(char *name, int n, int with_map)
{
  char *p = 0;

  if (with_map) {
    p = map_anon(BIG_PAGES * PAGE, MAP_SHARED);
    touch_write(p, BIG_PAGES);
  }
  inherited = p;
  report_pages(name, n, children_pages(n, p ? touch_inherited : 0));
  if (p)
    unmap(p, BIG_PAGES * PAGE);
}

/* Map all of BIG_FILE MAP_SHARED, read-only, and touch every page. */
static void
map_big_file(void)
{
  touch_read(map_file(BIG_FILE, BIG_PAGES * PAGE, PROT_READ, MAP_SHARED), BIG_PAGES);
}

/*
 * A child's work for children_pages: become a fresh mmapbench that
 * does the handshake itself (main's -idle), so that the figure is what
 * n processes running one program use.
 */
static void
exec_idle(void)
{
  char ready[12], go[12];
  char *argv[] = { "mmapbench", "-idle", ready, go, 0 };

  snprint_int(ready, ready_fd);
  snprint_int(go, go_fd);
  exec("mmapbench", argv);
  die("exec mmapbench");
}

/*
 * The pages n processes running this program use, each exec'd afresh:
 * the program's text is the file's cached pages, so it is there once
 * however many run it; the rest (data, stack, page tables) is each
 * one's own.
 */
static void
bench_mem_exec(int n)
{
  report_pages("mem-exec", n, children_pages(n, exec_idle));
}

/* The pages of this program's read-only (text) segment, from its ELF file. */
static void
bench_text_pages(void)
{
  struct elfhdr eh;
  struct proghdr ph;
  int fd, i;
  long pages = 0;

  fd = open("mmapbench", O_RDONLY);
  if (fd < 0 || read(fd, &eh, sizeof(eh)) != sizeof(eh))
    die("read mmapbench's ELF header");
  /* The program headers follow the ELF header in our programs. */
  if (eh.phoff != sizeof(eh))
    die("mmapbench: program headers not where expected");
  for (i = 0; i < eh.phnum; i++) {
    if (read(fd, &ph, sizeof(ph)) != sizeof(ph))
      die("read a program header");
    if (ph.type == ELF_PROG_LOAD && !(ph.flags & ELF_PROG_FLAG_WRITE))
      pages += (ph.filesz + PAGE - 1) / PAGE;
  }
  close(fd);
  report_pages("text-pages", 1, pages);
}

/*
 * The pages n unrelated processes use to share BIG_FILE: each child
 * opens and maps the file itself and touches all of it; the figure is
 * what they use beyond n children that map nothing.  With one copy of
 * the file's pages for all, it stays about flat in n.
 */
static void
bench_mem_procs(int n)
{
  long with = children_pages(n, map_big_file);

  report_pages("mem-procs-file", n, with - children_pages(n, 0));
}

/* -------------------------------------------- memory larger than RAM */

/* Print num / den with three decimals: a count per touch. */
static void
report_per_touch(char *name, long param, uint64 num, uint64 den)
{
  uint64 milli = (num * 1000 + den / 2) / den;

  printf("bench %s %ld %ld.%ld%ld%ld pages/touch disk\n", name, param, (long)(milli / 1000),
         (long)(milli / 100 % 10), (long)(milli / 10 % 10), (long)(milli % 10));
}

static struct vmstat
vm_now(void)
{
  struct vmstat st;

  if (vmstat(&st) < 0)
    die("vmstat");
  return st;
}

/* Read the first npages pages of HUGE_FILE with read(), a page a call. */
static uint64
run_huge_read(long npages)
{
  return time_reads(HUGE_FILE, npages);
}

/* The same through a MAP_SHARED mapping: a load from each page. */
static uint64
run_huge_mmap(long npages)
{
  return time_map_scan(HUGE_FILE, npages, MAP_SHARED);
}

/*
 * A working set of npages pages of HUGE_FILE, mapped MAP_SHARED: a
 * pass loads from each page, then a second, timed, does it again.
 */
static uint64
run_workset(long npages)
{
  char *p = map_file(HUGE_FILE, npages * PAGE, PROT_READ, MAP_SHARED);
  uint64 t0, t;

  touch_read(p, npages);
  t0 = clock_ns();
  touch_read(p, npages);
  t = clock_ns() - t0;
  unmap(p, npages * PAGE);
  return t;
}

/*
 * A store to each of npages pages from p, in the order of order[]
 * (random: 1) or in address order (0).  Returns the ns it took, and
 * the pages read from and written to swap meanwhile in *ins, *outs.
 */
static uint64
touch_pass(char *p, long npages, int random, uint64 *ins, uint64 *outs)
{
  volatile char *q = p;
  struct vmstat before = vm_now(), after;
  uint64 t0, t;
  long i;

  t0 = clock_ns();
  for (i = 0; i < npages; i++)
    q[(random ? order[i] : i) * PAGE] = 1;
  t = clock_ns() - t0;
  after = vm_now();
  *ins = after.pageins - before.pageins;
  *outs = after.pageouts - before.pageouts;
  return t;
}

/*
 * Anonymous memory of percent of free memory (free pages), made by a
 * first pass of stores; then a pass in address order and one in a
 * random order, each timed, with their page-ins and page-outs per
 * touch.
 */
static void
bench_anon_big(int percent, long free)
{
  long npages = free * percent / 100;
  char *p = map_anon(npages * PAGE, MAP_PRIVATE);
  uint64 t, ins, outs;

  order = (int *)map_anon(npages * sizeof(int), MAP_PRIVATE);
  shuffle(npages);
  touch_write(p, npages);
  t = touch_pass(p, npages, 0, &ins, &outs);
  report_ns("anon-seq", percent, t, npages, "io");
  report_per_touch("pageins-seq", percent, ins, npages);
  report_per_touch("pageouts-seq", percent, outs, npages);
  t = touch_pass(p, npages, 1, &ins, &outs);
  report_ns("anon-random", percent, t, npages, "io");
  report_per_touch("pageins-random", percent, ins, npages);
  report_per_touch("pageouts-random", percent, outs, npages);
  unmap((char *)order, npages * sizeof(int));
  unmap(p, npages * PAGE);
}

/* The figures of `mmapbench -bigmem`. */
static void
bench_bigmem(void)
{
  long free = free_pages(), npages = free * HUGE_PERCENT / 100, ws;
  int i;

  make_file(HUGE_FILE, npages);
  report_ns("bigscan-read", npages * PAGE / MIB, measure(run_huge_read, npages, RUNS_DISK),
            npages, "io");
  report_ns("bigscan-mmap", npages * PAGE / MIB, measure(run_huge_mmap, npages, RUNS_DISK),
            npages, "io");
  for (i = 0; i < NWORKSETS; i++) {
    ws = free * workset_percent[i] / 100;
    report_ns("workset-file", workset_percent[i], measure(run_workset, ws, 1), ws, "io");
  }
  unlink(HUGE_FILE);
  for (i = 0; i < NANONSIZES; i++)
    bench_anon_big(anon_percent[i], free);
}

/* ------------------------------------------------------------ main */

int
main(int argc, char *argv[])
{
  long n;
  int i;
  char c;

  /* A child of run_fork_exec. */
  if (argc == 2 && strcmp(argv[1], "-exit") == 0)
    exit(0);

  /* A child of bench_mem_exec: say it is here, then wait to be let go. */
  if (argc == 4 && strcmp(argv[1], "-idle") == 0) {
    write(atoi(argv[2]), "r", 1);
    read(atoi(argv[3]), &c, 1);
    exit(0);
  }

  if (argc == 2 && strcmp(argv[1], "-bigmem") == 0) {
    bench_bigmem();
    printf("bench done\n");
    exit(0);
  }

  /* First, while COLD_FILE is still on the disk only. */
  bench_fault_cold();

  report_ns("null-syscall", 1, measure(run_getpid, NULL_CALLS, RUNS), NULL_CALLS, "cpu");
  report_ns("clock-read", 1, measure(run_clock, CLOCK_CALLS, RUNS), CLOCK_CALLS, "cpu");
  report_ns("zero-page", 1, measure(run_fill, COPY_LOOPS, RUNS), COPY_LOOPS, "cpu");
  report_ns("copy-page", 1, measure(run_copy, COPY_LOOPS, RUNS), COPY_LOOPS, "cpu");

  report_ns("fault-anon", 1, measure(run_fault_anon, ANON_PAGES, RUNS), ANON_PAGES, "cpu");
  shared_area = map_anon(ANON_PAGES * PAGE, MAP_SHARED);
  touch_write(shared_area, ANON_PAGES);
  report_ns("fault-minor", 1, measure(run_fault_minor, ANON_PAGES, RUNS), ANON_PAGES, "cpu");
  touched_area = shared_area;
  report_ns("reaccess", 1, measure(run_reaccess, ANON_PAGES, RUNS),
            ANON_PAGES * REACCESS_LOOPS, "cpu");
  unmap(shared_area, ANON_PAGES * PAGE);

  make_file(SMALL_FILE, SMALL_PAGES);
  read_file(SMALL_FILE, SMALL_PAGES);
  report_ns("fault-file-cached", 1, measure(run_fault_file, SMALL_PAGES, RUNS),
            SMALL_PAGES, "cpu");
  report_ns("scan-read", SMALL_PAGES, measure(run_scan_read, SMALL_PAGES, RUNS),
            SMALL_PAGES, "cpu");
  report_ns("scan-mmap", SMALL_PAGES, measure(run_scan_mmap, SMALL_PAGES, RUNS),
            SMALL_PAGES, "cpu");

  make_file(BIG_FILE, BIG_PAGES);
  read_file(BIG_FILE, BIG_PAGES);
  report_ns("scan-read", BIG_PAGES, measure(run_scan_read, BIG_PAGES, RUNS),
            BIG_PAGES, "cpu");
  report_ns("scan-mmap", BIG_PAGES, measure(run_scan_mmap, BIG_PAGES, RUNS),
            BIG_PAGES, "cpu");
  fault_flags = MAP_SHARED;
  report_ns("fault-file-shared", BIG_PAGES, measure(run_fault_file, BIG_PAGES, RUNS),
            BIG_PAGES, "cpu");
  fault_flags = MAP_PRIVATE;
  report_ns("fault-file-private", BIG_PAGES, measure(run_fault_file, BIG_PAGES, RUNS),
            BIG_PAGES, "cpu");
  report_ns("read-cached", 1, measure(run_read_cached, READ_ROUNDS, RUNS),
            READ_ROUNDS * READ_PAGES, "cpu");

  report_ns("mmap-munmap", 1, measure(run_map_unmap, 1, RUNS), MAP_CALLS, "cpu");
  for (n = 1; n <= MAXMAPPINGS; n *= 100)
    bench_map_among(n);
  for (i = 0; i < NSIZES; i++) {
    report_ns("mmap", map_sizes[i], measure(run_map_only, map_sizes[i], RUNS), MAP_CALLS, "cpu");
    report_ns("munmap", map_sizes[i], measure(run_unmap_only, map_sizes[i], RUNS), MAP_CALLS, "cpu");
  }

  for (n = 1; n <= 16; n *= 4) {
    writeback_writes = 0;
    report_ns("munmap-writeback", n, measure(run_writeback, n, RUNS_FEW), n, "io");
    report_per_op("writeback-writes", n, writeback_writes, n * RUNS_FEW, "writes", "disk");
  }

  for (n = 0; n <= 8; n = n ? n * 2 : 1)
    bench_fork_cow(n);
  for (n = 0; n <= 8; n = n ? n * 2 : 1)
    bench_fork_heap(n);
  bench_fork_exit(0);
  bench_fork_exit(BIG_PAGES);
  report_ns("fork-exec", 1, measure(run_fork_exec, 0, RUNS_FEW), 1, "cpu");

  bench_pingpong(0);
  bench_pingpong(PINGPONG_SLEEPERS);

  for (n = 1; n <= MAXVMAS; n *= 10)
    bench_vmas(n);

  bench_mem_map("mem-map-lazy", 0);
  bench_mem_map("mem-map-populate", MAP_POPULATE);
  for (n = 1; n <= MAXCHILDREN; n *= 2)
    bench_mem_children("mem-children-shared", n, 1);
  for (n = 1; n <= MAXCHILDREN; n *= 2)
    bench_mem_children("mem-children-none", n, 0);
  for (n = 1; n <= MAXCHILDREN; n++)
    bench_mem_procs(n);
  bench_text_pages();
  bench_mem_exec(1);
  bench_mem_exec(MAXCHILDREN);

  unlink(SMALL_FILE);
  unlink(BIG_FILE);
  printf("bench done\n");
  exit(0);
}
