/*
 * The memory-mapping system calls: mmap, munmap, msync, mprotect, and
 * vmainfo to look at a process's mappings.
 *
 * Each call checks every argument first and changes nothing when one is
 * bad; then it works on the VMA list (vma.c) the BSD way, clipping the
 * VMAs at the range's ends and visiting those inside.  Pages are not
 * touched here except to write them back, unmap them or change their
 * protection; they arrive later, one fault at a time (vmfault.c).
 */

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "fcntl.h"
#include "fs.h"
#include "stat.h"
#include "sleeplock.h"
#include "pagetree.h"
#include "file.h"
#include "vma.h"
#include "proc.h"
#include "vmainfo.h"
#include "defs.h"

#define PROT_ALL  (PROT_READ | PROT_WRITE | PROT_EXEC)
#define MAP_KNOWN (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | \
                   MAP_GROWSUP | MAP_POPULATE | MAP_FIXED_NOREPLACE)
#define MAP_KEPT  (MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSUP)  /* recorded in the VMA */
#define MS_KNOWN  (MS_ASYNC | MS_INVALIDATE | MS_SYNC)

/*
 * The end of the page-rounded range [addr, addr+len), or 0 if len is 0
 * or the range wraps or reaches beyond limit.
 */
static uint64
range_end(uint64 addr, uint64 len, uint64 limit)
{
  if (len == 0 || len > limit || addr > limit - PGROUNDUP(len))
    return 0;
  return addr + PGROUNDUP(len);
}

/*
 * The open file fd of p if it can back a mapping with prot and flags:
 * a readable regular file, writable too for a shared writable mapping.
 * Returns 0 if not.
 */
static struct file*
mappable_file(struct proc *p, int fd, int prot, int flags)
{
  struct file *f;
  int type;

  if (fd < 0 || fd >= NOFILE || (f = p->ofile[fd]) == 0)
    return 0;
  if (f->type != FD_INODE || !f->readable)
    return 0;
  if ((flags & MAP_SHARED) && (prot & PROT_WRITE) && !f->writable)
    return 0;
  ilock(f->ip);
  type = f->ip->type;
  iunlock(f->ip);
  return type == T_FILE ? f : 0;
}

/* The number of bytes of v's file from v's offset on (0 if none). */
static uint64
file_bytes(struct vma *v)
{
  uint64 size;

  ilock(v->file->ip);
  size = v->file->ip->size;
  iunlock(v->file->ip);
  return size > v->offset ? size - v->offset : 0;
}

/*
 * MAP_POPULATE: fault in every page of the new mapping v at
 * [start, end), as a read (a store would dirty shared file pages), up to
 * end of file (pages past it are zeros, or kill).  Returns 0, or -1 if a
 * page could not be had.
 */
static int
populate(struct proc *p, struct vma *v, uint64 start, uint64 end)
{
  int access = (v->prot & (PROT_READ | PROT_WRITE)) ? PROT_READ : PROT_EXEC;
  uint64 va, infile;

  if (v->prot == PROT_NONE)
    return 0;
  if (v->file) {
    infile = PGROUNDUP(file_bytes(v));
    if (end - start > infile)
      end = start + infile;
  }
  for (va = start; va < end; va += PGSIZE)
    if (vm_fault(p, va, access) != 0)
      return -1;
  return 0;
}

/*
 * Where a mapping of len bytes with these flags goes, given the caller's
 * addr: exactly addr for MAP_FIXED and MAP_FIXED_NOREPLACE (if
 * allowed), else addr if it is a usable hint, else a place the kernel
 * picks.  Returns 0 if there is none.
 */
static uint64
choose_address(struct proc *p, uint64 addr, uint64 len, int flags)
{
  uint64 end;

  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    end = range_end(addr, len, TRAPFRAME);
    if (addr % PGSIZE != 0 || end == 0 || addr < mmap_area_start(p))
      return 0;
    if ((flags & MAP_FIXED_NOREPLACE) && vmspace_overlaps(&p->vm, addr, end))
      return 0;
    return addr;
  }
  end = range_end(addr, len, TRAPFRAME);
  if (addr != 0 && end != 0 && vmspace_free_range(p, addr, end))
    return addr;
  return vmspace_place(p, len, flags);
}

/*
 * void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
 * Returns the mapping's address, or -1.
 */
uint64
sys_mmap(void)
{
  struct proc *p = myproc();
  uint64 addr, len, off, start;
  int prot, flags, fd, sharing;
  struct file *f = 0;
  struct vma *v;

  argaddr(0, &addr);
  argaddr(1, &len);
  argint(2, &prot);
  argint(3, &flags);
  argint(4, &fd);
  argaddr(5, &off);

  sharing = flags & (MAP_SHARED | MAP_PRIVATE);
  if (len == 0 || len > TRAPFRAME || (prot & ~PROT_ALL) || (flags & ~MAP_KNOWN))
    return -1;
  if (sharing != MAP_SHARED && sharing != MAP_PRIVATE)
    return -1;
  if ((long)off < 0 || off % PGSIZE != 0)
    return -1;
  len = PGROUNDUP(len);
  if (flags & MAP_ANONYMOUS) {
    if (off != 0)
      return -1;
  } else if ((f = mappable_file(p, fd, prot, flags)) == 0) {
    return -1;
  } else if (off >= (uint64)MAXFILE * BSIZE) {
    return -1;   /* no file reaches that far */
  }
  start = choose_address(p, addr, len, flags);
  if (start == 0)
    return -1;

  v = vma_alloc();
  if (v == 0)
    return -1;
  v->start = start;
  v->end = start + len;
  v->prot = prot;
  v->flags = flags & MAP_KEPT;
  v->inherit = sharing == MAP_SHARED ? VMA_INHERIT_SHARE : VMA_INHERIT_COPY;
  v->offset = off;
  /* Shared anonymous memory has an object of its own; files, their cache. */
  if (sharing == MAP_SHARED && f == 0 && (v->shared = memobj_alloc()) == 0) {
    vma_free(v);
    return -1;
  }
  /* The old mappings go only once nothing can fail for want of memory. */
  if ((flags & MAP_FIXED) && vmspace_unmap(p, start, start + len) < 0) {
    vma_free(v);
    return -1;
  }
  vmspace_insert(p, v, f);

  if ((flags & MAP_POPULATE) && populate(p, v, start, start + len) < 0) {
    vmspace_unmap(p, start, start + len);
    return -1;
  }
  vmspace_merge(&p->vm, start, start + len);
  return start;
}

/* int munmap(void *addr, size_t len): 0, or -1. */
uint64
sys_munmap(void)
{
  struct proc *p = myproc();
  uint64 addr, len, end;

  argaddr(0, &addr);
  argaddr(1, &len);
  end = range_end(addr, len, MAXVA);
  if (addr % PGSIZE != 0 || end == 0)
    return -1;
  /* The program, stack and heap below the mmap area are left alone. */
  if (addr < mmap_area_start(p))
    addr = mmap_area_start(p);
  if (addr >= end)
    return 0;
  return vmspace_unmap(p, addr, end);
}

/*
 * int msync(void *addr, size_t len, int flags): write the range's dirty
 * shared file pages back now.  The write is synchronous whatever the
 * flags say; MS_INVALIDATE has nothing to do (there is one copy of each
 * page).  0, or -1.
 */
uint64
sys_msync(void)
{
  struct proc *p = myproc();
  uint64 addr, len, end;
  struct vma *v;
  int flags, err = 0;

  argaddr(0, &addr);
  argaddr(1, &len);
  argint(2, &flags);
  if ((flags & ~MS_KNOWN) || ((flags & MS_SYNC) && (flags & MS_ASYNC)))
    return -1;
  if (addr % PGSIZE != 0)
    return -1;
  if (len == 0)
    return 0;
  end = range_end(addr, len, MAXVA);
  if (end == 0 || addr < mmap_area_start(p) || !vmspace_covers(&p->vm, addr, end))
    return -1;
  /* Nothing about the VMAs changes, so there is nothing to clip. */
  for (v = vma_above(&p->vm, addr); v != &p->vm.head && v->start < end; v = v->next)
    if (vma_writeback(p, v, v->start > addr ? v->start : addr, v->end < end ? v->end : end, 1) < 0)
      err = -1;
  return err;
}

/* int mprotect(void *addr, size_t len, int prot): 0, or -1. */
uint64
sys_mprotect(void)
{
  struct proc *p = myproc();
  struct vmspace *vm = &p->vm;
  uint64 addr, len, end;
  struct vma *v;
  int prot;

  argaddr(0, &addr);
  argaddr(1, &len);
  argint(2, &prot);
  if (addr % PGSIZE != 0 || (prot & ~PROT_ALL))
    return -1;
  if (len == 0)
    return 0;
  end = range_end(addr, len, MAXVA);
  if (end == 0 || addr < mmap_area_start(p) || !vmspace_covers(vm, addr, end))
    return -1;
  for (v = vma_above(vm, addr); v != &vm->head && v->start < end; v = v->next)
    if ((v->flags & MAP_SHARED) && v->file && (prot & PROT_WRITE) && !v->file->writable)
      return -1;

  if (vmspace_clip(vm, addr, end) < 0)
    return -1;
  for (v = vma_above(vm, addr); v != &vm->head && v->start < end; v = v->next) {
    /*
     * Stores this process made reach the file now, while it is still
     * a writer of those pages: once it is not, the cache may call a
     * page clean after another process writes it back.
     */
    if ((v->prot & PROT_WRITE) && !(prot & PROT_WRITE))
      vma_writeback(p, v, v->start, v->end, 0);
    acquire(&vm->lock);
    v->prot = prot;
    release(&vm->lock);
    vma_protect_pages(p, v, v->start, v->end);
  }
  vmspace_merge(vm, addr, end);
  return 0;
}

/* Entries gathered per round of vmainfo: as many as fit in a page. */
#define INFO_BATCH  (PGSIZE / sizeof(struct vmainfo))

/*
 * The process with this pid if it is running or may run, with its lock
 * held (so that it cannot exit and be reused while the caller looks at
 * its mappings); or 0.  A slot still being set up (USED) or a zombie has
 * no mappings to show.
 */
static struct proc*
live_proc(int pid)
{
  struct proc *p = proc_lookup(pid);

  if (p != 0 && (p->state == USED || p->state == ZOMBIE)) {
    release(&p->lock);
    p = 0;
  }
  return p;
}

/*
 * int vmainfo(int pid, struct vmainfo *buf, int max): describe up to max
 * mappings of process pid (0 = the caller), lowest first.  Returns how
 * many were stored, or -1 if there is no such process.
 */
uint64
sys_vmainfo(void)
{
  struct proc *p = myproc(), *target;
  struct vmainfo *batch;
  uint64 buf;
  int pid, max, n, done = 0;

  argint(0, &pid);
  argaddr(1, &buf);
  argint(2, &max);
  if (max < 0)
    return -1;
  if (pid == 0)
    pid = p->pid;
  batch = kalloc();
  if (batch == 0)
    return -1;

  /* Gather a page's worth under the target's locks, then copy it out. */
  for (;;) {
    target = live_proc(pid);
    if (target == 0) {
      done = done > 0 ? done : -1;
      break;
    }
    n = vmspace_info(target, done, batch, max - done < INFO_BATCH ? max - done : INFO_BATCH);
    release(&target->lock);
    if (n > 0 && copyout(p->pagetable, buf + done * sizeof(*batch),
                         (char *)batch, n * sizeof(*batch)) < 0) {
      done = -1;
      break;
    }
    done += n;
    if (n < INFO_BATCH)
      break;
  }
  kfree(batch);
  return done;
}
