/* cmdtable.h - the one table of commands and options, and what is made from it.
 *
 * Every command and every option is described once (cli/commands.c): the parser, each
 * command's --help, `oretrace help [COMMAND]`, the command list in README.md and the
 * generated docs/cli.md all come from that table, so they cannot disagree (a test checks
 * the generated files). One idea has one spelling: an option is defined once in the
 * option table (name, value name, help) and commands list the options they accept,
 * optionally with help of their own for what the option means there.
 *
 * A command is a word ("inspect") or a group and a word ("campaign new"). Options may
 * come before, between or after the positional arguments; "--" ends the options;
 * `--name=value` and `--name value` are the same. */
#ifndef OT_CLI_CMDTABLE_H
#define OT_CLI_CMDTABLE_H

#include <stdbool.h>
#include <stdio.h>

/* An option as defined once for all commands. */
typedef struct cli_optdef {
    const char *name;  /* long name without "--" */
    const char *value; /* name of its value ("DIR", "YEAR"), NULL for a flag */
    const char *help;  /* what it means, one line */
    /* For an option whose value is optional ("--due" alone, or "--due DATE"): tells
     * whether the next word is its value. NULL: the value is required. */
    bool (*takes_next)(const char *word);
} cli_optdef;

/* An option as a command accepts it: the name, and help when it differs from the
 * option's own. */
typedef struct cli_optuse {
    const char *name;
    const char *help;
} cli_optuse;

#define CLI_MAX_OPTS 24

struct cli_cmddef;

/* One parsed command line: the positional arguments and each accepted option's value
 * ("" for a flag that is present, NULL when absent). */
typedef struct cli_call {
    const struct cli_cmddef *cmd;
    const char *name; /* "campaign new", for messages */
    int nargs;
    char **args;                      /* the positional arguments (owned by cli_call) */
    const char *values[CLI_MAX_OPTS]; /* indexed like cmd->opts */
} cli_call;

typedef int (*cli_run_fn)(const cli_call *call);

typedef struct cli_cmddef {
    const char *group;             /* "campaign", or NULL for a command of one word */
    const char *name;              /* "new", "inspect" */
    const char *args;              /* positional arguments in usage notation, "" for none */
    int min_args, max_args;        /* max_args < 0: no limit */
    const char *summary;           /* one line */
    const char *help;              /* paragraphs shown by --help and in docs/cli.md */
    cli_optuse opts[CLI_MAX_OPTS]; /* terminated by a {NULL} entry */
    cli_run_fn run;
} cli_cmddef;

/* A group's summary ("campaign": the survey of the in-scope suppliers). */
typedef struct cli_groupdef {
    const char *name;
    const char *summary;
} cli_groupdef;

/* The tables (cli/commands.c), each terminated by an all-NULL entry. */
extern const cli_optdef cli_options[];
extern const cli_cmddef cli_commands[];
extern const cli_groupdef cli_groups[];

/* Finds the command named by argv[0] (and argv[1] for a group); *words gets 1 or 2. */
const cli_cmddef *cli_find_command(int argc, char **argv, int *words);
const cli_groupdef *cli_find_group(const char *name);
const cli_optdef *cli_find_option(const char *name);

/* Parses the words after the command name into call. On a usage error prints
 * "oretrace CMD: why (see oretrace help CMD)" and returns the usage exit code; returns
 * -1 when --help was asked for (help printed); 0 otherwise. Free with cli_call_free. */
int cli_parse(const cli_cmddef *cmd, int argc, char **argv, cli_call *call);
void cli_call_free(cli_call *call);

/* The value of an accepted option, NULL when not given. Asking for an option the
 * command does not list is a programming error caught by a test over the table. */
const char *cli_opt(const cli_call *call, const char *name);
bool cli_flag(const cli_call *call, const char *name);
/* A whole number option within [min, max]: def when absent; prints why and returns false
 * when malformed or out of range. */
bool cli_opt_long(const cli_call *call, const char *name, long min, long max, long def, long *out);

/* Help for one command, for a group (its commands), or for everything. */
void cli_print_command_help(FILE *out, const cli_cmddef *cmd);
void cli_print_group_help(FILE *out, const char *group);
void cli_print_overview(FILE *out);

/* docs/cli.md, and the command list between the markers in README.md. */
void cli_print_markdown(FILE *out);
void cli_print_readme_list(FILE *out);

/* The command name closest to `word` (for "did you mean"), NULL when none is close. */
const char *cli_suggest(const char *word, const char *group);

/* "oretrace help [COMMAND [SUB]] [--markdown|--readme]". */
int cli_help_command(int argc, char **argv);

#endif
