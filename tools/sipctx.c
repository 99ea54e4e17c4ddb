/* sipctx: a SIP user agent for the command line, on libsipctx
 *
 *   sipctx [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]
 *
 * The global options come before the command (or after it); each command
 * parses its own options. See "sipctx --help" and "sipctx COMMAND --help".
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sipctx-tool.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

static const char summary[] =
  "A SIP user agent for the command line: a scriptable softphone without\n"
  "a window, built on libsipctx.\n"
  "\n"
  "Commands:\n"
  "  listen            answer calls and MESSAGEs until SIGINT or SIGTERM,\n"
  "                    then print a summary\n"
  "  call URI          place one call; DTMF, hold and a duration on request\n"
  "  message URI TEXT  send one MESSAGE\n"
  "  register          register at a registrar, refresh until interrupted,\n"
  "                    then unregister\n"
  "  demo              two user agents on 127.0.0.1: a call with ringing,\n"
  "                    hold, DTMF and hang-up, and a MESSAGE each way\n"
  "\n"
  "Run \"sipctx COMMAND --help\" for the options of a command. The global\n"
  "options below may also follow the command.";

static const char description[] =
  "Defaults:\n"
  "  --bind   any address; port 5060 for listen, a free port otherwise\n"
  "           (port 0 asks for a free port)\n"
  "  --aor    sip:USER@HOST: USER from --user or the login name, HOST\n"
  "           from --bind or this machine's name\n"
  "\n"
  "Output:\n"
  "  Every line on standard output is one event. A plain line reads\n"
  "  \"EVENT [#ID] DETAILS\", where ID numbers the calls and MESSAGEs of the\n"
  "  run, for instance \"progress #1 180 Ringing\", \"state #1 established\",\n"
  "  \"rejected #1 486 Busy Here (busy)\" or \"dtmf #1 5 160 ms\". With --json\n"
  "  each line is a JSON object with \"time-ms\" (milliseconds since the\n"
  "  start), \"event\", \"id\" and the event's own fields (\"status\",\n"
  "  \"reason\", \"cause\", \"state\", ...). Usage errors go to standard\n"
  "  error.\n"
  "\n"
  "Authentication:\n"
  "  Challenges (401, 407) are answered with the password in the\n"
  "  environment variable SIPCTX_PASSWORD, as the user of --user (or of the\n"
  "  address of record). Without the variable, --user asks for the password\n"
  "  on the terminal, without echo. A password is never read from the\n"
  "  command line.\n"
  "\n"
  "Environment:\n"
  "  SIPCTX_PASSWORD  the password for digest authentication\n"
  "\n"
  "Exit status:\n"
  "  0  success: the call was established and ended normally, the MESSAGE\n"
  "     got a 2xx, the registration was accepted and removed, the\n"
  "     listener or the demo stopped cleanly\n"
  "  1  failure: the final status and reason are printed\n"
  "  2  usage error: a bad option, argument or URI\n"
  "\n"
  "Examples:\n"
  "  sipctx --bind sip:127.0.0.1:5070 --aor sip:bob@127.0.0.1 listen --answer ring=2\n"
  "  sipctx call sip:bob@127.0.0.1:5070 --dtmf 123 --hold 2 --duration 5\n"
  "  sipctx --json message sip:bob@127.0.0.1:5070 \"Hello Bob\"\n"
  "  SIPCTX_PASSWORD=... sipctx --aor sip:alice@example.org register --registrar sip:example.org\n"
  "  sipctx demo";

static GOptionEntry *
global_entries (SipctxTool *tool)
{
  static GOptionEntry entries[8];
  const GOptionEntry values[] = {
    { "bind", 0, 0, G_OPTION_ARG_STRING, &tool->bind_uri,
      "Bind UDP and TCP to URI, such as sip:127.0.0.1:5070", "URI" },
    { "aor", 0, 0, G_OPTION_ARG_STRING, &tool->aor,
      "The address of record, such as sip:alice@example.org", "URI" },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &tool->display_name,
      "The display name that goes with it", "NAME" },
    { "user", 0, 0, G_OPTION_ARG_STRING, &tool->user,
      "Authenticate as NAME (see Authentication)", "NAME" },
    { "proxy", 0, 0, G_OPTION_ARG_STRING, &tool->proxy,
      "Send requests outside dialogs through URI", "URI" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &tool->json,
      "Print each event as a JSON object", NULL },
    G_OPTION_ENTRY_NULL
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) <= G_N_ELEMENTS (entries));
  memcpy (entries, values, sizeof values);
  return entries;
}

GOptionContext *
sipctx_command_context (SipctxTool         *tool,
                        const char         *command,
                        const char         *parameters,
                        const char         *command_summary,
                        const char         *command_description,
                        const GOptionEntry *entries)
{
  g_autofree char *prgname = g_strdup_printf ("sipctx %s", command);
  GOptionContext *context = g_option_context_new (parameters);
  GOptionGroup *group;

  /* "Usage: sipctx listen [OPTION…]". */
  g_set_prgname (prgname);
  g_option_context_set_summary (context, command_summary);
  g_option_context_set_description (context, command_description);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);

  group = g_option_group_new ("global", "Global options (see \"sipctx --help\"):",
                              "Show the global options", NULL, NULL);
  g_option_group_add_entries (group, global_entries (tool));
  g_option_context_add_group (context, group);

  return context;
}

int
sipctx_command_parse (SipctxTool      *tool,
                      const char      *command,
                      GOptionContext  *context,
                      int             *argc,
                      char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    return sipctx_tool_usage_error (tool, command, "%s", error->message);

  /* Known now: --json may follow the command. */
  if (tool->output == NULL)
    tool->output = sipctx_output_new (tool->json, strcmp (command, "demo") == 0);

  return SIPCTX_EXIT_OK;
}

typedef struct
{
  const char *name;
  int (*run) (SipctxTool *tool, int argc, char **argv);
} Command;

static const Command commands[] = {
  { "listen", sipctx_cmd_listen },
  { "call", sipctx_cmd_call },
  { "message", sipctx_cmd_message },
  { "register", sipctx_cmd_register },
  { "demo", sipctx_cmd_demo },
};

static void
tool_clear (SipctxTool *tool)
{
  g_clear_handle_id (&tool->sigint_id, g_source_remove);
  g_clear_handle_id (&tool->sigterm_id, g_source_remove);
  g_clear_pointer (&tool->output, sipctx_output_free);
  g_clear_pointer (&tool->loop, g_main_loop_unref);
  if (tool->password != NULL)
    explicit_bzero (tool->password, strlen (tool->password));
  g_clear_pointer (&tool->password, g_free);
  g_clear_pointer (&tool->bind_uri, g_free);
  g_clear_pointer (&tool->aor, g_free);
  g_clear_pointer (&tool->display_name, g_free);
  g_clear_pointer (&tool->user, g_free);
  g_clear_pointer (&tool->proxy, g_free);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  SipctxTool tool = { 0, };
  const Command *command = NULL;
  int status;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("COMMAND [ARGS…]");
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, global_entries (&tool), NULL);
  /* Stop at the command: its options are its own. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = sipctx_tool_usage_error (&tool, NULL, "%s", error->message);
      tool_clear (&tool);
      return status;
    }

  if (argc < 2)
    {
      status = sipctx_tool_usage_error (&tool, NULL,
                                        "No command: use listen, call, message, register or demo");
      tool_clear (&tool);
      return status;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      command = &commands[i];

  if (command == NULL)
    {
      status = sipctx_tool_usage_error (&tool, NULL,
                                        "Unknown command \"%s\": use listen, call, message, register or demo",
                                        argv[1]);
      tool_clear (&tool);
      return status;
    }

  tool.loop = g_main_loop_new (NULL, FALSE);
  /* The output is set up by the command once its options are parsed:
   * --json may follow the command. */
  status = command->run (&tool, argc - 1, argv + 1);

  tool_clear (&tool);
  return status;
}
