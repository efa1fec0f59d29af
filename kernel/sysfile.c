/*
 * File-system system calls: descriptors, opening and creating files,
 * directories, links, pipes and exec's argument copying.
 *
 * Each call checks its arguments here and then works through file.c
 * (open files) or fs.c (inodes).  Anything that may change the disk is
 * one log transaction, bracketed by begin_op() and end_op().
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
#include "file.h"
#include "fcntl.h"
#include "defs.h"

/*
 * Fetch argument n as a descriptor of the current process and return
 * its open file, or 0 if it is out of range or not open.  *fdp, if
 * given, receives the descriptor number.
 */
static struct file*
argfd(int n, int *fdp)
{
  int fd;
  struct file *f;

  argint(n, &fd);
  if (fd < 0 || fd >= NOFILE)
    return 0;
  f = myproc()->ofile[fd];
  if (f != 0 && fdp != 0)
    *fdp = fd;
  return f;
}

/*
 * Install f in the lowest free descriptor of the current process.
 * Returns the descriptor, or -1 if all are in use (f is not closed).
 */
static int
fdalloc(struct file *f)
{
  struct proc *p = myproc();
  int fd;

  for (fd = 0; fd < NOFILE; fd++) {
    if (p->ofile[fd] == 0) {
      p->ofile[fd] = f;
      return fd;
    }
  }
  return -1;
}

uint64
sys_dup(void)
{
  struct file *f;
  int fd;

  f = argfd(0, 0);
  if (f == 0)
    return -1;
  fd = fdalloc(f);
  if (fd < 0)
    return -1;
  filedup(f);
  return fd;
}

/* read(fd, buf, n) */
uint64
sys_read(void)
{
  struct file *f;
  uint64 buf;
  int n;

  f = argfd(0, 0);
  argaddr(1, &buf);
  argint(2, &n);
  if (f == 0 || n < 0)
    return -1;
  return fileread(f, buf, n);
}

/* write(fd, buf, n) */
uint64
sys_write(void)
{
  struct file *f;
  uint64 buf;
  int n;

  f = argfd(0, 0);
  argaddr(1, &buf);
  argint(2, &n);
  if (f == 0 || n < 0)
    return -1;
  return filewrite(f, buf, n);
}

uint64
sys_close(void)
{
  struct file *f;
  int fd;

  f = argfd(0, &fd);
  if (f == 0)
    return -1;
  myproc()->ofile[fd] = 0;
  fileclose(f);
  return 0;
}

/* fstat(fd, struct stat *st) */
uint64
sys_fstat(void)
{
  struct file *f;
  uint64 st;

  f = argfd(0, 0);
  argaddr(1, &st);
  if (f == 0)
    return -1;
  return filestat(f, st);
}

/*
 * link(old, new): give the inode named old a second name, new.
 * Directories cannot be linked, nor can links cross devices.
 */
uint64
sys_link(void)
{
  char oldpath[MAXPATH], newpath[MAXPATH], name[DIRSIZ];
  struct inode *ip, *dp;

  if (argstr(0, oldpath, MAXPATH) < 0 || argstr(1, newpath, MAXPATH) < 0)
    return -1;

  begin_op();
  ip = namei(oldpath);
  if (ip == 0) {
    end_op();
    return -1;
  }
  ilock(ip);
  if (ip->type == T_DIR) {
    iunlockput(ip);
    end_op();
    return -1;
  }
  /* Count the new link first: a crash then leaves nlink too high, not too low. */
  ip->nlink++;
  iupdate(ip);
  iunlock(ip);

  dp = nameiparent(newpath, name);
  if (dp == 0)
    goto undo;
  ilock(dp);
  if (dp->dev != ip->dev || dirlink(dp, name, ip->inum) < 0) {
    iunlockput(dp);
    goto undo;
  }
  iunlockput(dp);
  iput(ip);
  end_op();
  return 0;

undo:
  ilock(ip);
  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  end_op();
  return -1;
}

/* Does directory dp hold nothing but "." and ".."?  dp is locked. */
static int
dir_is_empty(struct inode *dp)
{
  struct dirent de;
  uint off;

  /* The first two entries are always "." and "..". */
  for (off = 2 * sizeof(de); off < dp->size; off += sizeof(de)) {
    if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
      panic("dir_is_empty: short directory read");
    if (de.inum != 0)
      return 0;
  }
  return 1;
}

/*
 * unlink(path): remove a name.  "." and ".." cannot be removed, nor can
 * a directory that still has entries.  The inode itself goes when its
 * last link and last reference are gone.
 */
uint64
sys_unlink(void)
{
  char path[MAXPATH], name[DIRSIZ];
  struct inode *dp, *ip;
  struct dirent blank;
  uint off;

  if (argstr(0, path, MAXPATH) < 0)
    return -1;

  begin_op();
  dp = nameiparent(path, name);
  if (dp == 0) {
    end_op();
    return -1;
  }
  ilock(dp);

  if (namecmp(name, ".") == 0 || namecmp(name, "..") == 0)
    goto refuse;
  ip = dirlookup(dp, name, &off);
  if (ip == 0)
    goto refuse;
  ilock(ip);
  if (ip->nlink < 1)
    panic("unlink: inode without links");
  if (ip->type == T_DIR && !dir_is_empty(ip)) {
    iunlockput(ip);
    goto refuse;
  }

  memset(&blank, 0, sizeof(blank));
  if (writei(dp, 0, (uint64)&blank, off, sizeof(blank)) != sizeof(blank))
    panic("unlink: cannot clear directory entry");
  if (ip->type == T_DIR) {
    dp->nlink--;          /* the victim's ".." no longer names dp */
    iupdate(dp);
  }
  iunlockput(dp);

  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  end_op();
  return 0;

refuse:
  iunlockput(dp);
  end_op();
  return -1;
}

/*
 * Make a new inode of the given type named path, or, for T_FILE, reuse
 * an existing file or device of that name.  A new directory gets "."
 * and ".." entries.  Caller is inside a transaction.
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

  ip = dirlookup(dp, name, 0);
  if (ip != 0) {
    iunlockput(dp);
    ilock(ip);
    if (type == T_FILE && (ip->type == T_FILE || ip->type == T_DEVICE))
      return ip;
    iunlockput(ip);
    return 0;
  }

  ip = ialloc(dp->dev, type);
  if (ip == 0) {
    iunlockput(dp);
    return 0;
  }
  ilock(ip);
  ip->major = major;
  ip->minor = minor;
  ip->nlink = 1;
  iupdate(ip);

  if (type == T_DIR) {
    /* No nlink for ".": a directory does not count links to itself. */
    if (dirlink(ip, ".", ip->inum) < 0 || dirlink(ip, "..", dp->inum) < 0)
      goto discard;
  }
  if (dirlink(dp, name, ip->inum) < 0)
    goto discard;
  if (type == T_DIR) {
    dp->nlink++;          /* for the new directory's ".." */
    iupdate(dp);
  }
  iunlockput(dp);
  return ip;

discard:
  /* Let iput() free the half-made inode. */
  ip->nlink = 0;
  iupdate(ip);
  iunlockput(ip);
  iunlockput(dp);
  return 0;
}

/* Open an existing path (locked inode) or 0.  Inside a transaction. */
static struct inode*
lookup_locked(char *path)
{
  struct inode *ip;

  ip = namei(path);
  if (ip != 0)
    ilock(ip);
  return ip;
}

/* open(path, mode): returns a new descriptor, or -1. */
uint64
sys_open(void)
{
  char path[MAXPATH];
  int omode, fd;
  struct inode *ip;
  struct file *f;

  argint(1, &omode);
  if (argstr(0, path, MAXPATH) < 0)
    return -1;

  begin_op();
  if (omode & O_CREATE)
    ip = create(path, T_FILE, 0, 0);
  else
    ip = lookup_locked(path);
  if (ip == 0) {
    end_op();
    return -1;
  }

  if (ip->type == T_DIR && omode != O_RDONLY)
    goto fail;
  if (ip->type == T_DEVICE && (ip->major < 0 || ip->major >= NDEV))
    goto fail;

  f = filealloc();
  if (f == 0)
    goto fail;
  fd = fdalloc(f);
  if (fd < 0) {
    fileclose(f);
    goto fail;
  }

  if (ip->type == T_DEVICE) {
    f->type = FD_DEVICE;
    f->major = ip->major;
  } else {
    f->type = FD_INODE;
    f->off = 0;
  }
  f->ip = ip;
  f->readable = !(omode & O_WRONLY);
  f->writable = (omode & O_WRONLY) || (omode & O_RDWR);

  if ((omode & O_TRUNC) && ip->type == T_FILE)
    itrunc(ip);

  iunlock(ip);
  end_op();
  return fd;

fail:
  iunlockput(ip);
  end_op();
  return -1;
}

/* mkdir(path) */
uint64
sys_mkdir(void)
{
  char path[MAXPATH];
  struct inode *ip;

  if (argstr(0, path, MAXPATH) < 0)
    return -1;
  begin_op();
  ip = create(path, T_DIR, 0, 0);
  if (ip == 0) {
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

/* mknod(path, major, minor) */
uint64
sys_mknod(void)
{
  char path[MAXPATH];
  int major, minor;
  struct inode *ip;

  argint(1, &major);
  argint(2, &minor);
  if (argstr(0, path, MAXPATH) < 0)
    return -1;
  if (major < 0 || major >= NDEV)
    return -1;

  begin_op();
  ip = create(path, T_DEVICE, major, minor);
  if (ip == 0) {
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

/* chdir(path): the path must name a directory. */
uint64
sys_chdir(void)
{
  char path[MAXPATH];
  struct inode *ip;
  struct proc *p = myproc();

  if (argstr(0, path, MAXPATH) < 0)
    return -1;

  begin_op();
  ip = lookup_locked(path);
  if (ip == 0) {
    end_op();
    return -1;
  }
  if (ip->type != T_DIR) {
    iunlockput(ip);
    end_op();
    return -1;
  }
  iunlock(ip);
  iput(p->cwd);
  end_op();
  p->cwd = ip;
  return 0;
}

/*
 * exec(path, argv): copy the path and each argument string into kernel
 * memory (one page per argument, at most MAXARG of them), then replace
 * the process image.  Returns argc to the new program, or -1.
 */
uint64
sys_exec(void)
{
  char path[MAXPATH];
  char *argv[MAXARG + 1];
  uint64 uargv, uarg;
  int argc, i, ret = -1;

  argaddr(1, &uargv);
  if (argstr(0, path, MAXPATH) < 0)
    return -1;

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
sys_pipe(void)
{
  uint64 fdarray;
  struct file *rf, *wf;
  int fds[2];
  struct proc *p = myproc();

  argaddr(0, &fdarray);
  if (pipealloc(&rf, &wf) < 0)
    return -1;

  fds[0] = fdalloc(rf);
  fds[1] = fds[0] < 0 ? -1 : fdalloc(wf);
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
