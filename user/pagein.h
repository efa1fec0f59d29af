/* user/pagein.c: fault in the calling program's own pages. */
void pagein_self(void);
