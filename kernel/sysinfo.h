/* What the sysinfo() system call reports. */
struct sysinfo {
  uint64 freemem;   /* free physical memory, in bytes */
  uint64 nproc;     /* processes that are not UNUSED */
};
