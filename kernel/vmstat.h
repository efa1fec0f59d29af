/*
 * What the vmstat() system call reports: memory, the caches, swap, and
 * the paging done since boot.  Include kernel/types.h first.
 */
struct vmstat {
  uint64 freemem;       /* bytes free, or free for the asking (as sysinfo) */
  uint64 cachemem;      /* bytes of file pages in the page cache */
  uint64 swapcache;     /* bytes of pages kept beside their swap slots */
  uint64 swaptotal;     /* bytes of swap (0: no swap disk) */
  uint64 swapused;      /* bytes of swap in use */
  uint64 faults;        /* page faults handled */
  uint64 pageins;       /* pages read back from swap */
  uint64 pageouts;      /* pages written to swap */
  uint64 filedropped;   /* file pages reclaim took from the page cache */
  uint64 filewritten;   /* dirty file pages reclaim wrote back first */
  uint64 cacheheld;     /* bytes the page cache holds that freemem does not
                           count: pages in use, and their index nodes */
};
