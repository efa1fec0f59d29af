/* user/pagein.c: for tests that count free memory around their work. */
void pagein_self(void);        /* fault in the program's own pages */
uint64 freemem(void);          /* free bytes (sysinfo), or 0 */
uint64 free_less_swap(void);   /* free memory, the page cache counted as
                                  free, less swap in use: a figure the
                                  kernel's paging leaves alone */
