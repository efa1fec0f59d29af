/*
 * forkstress: stress fork, exit and wait.
 *
 *   manychildren    rounds of nearly filling the process table with
 *                   children that exit with distinct statuses; wait must
 *                   hand each status back with the right pid
 *   deepchain       a chain of nested forks, each level passing its
 *                   child's status up, plus one
 *   concurrentwaits several parents, each reaping its own children, all
 *                   running at once on whatever harts there are
 *   nopageleak      free memory is the same before and after a burst of
 *                   the above
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/sysinfo.h"
#include "user/user.h"

#define CHILDREN      (NPROC - 5)   /* leaves room for init, sh and us */
#define ROUNDS        10
#define CHAIN_DEPTH   (NPROC / 2)
#define PARENTS       4
#define PER_PARENT    8
#define SPIN_LOOPS    200000

/* Why the current test failed: what was checked and the two values. */
static const char *fail_what;
static long fail_expected;
static long fail_saw;

static int
failed(const char *what, long expected, long saw)
{
  fail_what = what;
  fail_expected = expected;
  fail_saw = saw;
  return -1;
}

/* Burn a little CPU so children overlap on several harts. */
static void
spin(void)
{
  volatile int i;

  for (i = 0; i < SPIN_LOOPS; i++)
    ;
}

/* Wait must say there is nobody left.  Returns 0 or -1. */
static int
no_children_left(void)
{
  int pid = wait(0);

  if (pid != -1)
    return failed("wait with no children", -1, pid);
  return 0;
}

/* Where pid is in pids[0..n), or -1. */
static int
index_of(int *pids, int n, int pid)
{
  int i;

  for (i = 0; i < n; i++) {
    if (pids[i] == pid)
      return i;
  }
  return -1;
}

/* One round: CHILDREN children exit with status base+i. */
static int
children_round(int base)
{
  int pids[CHILDREN];
  int reaped[CHILDREN];
  int i, j, pid, status, made;

  for (made = 0; made < CHILDREN; made++) {
    pid = fork();
    if (pid < 0)
      break;
    if (pid == 0)
      exit(base + made);
    pids[made] = pid;
    reaped[made] = 0;
  }
  for (i = 0; i < made; i++) {
    pid = wait(&status);
    if (pid < 0)
      return failed("children reaped", made, i);
    j = index_of(pids, made, pid);
    if (j < 0)
      return failed("wait returned a stranger's pid", 0, pid);
    if (reaped[j])
      return failed("times pid reaped", 1, 2);
    reaped[j] = 1;
    if (status != base + j)
      return failed("exit status", base + j, status);
  }
  if (made < CHILDREN)
    return failed("children forked", CHILDREN, made);
  return no_children_left();
}

static int
test_manychildren(void)
{
  int round;

  for (round = 0; round < ROUNDS; round++) {
    if (children_round(round * 100) < 0)
      return -1;
  }
  return 0;
}

/*
 * Fork one more level below this process, unless depth is 0.  Returns
 * the status this level should exit with: 0 at the bottom, else the
 * child's status plus one; -1 if something went wrong.
 */
static int
chain_level(int depth)
{
  int pid, status;

  if (depth == 0)
    return 0;
  pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0)
    exit(chain_level(depth - 1));
  if (wait(&status) != pid || status < 0)
    return -1;
  return status + 1;
}

static int
test_deepchain(void)
{
  int pid, status;

  pid = fork();
  if (pid < 0)
    return failed("fork", 0, pid);
  if (pid == 0)
    exit(chain_level(CHAIN_DEPTH - 1));
  if (wait(&status) != pid)
    return failed("wait for the chain", pid, -1);
  if (status != CHAIN_DEPTH - 1)
    return failed("levels completed", CHAIN_DEPTH - 1, status);
  return no_children_left();
}

/* A parent of PER_PARENT children.  Exits 0 if all went well. */
static void
parent_of_many(int id)
{
  int i, pid, status, sum = 0, want = 0;

  for (i = 0; i < PER_PARENT; i++) {
    pid = fork();
    if (pid < 0)
      exit(1);
    if (pid == 0) {
      spin();
      exit(id * PER_PARENT + i);
    }
    want += id * PER_PARENT + i;
  }
  for (i = 0; i < PER_PARENT; i++) {
    if (wait(&status) < 0)
      exit(2);
    sum += status;
  }
  if (wait(0) != -1)
    exit(3);
  exit(sum == want ? 0 : 4);
}

static int
test_concurrentwaits(void)
{
  int i, pid, status;

  for (i = 0; i < PARENTS; i++) {
    pid = fork();
    if (pid < 0)
      return failed("fork", 0, pid);
    if (pid == 0)
      parent_of_many(i);
  }
  for (i = 0; i < PARENTS; i++) {
    if (wait(&status) < 0)
      return failed("parents reaped", PARENTS, i);
    if (status != 0)
      return failed("parent status", 0, status);
  }
  return no_children_left();
}

static int
test_nopageleak(void)
{
  struct sysinfo before, after;

  if (sysinfo(&before) < 0)
    return failed("sysinfo", 0, -1);
  if (children_round(7) < 0 || test_deepchain() < 0 ||
      test_concurrentwaits() < 0)
    return -1;
  if (sysinfo(&after) < 0)
    return failed("sysinfo", 0, -1);
  if (after.freemem != before.freemem)
    return failed("free bytes", before.freemem, after.freemem);
  if (after.nproc != before.nproc)
    return failed("processes", before.nproc, after.nproc);
  return 0;
}

struct test {
  const char *name;
  int (*run)(void);
};

static struct test tests[] = {
  { "manychildren",    test_manychildren },
  { "deepchain",       test_deepchain },
  { "concurrentwaits", test_concurrentwaits },
  { "nopageleak",      test_nopageleak },
};

int
main(void)
{
  int i, failures = 0;

  for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
    if (tests[i].run() == 0) {
      printf("test %s: OK\n", tests[i].name);
    } else {
      printf("test %s: FAILED (%s: expected %ld, saw %ld)\n",
             tests[i].name, fail_what, fail_expected, fail_saw);
      failures++;
    }
  }
  printf(failures ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit(failures ? 1 : 0);
}
