/*
 * imagetest: the address space is made of VMAs, the program image,
 * stack and heap included (exec.c, heap.c).
 *
 * Each case runs under the runner of testcase.c, in a child of its own,
 * with a check that free memory comes back after it.  One line per
 * case, then ALL TESTS PASSED or SOME TESTS FAILED; `imagetest NAME...`
 * runs only the named cases.
 *
 * The program carries a large read-only table (text, shared through the
 * page cache) and a large bss (anonymous, paged in on first touch), so
 * that exec's costs are plain in free-memory counts.  `imagetest -hold
 * R H` is the exec target of a case: it writes one byte to fd R and
 * waits for fd H to reach end of file; `imagetest -exit` exits at once;
 * `imagetest -count` is sbrk_takes_file_pages's.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/vmainfo.h"
#include "kernel/riscv.h"
#include "kernel/memlayout.h"
#include "user/user.h"
#include "user/mman.h"
#include "user/pagein.h"
#include "user/testcase.h"

#define RW           (PROT_READ | PROT_WRITE)
#define TABLE_PAGES  32      /* read-only data, in the text segment */
#define BSS_PAGES    1024    /* 4 MiB of bss */
#define HEAP_PAGES   64      /* cow_heap_and_stack */
#define MAXINFO      32
#define GIB          (1L << 30)

/* Filled in so that the compiler must keep every page of it. */
static const char table[TABLE_PAGES * PAGE] = { [0] = 1, [TABLE_PAGES * PAGE - 1] = 2 };
static char bss[BSS_PAGES * PAGE];
static struct vmainfo info[MAXINFO];

/* This process's first mapping with this role, in *out.  Returns 0, or -1. */
static int
find_role(int pid, int role, struct vmainfo *out)
{
  int i, n = vmainfo(pid, info, MAXINFO);

  for (i = 0; i < n; i++) {
    if (info[i].role == role) {
      *out = info[i];
      return 0;
    }
  }
  return -1;
}

/* Read every page of the table, so that all of it is resident. */
static int
read_table(void)
{
  int i, sum = 0;

  for (i = 0; i < TABLE_PAGES * PAGE; i += PAGE)
    sum += ((volatile const char *)table)[i];
  return sum;
}

/* n (0 to 99) in decimal, in buf. */
static char*
decimal(char *buf, int n)
{
  if (n >= 10) {
    buf[0] = '0' + n / 10;
    buf[1] = '0' + n % 10;
    buf[2] = 0;
  } else {
    buf[0] = '0' + n;
    buf[1] = 0;
  }
  return buf;
}

/*
 * Fork a child that runs `PROG -hold` (PROG: this program's file, or a
 * copy of it) on the caller's pipes ready and hold, and wait until it
 * runs.  Returns its pid.  Of the caller's ends, only hold[1] stays
 * open: closing it lets the child exit.
 */
static int
spawn_holder(char *prog, int ready[2], int hold[2])
{
  char r[4], h[4];
  char *argv[] = { "imagetest", "-hold", r, h, 0 };
  int pid;

  decimal(r, ready[1]);
  decimal(h, hold[0]);
  pid = fork();
  if (pid < 0)
    fail("fork to succeed", "-1");
  if (pid == 0) {
    close(ready[0]);
    close(hold[1]);
    exec(prog, (char **)argv);
    exit(4);
  }
  close(ready[1]);
  close(hold[0]);
  if (hear(ready[0]) != 'r')
    fail("the exec'd program to report", "nothing (its exec failed)");
  close(ready[0]);
  return pid;
}

/* spawn_holder on pipes of its own; *release is the fd to close. */
static int
start_holder(char *prog, int *release)
{
  int ready[2], hold[2], pid;

  make_pipe(ready);
  make_pipe(hold);
  pid = spawn_holder(prog, ready, hold);
  *release = hold[1];
  return pid;
}

/*
 * `imagetest -hold R H`: see the head of the file.  Before it exits it
 * reads the far ends of its read-only table, and exits 0 only if they
 * hold what the program file held when it started.
 */
static void
hold(int ready, int release)
{
  char c;

  write(ready, "r", 1);
  close(ready);
  while (read(release, &c, 1) > 0)
    ;
  exit(table[0] == 1 && table[TABLE_PAGES * PAGE - 1] == 2 ? 0 : 3);
}

/* ------------------------------------------------------------- the cases */

/*
 * A second process running the same program maps the text's pages from
 * the page cache: it costs far fewer pages than the text it maps, and
 * its 4 MiB of bss cost nothing until touched.
 */
static void
exec_maps_few_pages(void)
{
  struct vmainfo text;
  uint64 before;
  long used;
  int pid, release;

  read_table();
  before = freemem();
  pid = start_holder("imagetest", &release);
  used = (long)(before - freemem()) / PAGE;
  expect_eq("the holder's text mapping to be found", find_role(pid, VMA_TEXT, &text), 0);
  expect(text.inum != 0, "the text to map the program file");
  /* Its text alone is more than TABLE_PAGES, its bss BSS_PAGES. */
  expect_le("pages a second copy of the program costs", used, 24);
  close(release);
  reap(1);
}

/* The layout exec makes: text at 0, data, the guard page, the stack, the heap. */
static void
layout_is_vmas(void)
{
  struct vmainfo text, data, guard, stack;

  expect_eq("a text mapping", find_role(0, VMA_TEXT, &text), 0);
  expect_eq("a data mapping", find_role(0, VMA_DATA, &data), 0);
  expect_eq("a guard mapping", find_role(0, VMA_GUARD, &guard), 0);
  expect_eq("a stack mapping", find_role(0, VMA_STACK, &stack), 0);
  expect_eq("text at address 0", text.start, 0);
  expect(text.prot == (PROT_READ | PROT_EXEC), "text to be r-x");
  expect(data.prot == RW, "data to be rw-");
  expect(data.start >= text.end, "data above text");
  expect(guard.prot == PROT_NONE && guard.end - guard.start == PAGE, "a one-page guard");
  expect_eq("the stack right above its guard", stack.start, guard.end);
  expect(stack.start <= (uint64)&text && (uint64)&text < stack.end, "locals on the stack");
  expect((uint64)bss >= data.start && (uint64)bss < guard.start, "bss below the guard");
  expect_eq("a store below the stack to kill", kills_write((char *)guard.start), 1);
  expect_eq("a store to text to kill", kills_write((char *)table), 1);
}

/*
 * The heap is a VMA that sbrk grows and shrinks; munmap, mprotect and
 * MAP_FIXED leave it alone.
 */
static void
heap_is_a_vma(void)
{
  struct vmainfo heap, stack;
  char *base, *top;

  expect_eq("a stack mapping", find_role(0, VMA_STACK, &stack), 0);
  base = sbrk(0);
  top = sbrk(3 * PAGE);
  expect(top != SBRK_ERROR, "sbrk to grow");
  top += 3 * PAGE;
  expect_eq("a heap mapping", find_role(0, VMA_HEAP, &heap), 0);
  expect_eq("the heap starting at the stack's top", heap.start, stack.end);
  expect_eq("the heap ending at the break (rounded)", heap.end, ((uint64)top + PAGE - 1) & ~(uint64)(PAGE - 1));
  top[-1] = 'h';
  expect_eq("munmap of heap pages to succeed", munmap(top - PAGE, PAGE), 0);
  expect_eq("the heap byte after munmap", top[-1], 'h');
  expect_eq("mprotect of the heap", mprotect(top - PAGE, PAGE, PROT_READ), -1);
  expect(mmap(top - PAGE, PAGE, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED,
         "MAP_FIXED over the heap to fail");
  expect(sbrk(-3 * PAGE) != SBRK_ERROR, "sbrk to shrink");
  expect_eq("the break back", (uint64)sbrk(0), (uint64)base);
  if ((uint64)base == stack.end) {
    expect_eq("no heap mapping when the heap is empty", find_role(0, VMA_HEAP, &heap), -1);
  } else {
    expect_eq("a heap mapping after the shrink", find_role(0, VMA_HEAP, &heap), 0);
    expect_eq("the heap cut back", heap.end, ((uint64)base + PAGE - 1) & ~(uint64)(PAGE - 1));
  }
}

/*
 * fork shares heap and stack copy-on-write: the child costs few pages
 * until it stores, and each side keeps its own stores.
 */
static void
cow_heap_and_stack(void)
{
  volatile int local = 1;
  char *heap = sbrk(HEAP_PAGES * PAGE);
  int go[2], back[2], pid, i;
  uint64 before;
  long used;
  char c;

  expect(heap != SBRK_ERROR, "sbrk to grow");
  for (i = 0; i < HEAP_PAGES; i++)
    heap[i * PAGE] = 'p';
  make_pipe(go);
  make_pipe(back);
  before = freemem();
  pid = fork();
  if (pid < 0)
    fail("fork to succeed", "-1");
  if (pid == 0) {
    close(go[1]);
    close(back[0]);
    write(back[1], "f", 1);              /* forked */
    read(go[0], &c, 1);
    for (i = 0; i < HEAP_PAGES; i++)
      heap[i * PAGE] = 'c';
    local = 2;
    write(back[1], heap[0] == 'c' && local == 2 ? "y" : "n", 1);
    read(go[0], &c, 1);
    exit(0);
  }
  close(go[0]);
  close(back[1]);
  read(back[0], &c, 1);
  used = (long)(before - freemem()) / PAGE;
  expect_le("pages a forked child costs before it stores", used, 24);
  write(go[1], "s", 1);
  read(back[0], &c, 1);
  expect_eq("the child to see its own stores", c, 'y');
  used = (long)(before - freemem()) / PAGE;
  expect(used >= HEAP_PAGES, "the child's stores to copy its heap pages");
  for (i = 0; i < HEAP_PAGES; i++)
    if (heap[i * PAGE] != 'p')
      fail("the parent's heap to keep its bytes", "the child's");
  expect_eq("the parent's stack variable", local, 1);
  close(go[1]);
  close(back[0]);
  reap(1);
  sbrk(-HEAP_PAGES * PAGE);
}

/*
 * Move the break to end, lazily, a GiB at a time at most (sbrk takes an
 * int).  Returns 0, or -1 if a step failed.
 */
static int
break_at(uint64 end)
{
  uint64 now;
  long step;

  while ((now = (uint64)sbrk(0)) != end) {
    step = end > now ? end - now : -(long)(now - end);
    if (step > GIB)
      step = GIB;
    if (step < -GIB)
      step = -GIB;
    if (sbrklazy(step) == SBRK_ERROR)
      return -1;
  }
  return 0;
}

/*
 * The heap may grow right up to TRAPFRAME, lazily and then eagerly by
 * its last page, and not a byte further.
 */
static void
heap_reaches_trapframe(void)
{
  uint64 top = (uint64)sbrk(0);
  char *last;

  expect_eq("lazy sbrks to a page under TRAPFRAME", break_at(TRAPFRAME - PAGE), 0);
  last = sbrk(PAGE);
  expect_eq("an eager sbrk of the last page", (uint64)last, TRAPFRAME - PAGE);
  expect_eq("the break at TRAPFRAME", (uint64)sbrk(0), TRAPFRAME);
  last[PAGE - 1] = 'e';
  expect_eq("a store at the heap's last byte", last[PAGE - 1], 'e');
  expect(sbrk(1) == SBRK_ERROR, "sbrk past TRAPFRAME to fail");
  expect(sbrklazy(1) == SBRK_ERROR, "sbrklazy past TRAPFRAME to fail");
  expect_eq("the heap to shrink back", break_at(top), 0);
}

/* Copy file from to a new file to. */
static void
copy_file(char *from, char *to)
{
  static char chunk[PAGE];
  int in = open_ok(from, O_RDONLY), out = open_ok(to, O_CREATE | O_WRONLY | O_TRUNC), n;

  while ((n = read(in, chunk, sizeof(chunk))) > 0)
    if (write(out, chunk, n) != n)
      fail("the copy to be written", "a short write");
  close(in);
  close(out);
}

/*
 * exec reads no page of a program until the program touches it: a
 * fresh copy of this program, in no cache yet, runs with only the
 * pages it has used resident, not its table; the holder then reads the
 * table's far ends before it exits, from the file.
 */
static void
exec_pages_text_on_demand(void)
{
  struct vmainfo text;
  int pid, release, status = -2;

  copy_file("imagetest", "imgcopy");
  pid = start_holder("imgcopy", &release);
  expect_eq("the holder's text mapping to be found", find_role(pid, VMA_TEXT, &text), 0);
  expect(text.end - text.start > TABLE_PAGES * PAGE, "a text bigger than the table");
  expect_le("resident pages of the holder's text", text.resident, TABLE_PAGES / 2);
  close(release);
  expect_eq("the holder's pid from wait", wait(&status), pid);
  expect_eq("its exit status (0: it read its table from the file)", status, 0);
  unlink("imgcopy");
}

/* Run `PROG flag` in a child.  Returns its exit status (4: exec failed). */
static int
run_status(char *prog, char *flag)
{
  char *argv[] = { "imagetest", flag, 0 };
  int pid, status = -2;

  pid = fork();
  if (pid < 0)
    fail("fork to succeed", "-1");
  if (pid == 0) {
    exec(prog, argv);
    exit(4);
  }
  wait(&status);
  return status;
}

/* Does exec of prog work?  (`PROG -exit` exits 0 at once.) */
static int
runs(char *prog)
{
  return run_status(prog, "-exit") == 0;
}

/*
 * A program some process is running is not opened for writing (as
 * Linux's ETXTBSY): neither truncated, as `echo x > init` would do to
 * /init, nor rewritten.  The holder runs on with its table intact, and
 * once it has exited the file can be written again.
 */
static void
running_program_not_writable(void)
{
  int pid, release, status = -2;
  long size;

  copy_file("imagetest", "imgcopy");
  size = file_size("imgcopy");
  pid = start_holder("imgcopy", &release);
  expect_eq("open O_WRONLY|O_TRUNC of the running copy", open("imgcopy", O_WRONLY | O_TRUNC), -1);
  expect_eq("open O_RDWR of the running copy", open("imgcopy", O_RDWR), -1);
  expect_eq("open O_CREATE|O_WRONLY of the running copy", open("imgcopy", O_CREATE | O_WRONLY), -1);
  expect_eq("the copy's size after those", file_size("imgcopy"), size);
  close(open_ok("imgcopy", O_RDONLY));
  expect_eq("a second process to run it meanwhile", runs("imgcopy"), 1);
  close(release);
  expect_eq("the running copy's pid from wait", wait(&status), pid);
  expect_eq("the running copy's exit status (0: ran on, its table intact)", status, 0);
  close(open_ok("imgcopy", O_WRONLY | O_TRUNC));
  expect_eq("the copy's size after O_TRUNC, once no one runs it", file_size("imgcopy"), 0);
  unlink("imgcopy");
}

/*
 * Nor is a file run while it is open for writing: through a descriptor,
 * or through a writable shared mapping, which keeps its file open after
 * the descriptor is closed.
 */
static void
writable_file_not_run(void)
{
  char *map;
  int fd;

  copy_file("imagetest", "imgcopy");
  fd = open_ok("imgcopy", O_RDWR);
  expect_eq("exec of a file open for writing", runs("imgcopy"), 0);
  map = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  expect_eq("exec of a file mapped shared and writable", runs("imgcopy"), 0);
  expect_eq("munmap", munmap(map, PAGE), 0);
  expect_eq("exec once no one writes it", runs("imgcopy"), 1);
  fd = open_ok("imgcopy", O_RDONLY);
  map = map_ok(PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  expect_eq("exec of a file mapped private and writable", runs("imgcopy"), 1);
  munmap(map, PAGE);
  close(fd);
  unlink("imgcopy");
}

/* How many pages an eager sbrk can have now; they are given back. */
static long
sbrk_pages(void)
{
  long n = 0;

  while (sbrk(PAGE) != SBRK_ERROR)
    n++;
  if (sbrk(-(int)(n * PAGE)) == SBRK_ERROR)
    fail("sbrk to give the pages back", "-1");
  return n;
}

/*
 * `imagetest -count`, run from a fresh copy of this program that no
 * other process maps: count what sbrk can have, map the table (32 pages
 * of text not read until now), and count again.  Exits with how many
 * fewer pages the second count found (at most 99), 0 if none.
 */
static int
count_twice(void)
{
  long before, after;

  before = sbrk_pages();
  read_table();
  after = sbrk_pages();
  if (before <= after)
    return 0;
  return before - after > 99 ? 99 : before - after;
}

/*
 * A file page some process maps is memory an eager sbrk can have: it is
 * dropped, to be read again at its next use, rather than the sbrk
 * failing.  So a program that counts memory by calling sbrk until it
 * fails (as the upstream usertests do before and after their run) finds
 * as much however much of its own text it has run meanwhile.
 */
static void
sbrk_takes_file_pages(void)
{
  copy_file("imagetest", "imgcopy");
  expect_eq("pages sbrk finds fewer once 32 pages of text are mapped",
            run_status("imgcopy", "-count"), 0);
  unlink("imgcopy");
}

/*
 * A child of exec_with_file_table_full: open README until open fails,
 * tell back whether the system's table ran out ('s': a descriptor was
 * still free, as dup shows) or only this process's descriptors ('p'),
 * then wait for go to close.
 */
static void
open_all(int go, int back)
{
  int fd;

  while (open("README", O_RDONLY) >= 0)
    ;
  fd = dup(0);   /* a descriptor, but no new slot of the table */
  tell(back, fd >= 0 ? 's' : 'p');
  hear(go);
  exit(0);
}

/*
 * With every slot of the file table in use, a program that is running
 * can still be exec'd: all the processes running it share one open
 * file of it.
 */
static void
exec_with_file_table_full(void)
{
  int ready[2], hold[2], go[2], back[2], openers, pid, status = -2;

  make_pipe(ready);  /* the holder's, made before the table fills */
  make_pipe(hold);
  make_pipe(go);     /* every opener waits on go and answers on back */
  make_pipe(back);
  for (openers = 0; openers < NPROC / 2; openers++) {
    pid = fork();
    if (pid < 0)
      fail("fork to succeed", "-1");
    if (pid == 0) {
      close(ready[0]);
      close(ready[1]);
      close(hold[0]);
      close(hold[1]);
      close(go[1]);
      close(back[0]);
      open_all(go[0], back[1]);
    }
    if (hear(back[0]) == 's')
      break;
  }
  expect(openers < NPROC / 2, "the file table to fill up");
  pid = spawn_holder("imagetest", ready, hold);
  close(hold[1]);
  expect_eq("the exec'd program's pid from wait", wait(&status), pid);
  expect_eq("its exit status", status, 0);
  close(go[1]);      /* the openers finish */
  close(go[0]);
  close(back[1]);
  close(back[0]);
  expect_eq("the openers' exit status", reap(openers + 1), 0);
}

static struct testcase cases[] = {
  { "layout_is_vmas", layout_is_vmas },
  { "exec_maps_few_pages", exec_maps_few_pages },
  { "heap_is_a_vma", heap_is_a_vma },
  { "cow_heap_and_stack", cow_heap_and_stack },
  { "heap_reaches_trapframe", heap_reaches_trapframe },
  { "exec_pages_text_on_demand", exec_pages_text_on_demand },
  { "sbrk_takes_file_pages", sbrk_takes_file_pages },
  { "running_program_not_writable", running_program_not_writable },
  { "writable_file_not_run", writable_file_not_run },
  { "exec_with_file_table_full", exec_with_file_table_full },
};

int
main(int argc, char *argv[])
{
  if (argc == 4 && strcmp(argv[1], "-hold") == 0)
    hold(atoi(argv[2]), atoi(argv[3]));
  if (argc == 2 && strcmp(argv[1], "-exit") == 0)
    exit(0);
  if (argc == 2 && strcmp(argv[1], "-count") == 0)
    exit(count_twice());
  exit(run_cases(cases, NCASES(cases), argc, argv, 0) ? 1 : 0);
}
