/*
 * mmaptest: the memory-mapping contract of mmap(2) (doc/man/mmap.2),
 * rule by rule.
 *
 * Every case runs in a child process of its own, so that a case that
 * crashes or is killed cannot take the others with it, and the parent
 * compares free memory (sysinfo) before the child and after reaping it:
 * a case passes only if it holds and nothing leaked.  A failing child
 * sends its reason to the parent through a pipe; the parent prints one
 * line per case:
 *   test NAME: OK
 *   test NAME: FAILED (expected ..., saw ...)
 * and at the end ALL TESTS PASSED or SOME TESTS FAILED.  The runner and
 * the helpers cachetest also uses are in testcase.c.
 *
 * Cases that expect the kernel to kill a process for a bad access do
 * that access in a grandchild and check that it exits with status -1;
 * the kernel's "killed:" console lines are expected output.
 *
 * `mmaptest NAME...` runs only the named cases.
 */
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "kernel/sysinfo.h"
#include "kernel/vmainfo.h"
#include "kernel/diskstat.h"
#include "user/user.h"
#include "user/mman.h"
#include "user/pagein.h"
#include "user/testcase.h"

#define FILE_NAME  "mmaptest.tmp"
#define FILE2_NAME "mmaptest2.tmp"
#define RISCV_RET  0x00008067   /* the instruction jalr x0, 0(ra) */
#define MANY       1000         /* mappings at once in the "many" case */
#define NOWHERE    ((char *)(MAXVA / 2))   /* never mapped by these tests */

/* The user stack is one page: big buffers live here instead. */
static char pagebuf[PAGE];

/* ------------------------------------------------------------ helpers */

static char *
map(void *addr, long len, int prot, int flags, int fd, long off)
{
  return mmap(addr, len, prot, flags, fd, off);
}

static char *
anon(long len)
{
  return map_ok(len, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
}

static void
do_exec(char *p)
{
  ((void (*)(void))p)();
}

/* Does executing p kill the process that tries? */
static int
kills_exec(char *p)
{
  return run_child(do_exec, p) == -1;
}

/* The number of mmap'ed mappings of this process (vmainfo). */
static int
nmappings(void)
{
  static struct vmainfo info[64];
  int i, n = vmainfo(0, info, 64), mapped = 0;

  for (i = 0; i < n; i++)
    mapped += info[i].role == VMA_MMAP;
  return mapped;
}

/* vmainfo entry of this process's mapping containing addr, in *out. */
static int
info_of(char *addr, struct vmainfo *out)
{
  static struct vmainfo info[64];
  int i, n = vmainfo(0, info, 64);

  for (i = 0; i < n; i++) {
    if (info[i].start <= (uint64)addr && (uint64)addr < info[i].end) {
      *out = info[i];
      return 0;
    }
  }
  return -1;
}

/* ------------------------------------------------------- file contents */

static void
file_content(void)
{
  int fd = make_file(FILE_NAME, 2 * PAGE + 1000, O_RDONLY);
  char *p = map_ok(3 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);

  close(fd);
  expect_pattern(p, 0, 2 * PAGE + 1000);
  munmap(p, 3 * PAGE);
  unlink(FILE_NAME);
}

static void
file_zero_tail(void)
{
  int fd = make_file(FILE_NAME, PAGE + 100, O_RDONLY);
  char *p = map_ok(2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);

  expect_zero(p + PAGE + 100, PAGE - 100);
  munmap(p, 2 * PAGE);
  close(fd);
  unlink(FILE_NAME);
}

static void
beyond_eof_kills(void)
{
  int fd = make_file(FILE_NAME, PAGE + 100, O_RDONLY);
  char *p = map_ok(4 * PAGE, PROT_READ, MAP_SHARED, fd, 0);

  expect(!kills_read(p + PAGE + 200), "the partial last page to be readable");
  expect(kills_read(p + 2 * PAGE), "a page wholly past end of file to kill");
  munmap(p, 4 * PAGE);
  close(fd);
  unlink(FILE_NAME);
}

static void
offset_maps_that_part(void)
{
  int fd = make_file(FILE_NAME, 4 * PAGE, O_RDONLY);
  char *p = map_ok(2 * PAGE, PROT_READ, MAP_SHARED, fd, 2 * PAGE);

  expect_pattern(p, 2 * PAGE, 2 * PAGE);
  munmap(p, 2 * PAGE);
  close(fd);
  unlink(FILE_NAME);
}

static void
private_stays_private(void)
{
  int fd = make_file(FILE_NAME, 2 * PAGE, O_RDWR);
  char *p = map_ok(2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

  p[10] = '#';
  p[PAGE + 10] = '#';
  expect_eq("mapped byte after store", p[10], '#');
  munmap(p, 2 * PAGE);
  close(fd);
  expect_eq("file byte 10 after private store", file_byte(FILE_NAME, 10), pattern(10));
  expect_eq("file byte 4106", file_byte(FILE_NAME, PAGE + 10), pattern(PAGE + 10));
  unlink(FILE_NAME);
}

static void
private_write_on_rdonly_fd(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDONLY);
  char *p = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

  p[0] = '#';
  expect_eq("byte after store", p[0], '#');
  expect_eq("byte 1", p[1], pattern(1));
  munmap(p, PAGE);
  close(fd);
  expect_eq("file byte 0", file_byte(FILE_NAME, 0), pattern(0));
  unlink(FILE_NAME);
}

static void
shared_write_needs_writable_fd(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDONLY);

  expect(map(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED,
         "MAP_SHARED|PROT_WRITE on an O_RDONLY fd to fail");
  expect(map(0, PAGE, PROT_READ, MAP_SHARED, fd, 0) != MAP_FAILED,
         "MAP_SHARED|PROT_READ on an O_RDONLY fd to work");
  close(fd);
  unlink(FILE_NAME);
}

static void
unreadable_fd_fails(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_WRONLY);

  expect(map(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED,
         "mapping an O_WRONLY fd to fail");
  close(fd);
  unlink(FILE_NAME);
}

/* ------------------------------------------------------------ write-back */

static void
shared_writeback_at_munmap(void)
{
  int fd = make_file(FILE_NAME, 2 * PAGE, O_RDWR);
  char *p = map_ok(2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

  p[5] = '#';
  p[PAGE + 5] = '%';
  expect_eq("munmap", munmap(p, 2 * PAGE), 0);
  close(fd);
  expect_eq("file byte 5", file_byte(FILE_NAME, 5), '#');
  expect_eq("file byte 4101", file_byte(FILE_NAME, PAGE + 5), '%');
  unlink(FILE_NAME);
}

static void
writeback_only_dirty_pages(void)
{
  int fd = make_file(FILE_NAME, 2 * PAGE, O_RDWR);
  char *p = map_ok(2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  volatile char c;

  p[0] = '#';      /* page 0: dirty */
  c = p[PAGE];     /* page 1: resident but clean */
  (void)c;
  /* Change page 1 in the file behind the mapping's back. */
  if (read(fd, pagebuf, PAGE) != PAGE || write(fd, "!", 1) != 1)
    fail("read and write to work", "-1");
  munmap(p, 2 * PAGE);
  close(fd);
  expect_eq("file byte 0 (dirty page written back)", file_byte(FILE_NAME, 0), '#');
  expect_eq("file byte 4096 (clean page not written)", file_byte(FILE_NAME, PAGE), '!');
  unlink(FILE_NAME);
}

static void
writeback_never_extends(void)
{
  int fd = make_file(FILE_NAME, PAGE + 100, O_RDWR);
  char *p = map_ok(2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

  p[PAGE + 50] = '#';
  p[PAGE + 500] = '%';   /* past end of file, inside the last page */
  munmap(p, 2 * PAGE);
  close(fd);
  expect_eq("file size", file_size(FILE_NAME), PAGE + 100);
  expect_eq("file byte 4146", file_byte(FILE_NAME, PAGE + 50), '#');
  unlink(FILE_NAME);
}

static void
close_while_mapped(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDWR);
  char *p = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

  close(fd);
  expect_pattern(p, 0, 100);
  p[1] = '#';
  munmap(p, PAGE);
  expect_eq("file byte 1", file_byte(FILE_NAME, 1), '#');
  unlink(FILE_NAME);
}

static void
unlink_while_mapped(void)
{
  int fd = make_file(FILE_NAME, 2 * PAGE, O_RDWR);
  char *p = map_ok(2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

  close(fd);
  unlink(FILE_NAME);
  expect_pattern(p, 0, 2 * PAGE);
  p[0] = '#';
  expect_eq("munmap after unlink", munmap(p, 2 * PAGE), 0);
  expect(open(FILE_NAME, O_RDONLY) < 0, "the file to stay unlinked");
}

static void
msync_writes_now(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDWR);
  char *p = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

  p[3] = '#';
  expect_eq("msync MS_SYNC", msync(p, PAGE, MS_SYNC), 0);
  expect_eq("file byte 3 after msync", file_byte(FILE_NAME, 3), '#');
  p[4] = '%';   /* the mapping stays, and is still written back */
  expect_eq("msync MS_ASYNC|MS_INVALIDATE", msync(p, PAGE, MS_ASYNC | MS_INVALIDATE), 0);
  expect_eq("file byte 4 after second msync", file_byte(FILE_NAME, 4), '%');
  munmap(p, PAGE);
  close(fd);
  unlink(FILE_NAME);
}

/*
 * Parent and child share a file page and both have stored to it; the
 * child stores again after the parent's msync.  The parent's next msync
 * must write that store too: the first one may not leave the page
 * counted clean while the child can still store without a fault.
 */
static void
msync_writes_sharers_stores(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDWR);
  char *p = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  int go[2], done[2], status, sync1 = -1, sync2 = -1, byte1 = -1, byte2 = -1;
  char c;

  if (pipe(go) < 0 || pipe(done) < 0)
    fail("pipe to work", "-1");
  p[0] = 'P';
  if (fork() == 0) {
    close(go[1]);
    close(done[0]);
    p[1] = 'X';
    write(done[1], "x", 1);
    if (read(go[0], &c, 1) != 1)
      exit(2);
    p[1] = 'Y';   /* through the PTE that the first store made writable */
    write(done[1], "y", 1);
    read(go[0], &c, 1);   /* stay alive until the parent has looked */
    exit(0);
  }
  close(go[0]);
  close(done[1]);
  /* Look at each step, but let the child finish before judging. */
  if (read(done[0], &c, 1) == 1) {
    sync1 = msync(p, PAGE, MS_SYNC);
    byte1 = file_byte(FILE_NAME, 1);
    write(go[1], "g", 1);
  }
  if (read(done[0], &c, 1) == 1) {
    sync2 = msync(p, PAGE, MS_SYNC);
    byte2 = file_byte(FILE_NAME, 1);
  }
  close(go[1]);
  close(done[0]);
  wait(&status);
  expect_eq("child status", status, 0);
  expect_eq("msync after the child's first store", sync1, 0);
  expect_eq("file byte 1 after the first msync", byte1, 'X');
  expect_eq("msync after the child's second store", sync2, 0);
  expect_eq("file byte 1 after the second msync", byte2, 'Y');
  munmap(p, PAGE);
  close(fd);
  unlink(FILE_NAME);
}

static void
msync_bad_arguments(void)
{
  char *p = map_ok(2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

  expect_eq("msync MS_SYNC|MS_ASYNC", msync(p, PAGE, MS_SYNC | MS_ASYNC), -1);
  expect_eq("msync unknown flag", msync(p, PAGE, 0x40), -1);
  expect_eq("msync unaligned", msync(p + 1, PAGE, MS_SYNC), -1);
  expect_eq("msync past the mapping", msync(p, 3 * PAGE, MS_SYNC), -1);
  munmap(p + PAGE, PAGE);
  expect_eq("msync over a hole", msync(p, 2 * PAGE, MS_SYNC), -1);
  expect_eq("msync on a mapping", msync(p, PAGE, MS_SYNC), 0);
  munmap(p, PAGE);
}

/* --------------------------------------------------------- laziness */

static void
lazy_sees_later_write(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDWR);
  char *p = map_ok(PAGE, PROT_READ, MAP_PRIVATE, fd, 0);

  if (write(fd, "LAZY", 4) != 4)
    fail("write to work", "-1");
  expect(p[0] == 'L' && p[3] == 'Y', "the first touch to see a write() made after mmap");
  munmap(p, PAGE);
  close(fd);
  unlink(FILE_NAME);
}

static void
lazy_allocates_nothing(void)
{
  uint64 before = freemem();
  char *p = anon(64 * PAGE);
  uint64 after = freemem();

  expect(before - after <= 2 * PAGE, "mmap of 64 pages to allocate at most 2 pages");
  p[0] = 1;
  munmap(p, 64 * PAGE);
}

static void
populate_is_eager(void)
{
  int fd = make_file(FILE_NAME, 8 * PAGE, O_RDONLY);
  uint64 before = freemem();
  char *p = map_ok(8 * PAGE, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  uint64 after = freemem();

  expect(before - after >= 8 * PAGE, "MAP_POPULATE to allocate all 8 pages at once");
  expect_pattern(p, 0, 8 * PAGE);
  munmap(p, 8 * PAGE);
  close(fd);
  unlink(FILE_NAME);
}

static void
populate_dirties_nothing(void)
{
  int fd = make_file(FILE_NAME, 2 * PAGE, O_RDWR);
  char *p = map_ok(2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);

  /* Change the file behind the populated, never written mapping. */
  if (write(fd, "!", 1) != 1)
    fail("write to work", "-1");
  munmap(p, 2 * PAGE);
  close(fd);
  expect_eq("file byte 0 (populated pages are clean)", file_byte(FILE_NAME, 0), '!');
  unlink(FILE_NAME);
}

/* ----------------------------------------------------------- munmap */

static void
munmap_head(void)
{
  char *p = anon(3 * PAGE);

  p[0] = p[PAGE] = p[2 * PAGE] = 7;
  expect_eq("munmap head", munmap(p, PAGE), 0);
  expect(kills_read(p), "reading the unmapped head to kill");
  expect_eq("byte of the rest", p[PAGE] + p[2 * PAGE], 14);
  munmap(p + PAGE, 2 * PAGE);
}

static void
munmap_tail(void)
{
  char *p = anon(3 * PAGE);

  p[0] = p[PAGE] = p[2 * PAGE] = 7;
  expect_eq("munmap tail", munmap(p + 2 * PAGE, PAGE), 0);
  expect(kills_write(p + 2 * PAGE), "writing the unmapped tail to kill");
  expect_eq("byte of the rest", p[0] + p[PAGE], 14);
  munmap(p, 2 * PAGE);
}

static void
munmap_middle(void)
{
  char *p = anon(3 * PAGE);

  p[0] = p[PAGE] = p[2 * PAGE] = 7;
  expect_eq("munmap middle", munmap(p + PAGE, PAGE), 0);
  expect(kills_read(p + PAGE), "reading the unmapped middle to kill");
  expect_eq("bytes around the hole", p[0] + p[2 * PAGE], 14);
  p[2 * PAGE + 1] = 3;
  munmap(p, 3 * PAGE);
  expect(kills_read(p + 2 * PAGE), "reading after the last munmap to kill");
}

static void
munmap_several(void)
{
  char *a = map_ok(2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *b = map(a + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

  expect(b == a + 2 * PAGE, "the fixed mapping at its address");
  a[0] = 1;
  expect_eq("munmap of two mappings", munmap(a, 3 * PAGE), 0);
  expect(kills_read(a), "the first to be gone");
  expect(kills_read(b), "the second to be gone");
}

static void
munmap_unmapped_is_fine(void)
{
  char *p = anon(PAGE);

  munmap(p, PAGE);
  expect_eq("munmap of nothing", munmap(p, PAGE), 0);
}

static void
munmap_bad_arguments(void)
{
  char *p = anon(2 * PAGE);

  expect_eq("munmap unaligned", munmap(p + 1, PAGE), -1);
  expect_eq("munmap len 0", munmap(p, 0), -1);
  p[0] = 1;
  expect_eq("mapping intact", p[0], 1);
  munmap(p, 2 * PAGE);
}

static void
munmap_writes_back_part(void)
{
  int fd = make_file(FILE_NAME, 3 * PAGE, O_RDWR);
  char *p = map_ok(3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

  p[PAGE] = '#';
  p[2 * PAGE] = '%';
  munmap(p + PAGE, PAGE);
  expect_eq("file byte 4096 after munmap of its page", file_byte(FILE_NAME, PAGE), '#');
  munmap(p, 3 * PAGE);
  expect_eq("file byte 8192 after munmap", file_byte(FILE_NAME, 2 * PAGE), '%');
  close(fd);
  unlink(FILE_NAME);
}

/* ------------------------------------------------- addresses and fixed */

static void
fixed_replaces(void)
{
  char *p = anon(2 * PAGE);
  char *q;

  p[0] = p[PAGE] = 9;
  q = map(p, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  expect(q == p, "MAP_FIXED to return addr");
  expect_eq("byte of the new mapping", p[0], 0);
  expect_eq("byte of the old mapping's rest", p[PAGE], 9);
  munmap(p, 2 * PAGE);
}

static void
fixed_replace_writes_back(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDWR);
  char *p = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

  p[0] = '#';
  expect(map(p, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == p,
         "MAP_FIXED over a file mapping");
  expect_eq("file byte 0 after replacement", file_byte(FILE_NAME, 0), '#');
  munmap(p, PAGE);
  close(fd);
  unlink(FILE_NAME);
}

static void
fixed_noreplace(void)
{
  char *p = anon(3 * PAGE);
  char *q;

  munmap(p + 2 * PAGE, PAGE);
  expect(map(p + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0)
         == MAP_FAILED, "MAP_FIXED_NOREPLACE over a mapping to fail");
  q = map(p + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  expect(q == p + 2 * PAGE, "MAP_FIXED_NOREPLACE on a free range to map there");
  munmap(p, 3 * PAGE);
}

static void
fixed_bad_addresses(void)
{
  char *heap = sbrk(0);
  int f = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
  char *p = anon(PAGE);

  expect(map(p + 1, PAGE, PROT_READ, f, -1, 0) == MAP_FAILED, "unaligned MAP_FIXED to fail");
  expect(map((char *)PGROUNDDOWN((uint64)heap) - PAGE, PAGE, PROT_READ, f, -1, 0) == MAP_FAILED,
         "MAP_FIXED in the program image to fail");
  expect(map(0, PAGE, PROT_READ, f, -1, 0) == MAP_FAILED, "MAP_FIXED at 0 to fail");
  expect(map((char *)TRAPFRAME, PAGE, PROT_READ, f, -1, 0) == MAP_FAILED,
         "MAP_FIXED at TRAPFRAME to fail");
  expect(map((char *)TRAPFRAME - PAGE, 2 * PAGE, PROT_READ, f, -1, 0) == MAP_FAILED,
         "MAP_FIXED reaching TRAPFRAME to fail");
  expect(map((char *)TRAPFRAME - PAGE, PAGE, PROT_READ, f, -1, 0) == (char *)TRAPFRAME - PAGE,
         "MAP_FIXED just below TRAPFRAME to work");
  munmap((char *)TRAPFRAME - PAGE, PAGE);
  munmap(p, PAGE);
}

static void
hint_used_when_free(void)
{
  char *p = anon(4 * PAGE);
  char *q;

  munmap(p, 4 * PAGE);
  q = map(p + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  expect(q == p + PAGE, "a free, aligned hint to be used");
  munmap(q, PAGE);
}

static void
hint_ignored_when_busy(void)
{
  char *p = anon(2 * PAGE);
  char *q;

  p[0] = 5;
  q = map(p, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  expect(q != MAP_FAILED && q != p, "a busy hint to be replaced by a free address");
  expect_eq("byte of the first mapping", p[0], 5);
  q = map(p + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  expect(q != MAP_FAILED && (uint64)q % PAGE == 0, "an unaligned hint to give an aligned mapping");
  munmap(p, 2 * PAGE);
}

static void
never_returns_zero(void)
{
  char *p = map(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  expect(p != 0 && p != MAP_FAILED, "a non-zero address");
  expect((uint64)p >= (uint64)sbrk(0) && (uint64)p + PAGE <= TRAPFRAME,
         "the mapping between the heap and TRAPFRAME");
}

/* ------------------------------------------------------ bad arguments */

static void
bad_length(void)
{
  expect(map(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED, "len 0 to fail");
  expect(map(0, -PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED,
         "a wrapping len to fail");
  expect(map(0, TRAPFRAME, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED,
         "a len reaching TRAPFRAME to fail");
}

static void
bad_offset(void)
{
  int fd = make_file(FILE_NAME, 2 * PAGE, O_RDONLY);

  expect(map(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED, "unaligned off to fail");
  expect(map(0, PAGE, PROT_READ, MAP_PRIVATE, fd, -PAGE) == MAP_FAILED, "negative off to fail");
  expect(map(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, PAGE) == MAP_FAILED,
         "anonymous with off != 0 to fail");
  close(fd);
  unlink(FILE_NAME);
}

static void
bad_flags_and_prot(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDWR);

  expect(map(0, PAGE, PROT_READ, MAP_SHARED | MAP_PRIVATE, fd, 0) == MAP_FAILED,
         "MAP_SHARED|MAP_PRIVATE to fail");
  expect(map(0, PAGE, PROT_READ, 0, fd, 0) == MAP_FAILED, "neither SHARED nor PRIVATE to fail");
  expect(map(0, PAGE, PROT_READ, MAP_PRIVATE | 0x40000, fd, 0) == MAP_FAILED,
         "an unknown flag to fail");
  expect(map(0, PAGE, 0x10, MAP_PRIVATE, fd, 0) == MAP_FAILED, "an unknown prot bit to fail");
  close(fd);
  unlink(FILE_NAME);
}

static void
bad_fds(void)
{
  int pfd[2], dfd, cfd;

  expect(map(0, PAGE, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED, "fd -1 to fail");
  expect(map(0, PAGE, PROT_READ, MAP_PRIVATE, 15, 0) == MAP_FAILED, "a closed fd to fail");
  expect(map(0, PAGE, PROT_READ, MAP_PRIVATE, NOFILE, 0) == MAP_FAILED, "fd NOFILE to fail");
  if (pipe(pfd) < 0)
    fail("pipe to work", "-1");
  expect(map(0, PAGE, PROT_READ, MAP_PRIVATE, pfd[0], 0) == MAP_FAILED, "a pipe to fail");
  close(pfd[0]);
  close(pfd[1]);
  dfd = open(".", O_RDONLY);
  expect(map(0, PAGE, PROT_READ, MAP_PRIVATE, dfd, 0) == MAP_FAILED, "a directory to fail");
  close(dfd);
  cfd = open("console", O_RDWR);
  if (cfd >= 0) {
    expect(map(0, PAGE, PROT_READ, MAP_SHARED, cfd, 0) == MAP_FAILED, "a device to fail");
    close(cfd);
  }
}

static void
anonymous_ignores_fd(void)
{
  char *p = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 12, 0);

  expect_zero(p, PAGE);
  munmap(p, PAGE);
}

/* ------------------------------------------------------- protection */

static void
prot_none_kills(void)
{
  char *p = map_ok(PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  expect(kills_read(p), "reading PROT_NONE to kill");
  expect(kills_write(p), "writing PROT_NONE to kill");
  munmap(p, PAGE);
}

static void
prot_read_kills_write(void)
{
  char *p = map_ok(PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  expect(!kills_read(p), "reading PROT_READ to work");
  expect(kills_write(p), "writing PROT_READ to kill");
  munmap(p, PAGE);
}

static void
prot_exec_enforced(void)
{
  char *p = anon(PAGE);
  char *x;

  *(uint32 *)p = RISCV_RET;
  expect(kills_exec(p), "executing without PROT_EXEC to kill");
  x = map_ok(PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  *(uint32 *)x = RISCV_RET;
  asm volatile("fence.i");
  expect(!kills_exec(x), "executing PROT_EXEC code to work");
  munmap(p, PAGE);
  munmap(x, PAGE);
}

static void
unmapped_access_kills(void)
{
  char *p = anon(PAGE);

  munmap(p, PAGE);
  expect(kills_read(p), "reading an unmapped page to kill");
  expect(kills_write(NOWHERE), "writing far above the heap to kill");
}

static void
mprotect_changes_access(void)
{
  char *p = anon(2 * PAGE);

  p[0] = 4;
  expect_eq("mprotect read-only", mprotect(p, 2 * PAGE, PROT_READ), 0);
  expect(kills_write(p), "a write after mprotect(PROT_READ) to kill");
  expect_eq("byte still readable", p[0], 4);
  expect_eq("mprotect none", mprotect(p, 2 * PAGE, PROT_NONE), 0);
  expect(kills_read(p), "a read after mprotect(PROT_NONE) to kill");
  expect_eq("mprotect back", mprotect(p, 2 * PAGE, PROT_READ | PROT_WRITE), 0);
  expect_eq("byte kept through PROT_NONE", p[0], 4);
  p[PAGE] = 5;
  expect_eq("byte written after mprotect back", p[PAGE], 5);
  munmap(p, 2 * PAGE);
}

/*
 * Stores made before mprotect takes PROT_WRITE away still reach the
 * file at munmap: the process stops being a writer of those pages.
 */
static void
mprotect_keeps_stores(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDWR);
  char *p = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  struct diskstat before, after;

  p[9] = '!';
  diskstat(&before);
  expect_eq("mprotect read-only", mprotect(p, PAGE, PROT_READ), 0);
  expect_eq("munmap", munmap(p, PAGE), 0);
  diskstat(&after);
  /* read() would see the cached page either way: count the disk writes. */
  expect(after.writes > before.writes, "the stored page to be written to the disk");
  close(fd);
  expect_eq("stored byte in the file", file_byte(FILE_NAME, 9), '!');
  unlink(FILE_NAME);
}

static void
mprotect_splits(void)
{
  int before = nmappings();
  char *p = anon(3 * PAGE);
  struct vmainfo vi;

  expect_eq("mprotect middle", mprotect(p + PAGE, PAGE, PROT_READ), 0);
  expect_eq("mappings after a middle mprotect", nmappings(), before + 3);
  info_of(p + PAGE, &vi);
  expect_eq("middle prot", vi.prot, PROT_READ);
  expect(kills_write(p + PAGE), "a write to the read-only middle to kill");
  p[0] = p[2 * PAGE] = 1;
  expect_eq("mprotect back", mprotect(p + PAGE, PAGE, PROT_READ | PROT_WRITE), 0);
  expect_eq("mappings after merging back", nmappings(), before + 1);
  munmap(p, 3 * PAGE);
}

static void
mprotect_bad_arguments(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDONLY);
  char *p = map_ok(PAGE, PROT_READ, MAP_SHARED, fd, 0);
  char *q = anon(PAGE);

  expect_eq("adding PROT_WRITE to a shared read-only-fd mapping",
            mprotect(p, PAGE, PROT_READ | PROT_WRITE), -1);
  expect_eq("mprotect unaligned", mprotect(q + 1, PAGE, PROT_READ), -1);
  expect_eq("mprotect bad prot", mprotect(q, PAGE, 0x10), -1);
  munmap(q, PAGE);
  expect_eq("mprotect unmapped", mprotect(q, PAGE, PROT_READ), -1);
  munmap(p, PAGE);
  close(fd);
  unlink(FILE_NAME);
}

/* --------------------------------------------------------------- fork */

static void
fork_anon_shared(void)
{
  char *p = map_ok(2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int status;

  p[0] = 1;
  if (fork() == 0) {
    p[0] = 2;          /* a page the parent touched */
    p[PAGE] = 3;       /* a page nobody touched before */
    exit(0);
  }
  wait(&status);
  expect_eq("parent sees child's store", p[0], 2);
  expect_eq("parent sees child's store to a fresh page", p[PAGE], 3);
  munmap(p, 2 * PAGE);
}

static void
fork_anon_private(void)
{
  char *p = anon(2 * PAGE);
  int status;

  p[0] = 1;
  if (fork() == 0) {
    if (p[0] != 1)
      exit(2);
    p[0] = 2;
    p[PAGE] = 3;
    exit(0);
  }
  wait(&status);
  expect_eq("child status", status, 0);
  expect_eq("parent's byte after child's store", p[0], 1);
  expect_eq("parent's untouched page", p[PAGE], 0);
  munmap(p, 2 * PAGE);
}

static void
fork_file_shared(void)
{
  int fd = make_file(FILE_NAME, 2 * PAGE, O_RDWR);
  char *p = map_ok(2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  int status;

  p[0] = '#';
  if (fork() == 0) {
    if (p[0] != '#')
      exit(2);
    p[1] = '%';
    p[PAGE] = '&';
    exit(0);
  }
  wait(&status);
  expect_eq("child status", status, 0);
  expect_eq("parent sees child's store", p[1], '%');
  expect_eq("parent sees child's store on a fresh page", p[PAGE], '&');
  munmap(p, 2 * PAGE);
  close(fd);
  expect_eq("file byte 1", file_byte(FILE_NAME, 1), '%');
  expect_eq("file byte 4096", file_byte(FILE_NAME, PAGE), '&');
  unlink(FILE_NAME);
}

static void
fork_file_private(void)
{
  int fd = make_file(FILE_NAME, 2 * PAGE, O_RDWR);
  char *p = map_ok(2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  int status;

  p[0] = '#';
  if (fork() == 0) {
    if (p[0] != '#')
      exit(2);
    p[0] = '%';
    p[PAGE] = '&';
    exit(0);
  }
  wait(&status);
  expect_eq("child status", status, 0);
  expect_eq("parent's byte", p[0], '#');
  expect_eq("parent's other page", p[PAGE], pattern(PAGE));
  munmap(p, 2 * PAGE);
  close(fd);
  expect_eq("file byte 0", file_byte(FILE_NAME, 0), pattern(0));
  unlink(FILE_NAME);
}

static void
cow_shares_until_written(void)
{
  char *p = anon(32 * PAGE);
  int i, status;

  for (i = 0; i < 32; i++)
    p[i * PAGE] = i;
  if (fork() == 0) {
    uint64 before = freemem(), mid, after;
    int sum = 0;
    for (i = 0; i < 32; i++)
      sum += p[i * PAGE];
    mid = freemem();
    for (i = 0; i < 32; i++)
      p[i * PAGE] = 100;
    after = freemem();
    if (sum != 31 * 32 / 2 || before - mid > PAGE || mid - after < 32 * PAGE)
      exit(2);
    exit(0);
  }
  wait(&status);
  expect_eq("child's status (0 = reads shared, writes copied)", status, 0);
  expect_eq("parent's byte", p[5 * PAGE], 5);
  munmap(p, 32 * PAGE);
}

static void
child_unmap_leaves_parent(void)
{
  char *p = anon(2 * PAGE);
  int status;

  p[0] = 6;
  if (fork() == 0) {
    munmap(p, 2 * PAGE);
    exit(0);
  }
  wait(&status);
  if (fork() == 0)
    *(volatile char *)NOWHERE = 1;   /* crash */
  wait(&status);
  expect_eq("crashed child's status", status, -1);
  expect_eq("parent's byte", p[0], 6);
  munmap(p, 2 * PAGE);
}

/* --------------------------------------------------- exit and exec */

static void
exit_writes_back(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDWR);
  int status;

  if (fork() == 0) {
    char *p = map(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    p[7] = '#';
    exit(0);
  }
  wait(&status);
  close(fd);
  expect_eq("file byte 7 after child's exit", file_byte(FILE_NAME, 7), '#');
  unlink(FILE_NAME);
}

static void
kill_writes_back(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDWR);
  int status;

  if (fork() == 0) {
    char *p = map(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    p[8] = '#';
    *(volatile char *)NOWHERE = 1;   /* no mapping: killed */
    exit(0);
  }
  wait(&status);
  close(fd);
  expect_eq("killed child's status", status, -1);
  expect_eq("file byte 8 after the kill", file_byte(FILE_NAME, 8), '#');
  unlink(FILE_NAME);
}

static void
exec_writes_back(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDWR);
  char *argv[] = { "mmaptest", "-exit", 0 };
  int status;

  if (fork() == 0) {
    char *p = map(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    p[9] = '#';
    exec("mmaptest", argv);
    exit(3);
  }
  wait(&status);
  close(fd);
  expect_eq("exec'd child's status", status, 0);
  expect_eq("file byte 9 after exec", file_byte(FILE_NAME, 9), '#');
  unlink(FILE_NAME);
}

static void
exec_drops_mappings(void)
{
  char *argv[] = { "mmaptest", "-mappings", 0 };
  int status;

  anon(2 * PAGE)[0] = 1;
  if (fork() == 0) {
    exec("mmaptest", argv);
    exit(100);
  }
  wait(&status);
  expect_eq("mappings of the exec'd program", status, 0);
}

/* -------------------------------------- system calls on mapped memory */

static void
syscall_reads_into_untouched(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDONLY);
  char *p = anon(2 * PAGE);

  expect_eq("read() into an untouched mapping", read(fd, p + PAGE - 100, 300), 300);
  expect_pattern(p + PAGE - 100, 0, 300);
  munmap(p, 2 * PAGE);
  close(fd);
  unlink(FILE_NAME);
}

static void
syscall_writes_from_untouched(void)
{
  int fd = make_file(FILE_NAME, 2 * PAGE, O_RDONLY);
  char *p = map_ok(2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  int out;

  close(fd);
  out = open(FILE2_NAME, O_CREATE | O_RDWR);
  expect_eq("write() from an untouched file mapping", write(out, p, 2 * PAGE), 2 * PAGE);
  close(out);
  expect_eq("copied byte 5000", file_byte(FILE2_NAME, 5000), pattern(5000));
  munmap(p, 2 * PAGE);
  unlink(FILE_NAME);
  unlink(FILE2_NAME);
}

static void
syscall_pipe_buffers(void)
{
  char *src = map_ok(PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  char *dst = anon(PAGE);
  int pfd[2];

  if (pipe(pfd) < 0)
    fail("pipe to work", "-1");
  expect_eq("write() to a pipe from an untouched page", write(pfd[1], src, 100), 100);
  expect_eq("read() from a pipe into an untouched page", read(pfd[0], dst, 100), 100);
  expect_zero(dst, 100);
  close(pfd[0]);
  close(pfd[1]);
  munmap(src, PAGE);
  munmap(dst, PAGE);
}

static void
syscall_exec_path_in_mapping(void)
{
  int fd, status;
  char *p;
  char *argv[] = { "mmaptest", "-exit", 0 };

  unlink(FILE_NAME);
  fd = open(FILE_NAME, O_CREATE | O_RDWR);
  write(fd, "mmaptest", 9);
  close(fd);
  fd = open(FILE_NAME, O_RDONLY);
  p = map_ok(PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (fork() == 0) {
    exec(p, argv);   /* the path is in a page nobody touched */
    exit(3);
  }
  wait(&status);
  expect_eq("status of exec with its path in a mapping", status, 0);
  munmap(p, PAGE);
  unlink(FILE_NAME);
}

static void
kernel_write_to_readonly_fails(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDONLY);
  char *p = map_ok(PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  expect_eq("read() into a read-only mapping", read(fd, p, 10), -1);
  expect_zero(p, 10);
  munmap(p, PAGE);
  close(fd);
  unlink(FILE_NAME);
}

/* ------------------------------------------------------------ limits */

static void
many_mappings(void)
{
  static char *maps[MANY];
  int i, n, fd = make_file(FILE_NAME, PAGE, O_RDONLY);

  for (i = 0; i < MANY; i++) {
    /* Alternate kinds so that neighbours cannot merge. */
    if (i % 2)
      maps[i] = map(0, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    else
      maps[i] = map(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (maps[i] == MAP_FAILED)
      expect_eq("mappings made before a failure", i, MANY);
  }
  n = vmainfo(0, 0, 0);
  expect_eq("vmainfo with max 0", n, 0);
  for (i = 0; i < MANY; i++) {
    if (i % 2)
      expect_eq("byte of a file mapping", maps[i][1], pattern(1));
    else
      maps[i][0] = 1;
  }
  for (i = 0; i < MANY; i++)
    munmap(maps[i], PAGE);
  close(fd);
  unlink(FILE_NAME);
}

static void
huge_untouched(void)
{
  long len = 2L * XV6_MEMORY_MB * 1024 * 1024;
  char *p = map_ok(len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  p[0] = 1;
  p[len / 2] = 2;
  p[len - 1] = 3;
  expect_eq("bytes at both ends", p[0] + p[len / 2] + p[len - 1], 6);
  expect_eq("munmap of a huge mapping", munmap(p, len), 0);
}

static void
out_of_memory_kills_faulter(void)
{
  long len = 2L * XV6_MEMORY_MB * 1024 * 1024;
  char *p = map_ok(len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  long i;
  int status;

  if (fork() == 0) {
    for (i = 0; i < len; i += PAGE)
      p[i] = 1;
    exit(0);   /* not reached: memory is smaller than the mapping */
  }
  wait(&status);
  expect_eq("status of the process that ran out of memory", status, -1);
  p[0] = 7;
  expect_eq("parent still works", p[0], 7);
  munmap(p, len);
}

/* ------------------------------------------------------------ growsup */

static void
growsup_grows(void)
{
  char *p = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSUP, -1, 0);
  struct vmainfo vi;
  int i;

  for (i = 0; i < 8; i++)
    p[i * PAGE] = i;   /* each touch of the guard page grows it by one */
  info_of(p, &vi);
  expect_eq("size after growth", vi.end - vi.start, 8 * PAGE);
  expect_eq("byte of a grown page", p[7 * PAGE], 7);
  munmap(p, 8 * PAGE);
}

static void
growsup_stops_below_mapping(void)
{
  char *p = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSUP, -1, 0);
  char *q = map(p + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

  expect(q == p + 2 * PAGE, "a mapping one page above");
  expect(kills_write(p + PAGE), "touching a guard page with no room to grow to kill");
  munmap(q, PAGE);
  expect(!kills_write(p + PAGE), "touching it with room to work");
  munmap(p, 2 * PAGE);
}

static void
growsup_extends_file(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDWR);
  char *p = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_GROWSUP, fd, 0);

  p[PAGE + 10] = '#';
  munmap(p, 2 * PAGE);
  close(fd);
  expect_eq("file size after growth", file_size(FILE_NAME), 2 * PAGE);
  expect_eq("file byte 4106", file_byte(FILE_NAME, PAGE + 10), '#');
  unlink(FILE_NAME);
}

/*
 * In a MAP_GROWSUP file mapping only the pages grown through the guard
 * page may lie wholly past end of file; the mapping's own pages there
 * kill as in any file mapping, also after a split and a merge.
 */
/*
 * Any page of a file-backed MAP_GROWSUP mapping may lie past end of
 * file: it reads as zeros, and the pages stored into extend the file at
 * write-back (the gap before them filled with zeros).
 */
static void
growsup_file_past_eof(void)
{
  int fd = make_file(FILE_NAME, PAGE, O_RDWR);
  char *p = map_ok(3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_GROWSUP, fd, 0);

  expect_pattern(p, 0, 100);
  expect(!kills_read(p + PAGE), "a page past end of file to be readable");
  expect_zero(p + PAGE, PAGE);
  p[2 * PAGE + 5] = 'g';
  p[3 * PAGE] = 'h';   /* the guard page: grows the mapping */
  expect_eq("munmap", munmap(p, 4 * PAGE), 0);
  close(fd);
  expect_eq("file size: up to the last page stored into", file_size(FILE_NAME), 4 * PAGE);
  expect_eq("an unstored page past the old end", file_byte(FILE_NAME, PAGE + 7), 0);
  expect_eq("a stored page past the old end", file_byte(FILE_NAME, 2 * PAGE + 5), 'g');
  expect_eq("the grown page", file_byte(FILE_NAME, 3 * PAGE), 'h');
  unlink(FILE_NAME);
}

/* An empty file mapped MAP_GROWSUP grows with the stores into it. */
static void
growsup_empty_file(void)
{
  int fd = make_file(FILE_NAME, 0, O_RDWR);
  char *p = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_GROWSUP, fd, 0);

  p[0] = 'e';
  p[PAGE + 1] = 'f';   /* the guard page */
  expect_eq("munmap", munmap(p, 2 * PAGE), 0);
  close(fd);
  expect_eq("file size", file_size(FILE_NAME), 2 * PAGE);
  expect_eq("first byte", file_byte(FILE_NAME, 0), 'e');
  expect_eq("grown byte", file_byte(FILE_NAME, PAGE + 1), 'f');
  unlink(FILE_NAME);
}

/* --------------------------------------------------- address space */

static void
sbrk_stops_at_mapping(void)
{
  char *top = sbrk(0);
  char *at = (char *)PGROUNDUP((uint64)top) + 4 * PAGE;
  char *q = map(at, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

  expect(q == at, "a mapping just above the heap");
  expect(sbrk(8 * PAGE) == (char *)-1, "sbrk into a mapping to fail");
  expect(sbrk(PAGE) != (char *)-1, "sbrk below the mapping to work");
  munmap(q, PAGE);
}

/* The number of mmap'ed mappings vmainfo reports for a forked child of ours. */
static int
other_process_mappings(void)
{
  static struct vmainfo info[64];
  int pfd[2], pid, n, i, mapped = 0;
  char c;

  if (pipe(pfd) < 0)
    fail("pipe to work", "-1");
  pid = fork();
  if (pid == 0) {
    close(pfd[1]);
    read(pfd[0], &c, 1);   /* wait until the parent has looked */
    exit(0);
  }
  n = vmainfo(pid, info, 64);
  close(pfd[1]);
  close(pfd[0]);
  wait(0);
  for (i = 0; i < n; i++)
    mapped += info[i].role == VMA_MMAP;
  return mapped;
}

static void
vmainfo_reports(void)
{
  int fd = make_file(FILE_NAME, 3 * PAGE, O_RDONLY);
  char *p = map_ok(2 * PAGE, PROT_READ, MAP_SHARED, fd, PAGE);
  struct stat st;
  struct vmainfo vi;
  volatile char c = p[0];

  (void)c;
  fstat(fd, &st);
  expect_eq("vmainfo finds the mapping", info_of(p, &vi), 0);
  expect_eq("start", vi.start, (uint64)p);
  expect_eq("end", vi.end, (uint64)p + 2 * PAGE);
  expect_eq("prot", vi.prot, PROT_READ);
  expect_eq("flags", vi.flags, MAP_SHARED);
  expect_eq("inum", vi.inum, st.ino);
  expect_eq("offset", vi.offset, PAGE);
  expect_eq("resident", vi.resident, 1);
  expect_eq("vmainfo of no such process", vmainfo(100000, &vi, 1), -1);
  expect_eq("vmainfo of another process", other_process_mappings(), nmappings());
  munmap(p, 2 * PAGE);
  close(fd);
  unlink(FILE_NAME);
}

static void
adjacent_mappings_merge(void)
{
  int before = nmappings();
  char *p = anon(2 * PAGE);
  char *q = map(p + 2 * PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                -1, 0);

  expect(q == p + 2 * PAGE, "the fixed mapping at its place");
  expect_eq("mappings after adding a compatible neighbour", nmappings(), before + 1);
  munmap(p, 3 * PAGE);
}

/* -------------------------------------------------------------- driver */

static struct testcase cases[] = {
  { "file_content", file_content },
  { "file_zero_tail", file_zero_tail },
  { "beyond_eof_kills", beyond_eof_kills },
  { "offset_maps_that_part", offset_maps_that_part },
  { "private_stays_private", private_stays_private },
  { "private_write_on_rdonly_fd", private_write_on_rdonly_fd },
  { "shared_write_needs_writable_fd", shared_write_needs_writable_fd },
  { "unreadable_fd_fails", unreadable_fd_fails },
  { "shared_writeback_at_munmap", shared_writeback_at_munmap },
  { "writeback_only_dirty_pages", writeback_only_dirty_pages },
  { "writeback_never_extends", writeback_never_extends },
  { "close_while_mapped", close_while_mapped },
  { "unlink_while_mapped", unlink_while_mapped },
  { "msync_writes_now", msync_writes_now },
  { "msync_bad_arguments", msync_bad_arguments },
  { "msync_writes_sharers_stores", msync_writes_sharers_stores },
  { "lazy_sees_later_write", lazy_sees_later_write },
  { "lazy_allocates_nothing", lazy_allocates_nothing },
  { "populate_is_eager", populate_is_eager },
  { "populate_dirties_nothing", populate_dirties_nothing },
  { "munmap_head", munmap_head },
  { "munmap_tail", munmap_tail },
  { "munmap_middle", munmap_middle },
  { "munmap_several", munmap_several },
  { "munmap_unmapped_is_fine", munmap_unmapped_is_fine },
  { "munmap_bad_arguments", munmap_bad_arguments },
  { "munmap_writes_back_part", munmap_writes_back_part },
  { "fixed_replaces", fixed_replaces },
  { "fixed_replace_writes_back", fixed_replace_writes_back },
  { "fixed_noreplace", fixed_noreplace },
  { "fixed_bad_addresses", fixed_bad_addresses },
  { "hint_used_when_free", hint_used_when_free },
  { "hint_ignored_when_busy", hint_ignored_when_busy },
  { "never_returns_zero", never_returns_zero },
  { "bad_length", bad_length },
  { "bad_offset", bad_offset },
  { "bad_flags_and_prot", bad_flags_and_prot },
  { "bad_fds", bad_fds },
  { "anonymous_ignores_fd", anonymous_ignores_fd },
  { "prot_none_kills", prot_none_kills },
  { "prot_read_kills_write", prot_read_kills_write },
  { "prot_exec_enforced", prot_exec_enforced },
  { "unmapped_access_kills", unmapped_access_kills },
  { "mprotect_changes_access", mprotect_changes_access },
  { "mprotect_splits", mprotect_splits },
  { "mprotect_keeps_stores", mprotect_keeps_stores },
  { "mprotect_bad_arguments", mprotect_bad_arguments },
  { "fork_anon_shared", fork_anon_shared },
  { "fork_anon_private", fork_anon_private },
  { "fork_file_shared", fork_file_shared },
  { "fork_file_private", fork_file_private },
  { "cow_shares_until_written", cow_shares_until_written },
  { "child_unmap_leaves_parent", child_unmap_leaves_parent },
  { "exit_writes_back", exit_writes_back },
  { "kill_writes_back", kill_writes_back },
  { "exec_writes_back", exec_writes_back },
  { "exec_drops_mappings", exec_drops_mappings },
  { "syscall_reads_into_untouched", syscall_reads_into_untouched },
  { "syscall_writes_from_untouched", syscall_writes_from_untouched },
  { "syscall_pipe_buffers", syscall_pipe_buffers },
  { "syscall_exec_path_in_mapping", syscall_exec_path_in_mapping },
  { "kernel_write_to_readonly_fails", kernel_write_to_readonly_fails },
  { "many_mappings", many_mappings },
  { "huge_untouched", huge_untouched },
  { "out_of_memory_kills_faulter", out_of_memory_kills_faulter },
  { "growsup_grows", growsup_grows },
  { "growsup_stops_below_mapping", growsup_stops_below_mapping },
  { "growsup_extends_file", growsup_extends_file },
  { "growsup_file_past_eof", growsup_file_past_eof },
  { "growsup_empty_file", growsup_empty_file },
  { "sbrk_stops_at_mapping", sbrk_stops_at_mapping },
  { "vmainfo_reports", vmainfo_reports },
  { "adjacent_mappings_merge", adjacent_mappings_merge },
};

int
main(int argc, char *argv[])
{
  /* Exec targets of the exec cases. */
  if (argc == 2 && strcmp(argv[1], "-exit") == 0)
    exit(0);
  if (argc == 2 && strcmp(argv[1], "-mappings") == 0)
    exit(nmappings());
  exit(run_cases(cases, NCASES(cases), argc, argv, 0) ? 1 : 0);
}
