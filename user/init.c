/*
 * init: the first user process.  It gives the console to fds 0, 1 and
 * 2, then keeps a shell running on it for ever, reaping every orphan
 * the kernel hands it along the way.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define CONSOLE_MAJOR 1   /* device number of the console (kernel/file.h) */

static char *sh_argv[] = { "sh", 0 };

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

/* Start a shell.  Returns its pid, or -1 if fork failed. */
static int
start_shell(void)
{
  int pid;

  printf("init: starting sh\n");
  pid = fork();
  if (pid == 0) {
    exec("sh", sh_argv);
    printf("init: exec sh failed\n");
    exit(1);
  }
  return pid;
}

int
main(void)
{
  int shell, pid;

  open_console();
  for (;;) {
    shell = start_shell();
    if (shell < 0) {
      printf("init: fork failed\n");
      sleep(10);
      continue;
    }
    /* Reap children (the shell and orphans) until the shell is gone. */
    do {
      pid = wait(0);
      if (pid < 0) {
        printf("init: wait returned an error\n");
        exit(1);
      }
    } while (pid != shell);
  }
}
