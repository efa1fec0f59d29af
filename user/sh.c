/*
 * sh: the shell.
 *
 * Each command line is read after a "$ " prompt, cut into tokens,
 * parsed into a tree by a recursive-descent parser, and run:
 *
 *   list     := pipeline { (';' | '&') [pipeline] }
 *   pipeline := command [ '|' pipeline ]
 *   command  := '(' list ')' { redir }
 *             | { word | redir }+
 *   redir    := ('<' | '>' | '>>') word
 *
 * A list runs its parts left to right in the shell itself, so
 * "cd dir; ls" works; everything else runs in child processes.  cd is
 * the only built-in command; inside ( ) it changes the directory of
 * the subshell only.
 */
#include "kernel/types.h"
#include "kernel/param.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define MAXLINE    512               /* longest command line */
#define MAXTOKENS  (MAXLINE / 2 + 2) /* tokens in a line, END included */
#define MAXNODES   64                /* tree nodes in a line */
#define MAXREDIRS  4                 /* redirections on one command */

enum tokkind {
  TOK_WORD,
  TOK_PIPE,     /* | */
  TOK_IN,       /* < */
  TOK_OUT,      /* > */
  TOK_APPEND,   /* >> */
  TOK_SEMI,     /* ; */
  TOK_AMP,      /* & */
  TOK_LPAREN,   /* ( */
  TOK_RPAREN,   /* ) */
  TOK_END,      /* end of the line */
};

struct token {
  enum tokkind kind;
  char *word;           /* TOK_WORD: the word, NUL-terminated */
};

struct redir {
  enum tokkind kind;    /* TOK_IN, TOK_OUT or TOK_APPEND */
  char *file;
};

enum nodekind {
  N_COMMAND,            /* argv with redirections */
  N_GROUP,              /* ( left ) with redirections */
  N_PIPE,               /* left | right */
  N_SEQ,                /* left ; right */
  N_BACK,               /* left & */
};

struct node {
  enum nodekind kind;
  struct node *left;
  struct node *right;
  int argc;
  char *argv[MAXARG + 1];
  int nredir;
  struct redir redirs[MAXREDIRS];
};

/* The current line: its tokens, their words, and its tree. */
static char line[MAXLINE];
static char words[2 * MAXLINE];
static struct token tokens[MAXTOKENS];
static struct node nodes[MAXNODES];
static int ntokens;
static int nnodes;

/* Parser position and whether it has reported an error. */
static int pos;
static int parse_failed;

/* ---------- Tokens ---------- */

/* Characters that separate words. */
static int
is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v';
}

/* Characters that make operator tokens (and end a word). */
static int
is_special(char c)
{
  return strchr("|<>;&()", c) != 0;
}

/* The token kind of the operator starting at s; *len gets its length. */
static enum tokkind
operator_at(const char *s, int *len)
{
  *len = 1;
  switch (*s) {
  case '|': return TOK_PIPE;
  case '<': return TOK_IN;
  case ';': return TOK_SEMI;
  case '&': return TOK_AMP;
  case '(': return TOK_LPAREN;
  case ')': return TOK_RPAREN;
  default:
    if (s[1] == '>') {
      *len = 2;
      return TOK_APPEND;
    }
    return TOK_OUT;
  }
}

/*
 * Cut line into tokens[], copying words into words[].
 * Returns 0, or -1 if the line has too many tokens.
 */
static int
tokenize(void)
{
  char *s = line;
  char *w = words;
  int len;

  ntokens = 0;
  for (;;) {
    while (is_blank(*s))
      s++;
    if (ntokens == MAXTOKENS - 1) {
      if (*s == '\0')
        break;
      return -1;
    }
    if (*s == '\0')
      break;
    if (is_special(*s)) {
      tokens[ntokens].kind = operator_at(s, &len);
      tokens[ntokens].word = 0;
      s += len;
    } else {
      tokens[ntokens].kind = TOK_WORD;
      tokens[ntokens].word = w;
      while (*s != '\0' && !is_blank(*s) && !is_special(*s))
        *w++ = *s++;
      *w++ = '\0';
    }
    ntokens++;
  }
  tokens[ntokens].kind = TOK_END;
  tokens[ntokens].word = 0;
  return 0;
}

/* ---------- Parser ---------- */

/* The kind of the token the parser is looking at. */
static enum tokkind
peek(void)
{
  return tokens[pos].kind;
}

/* Report what is wrong with the line; only the first error is shown. */
static void
syntax_error(const char *what)
{
  if (!parse_failed)
    fprintf(2, "sh: syntax error: %s\n", what);
  parse_failed = 1;
}

/* A cleared node from the pool, or 0 (a syntax error) if it is used up. */
static struct node *
new_node(enum nodekind kind, struct node *left, struct node *right)
{
  struct node *n;

  if (nnodes == MAXNODES) {
    syntax_error("command too long");
    return 0;
  }
  n = &nodes[nnodes++];
  memset(n, 0, sizeof(*n));
  n->kind = kind;
  n->left = left;
  n->right = right;
  return n;
}

/* Can a token of kind k begin a command? */
static int
starts_command(enum tokkind k)
{
  return k == TOK_WORD || k == TOK_LPAREN ||
         k == TOK_IN || k == TOK_OUT || k == TOK_APPEND;
}

/*
 * If the next token is a redirection, add it (with its file name) to n.
 * Returns 1 if one was added, 0 if the next token is not a redirection.
 */
static int
parse_redir(struct node *n)
{
  enum tokkind k = peek();

  if (k != TOK_IN && k != TOK_OUT && k != TOK_APPEND)
    return 0;
  pos++;
  if (peek() != TOK_WORD) {
    syntax_error("missing file name after redirection");
    return 0;
  }
  if (n->nredir == MAXREDIRS) {
    syntax_error("too many redirections");
    return 0;
  }
  n->redirs[n->nredir].kind = k;
  n->redirs[n->nredir].file = tokens[pos].word;
  n->nredir++;
  pos++;
  return 1;
}

static struct node *parse_list(void);
static void run(struct node *n) __attribute__((noreturn));

/* command: a parenthesized list or words and redirections.  0 on error. */
static struct node *
parse_command(void)
{
  struct node *n, *inner;

  if (peek() == TOK_LPAREN) {
    pos++;
    inner = parse_list();
    if (parse_failed)
      return 0;
    if (inner == 0 || peek() != TOK_RPAREN) {
      syntax_error("expected )");
      return 0;
    }
    pos++;
    n = new_node(N_GROUP, inner, 0);
    while (n != 0 && parse_redir(n))
      ;
    return n;
  }

  if (!starts_command(peek())) {
    syntax_error("missing command");
    return 0;
  }
  n = new_node(N_COMMAND, 0, 0);
  while (n != 0 && !parse_failed) {
    if (peek() == TOK_WORD) {
      if (n->argc == MAXARG) {
        syntax_error("too many arguments");
        return 0;
      }
      n->argv[n->argc++] = tokens[pos++].word;
    } else if (!parse_redir(n)) {
      break;
    }
  }
  return n;
}

/* pipeline: command [ '|' pipeline ].  0 on error. */
static struct node *
parse_pipeline(void)
{
  struct node *left, *right;

  left = parse_command();
  if (parse_failed || peek() != TOK_PIPE)
    return left;
  pos++;
  right = parse_pipeline();
  if (parse_failed)
    return 0;
  return new_node(N_PIPE, left, right);
}

/* list: pipelines joined by ';' or '&'.  0 on error. */
static struct node *
parse_list(void)
{
  struct node *n, *rest;

  n = parse_pipeline();
  if (parse_failed)
    return 0;
  if (peek() == TOK_AMP) {
    pos++;
    n = new_node(N_BACK, n, 0);
  } else if (peek() == TOK_SEMI) {
    pos++;
  } else {
    return n;
  }
  if (n == 0 || !starts_command(peek()))
    return n;
  rest = parse_list();
  if (parse_failed)
    return 0;
  return new_node(N_SEQ, n, rest);
}

/* Parse the tokens of the line.  Returns the tree, or 0 if none. */
static struct node *
parse_line(void)
{
  struct node *tree;

  pos = 0;
  nnodes = 0;
  parse_failed = 0;
  if (peek() == TOK_END)
    return 0;
  tree = parse_list();
  if (!parse_failed && peek() != TOK_END)
    syntax_error("unexpected token");
  return parse_failed ? 0 : tree;
}

/* ---------- Running commands ---------- */

/* Report a failure of the shell's own machinery and exit. */
static void
die(const char *what)
{
  fprintf(2, "sh: %s\n", what);
  exit(1);
}

/* fork(), exiting if it fails.  Returns as fork() does. */
static int
fork_or_die(void)
{
  int pid = fork();

  if (pid < 0)
    die("fork failed");
  return pid;
}

/* Wait until the child pid has exited. */
static void
wait_for(int pid)
{
  int reaped;

  do {
    reaped = wait(0);
  } while (reaped != pid && reaped >= 0);
}

/* Make fd refer to what newfd refers to, and close newfd. */
static void
move_fd(int newfd, int fd)
{
  if (newfd == fd)
    return;
  close(fd);
  if (dup(newfd) != fd)
    die("cannot redirect");
  close(newfd);
}

/*
 * Carry out one redirection in the current process.  ">>" has no
 * seek to use, so it opens the file for reading and writing and
 * reads up to the end, which leaves the shared offset there.
 */
static void
redirect(struct redir *r)
{
  char scratch[128];
  int fd, mode, target;

  target = (r->kind == TOK_IN) ? 0 : 1;
  if (r->kind == TOK_IN)
    mode = O_RDONLY;
  else if (r->kind == TOK_OUT)
    mode = O_WRONLY | O_CREATE | O_TRUNC;
  else
    mode = O_RDWR | O_CREATE;

  fd = open(r->file, mode);
  if (fd < 0) {
    fprintf(2, "open %s failed\n", r->file);
    exit(1);
  }
  if (r->kind == TOK_APPEND) {
    while (read(fd, scratch, sizeof(scratch)) > 0)
      ;
  }
  move_fd(fd, target);
}

/* Carry out n's redirections in order. */
static void
redirect_all(struct node *n)
{
  int i;

  for (i = 0; i < n->nredir; i++)
    redirect(&n->redirs[i]);
}

/* cd: a built-in, since a child's chdir would not change the shell's. */
static void
change_dir(struct node *n)
{
  const char *dir = (n->argc > 1) ? n->argv[1] : "/";

  if (chdir(dir) < 0)
    fprintf(2, "cannot cd %s\n", dir);
}

/* Is n the built-in cd? */
static int
is_cd(struct node *n)
{
  return n->kind == N_COMMAND && n->argc > 0 && strcmp(n->argv[0], "cd") == 0;
}

/* Run tree n in this (child) process, then exit.  Never returns. */
static void
run(struct node *n)
{
  int p[2];
  int left, right;

  switch (n->kind) {
  case N_COMMAND:
    redirect_all(n);
    if (n->argc == 0)
      exit(0);
    if (is_cd(n)) {
      change_dir(n);
      exit(0);
    }
    exec(n->argv[0], n->argv);
    fprintf(2, "exec %s failed\n", n->argv[0]);
    exit(1);

  case N_GROUP:
    redirect_all(n);
    run(n->left);

  case N_PIPE:
    if (pipe(p) < 0)
      die("pipe failed");
    left = fork_or_die();
    if (left == 0) {
      close(p[0]);
      move_fd(p[1], 1);
      run(n->left);
    }
    right = fork_or_die();
    if (right == 0) {
      close(p[1]);
      move_fd(p[0], 0);
      run(n->right);
    }
    close(p[0]);
    close(p[1]);
    wait_for(left);
    wait_for(right);
    exit(0);

  case N_SEQ:
    if (is_cd(n->left)) {
      change_dir(n->left);
    } else {
      left = fork_or_die();
      if (left == 0)
        run(n->left);
      wait_for(left);
    }
    run(n->right);

  case N_BACK:
    /* The job runs in a grandchild; init reaps it when it ends. */
    if (fork_or_die() == 0)
      run(n->left);
    exit(0);
  }
  exit(0);
}

/* Run a parsed line from the shell process. */
static void
perform(struct node *n)
{
  int pid;

  if (n->kind == N_SEQ) {
    perform(n->left);
    perform(n->right);
  } else if (is_cd(n)) {
    change_dir(n);
  } else {
    pid = fork();
    if (pid < 0) {
      fprintf(2, "sh: fork failed\n");
      return;
    }
    if (pid == 0)
      run(n);
    wait_for(pid);
  }
}

/* Make sure fds 0, 1 and 2 are open, on the console if need be. */
static void
ensure_std_fds(void)
{
  int fd;

  while ((fd = open("console", O_RDWR)) >= 0) {
    if (fd >= 3) {
      close(fd);
      break;
    }
  }
}

int
main(void)
{
  struct node *tree;

  ensure_std_fds();
  for (;;) {
    fprintf(2, "$ ");
    memset(line, 0, sizeof(line));
    gets(line, sizeof(line));
    if (line[0] == '\0')
      break;
    if (tokenize() < 0) {
      fprintf(2, "sh: line has too many tokens\n");
      continue;
    }
    tree = parse_line();
    if (tree != 0)
      perform(tree);
  }
  exit(0);
}
