/*
 * init: the first user process.  It gives the console to fds 0, 1 and
 * 2, then supervises the programs in services[]: each is started at
 * boot and started again whenever it exits.  Along the way init reaps
 * every orphan the kernel hands it.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define CONSOLE_MAJOR 1   /* device number of the console (kernel/file.h) */
#define RETRY_TICKS   10  /* wait before trying a failed fork again */

static char *sh_argv[] = { "sh", 0 };

/* A program init keeps running. */
struct service {
  char *path;
  char **argv;
  int pid;   /* its process while it runs, else 0 */
};

static struct service services[] = {
  { "sh", sh_argv, 0 },
};

#define NSERVICE (sizeof(services) / sizeof(services[0]))

/* Open the console as fd 0 and duplicate it to fds 1 and 2. */
static void
open_console(void)
{
  if (open("console", O_RDWR) < 0) {
    mknod("console", CONSOLE_MAJOR, 0);
    if (open("console", O_RDWR) < 0)
      exit(1);
  }
  dup(0);
  dup(0);
}

/* Start every service that is not running.  Returns how many run now. */
static int
start_stopped(void)
{
  struct service *s;
  int running = 0;

  for (s = services; s < &services[NSERVICE]; s++) {
    if (s->pid == 0) {
      printf("init: starting %s\n", s->path);
      s->pid = fork();
      if (s->pid == 0) {
        exec(s->path, s->argv);
        printf("init: exec %s failed\n", s->path);
        exit(1);
      }
      if (s->pid < 0) {
        printf("init: fork failed\n");
        s->pid = 0;
      }
    }
    if (s->pid != 0)
      running++;
  }
  return running;
}

/* Note that child pid has exited: if it was a service, it is stopped. */
static void
reaped(int pid)
{
  struct service *s;

  for (s = services; s < &services[NSERVICE]; s++) {
    if (s->pid == pid)
      s->pid = 0;
  }
}

int
main(void)
{
  int pid;

  open_console();
  for (;;) {
    if (start_stopped() == 0) {
      sleep(RETRY_TICKS);
      continue;
    }
    /* A service or an orphan; either way it is reaped now. */
    pid = wait(0);
    if (pid < 0) {
      printf("init: wait returned an error\n");
      exit(1);
    }
    reaped(pid);
  }
}
