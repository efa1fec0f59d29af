/*
 * The VMA list: a process's mappings, from the program's text at 0 to
 * the last mmap'ed area below TRAPFRAME.
 *
 * A vmspace is a doubly linked list of struct vma sorted by address and
 * closed into a ring by a sentinel (vm->head), so that "the VMA before"
 * and "the VMA after" always exist and no insertion or removal has a
 * special case.  A lookup hint remembers the last VMA found, which
 * makes the common case (faults in the same mapping) O(1).
 *
 * Every operation on a range of addresses is done in two steps, after
 * BSD's vm_map: vmspace_clip() splits the VMAs that straddle the range's
 * two ends, so that afterwards every VMA is either wholly inside the
 * range or wholly outside it; then the caller visits the VMAs inside.
 * A head, a tail or a hole in the middle need no code of their own.
 * vmspace_merge() joins adjacent compatible VMAs again afterwards.
 *
 * VMAs come from a pool that grows a page at a time, so the number of
 * mappings is bounded only by memory.
 */

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "fcntl.h"
#include "fs.h"
#include "sleeplock.h"
#include "pagetree.h"
#include "file.h"
#include "pool.h"
#include "vma.h"
#include "proc.h"
#include "vmainfo.h"
#include "defs.h"

/*
 * Placement: the highest address a mapping chosen by the kernel may
 * reach (the page under TRAPFRAME stays free), and the free room left
 * above a MAP_GROWSUP mapping so that it can grow.
 */
#define MMAP_TOP      (TRAPFRAME - PGSIZE)
#define GROWSUP_ROOM  (256 * PGSIZE)

static struct pool vmapool = POOL_INITIALIZER("vma", struct vma);

/* ------------------------------------------------------------ the list */

/*
 * Prepare p's empty vmspace (allocproc, before the process first runs).
 * The lock is initialised only on the slot's first use (the process
 * table starts zeroed, so the lock has no name yet), never again while
 * another hart may hold it: procdump (^P) looks at a slot's mappings
 * without holding the process's lock.
 */
void
vmspace_init(struct vmspace *vm)
{
  if (vm->lock.name == 0)
    initlock(&vm->lock, "vmspace");

  acquire(&vm->lock);
  vm->head.next = vm->head.prev = &vm->head;
  vm->head.start = vm->head.end = 0;
  vm->hint = &vm->head;
  vm->root = 0;
  vm->count = 0;
  vm->heap_start = 0;
  release(&vm->lock);
}

/* A zeroed VMA, or 0 if memory is exhausted. */
struct vma*
vma_alloc(void)
{
  return pool_alloc(&vmapool);
}

/*
 * Add file mapping v to its file's list of mappings, which truncation
 * walks to unmap the file's pages from every process, and the
 * reclaimer to find and unmap a page it would free.  The program's own
 * text and data are on it too: their pages come in on demand, and may
 * be reclaimed like any file page.  Truncation never finds them there,
 * for a running program's file cannot be opened for writing (file.c).
 */
void
vma_file_link(struct vma *v)
{
  struct inode *ip = v->file->ip;

  acquire(&ip->maplock);
  v->mapnext = ip->mappings;
  v->mapprev = &ip->mappings;
  if (ip->mappings)
    ip->mappings->mapprev = &v->mapnext;
  ip->mappings = v;
  release(&ip->maplock);
}

/* Take file mapping v off its file's list of mappings. */
static void
vma_file_unlink(struct vma *v)
{
  struct inode *ip = v->file->ip;

  acquire(&ip->maplock);
  *v->mapprev = v->mapnext;
  if (v->mapnext)
    v->mapnext->mapprev = v->mapprev;
  release(&ip->maplock);
}

/*
 * Fill in fresh VMA v as anonymous private memory [start, end) with
 * protection prot, playing role (VMA_* in vmainfo.h).
 */
void
vma_anon(struct vma *v, uint64 start, uint64 end, int prot, int role)
{
  v->start = start;
  v->end = end;
  v->prot = prot;
  v->flags = MAP_PRIVATE | MAP_ANONYMOUS;
  v->inherit = VMA_INHERIT_COPY;
  v->role = role;
}

/*
 * Make v, which the caller has filled in (range, prot, flags, inherit,
 * role, offset), one of p's mappings; a mapping of file f too, if f is
 * not 0 (v takes a reference of its own).
 */
void
vmspace_insert(struct proc *p, struct vma *v, struct file *f)
{
  v->proc = p;
  if (f) {
    v->file = filedup(f);
    vma_file_link(v);
  }
  vma_link(&p->vm, v);
}

/*
 * Free an unlinked VMA, dropping its references to the file and the
 * shared page object.  May sleep (the last fileclose of a file).
 */
void
vma_free(struct vma *v)
{
  if (v->file) {
    vma_file_unlink(v);
    fileclose(v->file);
  }
  if (v->shared)
    memobj_put(v->shared);
  pool_free(&vmapool, v);
}

/*
 * The first VMA that ends above va, or &vm->head if there is none:
 * the one that starts at or below va if it reaches past va, else the
 * next one up.  The index finds it in O(log n) steps.
 */
struct vma*
vma_above(struct vmspace *vm, uint64 va)
{
  struct vma *v = vmaindex_floor(vm, va);

  if (v == 0)
    return vm->head.next;
  return v->end > va ? v : v->next;
}

/*
 * The VMA containing va, or 0.  The hint and its two neighbours are
 * tried before the list is searched, so that touching mappings in
 * address order, up or down, never searches.
 */
struct vma*
vma_lookup(struct vmspace *vm, uint64 va)
{
  struct vma *near[] = { vm->hint, vm->hint->next, vm->hint->prev };
  struct vma *v;
  int i;

  for (i = 0; i < NELEM(near); i++) {
    v = near[i];
    if (v != &vm->head && v->start <= va && va < v->end) {
      vm->hint = v;
      return v;
    }
  }
  v = vma_above(vm, va);
  if (v == &vm->head || va < v->start)
    return 0;
  vm->hint = v;
  return v;
}

/* Put v, which overlaps no VMA of vm, into its place in the list. */
void
vma_link(struct vmspace *vm, struct vma *v)
{
  struct vma *after = vma_above(vm, v->start);

  acquire(&vm->lock);
  v->next = after;
  v->prev = after->prev;
  after->prev->next = v;
  after->prev = v;
  vmaindex_insert(vm, v);
  vm->count++;
  release(&vm->lock);
}

/* Take v out of vm's list (the caller then frees it). */
void
vma_unlink(struct vmspace *vm, struct vma *v)
{
  acquire(&vm->lock);
  v->prev->next = v->next;
  v->next->prev = v->prev;
  vmaindex_remove(vm, v);
  vm->count--;
  if (vm->hint == v)
    vm->hint = &vm->head;
  release(&vm->lock);
}

/*
 * Split v in two at page-aligned addr (v->start < addr < v->end); the
 * new upper part holds its own references.  Returns 0, or -1 if memory
 * is exhausted (v is then unchanged).
 */
static int
vma_split(struct vmspace *vm, struct vma *v, uint64 addr)
{
  struct vma *upper = vma_alloc();

  if (upper == 0)
    return -1;
  *upper = *v;
  upper->start = addr;
  upper->offset = v->offset + (addr - v->start);
  if (upper->file) {
    filedup(upper->file);
    vma_file_link(upper);   /* before v shrinks: truncation must see both */
  }
  if (upper->shared)
    memobj_ref(upper->shared);

  acquire(&vm->lock);
  v->end = addr;
  upper->prev = v;
  upper->next = v->next;
  v->next->prev = upper;
  v->next = upper;
  vmaindex_insert(vm, upper);
  vm->count++;
  release(&vm->lock);
  return 0;
}

/*
 * Clip: split the VMAs that straddle start or end, so that every VMA is
 * wholly inside [start, end) or wholly outside it.  Returns 0, or -1 if
 * memory is exhausted (a split already made is harmless).
 */
int
vmspace_clip(struct vmspace *vm, uint64 start, uint64 end)
{
  struct vma *v;

  v = vma_lookup(vm, start);
  if (v != 0 && v->start < start && vma_split(vm, v, start) < 0)
    return -1;
  v = vma_lookup(vm, end);
  if (v != 0 && v->start < end && vma_split(vm, v, end) < 0)
    return -1;
  return 0;
}

/* Can b be absorbed into a, the VMA just below it? */
static int
vma_compatible(struct vma *a, struct vma *b)
{
  if (a->end != b->start || a->prot != b->prot || a->flags != b->flags ||
      a->inherit != b->inherit || a->file != b->file || a->shared != b->shared ||
      a->role != b->role)
    return 0;
  /* Private anonymous memory has no offsets to keep in step. */
  if (a->file == 0 && a->shared == 0)
    return 1;
  return a->offset + (a->end - a->start) == b->offset;
}

/*
 * Merge adjacent compatible VMAs from the one just below start to the
 * one just above end, undoing the splits of an operation on the range.
 */
void
vmspace_merge(struct vmspace *vm, uint64 start, uint64 end)
{
  struct vma *v, *next;

  v = vma_above(vm, start);
  if (v->prev != &vm->head)
    v = v->prev;
  while (v != &vm->head && v->next != &vm->head && v->start <= end) {
    next = v->next;
    if (!vma_compatible(v, next)) {
      v = next;
      continue;
    }
    acquire(&vm->lock);
    v->end = next->end;
    v->populated |= next->populated;
    release(&vm->lock);
    vma_unlink(vm, next);
    vma_free(next);
  }
}

/* Does any mapping overlap [start, end)? */
int
vmspace_overlaps(struct vmspace *vm, uint64 start, uint64 end)
{
  struct vma *v = vma_above(vm, start);

  return v != &vm->head && v->start < end;
}

/* Is every page of [start, end) mapped? */
int
vmspace_covers(struct vmspace *vm, uint64 start, uint64 end)
{
  struct vma *v;
  uint64 covered = start;

  for (v = vma_above(vm, start); v != &vm->head && covered < end; v = v->next) {
    if (v->start > covered)
      break;
    covered = v->end;
  }
  return covered >= end;
}

/*
 * Where the mmap area begins: the heap's end, rounded up to a page.
 * Below it lie the program, the stack and the heap, which only exec
 * and sbrk change.
 */
uint64
mmap_area_start(struct proc *p)
{
  return PGROUNDUP(p->sz);
}

/*
 * Choose where a new mapping of len bytes goes: just under the lowest
 * mapping if it fits there, else the highest free range between the
 * program image and MMAP_TOP that fits.  A MAP_GROWSUP mapping gets
 * GROWSUP_ROOM of free space above it to grow into.  Returns the start
 * address, or 0 if the address space is full.
 */
uint64
vmspace_place(struct proc *p, uint64 len, int flags)
{
  struct vmspace *vm = &p->vm;
  uint64 floor = mmap_area_start(p);
  uint64 need = len, hi = MMAP_TOP, lo;
  struct vma *v;

  if (flags & MAP_GROWSUP)
    need += GROWSUP_ROOM;
  /*
   * The mappings the kernel places pack down from the top, so the gap
   * under the lowest one in the mmap area usually fits: try it first,
   * in O(log n), rather than search every gap from the top down.
   */
  v = vma_above(vm, floor);
  if (v != &vm->head && v->start > floor && v->start - floor >= need &&
      v->start <= MMAP_TOP)
    return v->start - need;
  for (v = vm->head.prev; ; v = v->prev) {
    /* The hole under hi runs down to v's end (or the floor). */
    lo = (v == &vm->head || v->end < floor) ? floor : v->end;
    if (hi > lo && hi - lo >= need)
      return hi - need;
    if (v == &vm->head || v->start <= floor)
      return 0;
    if (v->start < hi)
      hi = v->start;
  }
}

/*
 * Is [start, end) a usable place for a mapping: page aligned, above the
 * program image, below TRAPFRAME and free?
 */
int
vmspace_free_range(struct proc *p, uint64 start, uint64 end)
{
  return start % PGSIZE == 0 && start >= mmap_area_start(p) && start < end &&
         end <= TRAPFRAME && !vmspace_overlaps(&p->vm, start, end);
}

/* Write back, unmap and free v, which the caller has unlinked from p's list. */
static void
vma_destroy(struct proc *p, struct vma *v)
{
  vma_writeback(p, v, v->start, v->end, 0);
  vma_unmap_pages(p, v, v->start, v->end);
  vma_free(v);
}

/*
 * Remove every mapping in [start, end) (page aligned): clip at the two
 * ends, then write back, unmap and free each VMA inside.  Returns 0, or
 * -1 if memory for a split ran out (nothing is unmapped then).
 */
int
vmspace_unmap(struct proc *p, uint64 start, uint64 end)
{
  struct vmspace *vm = &p->vm;
  struct vma *v, *next;

  if (vmspace_clip(vm, start, end) < 0)
    return -1;
  for (v = vma_above(vm, start); v != &vm->head && v->start < end; v = next) {
    next = v->next;
    vma_unlink(vm, v);
    vma_destroy(p, v);
  }
  return 0;
}

/*
 * Drop all of p's mappings, writing dirty shared file pages back first
 * (exit, exec, a failed fork).  Every mapping gives up its writable
 * PTEs before any is written back, so that a page p maps writable many
 * times is written once (vmpage.c).  Caller is not inside a transaction.
 */
void
vmspace_release(struct proc *p)
{
  struct vmspace *vm = &p->vm;
  struct vma *v;

  for (v = vm->head.next; v != &vm->head; v = v->next)
    vma_drop_writers(p, v);
  while ((v = vm->head.next) != &vm->head) {
    vma_unlink(vm, v);
    vma_destroy(p, v);
  }
}

/*
 * Give child a copy of every mapping of parent, each as its inheritance
 * says: a shared one refers to the same page object (the child faults
 * its pages from there, so it starts with none mapped); a private one
 * shares the parent's pages copy-on-write.  Returns 0, or -1 if memory
 * ran out (the caller then releases the child's vmspace).
 */
int
vmspace_fork(struct proc *parent, struct proc *child)
{
  struct vma *v, *copy;
  int err = 0;

  child->vm.heap_start = parent->vm.heap_start;
  for (v = parent->vm.head.next; v != &parent->vm.head && err == 0; v = v->next) {
    copy = vma_alloc();
    if (copy == 0) {
      err = -1;
      break;
    }
    *copy = *v;
    copy->proc = child;
    if (copy->file) {
      filedup(copy->file);
      vma_file_link(copy);
    }
    if (copy->shared)
      memobj_ref(copy->shared);
    if (v->inherit == VMA_INHERIT_SHARE)
      copy->populated = 0;
    vma_link(&child->vm, copy);
    if (v->inherit == VMA_INHERIT_COPY)
      err = vma_copy_pages(parent, child, v);
  }
  sfence_vma();   /* parent's pages became read-only */
  return err;
}

/* --------------------------------------------------------- introspection */

/* Describe v of process p in *info. */
static void
vma_describe(struct proc *p, struct vma *v, struct vmainfo *info)
{
  info->start = v->start;
  info->end = v->end;
  info->offset = v->offset;
  info->prot = v->prot;
  info->flags = v->flags;
  info->resident = vma_resident(p, v, &info->swapped);
  info->dev = v->file ? v->file->ip->dev : 0;
  info->inum = v->file ? v->file->ip->inum : 0;
  info->role = v->role;
}

/* A mapping's role as pmap and ^P show it. */
static char*
role_name(int role)
{
  static char *names[] = {
    [VMA_MMAP] "", [VMA_TEXT] "[ text ] ", [VMA_DATA] "[ data ] ",
    [VMA_GUARD] "[ guard ] ", [VMA_STACK] "[ stack ] ", [VMA_HEAP] "[ heap ] ",
  };

  return role >= 0 && role < NELEM(names) ? names[role] : "";
}

/*
 * Fill out[0..max) with p's mappings from the first-th on.  Returns the
 * number filled.  Safe for a process other than p's owner to call
 * while it holds p->lock (p cannot be freed meanwhile).
 */
int
vmspace_info(struct proc *p, int first, struct vmainfo *out, int max)
{
  struct vmspace *vm = &p->vm;
  struct vma *v;
  int i = 0, n = 0;

  acquire(&vm->lock);
  for (v = vm->head.next; v != &vm->head && n < max; v = v->next, i++)
    if (i >= first)
      vma_describe(p, v, &out[n++]);
  release(&vm->lock);
  return n;
}

/* Print p's mappings on the console (^P); takes no sleeping locks. */
void
vmspace_dump(struct proc *p)
{
  struct vmspace *vm = &p->vm;
  struct vmainfo info;
  struct vma *v;

  acquire(&vm->lock);
  for (v = vm->head.next; v != &vm->head; v = v->next) {
    vma_describe(p, v, &info);
    printf("    0x%lx-0x%lx %c%c%c%c %ldK resident %ldK swapped %ldK ",
           info.start, info.end,
           (info.prot & PROT_READ) ? 'r' : '-',
           (info.prot & PROT_WRITE) ? 'w' : '-',
           (info.prot & PROT_EXEC) ? 'x' : '-',
           (info.flags & MAP_SHARED) ? 's' : 'p',
           (info.end - info.start) / 1024, info.resident * (PGSIZE / 1024),
           info.swapped * (PGSIZE / 1024));
    if (info.inum != 0)
      printf("%sinode %d offset 0x%lx\n", role_name(info.role), info.inum, info.offset);
    else if (info.role != VMA_MMAP)
      printf("%s\n", role_name(info.role));
    else
      printf("[ anon ]\n");
  }
  release(&vm->lock);
}
