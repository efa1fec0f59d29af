/*
 * cachetest: the unified page cache contract.  A file's pages exist
 * once in memory, whoever reaches them: every MAP_SHARED mapping of the
 * file (in one process or in unrelated ones), read() and write(), and
 * MAP_PRIVATE mappings until they store.  So a store through one view
 * is seen through every other at once, no update is lost to another
 * view's write-back, pages are paid for once, and a system call whose
 * buffer is a mapped page of a file never deadlocks, on that file or
 * on another.
 *
 * The cases run under the runner of testcase.c, like mmaptest's: each
 * in a child of its own, with a check that free memory comes back
 * after it (the kernel counts clean cached file pages as free, and every
 * case unlinks its files).  One line per case, `test NAME: OK` or
 * `test NAME: FAILED (expected ..., saw ...)`, then ALL TESTS PASSED or
 * SOME TESTS FAILED.  `cachetest NAME...` runs only the named cases.
 *
 * Cases that expect the kernel to kill a process do the access in a
 * grandchild and check that it exits with status -1; the kernel's
 * "killed:" console lines are expected output.  Processes of a case
 * that must not end it early report through pipes and exit codes, never
 * through fail(): only the case's own process reports to the runner.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/diskstat.h"
#include "user/user.h"
#include "user/mman.h"
#include "user/pagein.h"
#include "user/testcase.h"

#define FILE_A    "cachetest.a"
#define FILE_B    "cachetest.b"
#define FILE_C    "cachetest.c"
#define RW        (PROT_READ | PROT_WRITE)
#define FEW       3              /* page-table pages a 16-page touch may need */

#define WRITERS   4              /* no_lost_updates: processes */
#define SLOTS     128            /* ints stored, SLOTS / WRITERS by each */
#define SLOT_GAP  64             /* bytes from one slot to the next */
#define SLOTS_LEN (SLOTS * SLOT_GAP)   /* two pages */

#define BIG       64             /* child_exit_writes_nothing: file pages */
#define SMALL     16             /* pages of the sharing cases' files */
#define ROUNDS    4              /* crossed_reads_no_deadlock */
#define HUGE      (1L << 30)     /* small_read_into_huge_lazy_buffer */

/*
 * Pages of each of two files that together hold more blocks than the
 * kernel's buffer cache (NBUF), so that going through both pushes the
 * blocks read or written before out of it.
 */
#define EVICT     (NBUF * BSIZE / PAGE / 2 + 2)
_Static_assert(2 * EVICT * (PAGE / BSIZE) > NBUF, "the two files must outnumber NBUF");
_Static_assert(EVICT * (PAGE / BSIZE) <= MAXFILE, "a file cannot hold EVICT pages");

/* The user stack is one page: big buffers live here instead. */
static char pagebuf[PAGE];
static char slotbuf[SLOTS_LEN];

/* ------------------------------------------------------------ helpers */

/* Move fd's offset n bytes on by reading (xv6 has no lseek). */
static void
skip(int fd, int n)
{
  int got;

  for (; n > 0; n -= got) {
    got = read(fd, pagebuf, n < PAGE ? n : PAGE);
    if (got <= 0)
      fail("read() to skip ahead", "end of file");
  }
}

/* Pages of free memory used since before (negative: pages freed). */
static long
pages_used(uint64 before)
{
  return ((long)before - (long)freemem()) / PAGE;
}

/* Load one byte of each of the n pages at p; returns their sum. */
static int
touch_pages(char *p, int n)
{
  int i, sum = 0;

  for (i = 0; i < n; i++)
    sum += ((volatile char *)p)[i * PAGE];
  return sum;
}

/* Truncate name to 0 bytes through an fd of its own. */
static void
truncate_file(char *name)
{
  close(open_ok(name, O_RDWR | O_TRUNC));
}

/* The runner's cleanup: a case that failed half-way leaves no files. */
static void
remove_files(void)
{
  unlink(FILE_A);
  unlink(FILE_B);
  unlink(FILE_C);
}

/*
 * Make the blocks of the files written so far leave the kernel's buffer
 * cache (NBUF buffers, the oldest reused first), by writing two files
 * of more blocks than it holds, so that the next fault on those files
 * must read the disk.  Unlinks the two files again.
 */
static void
evict_buffer_cache(void)
{
  close(make_file(FILE_B, EVICT * PAGE, O_RDONLY));
  close(make_file(FILE_C, EVICT * PAGE, O_RDONLY));
  unlink(FILE_B);
  unlink(FILE_C);
}

/* ------------------------------------------------- one page, many views */

/*
 * Two MAP_SHARED mappings of a file in one process are two views of one
 * page: a store through either is seen through the other at once, both
 * stores reach the file, and neither write-back undoes the other's.
 * (The stores are lower case: pattern() is all upper case.)
 */
static void
two_mappings_one_process(void)
{
  int fd = make_file(FILE_A, PAGE, O_RDWR);
  char *a = map_ok(PAGE, RW, MAP_SHARED, fd, 0);
  char *b = map_ok(PAGE, RW, MAP_SHARED, fd, 0);

  /* Both views resident before either stores. */
  expect_eq("a[0] before any store", a[0], pattern(0));
  expect_eq("b[1] before any store", b[1], pattern(1));
  a[0] = 'a';
  expect_eq("b[0] after a[0] = 'a'", b[0], 'a');
  b[1] = 'b';
  expect_eq("a[1] after b[1] = 'b'", a[1], 'b');
  munmap(a, PAGE);
  munmap(b, PAGE);
  close(fd);
  expect_eq("file byte 0 after both munmaps", file_byte(FILE_A, 0), 'a');
  expect_eq("file byte 1 after both munmaps", file_byte(FILE_A, 1), 'b');
  unlink(FILE_A);
}

/*
 * The other half of unrelated_processes_share: map the file itself,
 * say so ('m'), then after the parent's store report what p[0] holds,
 * store p[1] = 'C' and say so ('d'); stay mapped until the parent has
 * looked (closes go).
 */
static void
share_child(int go, int back)
{
  int fd = open(FILE_A, O_RDWR);
  volatile char *p = mmap(0, PAGE, RW, MAP_SHARED, fd, 0);

  if (fd < 0 || p == MAP_FAILED)
    exit(2);
  (void)p[0];   /* resident before the parent's store */
  tell(back, 'm');
  if (hear(go) < 0)
    exit(3);
  tell(back, p[0]);
  p[1] = 'C';
  tell(back, 'd');
  hear(go);
  exit(0);
}

/*
 * Processes that map a file each for themselves (no mapping inherited
 * through fork) share its pages: each sees the other's store at once,
 * with no munmap or msync in between.
 */
static void
unrelated_processes_share(void)
{
  int go[2], back[2], fd, child_saw = -1, parent_saw = -1;
  volatile char *p;

  close(make_file(FILE_A, PAGE, O_RDWR));
  make_pipe(go);
  make_pipe(back);
  fork_helper(share_child, go, back);
  close(go[0]);
  close(back[1]);
  fd = open(FILE_A, O_RDWR);
  p = mmap(0, PAGE, RW, MAP_SHARED, fd, 0);
  /* Look at each step, but let the child finish before judging. */
  if (p != MAP_FAILED && hear(back[0]) == 'm') {
    p[0] = 'P';
    tell(go[1], 'g');
    child_saw = hear(back[0]);
    if (hear(back[0]) == 'd')
      parent_saw = p[1];
  }
  close(go[1]);
  close(back[0]);
  expect_eq("the other process's exit status", reap(1), 0);
  expect(p != MAP_FAILED, "mmap to work");
  expect_eq("p[0] the other process sees after the store 'P'", child_saw, 'P');
  expect_eq("p[1] after the other process stored 'C'", parent_saw, 'C');
  munmap((char *)p, PAGE);
  close(fd);
  unlink(FILE_A);
}

/*
 * write() changes the page a mapping shows, at once; and the mapping's
 * later write-back does not undo the write().
 */
static void
write_seen_by_mapping(void)
{
  int fd = make_file(FILE_A, PAGE, O_RDWR);
  char *p = map_ok(PAGE, RW, MAP_SHARED, fd, 0);
  int fd2;

  expect_eq("p[0] before the write()", p[0], pattern(0));
  fd2 = open_ok(FILE_A, O_RDWR);
  expect_eq("write() through a second fd", write(fd2, "WRITE", 5), 5);
  expect(memcmp(p, "WRITE", 5) == 0, "the mapping to show write()'s bytes at once");
  p[100] = '#';
  munmap(p, PAGE);
  close(fd);
  close(fd2);
  expect_eq("file byte 0 (from write())", file_byte(FILE_A, 0), 'W');
  expect_eq("file byte 4 (from write())", file_byte(FILE_A, 4), 'E');
  expect_eq("file byte 100 (from the store)", file_byte(FILE_A, 100), '#');
  unlink(FILE_A);
}

/* read() sees a store through a MAP_SHARED mapping at once, no msync needed. */
static void
store_seen_by_read(void)
{
  int fd = make_file(FILE_A, PAGE, O_RDWR);
  char *p = map_ok(PAGE, RW, MAP_SHARED, fd, 0);

  p[7] = '#';
  expect_eq("byte 7 read() sees after the store", file_byte(FILE_A, 7), '#');
  munmap(p, PAGE);
  close(fd);
  unlink(FILE_A);
}

/* ---------------------------------------------------------- write-back */

/* The value no_lost_updates stores in slot s. */
static int
slot_value(int s)
{
  return 0x51070000 + s;
}

/*
 * Writer w of no_lost_updates: store its slots (every WRITERS-th, from
 * w on) through a mapping of its own.  Odd writers msync now and then;
 * writers 2 and 3 unmap and map again, so that write-backs and fresh
 * faults fall between the others' stores.  Exits 0, or 2 if the file
 * could not be mapped or synced.
 */
static void
slot_writer(int w, int start)
{
  int fd = open(FILE_A, O_RDWR), i, s;
  char *p = mmap(0, SLOTS_LEN, RW, MAP_SHARED, fd, 0);

  hear(start);   /* everyone starts together */
  for (i = 0; i < SLOTS / WRITERS && p != MAP_FAILED; i++) {
    s = i * WRITERS + w;
    *(volatile int *)(p + s * SLOT_GAP) = slot_value(s);
    if ((w & 1) && i % 4 == 3 && msync(p, SLOTS_LEN, MS_SYNC) < 0)
      exit(2);
    if ((w & 2) && i % 8 == 7) {
      munmap(p, SLOTS_LEN);
      p = mmap(0, SLOTS_LEN, RW, MAP_SHARED, fd, 0);
    }
    if (i % 8 == 7)
      sleep(1);   /* let the others run, on one hart too */
  }
  exit(fd < 0 || p == MAP_FAILED ? 2 : 0);
}

/* How many slots of FILE_A hold their value, read with read(). */
static int
slots_kept(void)
{
  int fd = open_ok(FILE_A, O_RDONLY), s, kept = 0;

  if (read(fd, slotbuf, SLOTS_LEN) != SLOTS_LEN)
    fail("read() of the whole file", "a short read");
  close(fd);
  for (s = 0; s < SLOTS; s++)
    if (*(int *)(slotbuf + s * SLOT_GAP) == slot_value(s))
      kept++;
  return kept;
}

/*
 * Processes storing into different parts of the same pages, each
 * through its own mapping, lose none of each other's stores, whatever
 * msync, munmap and mmap they do in between: write-back writes the one
 * page they all share.
 */
static void
no_lost_updates(void)
{
  int start[2], w;

  close(make_file(FILE_A, SLOTS_LEN, O_RDWR));
  make_pipe(start);
  for (w = 0; w < WRITERS; w++) {
    if (fork() == 0) {
      close(start[1]);
      slot_writer(w, start[0]);
    }
  }
  close(start[0]);
  close(start[1]);   /* go */
  expect_eq("a writer's exit status", reap(WRITERS), 0);
  expect_eq("slots of the file holding their stored value", slots_kept(), SLOTS);
  unlink(FILE_A);
}

/*
 * A grandchild of truncate_unmaps: map name's two pages, store into
 * both, truncate the file, then load from the first page, which must
 * kill it although its own PTE mapped the page.  Exits 0 if it lives.
 */
static void
touch_truncated_own_page(char *name)
{
  int fd = open(name, O_RDWR);
  char *p = mmap(0, 2 * PAGE, RW, MAP_SHARED, fd, 0);

  if (fd < 0 || p == MAP_FAILED)
    exit(2);
  p[0] = '#';
  p[PAGE] = '%';
  close(open(name, O_RDWR | O_TRUNC));
  (void)((volatile char *)p)[0];
  exit(0);
}

/*
 * Truncation takes the pages past the new end of file from every
 * mapping: touching one then kills, like any page past end of file;
 * and the stores made before it are not written back, since write-back
 * never extends a file.
 */
static void
truncate_unmaps(void)
{
  int fd = make_file(FILE_A, 2 * PAGE, O_RDWR);
  char *p = map_ok(2 * PAGE, RW, MAP_SHARED, fd, 0);

  p[0] = '#';
  p[PAGE] = '%';
  truncate_file(FILE_A);
  expect(kills_read(p), "a load from a truncated page to kill");
  expect(kills_write(p + PAGE), "a store to a truncated page to kill");
  expect_eq("munmap", munmap(p, 2 * PAGE), 0);
  close(fd);
  expect_eq("file size after munmap", file_size(FILE_A), 0);
  close(make_file(FILE_A, 2 * PAGE, O_RDWR));
  expect_eq("status of a process loading its own truncated page",
            run_child(touch_truncated_own_page, FILE_A), -1);
  expect_eq("file size after its exit", file_size(FILE_A), 0);
  unlink(FILE_A);
}

/* Check with read() that page i of name holds 'a' + i % 26 at byte i. */
static void
expect_page_stores(char *name, int npages)
{
  int fd = open_ok(name, O_RDONLY), i;

  for (i = 0; i < npages; i++) {
    if (read(fd, pagebuf, PAGE) != PAGE)
      expect_eq("whole pages read() from the file", i, npages);
    if (pagebuf[i] != 'a' + i % 26)
      expect_eq("page whose store is not in the file", i, -1);
  }
  close(fd);
}

/*
 * A child that inherits a dirty shared mapping and only reads it has
 * nothing to write back: its fork, exit and wait cost no disk write.
 * The parent's munmap then writes its stores.
 */
static void
child_exit_writes_nothing(void)
{
  int fd = make_file(FILE_A, BIG * PAGE, O_RDWR);
  char *p = map_ok(BIG * PAGE, RW, MAP_SHARED, fd, 0);
  struct diskstat before, after, unmapped;
  int i, status = -2;

  for (i = 0; i < BIG; i++)
    p[i * PAGE + i] = 'a' + i % 26;
  diskstat(&before);
  if (fork() == 0)
    exit(p[5 * PAGE + 5] == 'a' + 5 ? 0 : 2);
  wait(&status);
  diskstat(&after);
  expect_eq("the reading child's exit status", status, 0);
  expect_eq("disk writes of the child's fork, exit and wait", after.writes - before.writes, 0);
  munmap(p, BIG * PAGE);
  diskstat(&unmapped);
  expect(unmapped.writes > after.writes, "munmap of the dirty pages to write");
  close(fd);
  expect_page_stores(FILE_A, BIG);
  unlink(FILE_A);
}

/* Writable mappings of one page in many_mappings_written_once. */
#define MANY_MAPS 40

/*
 * A process that maps one page of a file writable MANY_MAPS times and
 * stores through every mapping writes the page back once when it
 * exits, not once for each mapping.
 */
static void
many_mappings_written_once(void)
{
  struct diskstat before, after;
  int status = -2, i, fd;
  char *p;

  close(make_file(FILE_A, PAGE, O_RDWR));
  diskstat(&before);
  if (fork() == 0) {
    fd = open(FILE_A, O_RDWR);
    for (i = 0; i < MANY_MAPS; i++) {
      p = mmap(0, PAGE, RW, MAP_SHARED, fd, 0);
      if (p == MAP_FAILED)
        exit(2);
      p[i] = 'A' + i % 26;
    }
    exit(0);
  }
  wait(&status);
  diskstat(&after);
  expect_eq("the storing child's exit status", status, 0);
  /* One page in one transaction: its 4 blocks, the inode, the log's header twice. */
  expect_le("disk writes of its exit", after.writes - before.writes, 16);
  for (i = 0; i < MANY_MAPS; i++)
    expect_eq("a stored byte in the file", file_byte(FILE_A, i), 'A' + i % 26);
  unlink(FILE_A);
}

/* ----------------------------------------- system calls on file pages */

/*
 * Fork a child that exits with 7, and wait for it with the status
 * going to where; what names that place.
 */
static void
wait_into(int *where, char *what)
{
  int pid = fork();

  if (pid < 0)
    fail("fork to work", "-1");
  if (pid == 0)
    exit(7);
  expect_eq(what, wait(where), pid);
  expect_eq("the status wait() stored", *where, 7);
}

/*
 * wait() stores the status into a file page that needs a fault first,
 * and may sleep in it (for the file's lock, or its I/O): so it must
 * hold no spinlock across the fault.  The pages: the guard page of a
 * MAP_GROWSUP mapping (which no prefault of the buffer sees), past end
 * of file; a guard page inside end of file, whose blocks have left the
 * buffer cache, so that the fault reads the disk; and an untouched page
 * of a mapping.
 */
static void
wait_status_into_unfaulted_page(void)
{
  int fd = make_file(FILE_A, PAGE, O_RDWR);
  char *p = map_ok(PAGE, RW, MAP_SHARED | MAP_GROWSUP, fd, 0);

  wait_into((int *)(p + PAGE), "wait() into a guard page past end of file to return the pid");
  munmap(p, 2 * PAGE);
  close(fd);
  fd = make_file(FILE_A, 2 * PAGE, O_RDWR);
  p = map_ok(PAGE, RW, MAP_SHARED | MAP_GROWSUP, fd, 0);
  evict_buffer_cache();
  wait_into((int *)(p + PAGE), "wait() into a guard page read from disk to return the pid");
  munmap(p, 2 * PAGE);
  close(fd);
  fd = make_file(FILE_A, 3 * PAGE, O_RDWR);
  p = map_ok(3 * PAGE, RW, MAP_SHARED, fd, 0);
  wait_into((int *)(p + 2 * PAGE + 8), "wait() into an untouched page to return the pid");
  munmap(p, 3 * PAGE);
  close(fd);
  unlink(FILE_A);
}

/*
 * read() and write() of a file whose user buffer is the guard page of a
 * MAP_GROWSUP mapping of that same file, in the very block being
 * copied (file page 1, the guard page of a one-page mapping of a
 * two-page file): the fault on the buffer happens in the middle of the
 * copy, and must not wait for a lock or buffer the copy holds.
 */
static void
read_into_own_guard_page(void)
{
  int fd = make_file(FILE_A, 2 * PAGE, O_RDWR);
  char *p = map_ok(PAGE, RW, MAP_SHARED | MAP_GROWSUP, fd, 0);

  skip(fd, PAGE + 200);
  expect_eq("read() into the guard page", read(fd, p + PAGE, 100), 100);
  expect_pattern(p + PAGE, PAGE + 200, 100);
  munmap(p, 2 * PAGE);
  close(fd);

  fd = make_file(FILE_A, 2 * PAGE, O_RDWR);
  p = map_ok(PAGE, RW, MAP_SHARED | MAP_GROWSUP, fd, 0);
  skip(fd, PAGE + 200);
  expect_eq("write() from the guard page", write(fd, p + PAGE, 100), 100);
  munmap(p, 2 * PAGE);
  close(fd);
  expect_eq("file byte 4296 (written from file byte 4096)", file_byte(FILE_A, PAGE + 200),
            pattern(PAGE));
  expect_eq("file byte 4395 (written from file byte 4195)", file_byte(FILE_A, PAGE + 299),
            pattern(PAGE + 99));
  unlink(FILE_A);
}

/*
 * One side of crossed_reads_no_deadlock: ROUNDS times, map dst afresh
 * (so that its pages are untouched) and read() all of src into the
 * mapping, starting each round together with the other side (tell it
 * on me, hear it on other).  The mapping is MAP_GROWSUP and one page
 * short, so that the copy's last page goes to its guard page, which
 * nothing can fault in before the copy starts.  Exits 0, or 2 if a
 * call failed.
 */
static void
cross_reader(char *src, char *dst, int me, int other)
{
  int r, sfd, dfd, ok = 1;
  long len = EVICT * PAGE;
  char *p;

  for (r = 0; r < ROUNDS && ok; r++) {
    sfd = open(src, O_RDONLY);
    dfd = open(dst, O_RDWR);
    p = mmap(0, len - PAGE, RW, MAP_SHARED | MAP_GROWSUP, dfd, 0);
    tell(me, 'r');
    ok = hear(other) == 'r' && sfd >= 0 && p != MAP_FAILED && read(sfd, p, len) == len;
    munmap(p, len);
    close(sfd);
    close(dfd);
  }
  exit(ok ? 0 : 2);
}

/*
 * Two processes read() each one file into a mapping of the other, at
 * the same time: each copy faults in pages of the other file while
 * reading its own.  Both must finish (no lock-order deadlock).  The two
 * files together outnumber the buffer cache, so that the reads wait
 * for the disk, on one hart too.
 */
static void
crossed_reads_no_deadlock(void)
{
  int ab[2], ba[2];

  close(make_file(FILE_A, EVICT * PAGE, O_RDWR));
  close(make_file(FILE_B, EVICT * PAGE, O_RDWR));
  make_pipe(ab);
  make_pipe(ba);
  if (fork() == 0) {
    close(ab[0]);
    close(ba[1]);
    cross_reader(FILE_A, FILE_B, ab[1], ba[0]);
  }
  if (fork() == 0) {
    close(ba[0]);
    close(ab[1]);
    cross_reader(FILE_B, FILE_A, ba[1], ab[0]);
  }
  close(ab[0]);
  close(ab[1]);
  close(ba[0]);
  close(ba[1]);
  expect_eq("a reader's exit status", reap(2), 0);
  expect_eq("file byte 5000 of B", file_byte(FILE_B, 5000), pattern(5000));
  unlink(FILE_A);
  unlink(FILE_B);
}

/* ------------------------------------------------- paying for pages once */

/*
 * A MAP_PRIVATE mapping maps the cached pages themselves until it
 * stores: its read faults copy nothing (page-table pages aside).  A
 * store copies that one page, and stays private: neither read() nor a
 * MAP_SHARED mapping sees it.  (The shared mapping is touched first,
 * so that the cached pages are mapped already, however the kernel
 * counts mapped cache pages.)
 */
static void
private_read_shares_cache_page(void)
{
  int fd = make_file(FILE_A, SMALL * PAGE, O_RDWR);
  char *s, *p;
  uint64 before;
  int i;

  for (i = 0; i < SMALL; i++)
    if (read(fd, pagebuf, PAGE) != PAGE)
      fail("read() of the whole file", "a short read");
  s = map_ok(SMALL * PAGE, PROT_READ, MAP_SHARED, fd, 0);
  touch_pages(s, SMALL);
  p = map_ok(SMALL * PAGE, RW, MAP_PRIVATE, fd, 0);
  before = freemem();
  expect_eq("sum of the first bytes", touch_pages(p, SMALL), touch_pages(s, SMALL));
  expect_le("pages 16 private read faults used", pages_used(before), FEW);
  before = freemem();
  p[5 * PAGE] = '#';
  expect_le("pages a private store used", pages_used(before), 1);
  expect_eq("private byte after the store", p[5 * PAGE], '#');
  expect_eq("private byte next to it", p[5 * PAGE + 1], pattern(5 * PAGE + 1));
  expect_eq("byte of the shared mapping", s[5 * PAGE], pattern(5 * PAGE));
  expect_eq("byte read() sees", file_byte(FILE_A, 5 * PAGE), pattern(5 * PAGE));
  munmap(p, SMALL * PAGE);
  munmap(s, SMALL * PAGE);
  close(fd);
  unlink(FILE_A);
}

/*
 * The other process of shared_pages_counted_once: map the file itself
 * once the parent has touched every page ('t'), touch every page too,
 * and send back how many pages of free memory that took (as an int).
 */
static void
second_toucher(int go, int back)
{
  int fd = open(FILE_A, O_RDONLY), used = -1;
  char *p = mmap(0, SMALL * PAGE, PROT_READ, MAP_SHARED, fd, 0);
  uint64 before;

  if (hear(go) == 't' && fd >= 0 && p != MAP_FAILED) {
    before = freemem();
    touch_pages(p, SMALL);
    used = pages_used(before);
  }
  write(back, &used, sizeof(used));
  exit(0);
}

/*
 * Unrelated processes mapping the same file pay for its pages once:
 * the second one's touches cost no data pages.
 */
static void
shared_pages_counted_once(void)
{
  int go[2], back[2], fd, used = -1;
  char *p;

  close(make_file(FILE_A, SMALL * PAGE, O_RDWR));
  make_pipe(go);
  make_pipe(back);
  fork_helper(second_toucher, go, back);
  close(go[0]);
  close(back[1]);
  fd = open(FILE_A, O_RDONLY);
  p = mmap(0, SMALL * PAGE, PROT_READ, MAP_SHARED, fd, 0);
  if (p != MAP_FAILED) {
    touch_pages(p, SMALL);
    tell(go[1], 't');
  }
  close(go[1]);
  if (read(back[0], &used, sizeof(used)) != sizeof(used))
    used = -1;
  close(back[0]);
  expect_eq("the second process's exit status", reap(1), 0);
  expect(p != MAP_FAILED, "mmap to work");
  expect(used >= 0, "the second process to map and touch the file");
  expect_le("pages the second process's 16 touches used", used, FEW);
  munmap(p, SMALL * PAGE);
  close(fd);
  unlink(FILE_A);
}

/*
 * read() commits only the pages it copies into: a 10-byte file read
 * into a fresh 1 GiB lazy buffer costs a data page and its page-table
 * pages, not the whole buffer.
 */
static void
small_read_into_huge_lazy_buffer(void)
{
  int fd = make_file(FILE_A, 10, O_RDONLY);
  char *p = map_ok(HUGE, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  uint64 before = freemem();
  long used;
  int n;

  n = read(fd, p, HUGE);
  used = pages_used(before);
  expect_eq("bytes read() from a 10-byte file", n, 10);
  expect_le("pages a 10-byte read() into the buffer used", used, 4);
  expect_pattern(p, 0, 10);
  munmap(p, HUGE);
  close(fd);
  unlink(FILE_A);
}

/* -------------------------------------------------------------- driver */

static struct testcase cases[] = {
  { "two_mappings_one_process", two_mappings_one_process },
  { "unrelated_processes_share", unrelated_processes_share },
  { "write_seen_by_mapping", write_seen_by_mapping },
  { "store_seen_by_read", store_seen_by_read },
  { "no_lost_updates", no_lost_updates },
  { "truncate_unmaps", truncate_unmaps },
  { "child_exit_writes_nothing", child_exit_writes_nothing },
  { "many_mappings_written_once", many_mappings_written_once },
  { "wait_status_into_unfaulted_page", wait_status_into_unfaulted_page },
  { "read_into_own_guard_page", read_into_own_guard_page },
  { "crossed_reads_no_deadlock", crossed_reads_no_deadlock },
  { "private_read_shares_cache_page", private_read_shares_cache_page },
  { "shared_pages_counted_once", shared_pages_counted_once },
  { "small_read_into_huge_lazy_buffer", small_read_into_huge_lazy_buffer },
};

int
main(int argc, char *argv[])
{
  exit(run_cases(cases, NCASES(cases), argc, argv, remove_files) ? 1 : 0);
}
