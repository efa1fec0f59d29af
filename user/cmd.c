/*
 * The scaffolding of the small commands: argument checks, complaints,
 * files to read (cmd.h).
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/cmd.h"

static const char *cmd_name = "?";   /* for complaints, until cmd_start */
static int complained;

void
cmd_start(const char *name, int argc, int min, int max, const char *usage)
{
  int given = argc - 1;

  cmd_name = name;
  if (given >= min && (max == CMD_MANY || given <= max))
    return;
  if (usage[0] == '\0')
    fprintf(2, "usage: %s (it takes no arguments)\n", name);
  else
    fprintf(2, "usage: %s %s\n", name, usage);
  exit(1);
}

void
cmd_warn(const char *what, const char *why)
{
  /* One fprintf, one write(): the line stays whole among other output. */
  if (what == 0 || what[0] == '\0')
    fprintf(2, "%s: %s\n", cmd_name, why);
  else
    fprintf(2, "%s: %s: %s\n", cmd_name, what, why);
  complained = 1;
}

void
cmd_fail(const char *what, const char *why)
{
  cmd_warn(what, why);
  exit(1);
}

void
cmd_exit(void)
{
  exit(complained ? 1 : 0);
}

int
cmd_type(const char *path)
{
  struct stat st;

  if (stat(path, &st) < 0)
    return 0;
  return st.type;
}

int
cmd_open(const char *path)
{
  int fd = open(path, O_RDONLY);

  if (fd < 0)
    cmd_warn(path, cmd_type(path) == 0 ? "no such file" : "cannot open");
  return fd;
}

/*
 * Open path for reading.  Returns the fd, or -1 after a complaint.
 * A directory is refused: its bytes are directory entries, not text.
 */
static int
open_to_read(const char *path)
{
  struct stat st;
  int fd;

  if ((fd = cmd_open(path)) < 0)
    return -1;
  if (fstat(fd, &st) == 0 && st.type == T_DIR) {
    cmd_warn(path, "is a directory");
    close(fd);
    return -1;
  }
  return fd;
}

void
cmd_each_file(int argc, char *argv[], int first,
              void (*use)(int fd, const char *name))
{
  int i, fd;

  if (first >= argc) {
    use(0, "");
    return;
  }
  for (i = first; i < argc; i++) {
    fd = open_to_read(argv[i]);
    if (fd < 0)
      continue;
    use(fd, argv[i]);
    close(fd);
  }
}

void
cmd_write(const void *buf, int n)
{
  if (write(1, buf, n) != n)
    cmd_fail(0, "cannot write to standard output");
}
