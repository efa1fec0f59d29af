/*
 * File-system system calls: descriptors, opening and creating files,
 * directories, links, pipes and exec's argument copying.
 *
 * syscall() has fetched each call's arguments already (syscall.c): a
 * descriptor arrives as its open file, a path as the kernel's copy.
 * Each call checks the rest here and then works through file.c (open
 * files) or fs.c (inodes).  Anything that may change the disk is one
 * log transaction, bracketed by begin_op() and end_op().
 */
#include "types.h"
#include "riscv.h"
#include "param.h"
#include "stat.h"
#include "spinlock.h"
#include "vma.h"
#include "proc.h"
#include "fs.h"
#include "sleeplock.h"
#include "pagetree.h"
#include "file.h"
#include "fcntl.h"
#include "defs.h"
#include "syshandlers.h"

/* The open file fd names in the current process, or 0 if none. */
struct file*
fd_file(int fd)
{
  if (fd < 0 || fd >= NOFILE)
    return 0;
  return myproc()->ofile[fd];
}

/*
 * The lowest descriptor the current process has free, or -1 if all
 * NOFILE are taken.  A process has one thread, so the descriptor stays
 * free until the caller fills it.
 */
static int
fd_unused(void)
{
  struct file **ofile = myproc()->ofile;
  int fd;

  for (fd = 0; fd < NOFILE; fd++)
    if (ofile[fd] == 0)
      return fd;
  return -1;
}

/*
 * Give f the lowest free descriptor.  Returns the descriptor, or -1 if
 * there is none (the caller still holds f).
 */
static int
fd_install(struct file *f)
{
  int fd = fd_unused();

  if (fd >= 0)
    myproc()->ofile[fd] = f;
  return fd;
}

uint64
sys_dup(struct file *f)
{
  int fd = fd_install(f);

  if (fd >= 0)
    filedup(f);
  return fd;
}

/* read(fd, buf, n) */
uint64
sys_read(struct file *f, uint64 buf, int n)
{
  return n < 0 ? -1 : fileread(f, buf, n);
}

/* write(fd, buf, n) */
uint64
sys_write(struct file *f, uint64 buf, int n)
{
  return n < 0 ? -1 : filewrite(f, buf, n);
}

uint64
sys_close(int fd)
{
  struct file *f = fd_file(fd);

  if (f == 0)
    return -1;
  myproc()->ofile[fd] = 0;
  fileclose(f);
  return 0;
}

/* fstat(fd, struct stat *st) */
uint64
sys_fstat(struct file *f, uint64 st)
{
  return filestat(f, st);
}

/* Add delta to ip's link count, on disk too.  Caller holds ip->lock
   and is in a transaction. */
static void
count_link(struct inode *ip, int delta)
{
  ip->nlink += delta;
  iupdate(ip);
}

/*
 * Enter ip (referenced, unlocked) in the directory that path's last
 * element goes in, under that name.  The directory must be on ip's
 * device and still exist.  Returns 0, or -1 if the directory is
 * missing or the name is taken.  Inside a transaction.
 */
static int
add_name(char *path, struct inode *ip)
{
  char name[DIRSIZ];
  struct inode *dp;
  int result = -1;

  dp = nameiparent(path, name);
  if (dp == 0)
    return -1;
  ilock(dp);
  if (dp->dev == ip->dev && dp->nlink > 0)
    result = dirlink(dp, name, ip->inum);
  iunlockput(dp);
  return result;
}

/* The most names a file may have: the dinode keeps nlink in a short. */
#define MAXLINKS 32767

/*
 * Give ip (referenced, unlocked) the further name path.  Directories
 * cannot be linked, nor can a file have more than MAXLINKS names.
 * Returns 0, or -1.  Inside a transaction.
 */
static int
link_inode(struct inode *ip, char *path)
{
  ilock(ip);
  if (ip->type == T_DIR || ip->nlink >= MAXLINKS) {
    iunlock(ip);
    return -1;
  }
  /* Count the name before ip is unlocked, so that nlink never falls
     below the number of entries naming ip, whatever another process
     unlinks meanwhile; take it back if the name cannot be made. */
  count_link(ip, 1);
  iunlock(ip);
  if (add_name(path, ip) == 0)
    return 0;
  ilock(ip);
  count_link(ip, -1);
  iunlock(ip);
  return -1;
}

/* link(old, new): give the inode named old a second name, new. */
uint64
sys_link(char *oldpath, char *newpath)
{
  struct inode *ip;
  int result = -1;

  begin_op();
  ip = namei(oldpath);
  if (ip != 0) {
    result = link_inode(ip, newpath);
    iput(ip);
  }
  end_op();
  return result;
}

/*
 * Remove the entry name from directory dp (locked) and drop the link
 * it held.  Returns 0, or -1 if name is "." or "..", is not there, or
 * is a directory that still has entries.  Inside a transaction.
 */
static int
remove_entry(struct inode *dp, char *name)
{
  struct inode *ip;
  uint off;

  /* Refusing ".." also means ip is never an ancestor of dp, so locking
     it while holding dp cannot deadlock. */
  if (namecmp(name, ".") == 0 || namecmp(name, "..") == 0)
    return -1;
  ip = dirlookup(dp, name, &off);
  if (ip == 0)
    return -1;
  ilock(ip);
  if (ip->nlink < 1)
    panic("unlink: inode without links");
  if (ip->type == T_DIR && !dirempty(ip)) {
    iunlockput(ip);
    return -1;
  }

  dirunlink(dp, off);
  if (ip->type == T_DIR)
    count_link(dp, -1);   /* the victim's ".." no longer names dp */
  count_link(ip, -1);
  iunlockput(ip);         /* frees the file if that was the last of it */
  return 0;
}

/*
 * unlink(path): remove a name.  "." and ".." cannot be removed, nor can
 * a directory that still has entries.  The inode itself goes when its
 * last link and last reference are gone.
 */
uint64
sys_unlink(char *path)
{
  char name[DIRSIZ];
  struct inode *dp;
  int result;

  begin_op();
  dp = nameiparent(path, name);
  if (dp == 0) {
    end_op();
    return -1;
  }
  ilock(dp);
  result = remove_entry(dp, name);
  iunlockput(dp);
  end_op();
  return result;
}

/*
 * Make a new inode of type called name in directory dp (locked); a new
 * directory gets its "." and ".." entries.  Returns the inode locked
 * and referenced, or 0 if the disk has no free inode or block.
 * Inside a transaction.
 */
static struct inode*
make_inode(struct inode *dp, char *name, short type, short major, short minor)
{
  struct inode *ip;

  ip = ialloc(dp->dev, type);
  if (ip == 0)
    return 0;
  ilock(ip);
  ip->major = major;
  ip->minor = minor;
  /* "." is left out of nlink: a directory's name for itself must not
     keep it alive. */
  if ((type == T_DIR && (dirlink(ip, ".", ip->inum) < 0 ||
                         dirlink(ip, "..", dp->inum) < 0)) ||
      dirlink(dp, name, ip->inum) < 0) {
    iunlockput(ip);       /* nlink is still 0: this frees it */
    return 0;
  }
  count_link(ip, 1);
  if (type == T_DIR)
    count_link(dp, 1);    /* for the new directory's ".." */
  return ip;
}

/*
 * Create path as a new inode of the given type, or, when type is
 * T_FILE and path already names a file or device, return that one
 * (open with O_CREATE).  Inside a transaction.
 * Returns the inode locked and referenced, or 0.
 */
static struct inode*
create(char *path, short type, short major, short minor)
{
  char name[DIRSIZ];
  struct inode *dp, *ip;

  dp = nameiparent(path, name);
  if (dp == 0)
    return 0;
  ilock(dp);
  if (dp->nlink == 0) {
    /* Removed after the walk found it: nothing may be created there. */
    iunlockput(dp);
    return 0;
  }

  ip = dirlookup(dp, name, 0);
  if (ip == 0) {
    ip = make_inode(dp, name, type, major, minor);
    iunlockput(dp);
    return ip;
  }

  /* The name exists, which only open(O_CREATE) accepts, and only for
     a file or a device.  Let go of dp first: ip may be dp itself ("."). */
  iunlockput(dp);
  if (type != T_FILE) {
    iput(ip);
    return 0;
  }
  ilock(ip);
  if (ip->type == T_DIR) {
    iunlockput(ip);
    return 0;
  }
  return ip;
}

/* The inode path names, locked, or 0 if none.  Inside a transaction. */
static struct inode*
lookup_locked(char *path)
{
  struct inode *ip;

  ip = namei(path);
  if (ip != 0)
    ilock(ip);
  return ip;
}

/*
 * The inode open(path, omode) should open, locked: created first if
 * omode has O_CREATE.  Returns 0 if there is none, or if omode does not
 * suit it (a directory opened for writing, a device with no driver).
 * Inside a transaction.
 */
static struct inode*
open_target(char *path, int omode)
{
  struct inode *ip;

  if (omode & O_CREATE)
    ip = create(path, T_FILE, 0, 0);
  else
    ip = lookup_locked(path);
  if (ip == 0)
    return 0;
  if ((ip->type == T_DIR && omode != O_RDONLY) ||
      (ip->type == T_DEVICE && (ip->major < 0 || ip->major >= NDEV))) {
    iunlockput(ip);
    return 0;
  }
  return ip;
}

/*
 * open(path, mode): returns a new descriptor, or -1.  The descriptor
 * and the open-file slot are taken first, so that an open that cannot
 * have them fails before it creates or truncates anything.  A program
 * some process is running cannot be opened for writing (fileopen).
 */
uint64
sys_open(char *path, int omode)
{
  int fd, opened;
  struct inode *ip;
  struct file *f;

  fd = fd_unused();
  f = (fd < 0) ? 0 : filealloc();
  if (f == 0)
    return -1;

  begin_op();
  ip = open_target(path, omode);
  opened = ip != 0 && fileopen(f, ip, omode) == 0;
  if (opened)
    iunlock(ip);
  else if (ip != 0)
    iunlockput(ip);   /* a running program, not to be written */
  end_op();
  if (!opened) {
    fileclose(f);   /* still FD_NONE: this only frees the slot */
    return -1;
  }
  myproc()->ofile[fd] = f;
  return fd;
}

/*
 * Create path as a new directory or device: the work of mkdir and
 * mknod.  Returns 0, or -1 if path exists or cannot be made.
 */
static int
make_node(char *path, short type, short major, short minor)
{
  struct inode *ip;
  int made;

  begin_op();
  ip = create(path, type, major, minor);
  made = ip != 0;
  if (made)
    iunlockput(ip);
  end_op();
  return made ? 0 : -1;
}

/* mkdir(path) */
uint64
sys_mkdir(char *path)
{
  return make_node(path, T_DIR, 0, 0);
}

/* mknod(path, major, minor) */
uint64
sys_mknod(char *path, int major, int minor)
{
  if (major < 0 || major >= NDEV)
    return -1;
  return make_node(path, T_DEVICE, major, minor);
}

/* chdir(path): the path must name a directory. */
uint64
sys_chdir(char *path)
{
  struct inode *ip;
  struct proc *p = myproc();

  begin_op();
  ip = lookup_locked(path);
  if (ip != 0 && ip->type != T_DIR) {
    iunlockput(ip);
    ip = 0;
  }
  if (ip != 0) {
    iunlock(ip);
    iput(p->cwd);   /* inside the transaction: it may free a removed directory */
    p->cwd = ip;
  }
  end_op();
  return ip != 0 ? 0 : -1;
}

/*
 * exec(path, argv): copy the path and each argument string into kernel
 * memory (one page per argument, at most MAXARG of them), then replace
 * the process image.  Returns argc to the new program, or -1.
 */
uint64
sys_exec(char *path, uint64 uargv)
{
  char *argv[MAXARG + 1];
  uint64 uarg;
  int argc, i, ret = -1;

  memset(argv, 0, sizeof(argv));
  for (argc = 0; ; argc++) {
    if (fetchaddr(uargv + argc * sizeof(uint64), &uarg) < 0)
      goto out;
    if (uarg == 0)
      break;
    if (argc == MAXARG)
      goto out;
    argv[argc] = kalloc();
    if (argv[argc] == 0)
      goto out;
    if (fetchstr(uarg, argv[argc], PGSIZE) < 0)
      goto out;
  }

  ret = exec(path, argv);

out:
  for (i = 0; i < MAXARG && argv[i] != 0; i++)
    kfree(argv[i]);
  return ret;
}

/* pipe(int fds[2]): fds[0] reads, fds[1] writes. */
uint64
sys_pipe(uint64 fdarray)
{
  struct file *rf, *wf;
  int fds[2];
  struct proc *p = myproc();

  if (pipealloc(&rf, &wf) < 0)
    return -1;

  fds[0] = fd_install(rf);
  fds[1] = fds[0] < 0 ? -1 : fd_install(wf);
  if (fds[1] < 0)
    goto fail;
  if (copyout(p->pagetable, fdarray, (char *)fds, sizeof(fds)) < 0)
    goto fail;
  return 0;

fail:
  if (fds[0] >= 0)
    p->ofile[fds[0]] = 0;
  if (fds[1] >= 0)
    p->ofile[fds[1]] = 0;
  fileclose(rf);
  fileclose(wf);
  return -1;
}
