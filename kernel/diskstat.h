/*
 * What the diskstat() system call reports: the requests the virtio
 * disk driver has sent to the device since boot, one per block read or
 * written, and the flushes.  Tests
 * and benchmarks read it to count the disk writes an operation costs.
 * Include kernel/types.h first.
 */
struct diskstat {
  uint64 reads;    /* blocks read */
  uint64 writes;   /* blocks written */
  uint64 flushes;  /* write barriers (the log's) */
};
