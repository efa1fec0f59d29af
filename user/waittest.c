/*
 * waittest: sleeping and waking (kernel/waitqueue.c, sched.c, clock.c).
 * No wakeup is lost among many processes on every hart, a kill ends
 * each kind of killable wait at once, the clock wakes its sleepers in
 * order of their deadlines and no sooner, and every child is reaped,
 * by its parent or, orphaned, by init.
 *
 * The cases run under the runner of testcase.c: each in a child of its
 * own, with a check that free memory comes back after it.  One line
 * per case, `test NAME: OK` or `test NAME: FAILED (expected ..., saw
 * ...)`, then ALL TESTS PASSED or SOME TESTS FAILED.  `waittest
 * NAME...` runs only the named cases.
 *
 * A process left asleep by a lost wakeup would hang its case for good,
 * so a case that waits for other processes does so under a watchdog (a
 * child that sleeps WATCHDOG ticks): if the watchdog is reaped first,
 * the case fails, naming what never finished.  Processes of a case
 * report through pipes and exit codes; only the case's own process
 * reports to the runner.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "kernel/sysinfo.h"
#include "user/user.h"
#include "user/testcase.h"

#define SECOND     10            /* clock ticks */
#define WATCHDOG   (60 * SECOND)

#define PAIRS      10            /* pingpong_pairs: pairs of processes */
#define ROUNDS     2000          /* round trips of each pair */

#define CROWD      6             /* pipe_crowd: writers, and as many readers */
#define CROWD_SENT 3000          /* bytes each writer sends */
#define CROWD_PUT  100           /* bytes per write() */

#define CHILDREN   40            /* wait_reaps_every_child */
#define ORPHANS    5             /* orphans_reaped_by_init */

#define APPENDERS  8             /* inode_lock_crowd: processes */
#define APPENDS    20            /* writes each */
#define APPEND_LEN 64            /* bytes a write */
#define CROWD_FILE "waittest.f"

/* ------------------------------------------------------------ helpers */

/*
 * In a child: close every descriptor it inherited but 0-2 and a and b,
 * so that the ends of pipes it does not use cannot keep another process
 * from seeing the end of file.
 */
static void
keep_only(int a, int b)
{
  int fd;

  for (fd = 3; fd < NOFILE; fd++)
    if (fd != a && fd != b)
      close(fd);
}

static int watchdog_pid;

/* Start the watchdog: a child that sleeps WATCHDOG ticks, then exits. */
static void
watchdog_start(void)
{
  watchdog_pid = fork();
  if (watchdog_pid < 0)
    fail("fork to work", "-1");
  if (watchdog_pid == 0) {
    keep_only(-1, -1);
    pause(WATCHDOG);
    exit(0);
  }
}

/* Stop the watchdog: a kill of a process asleep on the clock. */
static void
watchdog_stop(void)
{
  int status;

  if (kill(watchdog_pid) < 0)
    fail("kill of the watchdog to work", "-1");
  expect_eq("the reaped watchdog", wait(&status), watchdog_pid);
  expect_eq("the killed watchdog's exit status", status, -1);
}

/*
 * A child reaped, with its exit status in *status; fails, naming what
 * was waited for, if the watchdog exits first.
 */
static int
wait_watched(int *status, char *what)
{
  int pid = wait(status);

  if (pid < 0)
    fail("a child to wait for", "none");
  if (pid == watchdog_pid)
    fail(what, "processes still asleep when the watchdog went off");
  return pid;
}

/*
 * Reap n children under the watchdog, then stop it.  Returns the first
 * non-zero exit status among the n, or 0.
 */
static int
reap_watched(int n, char *what)
{
  int status, bad = 0;

  while (n-- > 0) {
    wait_watched(&status, what);
    if (status != 0 && bad == 0)
      bad = status;
  }
  watchdog_stop();
  return bad;
}

/* Processes in use, as sysinfo() counts them. */
static int
nproc(void)
{
  struct sysinfo si;

  if (sysinfo(&si) < 0)
    fail("sysinfo to work", "-1");
  return si.nproc;
}

/*
 * Wait until no more than n processes are in use (init reaping the
 * orphans of a case); fails if that takes longer than the watchdog's
 * time.
 */
static void
settle(int n)
{
  int waited;

  for (waited = 0; nproc() > n; waited++) {
    if (waited == WATCHDOG)
      expect_eq("processes in use once the orphans are reaped", nproc(), n);
    pause(1);
  }
}

/* Fork a child that runs fn(a, b) and exits 0 (fn may exit otherwise). */
static void
spawn(void (*fn)(int, int), int a, int b)
{
  int pid = fork();

  if (pid < 0)
    fail("fork to work", "-1");
  if (pid == 0) {
    fn(a, b);
    exit(0);
  }
}

/* ------------------------------------------------- no wakeup is lost */

/* The pair's first: send i, expect i back, ROUNDS times.  Exits 2 on a bad echo. */
static void
ping(int out, int in)
{
  char c;
  int i;

  keep_only(out, in);
  for (i = 0; i < ROUNDS; i++) {
    c = i;
    if (write(out, &c, 1) != 1 || read(in, &c, 1) != 1 || c != (char)i)
      exit(2);
  }
}

/* The pair's second: echo every byte until the first closes its end. */
static void
pong(int out, int in)
{
  char c;

  keep_only(out, in);
  while (read(in, &c, 1) == 1)
    if (write(out, &c, 1) != 1)
      exit(3);
}

/*
 * PAIRS pairs of processes play ping-pong over pipes, ROUNDS round
 * trips each, all at once: every byte is a wakeup of a process asleep
 * in read(), often on another hart.  One lost wakeup stops a pair.
 */
static void
pingpong_pairs(void)
{
  int there[2], back[2], i;

  watchdog_start();
  for (i = 0; i < PAIRS; i++) {
    make_pipe(there);
    make_pipe(back);
    spawn(ping, there[1], back[0]);
    spawn(pong, back[1], there[0]);
    close(there[0]);
    close(there[1]);
    close(back[0]);
    close(back[1]);
  }
  expect_eq("a pair's exit status", reap_watched(2 * PAIRS, "every pair to finish"), 0);
}

/* In a child: write count records of len bytes to fd; exits 2 if one falls short. */
static void
put_records(int fd, int count, int len)
{
  static char record[PAGE];
  int i;

  keep_only(fd, -1);
  for (i = 0; i < count; i++)
    if (write(fd, record, len) != len)
      exit(2);
}

static void
crowd_writer(int out, int unused)
{
  put_records(out, CROWD_SENT / CROWD_PUT, CROWD_PUT);
}

/* Read until end of file, then report the bytes read on report. */
static void
crowd_reader(int in, int report)
{
  char buf[CROWD_PUT];
  int n, got = 0;

  keep_only(in, report);
  while ((n = read(in, buf, sizeof(buf))) > 0)
    got += n;
  if (n < 0 || write(report, &got, sizeof(got)) != sizeof(got))
    exit(2);
}

/*
 * CROWD writers and CROWD readers share one pipe, far more bytes than
 * it holds: writers queue up for room, readers for data, and each
 * wakeup must reach them all.  Every byte arrives, and every reader
 * sees the end of file.
 */
static void
pipe_crowd(void)
{
  int data[2], report[2], i, got, total = 0;

  make_pipe(data);
  make_pipe(report);
  watchdog_start();
  for (i = 0; i < CROWD; i++) {
    spawn(crowd_reader, data[0], report[1]);
    spawn(crowd_writer, data[1], 0);
  }
  /* The readers see the end only once no process holds the write end. */
  close(data[0]);
  close(data[1]);
  close(report[1]);
  expect_eq("a crowd member's exit status", reap_watched(2 * CROWD, "the crowd to finish"), 0);
  for (i = 0; i < CROWD; i++) {
    expect_eq("bytes of a reader's report", read(report[0], &got, sizeof(got)), sizeof(got));
    total += got;
  }
  close(report[0]);
  expect_eq("bytes through the pipe", total, CROWD * CROWD_SENT);
}

/* Append APPENDS records through fd, an offset shared by every appender. */
static void
appender(int fd, int unused)
{
  put_records(fd, APPENDS, APPEND_LEN);
}

/*
 * APPENDERS processes write through one open file at once: each write
 * waits for the file's inode lock (a sleep lock, whose release wakes
 * one waiter) and for room in the log.  All of them finish, and the
 * file ends up holding every record.
 */
static void
inode_lock_crowd(void)
{
  int fd, i;

  unlink(CROWD_FILE);
  fd = open_ok(CROWD_FILE, O_CREATE | O_WRONLY);
  watchdog_start();
  for (i = 0; i < APPENDERS; i++)
    spawn(appender, fd, 0);
  close(fd);
  expect_eq("an appender's exit status", reap_watched(APPENDERS, "every appender to finish"), 0);
  expect_eq("the file's size", file_size(CROWD_FILE), APPENDERS * APPENDS * APPEND_LEN);
  unlink(CROWD_FILE);
}

/* ----------------------------------------------------------- the clock */

/* Sleep ticks ticks, then report them on report; exits 2 if woken early. */
static void
clock_sleeper(int ticks, int report)
{
  char c = ticks;
  int start;

  keep_only(report, -1);
  start = uptime();

  if (pause(ticks) < 0 || uptime() - start < ticks)
    exit(2);
  write(report, &c, 1);
}

/*
 * Processes sleep on the clock for different times, started together:
 * none wakes before its time, and they wake in order of their
 * deadlines (the sleeps are 4 ticks apart, far more than it takes to
 * start them all).
 */
static void
clock_wakes_in_order(void)
{
  static char ticks[] = { 17, 1, 9, 13, 5 };   /* woken 1, 5, 9, 13, 17 */
  int n = sizeof(ticks), report[2], i;
  char c, last = 0;

  make_pipe(report);
  watchdog_start();
  for (i = 0; i < n; i++)
    spawn(clock_sleeper, ticks[i], report[1]);
  close(report[1]);
  expect_eq("a sleeper's exit status", reap_watched(n, "every sleeper to wake"), 0);
  for (i = 0; i < n; i++) {
    expect_eq("bytes of a sleeper's report", read(report[0], &c, 1), 1);
    expect(c > last, "the sleepers to wake in order of their deadlines");
    last = c;
  }
  close(report[0]);
}

/* ------------------------------------------------------ kill and wait */

static int hold[2];   /* a pipe that the kill cases block on */

static void
read_empty_pipe(void)
{
  char c;

  read(hold[0], &c, 1);
}

/* The child holds both ends, so the pipe fills and the write waits for good. */
static void
write_full_pipe(void)
{
  static char buf[4 * PAGE];

  write(hold[1], buf, sizeof(buf));
}

static void
pause_long(void)
{
  pause(100000 * SECOND);
}

static void
read_console(void)
{
  char c;

  read(0, &c, 1);
}

/* A grandchild waits on hold (the case's end of it closes last); wait for it. */
static void
wait_for_child(void)
{
  int pid = fork();

  if (pid < 0)
    exit(2);
  if (pid == 0) {
    close(hold[1]);
    read_empty_pipe();
    exit(0);
  }
  wait(0);
}

/*
 * Fork a child that blocks in block(), let it fall asleep, and kill it:
 * it must exit with status -1 at once.  Then let go of hold, and wait
 * for any process the child left behind to be reaped.
 */
static void
kill_blocked(void (*block)(void))
{
  int procs = nproc(), pid, status;

  make_pipe(hold);
  pid = fork();
  if (pid < 0)
    fail("fork to work", "-1");
  if (pid == 0) {
    block();
    exit(0);
  }
  pause(SECOND / 2);   /* long enough to be asleep */
  if (kill(pid) < 0)
    fail("kill to work", "-1");
  watchdog_start();
  expect_eq("the killed child's exit status", reap_watched(1, "the killed child to exit"), -1);
  close(hold[0]);
  close(hold[1]);
  settle(procs);
  status = kill(pid);
  expect_eq("kill of a reaped child", status, -1);
}

static void kill_pipe_reader(void) { kill_blocked(read_empty_pipe); }
static void kill_pipe_writer(void) { kill_blocked(write_full_pipe); }
static void kill_pausing(void) { kill_blocked(pause_long); }
static void kill_console_reader(void) { kill_blocked(read_console); }
static void kill_waiting_parent(void) { kill_blocked(wait_for_child); }

/* Child i sleeps i % 4 ticks and exits with status i. */
static void
exit_with(int i, int unused)
{
  pause(i % 4);
  exit(i);
}

/*
 * CHILDREN children exit, some at once, some later: wait() returns
 * each exactly once, with its status, and -1 once none is left.
 */
static void
wait_reaps_every_child(void)
{
  char seen[CHILDREN];
  int i, status;

  memset(seen, 0, sizeof(seen));
  watchdog_start();
  for (i = 0; i < CHILDREN; i++)
    spawn(exit_with, i, 0);
  for (i = 0; i < CHILDREN; i++) {
    wait_watched(&status, "every child to exit");
    expect(status >= 0 && status < CHILDREN && !seen[status], "each child's status once");
    seen[status] = 1;
  }
  watchdog_stop();
  expect_eq("wait() with no children left", wait(0), -1);
}

/* Grandchild i exits after i ticks: the first one at once. */
static void
orphan(int i, int unused)
{
  pause(i);
}

/*
 * A child forks ORPHANS children and exits without waiting for them;
 * the first has exited before the hand-over to init, the others exit
 * after it.  init reaps them all.
 */
static void
orphans_reaped_by_init(void)
{
  int procs = nproc(), pid, i;

  pid = fork();
  if (pid < 0)
    fail("fork to work", "-1");
  if (pid == 0) {
    for (i = 0; i < ORPHANS; i++)
      spawn(orphan, 2 * i, 0);
    pause(1);
    exit(0);
  }
  expect_eq("the reaped child", wait(0), pid);
  settle(procs);
}

static struct testcase cases[] = {
  { "pingpong_pairs", pingpong_pairs },
  { "pipe_crowd", pipe_crowd },
  { "inode_lock_crowd", inode_lock_crowd },
  { "clock_wakes_in_order", clock_wakes_in_order },
  { "kill_pipe_reader", kill_pipe_reader },
  { "kill_pipe_writer", kill_pipe_writer },
  { "kill_pausing", kill_pausing },
  { "kill_console_reader", kill_console_reader },
  { "kill_waiting_parent", kill_waiting_parent },
  { "wait_reaps_every_child", wait_reaps_every_child },
  { "orphans_reaped_by_init", orphans_reaped_by_init },
};

/* Remove what a case that failed half-way may have left. */
static void
remove_files(void)
{
  unlink(CROWD_FILE);
}

int
main(int argc, char *argv[])
{
  exit(run_cases(cases, NCASES(cases), argc, argv, remove_files) ? 1 : 0);
}
