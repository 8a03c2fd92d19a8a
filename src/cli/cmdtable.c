/* cmdtable.c - parsing and help made from the command and option tables (cmdtable.h). */
#include "cmdtable.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "refdata/normalize.h"

/* ---- look-ups -------------------------------------------------------------------- */

const cli_optdef *cli_find_option(const char *name)
{
    for (const cli_optdef *o = cli_options; o->name; o++)
        if (strcmp(o->name, name) == 0) return o;
    return NULL;
}

const cli_groupdef *cli_find_group(const char *name)
{
    for (const cli_groupdef *g = cli_groups; g->name; g++)
        if (strcmp(g->name, name) == 0) return g;
    return NULL;
}

/* Whether a command's name - one word, or several separated by spaces ("countries
 * import") - is argv[0..]; *n receives how many words it took. */
static bool name_matches(const char *name, int argc, char **argv, int *n)
{
    int i = 0;
    for (const char *p = name; *p; i++) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        if (i >= argc || strlen(argv[i]) != len || strncmp(argv[i], p, len) != 0) return false;
        p += len + (sp != NULL);
    }
    *n = i;
    return true;
}

const cli_cmddef *cli_find_command(int argc, char **argv, int *words)
{
    if (argc < 1) return NULL;
    int n;
    /* A word may be both a group and a command of its own (`risk` and `risk countries
     * import`): the group's commands are tried first, the plain command after them. */
    if (cli_find_group(argv[0]))
        for (const cli_cmddef *c = cli_commands; c->name; c++)
            if (c->group && strcmp(c->group, argv[0]) == 0 &&
                name_matches(c->name, argc - 1, argv + 1, &n)) {
                *words = 1 + n;
                return c;
            }
    for (const cli_cmddef *c = cli_commands; c->name; c++)
        if (!c->group && strcmp(c->name, argv[0]) == 0) {
            *words = 1;
            return c;
        }
    return NULL;
}

/* The command's position of option `name`, -1 when it does not accept it. */
static int opt_index(const cli_cmddef *cmd, const char *name, size_t len)
{
    for (int i = 0; cmd->opts[i].name; i++)
        if (strlen(cmd->opts[i].name) == len && strncmp(cmd->opts[i].name, name, len) == 0)
            return i;
    return -1;
}

static void command_name(const cli_cmddef *cmd, char *out, size_t size)
{
    snprintf(out, size, "%s%s%s", cmd->group ? cmd->group : "", cmd->group ? " " : "", cmd->name);
}

/* ---- parsing --------------------------------------------------------------------- */

static int usage_error(const cli_call *call, const char *fmt, const char *what)
{
    fprintf(stderr, "oretrace %s: ", call->name);
    fprintf(stderr, fmt, what);
    fprintf(stderr, " (see oretrace help %s)\n", call->name);
    return OT_EXIT_USAGE;
}

/* Takes the option in argv[*i] ("--name" or "--name=value"), advancing *i past a value
 * given as the next word. */
static int take_option(cli_call *call, int argc, char **argv, int *i)
{
    const char *word = argv[*i] + 2;
    const char *eq = strchr(word, '=');
    size_t len = eq ? (size_t)(eq - word) : strlen(word);
    int k = opt_index(call->cmd, word, len);
    if (k < 0) return usage_error(call, "unknown option '%s'", argv[*i]);
    const cli_optdef *def = cli_find_option(call->cmd->opts[k].name);
    if (!def->value) {
        if (eq) return usage_error(call, "option '%s' takes no value", argv[*i]);
        call->values[k] = "";
        return 0;
    }
    if (eq) {
        call->values[k] = eq + 1;
        return 0;
    }
    bool next = *i + 1 < argc;
    if (def->takes_next) {
        call->values[k] = next && def->takes_next(argv[*i + 1]) ? argv[++*i] : "";
        return 0;
    }
    if (!next) return usage_error(call, "option '%s' needs a value", argv[*i]);
    call->values[k] = argv[++*i];
    return 0;
}

static bool is_help(const char *w)
{
    return strcmp(w, "-h") == 0 || strcmp(w, "--help") == 0;
}

int cli_parse(const cli_cmddef *cmd, int argc, char **argv, cli_call *call)
{
    static char name[64];
    command_name(cmd, name, sizeof name);
    *call = (cli_call){.cmd = cmd, .name = name};
    call->args = calloc((size_t)argc + 1, sizeof *call->args);
    if (!call->args) return OT_EXIT_FAILURE;
    bool only_args = false;
    for (int i = 0; i < argc; i++) {
        const char *w = argv[i];
        if (!only_args && strcmp(w, "--") == 0) {
            only_args = true;
        } else if (!only_args && is_help(w)) {
            cli_print_command_help(stdout, cmd);
            return -1;
        } else if (!only_args && strncmp(w, "--", 2) == 0) {
            int rc = take_option(call, argc, argv, &i);
            if (rc) return rc;
        } else if (!only_args && w[0] == '-' && w[1]) {
            return usage_error(call, "unknown option '%s'", w);
        } else {
            call->args[call->nargs++] = argv[i];
        }
    }
    if (call->nargs < cmd->min_args)
        return usage_error(call, "missing %s", *cmd->args ? cmd->args : "an argument");
    if (cmd->max_args >= 0 && call->nargs > cmd->max_args)
        return usage_error(call, "unexpected argument '%s'", call->args[cmd->max_args]);
    return 0;
}

void cli_call_free(cli_call *call)
{
    free(call->args);
    call->args = NULL;
}

const char *cli_opt(const cli_call *call, const char *name)
{
    int k = opt_index(call->cmd, name, strlen(name));
    return k < 0 ? NULL : call->values[k];
}

bool cli_flag(const cli_call *call, const char *name)
{
    return cli_opt(call, name) != NULL;
}

bool cli_opt_long(const cli_call *call, const char *name, long min, long max, long def, long *out)
{
    const char *v = cli_opt(call, name);
    *out = def;
    if (!v) return true;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < min || n > max) {
        fprintf(stderr, "oretrace %s: --%s needs a whole number from %ld to %ld, not '%s'\n",
                call->name, name, min, max, v);
        return false;
    }
    *out = n;
    return true;
}

/* ---- help ------------------------------------------------------------------------- */

static const char *opt_help(const cli_optuse *u)
{
    const cli_optdef *d = cli_find_option(u->name);
    return u->help ? u->help : d ? d->help : "";
}

/* "--name VALUE" or "--name [VALUE]" into out. */
static void opt_synopsis(const cli_optdef *d, char *out, size_t size)
{
    if (!d->value)
        snprintf(out, size, "--%s", d->name);
    else
        snprintf(out, size, d->takes_next ? "--%s [%s]" : "--%s %s", d->name, d->value);
}

void cli_print_command_help(FILE *out, const cli_cmddef *cmd)
{
    char name[64], syn[64];
    command_name(cmd, name, sizeof name);
    fprintf(out, "usage: oretrace %s%s%s [options]\n\n%s\n", name, *cmd->args ? " " : "", cmd->args,
            cmd->summary);
    if (cmd->help && *cmd->help) fprintf(out, "\n%s", cmd->help);
    fprintf(out, "\noptions:\n");
    for (const cli_optuse *u = cmd->opts; u->name; u++) {
        const cli_optdef *d = cli_find_option(u->name);
        if (!d) continue;
        opt_synopsis(d, syn, sizeof syn);
        fprintf(out, "  %-24s %s\n", syn, opt_help(u));
    }
    fprintf(out, "  %-24s %s\n", "-h, --help", "this help");
}

void cli_print_group_help(FILE *out, const char *group)
{
    const cli_groupdef *g = cli_find_group(group);
    fprintf(out, "usage: oretrace %s <command> [options]\n\n%s\n\ncommands:\n", group,
            g ? g->summary : "");
    for (const cli_cmddef *c = cli_commands; c->name; c++)
        if (c->group && strcmp(c->group, group) == 0)
            fprintf(out, "  %-16s %s\n", c->name, c->summary);
    fprintf(out, "\nRun `oretrace help %s <command>` for a command's options.\n", group);
}

void cli_print_overview(FILE *out)
{
    fprintf(out, "usage: oretrace <command> [options] [args]\n\n"
                 "oretrace runs a conflict-minerals due-diligence program: it reads supplier\n"
                 "CMRT/EMRT workbooks, validates them, resolves smelters and reports.\n\n"
                 "commands:\n");
    const char *last_group = NULL;
    for (const cli_cmddef *c = cli_commands; c->name; c++) {
        if (!c->group) {
            fprintf(out, "  %-12s %s\n", c->name, c->summary);
        } else if (!last_group || strcmp(last_group, c->group) != 0) {
            const cli_groupdef *g = cli_find_group(c->group);
            fprintf(out, "  %-12s %s\n", c->group, g ? g->summary : "");
            last_group = c->group;
        }
    }
    fprintf(out, "\nRun `oretrace help <command>` for a command's options.\n"
                 "Exit status: 0 ok, 1 usage error, 2 unreadable input, 3 invalid submission,\n"
                 "4 other failure.\n");
}

/* ---- generated documents ---------------------------------------------------------- */

static void markdown_command(FILE *out, const cli_cmddef *c)
{
    char name[64], syn[64];
    command_name(c, name, sizeof name);
    fprintf(out, "### oretrace %s\n\n```\noretrace %s%s%s [options]\n```\n\n%s\n\n", name, name,
            *c->args ? " " : "", c->args, c->summary);
    if (c->help && *c->help) fprintf(out, "```text\n%s```\n\n", c->help);
    fprintf(out, "| option | meaning |\n|---|---|\n");
    for (const cli_optuse *u = c->opts; u->name; u++) {
        const cli_optdef *d = cli_find_option(u->name);
        if (!d) continue;
        opt_synopsis(d, syn, sizeof syn);
        fprintf(out, "| `%s` | %s |\n", syn, opt_help(u));
    }
    fprintf(out, "\n");
}

void cli_print_markdown(FILE *out)
{
    fprintf(out, "# Command reference\n\n"
                 "Generated by `oretrace help --markdown` from the command table "
                 "(src/cli/commands.c); a test fails when this file and the table "
                 "disagree.\n\n"
                 "Every command takes `-h`/`--help`. Exit status: `0` ok, `1` usage error, "
                 "`2` some input file unreadable, `3` some submission invalid, `4` any other "
                 "failure.\n\n");
    for (const cli_cmddef *c = cli_commands; c->name; c++)
        markdown_command(out, c);
}

void cli_print_readme_list(FILE *out)
{
    char name[64];
    fprintf(out, "```sh\n");
    for (const cli_cmddef *c = cli_commands; c->name; c++) {
        command_name(c, name, sizeof name);
        fprintf(out, "oretrace %-34s # %s\n", name, c->summary);
    }
    fprintf(out, "```\n");
}

/* ---- suggestions and `oretrace help` ---------------------------------------------- */

const char *cli_suggest(const char *word, const char *group)
{
    const char *best = NULL;
    unsigned best_d = 3; /* more than two edits away is no suggestion */
    size_t wl = strlen(word);
    for (const cli_cmddef *c = cli_commands; c->name; c++) {
        const char *cand = group ? c->name : c->group ? c->group : c->name;
        if (group && (!c->group || strcmp(c->group, group) != 0)) continue;
        unsigned d = ot_edit_distance_swap(word, wl, cand, strlen(cand), best_d);
        if (d < best_d) {
            best_d = d;
            best = cand;
        }
    }
    return best;
}

int cli_help_command(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--markdown") == 0) {
        cli_print_markdown(stdout);
        return OT_EXIT_OK;
    }
    if (argc > 1 && strcmp(argv[1], "--readme") == 0) {
        cli_print_readme_list(stdout);
        return OT_EXIT_OK;
    }
    if (argc < 2) {
        cli_print_overview(stdout);
        return OT_EXIT_OK;
    }
    int words = 0;
    const cli_cmddef *c = cli_find_command(argc - 1, argv + 1, &words);
    if (c) {
        cli_print_command_help(stdout, c);
        return OT_EXIT_OK;
    }
    if (cli_find_group(argv[1])) {
        cli_print_group_help(stdout, argv[1]);
        return OT_EXIT_OK;
    }
    const char *near = cli_suggest(argv[1], NULL);
    fprintf(stderr, "oretrace help: no command '%s'%s%s%s\n", argv[1],
            near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    return OT_EXIT_USAGE;
}
