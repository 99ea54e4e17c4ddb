/* sipctx-tool.h: what the commands of the sipctx tool share
 *
 * The tool is built on the public API of libsipctx only (<sipctx.h>).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sipctx.h>

#include "sipctx-output.h"

G_BEGIN_DECLS

/* Exit statuses. */
#define SIPCTX_EXIT_OK      0
#define SIPCTX_EXIT_FAILURE 1
#define SIPCTX_EXIT_USAGE   2

typedef struct _SipctxTool SipctxTool;

/* Called on SIGINT or SIGTERM; SIGNUM says which. */
typedef void (*SipctxInterruptFunc) (SipctxTool *tool,
                                     int         signum,
                                     gpointer    user_data);

struct _SipctxTool
{
  /* The global options. */
  char         *bind_uri;
  char         *aor;
  char         *display_name;
  char         *user;
  char         *proxy;
  gboolean      json;

  char         *password;       /* from SIPCTX_PASSWORD or the terminal */
  SipctxOutput *output;
  GMainLoop    *loop;
  int           status;         /* the exit status the command chose */

  SipctxInterruptFunc interrupt_func;
  gpointer            interrupt_data;
  guint               sigint_id;
  guint               sigterm_id;
  guint               interrupts;
};

/* sipctx-common.c */
void          sipctx_tool_print_error      (SipctxTool   *tool,
                                            const char   *agent,
                                            const char   *format,
                                            ...) G_GNUC_PRINTF (3, 4);
int           sipctx_tool_usage_error      (SipctxTool   *tool,
                                            const char   *command,
                                            const char   *format,
                                            ...) G_GNUC_PRINTF (3, 4);
gboolean      sipctx_tool_read_password    (SipctxTool   *tool,
                                            GError      **error);
char         *sipctx_tool_normalize_uri    (const char   *text,
                                            GError      **error);
SipUserAgent *sipctx_tool_new_user_agent   (SipctxTool   *tool,
                                            const char   *default_bind_uri,
                                            GError      **error);
int           sipctx_tool_start            (SipctxTool   *tool,
                                            SipUserAgent *ua,
                                            const char   *agent);
void          sipctx_tool_stop             (SipctxTool   *tool,
                                            SipUserAgent *ua,
                                            const char   *agent);
void          sipctx_tool_on_interrupt     (SipctxTool          *tool,
                                            SipctxInterruptFunc  func,
                                            gpointer             user_data);
const char   *sipctx_reason_phrase         (guint         status,
                                            SipResponse  *response);
void          sipctx_event_print_identity  (SipctxEvent  *event,
                                            const char   *before,
                                            SipNameAddr  *identity);
void          sipctx_event_add_identity    (SipctxEvent  *event,
                                            const char   *key,
                                            SipNameAddr  *identity);
const char   *sipctx_enum_nick             (GType         type,
                                            int           value);
void          sipctx_print_answer          (SipctxTool   *tool,
                                            const char   *agent,
                                            SipContext   *context,
                                            guint         id,
                                            guint         status);

/* What sipctx_watch() prints of a context: always its responses
 * (progress, accepted, rejected), the peer's BYE and CANCEL, DTMF and
 * hold; with SIPCTX_WATCH_STATES also its states, failures, media and
 * termination. With SIPCTX_WATCH_OWN_ANSWERS (a server context) the owner
 * reports each provisional or 2xx answer it gives with
 * sipctx_watch_answered(), and the watch prints a rejection (the owner's
 * or the library's) when the context ends. */
typedef enum {
  SIPCTX_WATCH_ANSWERS     = 0,
  SIPCTX_WATCH_STATES      = 1 << 0,
  SIPCTX_WATCH_OWN_ANSWERS = 1 << 1,
} SipctxWatchFlags;

/* What the watched contexts did, for a summary. */
typedef struct
{
  guint accepted;
  guint rejected;
  guint canceled;
  guint dtmf;
  guint holds;      /* by the peer */
} SipctxCounters;

/* Prints what a context (call or MESSAGE) does until it terminates, as
 * events of ID (from sipctx_output_next_id()), and counts it in COUNTERS
 * (may be NULL). Keeps the context alive until then. */
void          sipctx_watch                 (SipctxTool       *tool,
                                            const char       *agent,
                                            SipContext       *context,
                                            guint             id,
                                            SipctxWatchFlags  flags,
                                            SipctxCounters   *counters);

/* The watched CONTEXT has just sent STATUS (1xx or 2xx) with its default
 * reason phrase (SIPCTX_WATCH_OWN_ANSWERS): prints it as the watch
 * prints a response. */
void          sipctx_watch_answered        (SipContext       *context,
                                            guint             status);

/* The commands: each returns the exit status. */
int           sipctx_cmd_listen            (SipctxTool   *tool,
                                            int           argc,
                                            char        **argv);
int           sipctx_cmd_call              (SipctxTool   *tool,
                                            int           argc,
                                            char        **argv);
int           sipctx_cmd_message           (SipctxTool   *tool,
                                            int           argc,
                                            char        **argv);
int           sipctx_cmd_register          (SipctxTool   *tool,
                                            int           argc,
                                            char        **argv);
int           sipctx_cmd_demo              (SipctxTool   *tool,
                                            int           argc,
                                            char        **argv);

/* sipctx.c: a GOptionContext for COMMAND, with the global options in a
 * group of their own so that they may follow the command too. */
GOptionContext *sipctx_command_context     (SipctxTool         *tool,
                                            const char         *command,
                                            const char         *parameters,
                                            const char         *summary,
                                            const char         *description,
                                            const GOptionEntry *entries);
int           sipctx_command_parse         (SipctxTool     *tool,
                                            const char     *command,
                                            GOptionContext *context,
                                            int            *argc,
                                            char         ***argv);

G_END_DECLS
