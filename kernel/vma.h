/*
 * Virtual memory areas: a process's whole address space.
 *
 * A process's mappings form a list of struct vma sorted by address,
 * threaded through a sentinel (struct vmspace.head) so that insertion
 * and removal never special-case the ends.  Ranges are half open,
 * [start, end), and page aligned.  exec makes the program's text, data,
 * stack guard and stack VMAs, sbrk the heap's; mmap makes the rest
 * (the role of each: VMA_* in vmainfo.h).
 */

/* What fork does with a mapping. */
enum vma_inherit {
  VMA_INHERIT_SHARE,   /* MAP_SHARED: child maps the same pages */
  VMA_INHERIT_COPY,    /* MAP_PRIVATE: child gets a copy-on-write view */
};

struct vma {
  struct vma *prev;           /* the list, by address */
  struct vma *next;
  struct vma *left;           /* the index over the list (vmaindex.c) */
  struct vma *right;
  uint64 priority;
  uint64 start;
  uint64 end;
  int prot;                   /* PROT_* */
  int flags;                  /* MAP_* as given to mmap (minus FIXED/POPULATE) */
  enum vma_inherit inherit;
  int role;                   /* VMA_MMAP, VMA_TEXT, ... (vmainfo.h) */
  struct proc *proc;          /* the process whose address space this is */
  struct file *file;          /* backing file (a counted reference), or 0 */
  struct vma *mapnext;        /* the file's other mappings (file->ip->mappings) */
  struct vma **mapprev;       /* the link that points at this VMA */
  uint64 offset;              /* file offset of start */
  struct memobj *shared;      /* MAP_SHARED|MAP_ANONYMOUS: the pages every
                                 sharer maps (a file's are in its page cache) */
  int populated;              /* a page may be mapped; while 0, nothing in
                                 the page table needs unmapping or copying */
};

/*
 * Only the owning process changes its vmspace, and it reads the list
 * without locking.  Other processes read it too (vmainfo, ^P), so the
 * owner holds lock while it links, unlinks or resizes a VMA or changes
 * its prot, and those readers hold it while they look.
 */
struct vmspace {
  struct spinlock lock;       /* see above; needs spinlock.h first */
  struct vma head;            /* sentinel: head.next is the lowest mapping */
  struct vma *hint;           /* the last VMA a lookup found (owner only) */
  struct vma *root;           /* the index: a treap by start (vmaindex.c) */
  uint64 seed;                /* the index's random priorities */
  int count;                  /* mappings in the list */
  uint64 heap_start;          /* where the heap begins (set by exec); the
                                 process's sz is where it ends */
};
