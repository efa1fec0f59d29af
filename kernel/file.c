/*
 * Open files: the system-wide table of struct file, shared by
 * descriptors (and mappings) through a reference count, and the
 * read/write/stat operations that route to pipes, devices or inodes.
 */
#include "types.h"
#include "riscv.h"
#include "defs.h"
#include "param.h"
#include "fs.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "file.h"
#include "stat.h"
#include "fcntl.h"
#include "vma.h"
#include "proc.h"

struct devsw devsw[NDEV];

/*
 * The largest write one log transaction may carry: the blocks it can
 * touch (data, plus an indirect block, the inode and bitmap blocks,
 * each possibly counted twice when a write straddles) must fit in
 * MAXOPBLOCKS.
 */
#define MAX_WRITE_PER_OP (((MAXOPBLOCKS - 1 - 1 - 2) / 2) * BSIZE)

static struct {
  struct spinlock lock;   /* protects every ref, and a free slot's claiming */
  struct file slot[NFILE];
} ftable;

void
fileinit(void)
{
  initlock(&ftable.lock, "ftable");
}

/* Claim a free struct file with one reference.  Returns 0 if none. */
struct file*
filealloc(void)
{
  struct file *f;

  acquire(&ftable.lock);
  for (f = ftable.slot; f < &ftable.slot[NFILE]; f++) {
    if (f->ref == 0) {
      f->ref = 1;
      release(&ftable.lock);
      return f;
    }
  }
  release(&ftable.lock);
  return 0;
}

/* Add a reference to f.  Returns f. */
struct file*
filedup(struct file *f)
{
  acquire(&ftable.lock);
  if (f->ref < 1)
    panic("filedup: file not open");
  f->ref++;
  release(&ftable.lock);
  return f;
}

/*
 * Drop a reference to f.  The last one releases what f refers to: a
 * pipe end, or an inode (inside a transaction, since iput may free it).
 */
void
fileclose(struct file *f)
{
  struct file gone;

  acquire(&ftable.lock);
  if (f->ref < 1)
    panic("fileclose: file not open");
  if (--f->ref > 0) {
    release(&ftable.lock);
    return;
  }
  gone = *f;
  f->type = FD_NONE;
  f->pipe = 0;
  f->ip = 0;
  release(&ftable.lock);

  switch (gone.type) {
  case FD_PIPE:
    pipeclose(gone.pipe, gone.writable);
    break;
  case FD_INODE:
  case FD_DEVICE:
    begin_op();
    iput(gone.ip);
    end_op();
    break;
  case FD_NONE:
    break;
  }
}

/* Copy f's metadata to user address addr.  Returns 0, or -1. */
int
filestat(struct file *f, uint64 addr)
{
  struct stat st;

  if (f->type != FD_INODE && f->type != FD_DEVICE)
    return -1;
  ilock(f->ip);
  stati(f->ip, &st);
  iunlock(f->ip);
  if (copyout(myproc()->pagetable, addr, (char *)&st, sizeof(st)) < 0)
    return -1;
  return 0;
}

/* The device switch entry for major, or 0 if there is none. */
static struct devsw*
device(short major)
{
  if (major < 0 || major >= NDEV)
    return 0;
  return &devsw[major];
}

/*
 * Read up to n bytes from f into user address addr, advancing an inode
 * file's offset.  Returns the bytes read, or -1.
 */
int
fileread(struct file *f, uint64 addr, int n)
{
  struct devsw *dev;
  int r;

  if (!f->readable)
    return -1;

  switch (f->type) {
  case FD_PIPE:
    return piperead(f->pipe, addr, n);
  case FD_DEVICE:
    dev = device(f->major);
    if (dev == 0 || dev->read == 0)
      return -1;
    vm_prefault(myproc(), addr, n, PROT_WRITE);
    return dev->read(1, addr, n);
  case FD_INODE:
    vm_prefault(myproc(), addr, n, PROT_WRITE);
    ilock(f->ip);
    r = readi(f->ip, 1, addr, f->off, n);
    if (r > 0)
      f->off += r;
    iunlock(f->ip);
    return r;
  default:
    panic("fileread: bad file type");
  }
}

/*
 * Write n bytes at file offset f->off in transactions of at most
 * MAX_WRITE_PER_OP bytes each.  Returns n, or -1 if any piece fell short
 * (the pieces before it stay written).
 */
static int
inode_write(struct file *f, uint64 addr, int n)
{
  int done = 0, piece, r;

  vm_prefault(myproc(), addr, n, PROT_READ);
  while (done < n) {
    piece = n - done;
    if (piece > MAX_WRITE_PER_OP)
      piece = MAX_WRITE_PER_OP;

    begin_op();
    ilock(f->ip);
    r = writei(f->ip, 1, addr + done, f->off, piece);
    if (r > 0)
      f->off += r;
    iunlock(f->ip);
    end_op();

    if (r != piece)
      return -1;
    done += piece;
  }
  return n;
}

/*
 * Write n bytes from user address addr to f.
 * Returns n, or -1 on failure.
 */
int
filewrite(struct file *f, uint64 addr, int n)
{
  struct devsw *dev;

  if (!f->writable)
    return -1;

  switch (f->type) {
  case FD_PIPE:
    return pipewrite(f->pipe, addr, n);
  case FD_DEVICE:
    dev = device(f->major);
    if (dev == 0 || dev->write == 0)
      return -1;
    vm_prefault(myproc(), addr, n, PROT_READ);
    return dev->write(1, addr, n);
  case FD_INODE:
    return inode_write(f, addr, n);
  default:
    panic("filewrite: bad file type");
  }
}
