/*
 * kill: kill each process whose pid is given.  Its parent's wait()
 * sees the status -1.  A failure is reported and the rest are still
 * killed; the status is 1 if any failed.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/cmd.h"

#define INIT_PID    1
#define PID_DIGITS  9   /* more would overflow an int */

/* The pid that s spells in decimal, or -1 if s is not one. */
static int
parse_pid(const char *s)
{
  int pid = 0, digits = 0;

  for (; *s != '\0'; s++) {
    if (*s < '0' || *s > '9' || ++digits > PID_DIGITS)
      return -1;
    pid = pid * 10 + (*s - '0');
  }
  return digits > 0 ? pid : -1;
}

int
main(int argc, char *argv[])
{
  int i, pid;

  cmd_start("kill", argc, 1, CMD_MANY, "pid...");
  for (i = 1; i < argc; i++) {
    pid = parse_pid(argv[i]);
    if (pid < 0)
      cmd_warn(argv[i], "not a process id");
    else if (kill(pid) < 0)
      cmd_warn(argv[i], pid == INIT_PID ? "init cannot be killed"
                                        : "no such process");
  }
  cmd_exit();
}
