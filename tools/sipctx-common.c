/* sipctx-common.c: user agents, passwords, signals and the context watch
 * of the sipctx tool
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sipctx-tool.h"

#include <glib-unix.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define PASSWORD_ENV "SIPCTX_PASSWORD"

void
sipctx_tool_print_error (SipctxTool *tool,
                         const char *agent,
                         const char *format,
                         ...)
{
  g_autofree char *message = NULL;
  SipctxEvent *event;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  event = sipctx_event_new (tool->output, agent, "error", 0);
  sipctx_event_add_string (event, "message", message);
  sipctx_event_emit (event, "%s", message);
}

int
sipctx_tool_usage_error (SipctxTool *tool,
                         const char *command,
                         const char *format,
                         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  sipctx_output_flush ();
  fprintf (stderr, "sipctx: %s\nTry \"sipctx%s%s --help\" for more information.\n",
           message, command ? " " : "", command ? command : "");
  return SIPCTX_EXIT_USAGE;
}

const char *
sipctx_enum_nick (GType type,
                  int   value)
{
  GEnumClass *klass = g_type_class_peek (type);
  GEnumValue *enum_value;

  /* Referenced once and kept: the nicks stay valid. */
  if (klass == NULL)
    klass = g_type_class_ref (type);
  enum_value = g_enum_get_value (klass, value);

  return enum_value ? enum_value->value_nick : "unknown";
}

/* Reads a line from the terminal without echo. */
static char *
prompt_password (const char  *user,
                 GError     **error)
{
  struct termios saved, quiet;
  char buffer[1024];
  gboolean restored = FALSE;
  FILE *tty;
  char *line;
  int fd;

  fd = open ("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Cannot open the terminal to ask for the password: %s",
                   g_strerror (errno));
      return NULL;
    }
  tty = fdopen (fd, "r+");
  if (tty == NULL)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot use the terminal");
      return NULL;
    }

  /* Echo goes off before the prompt shows: TCSAFLUSH drops what was typed
   * but not yet read, so switching after the prompt would throw away a
   * password typed (or sent by a program) as soon as the prompt appeared. */
  if (tcgetattr (fd, &saved) == 0)
    {
      quiet = saved;
      quiet.c_lflag &= ~(ECHO | ECHONL);
      tcsetattr (fd, TCSAFLUSH, &quiet);
    }
  else
    restored = TRUE;   /* nothing to restore */
  fprintf (tty, "Password for %s: ", user);
  fflush (tty);

  line = fgets (buffer, sizeof buffer, tty);

  if (!restored)
    tcsetattr (fd, TCSAFLUSH, &saved);
  fputc ('\n', tty);
  fclose (tty);

  if (line == NULL)
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "No password was entered");
      return NULL;
    }

  buffer[strcspn (buffer, "\r\n")] = '\0';
  line = g_strdup (buffer);
  explicit_bzero (buffer, sizeof buffer);
  return line;
}

/* The password comes from $SIPCTX_PASSWORD, or, for --user on a terminal,
 * from a prompt; never from the command line. Without --user and without
 * the variable the user agent has no credentials. */
gboolean
sipctx_tool_read_password (SipctxTool  *tool,
                           GError     **error)
{
  const char *env = g_getenv (PASSWORD_ENV);

  if (env != NULL)
    {
      tool->password = g_strdup (env);
      return TRUE;
    }
  if (tool->user == NULL)
    return TRUE;

  if (!isatty (STDIN_FILENO))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--user %s needs a password: set %s (standard input is not a terminal to ask on)",
                   tool->user, PASSWORD_ENV);
      return FALSE;
    }

  tool->password = prompt_password (tool->user, error);
  return tool->password != NULL;
}

/* "bob@example.org" is taken as "sip:bob@example.org". */
char *
sipctx_tool_normalize_uri (const char  *text,
                           GError     **error)
{
  g_autofree char *uri = NULL;
  g_autoptr(SipNameAddr) parsed = NULL;

  if (g_str_has_prefix (text, "sip:") || g_str_has_prefix (text, "sips:") ||
      g_str_has_prefix (text, "tel:") || strchr (text, '<') != NULL)
    uri = g_strdup (text);
  else
    uri = g_strconcat ("sip:", text, NULL);

  parsed = sip_name_addr_parse (uri, error);
  if (parsed == NULL)
    {
      g_prefix_error (error, "Not a SIP URI: ");
      return NULL;
    }

  return g_steal_pointer (&uri);
}

/* sip:USER@HOST: the user of --user or the login name, and the host of
 * the bind URI, or this machine's name when that is a wildcard. */
static char *
default_aor (SipctxTool *tool,
             const char *bind_uri)
{
  const char *user = tool->user ? tool->user : g_get_user_name ();
  g_autoptr(SipNameAddr) bind = NULL;
  g_autofree char *bind_host = NULL;
  const char *host = NULL;

  if (user == NULL || *user == '\0' ||
      user[strspn (user, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()+")] != '\0')
    user = "sipctx";

  if (bind_uri != NULL)
    bind = sip_name_addr_parse (bind_uri, NULL);
  if (bind != NULL && sip_name_addr_get_host (bind) != NULL)
    {
      /* The host comes with the port: "127.0.0.1:5070", "[::1]:5070". */
      const char *with_port = sip_name_addr_get_host (bind);
      const char *colon = with_port[0] == '[' ? strstr (with_port, "]:") : strchr (with_port, ':');

      if (colon != NULL && with_port[0] == '[')
        colon++;
      bind_host = colon ? g_strndup (with_port, colon - with_port) : g_strdup (with_port);
      host = bind_host;
    }
  if (host == NULL || *host == '\0' || strcmp (host, "*") == 0 ||
      strcmp (host, "0.0.0.0") == 0 || strcmp (host, "::") == 0)
    host = g_get_host_name ();

  return g_strdup_printf ("sip:%s@%s", user, host);
}

SipUserAgent *
sipctx_tool_new_user_agent (SipctxTool  *tool,
                            const char  *default_bind_uri,
                            GError     **error)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autoptr(SipNameAddr) identity = NULL;
  g_autofree char *aor = NULL;
  const char *bind_uri = tool->bind_uri ? tool->bind_uri : default_bind_uri;

  if (tool->password == NULL && !sipctx_tool_read_password (tool, error))
    return NULL;

  if (tool->aor != NULL)
    {
      aor = sipctx_tool_normalize_uri (tool->aor, error);
      if (aor == NULL)
        {
          g_prefix_error (error, "--aor: ");
          return NULL;
        }
    }
  else
    aor = default_aor (tool, bind_uri);

  identity = sip_name_addr_new (tool->display_name, aor, error);
  if (identity == NULL)
    return NULL;

  ua = sip_user_agent_new (aor);
  if (bind_uri != NULL)
    sip_user_agent_set_bind_uri (ua, bind_uri);
  if (tool->display_name != NULL)
    sip_user_agent_set_display_name (ua, tool->display_name);
  if (tool->proxy != NULL)
    {
      g_autofree char *proxy = sipctx_tool_normalize_uri (tool->proxy, error);

      if (proxy == NULL)
        {
          g_prefix_error (error, "--proxy: ");
          return NULL;
        }
      sip_user_agent_set_outbound_proxy (ua, proxy);
    }

  if (tool->password != NULL)
    {
      const char *username = tool->user ? tool->user : sip_name_addr_get_user (identity);

      if (username == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "The address of record %s has no user to authenticate as: use --user", aor);
          return NULL;
        }
      if (!sip_user_agent_set_credentials (ua, NULL, username, tool->password, error))
        return NULL;
    }

  return g_steal_pointer (&ua);
}

int
sipctx_tool_start (SipctxTool   *tool,
                   SipUserAgent *ua,
                   const char   *agent)
{
  g_autoptr(GError) error = NULL;
  SipctxEvent *event;

  if (!sip_user_agent_start (ua, &error))
    {
      sipctx_tool_print_error (tool, agent, "Cannot start the user agent: %s", error->message);
      /* A malformed bind URI or address is the user's mistake. */
      return g_error_matches (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT)
             ? SIPCTX_EXIT_USAGE : SIPCTX_EXIT_FAILURE;
    }

  event = sipctx_event_new (tool->output, agent, "started", 0);
  sipctx_event_add_string (event, "contact", sip_user_agent_get_contact_uri (ua));
  sipctx_event_add_string (event, "aor", sip_user_agent_get_aor (ua));
  sipctx_event_emit (event, "%s as %s", sip_user_agent_get_contact_uri (ua),
                     sip_user_agent_get_aor (ua));
  return SIPCTX_EXIT_OK;
}

typedef struct
{
  gboolean done;
  GError  *error;
} StopData;

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  StopData *data = user_data;

  sip_user_agent_stop_finish (SIP_USER_AGENT (source), result, &data->error);
  data->done = TRUE;
}

/* Stops UA and waits for it: every open request is answered, every call
 * ended and the stack shut down in order. */
void
sipctx_tool_stop (SipctxTool   *tool,
                  SipUserAgent *ua,
                  const char   *agent)
{
  StopData data = { 0, };

  sip_user_agent_stop_async (ua, NULL, stopped_cb, &data);
  while (!data.done)
    g_main_context_iteration (NULL, TRUE);

  if (data.error != NULL)
    {
      sipctx_tool_print_error (tool, agent, "The user agent did not stop cleanly: %s",
                               data.error->message);
      g_error_free (data.error);
    }
  else
    sipctx_event_emit (sipctx_event_new (tool->output, agent, "stopped", 0), NULL);
}

static gboolean
unix_signal_cb (SipctxTool *tool,
                int         signum)
{
  const char *name = signum == SIGINT ? "SIGINT" : "SIGTERM";
  SipctxEvent *event;

  tool->interrupts++;
  event = sipctx_event_new (tool->output, NULL, "interrupted", 0);
  sipctx_event_add_string (event, "signal", name);
  sipctx_event_emit (event, "%s", name);

  if (tool->interrupts >= 3)
    {
      /* The user insists: give up on a clean stop. */
      sipctx_tool_print_error (tool, NULL, "Interrupted three times: exiting at once");
      sipctx_output_flush ();
      _exit (SIPCTX_EXIT_FAILURE);
    }

  if (tool->interrupt_func != NULL)
    tool->interrupt_func (tool, signum, tool->interrupt_data);
  else
    g_main_loop_quit (tool->loop);

  return G_SOURCE_CONTINUE;
}

static gboolean
sigint_cb (gpointer user_data)
{
  return unix_signal_cb (user_data, SIGINT);
}

static gboolean
sigterm_cb (gpointer user_data)
{
  return unix_signal_cb (user_data, SIGTERM);
}

/* From now on SIGINT and SIGTERM call FUNC (on the main loop) instead of
 * killing the process. */
void
sipctx_tool_on_interrupt (SipctxTool          *tool,
                          SipctxInterruptFunc  func,
                          gpointer             user_data)
{
  tool->interrupt_func = func;
  tool->interrupt_data = user_data;
  if (tool->sigint_id == 0)
    tool->sigint_id = g_unix_signal_add (SIGINT, sigint_cb, tool);
  if (tool->sigterm_id == 0)
    tool->sigterm_id = g_unix_signal_add (SIGTERM, sigterm_cb, tool);
}

/* The context watch
 *
 * The events of every watched context are printed from emission hooks,
 * installed once per signal, not from handlers connected to each context:
 * connecting a dozen closures to every call and MESSAGE would cost more
 * CPU time and memory than the rest of the tool. A watched context
 * carries its WatchData as qdata (and a reference, until it terminates);
 * the hooks ignore every other object. A hook puts every emission of its
 * signal on GObject's slow path, though, so what every call goes through
 * is followed otherwise: one handler of the user agent's
 * context-state-changed, connected when the agent's first context is
 * watched, prints the states and, at TERMINATED, the terminated line, and
 * ends the watch. (A handler of each context's state-changed would cost
 * every call GObject's bookkeeping of a handler; a handler of
 * GObject::notify, which takes no hooks, would take the slow path for
 * each of the seven notifications of a call.) For the same reason the
 * hooks of the responses are installed only for a watch that needs them:
 * the owner of a server context watched with SIPCTX_WATCH_OWN_ANSWERS
 * reports the answers it gives, and a rejection (the owner's, or one the
 * library gave on its own) is printed when the context ends. */

typedef struct
{
  SipctxTool      *tool;
  char            *agent;
  SipContext      *context;
  guint            id;
  SipctxWatchFlags flags;
  SipctxCounters  *counters;
  /* The media as last printed, for media-changed to print what changed */
  char            *codec;
  gboolean         local_hold;
  gboolean         remote_hold;
} WatchData;

static GQuark watch_quark;
static GQuark watching_quark;   /* on a user agent: its handler is connected */

static void
watch_data_free (gpointer data)
{
  WatchData *watch = data;

  g_free (watch->agent);
  g_free (watch->codec);
  g_free (watch);
}

static WatchData *
watch_of (const GValue *instance)
{
  GObject *object = g_value_get_object (instance);

  return object ? g_object_get_qdata (object, watch_quark) : NULL;
}

/* The reason phrase of RESPONSE, or the standard one for STATUS. */
const char *
sipctx_reason_phrase (guint        status,
                      SipResponse *response)
{
  const char *reason = response ? sip_response_get_reason_phrase (response) : NULL;

  return reason && *reason ? reason : sip_get_reason_phrase (status);
}

static void
print_state (WatchData       *watch,
             SipContextState  value)
{
  const char *state = sipctx_enum_nick (SIP_TYPE_CONTEXT_STATE, value);
  SipctxEvent *event = sipctx_event_new (watch->tool->output, watch->agent, "state", watch->id);

  sipctx_event_add_string (event, "state", state);
  sipctx_event_emit (event, "%s", state);
}

/* The codec is the one the watch last saw. */
static void
print_media (WatchData *watch)
{
  SipInviteContext *call = SIP_INVITE_CONTEXT (watch->context);
  const char *codec = watch->codec;
  const char *address = sip_invite_context_get_remote_media_address (call);
  guint port = sip_invite_context_get_remote_media_port (call);
  SipctxEvent *event;

  if (codec == NULL)
    return;

  event = sipctx_event_new (watch->tool->output, watch->agent, "media", watch->id);
  sipctx_event_add_string (event, "codec", codec);
  sipctx_event_add_string (event, "address", address);
  sipctx_event_add_int (event, "port", port);
  sipctx_event_emit (event, "%s %s:%u", codec, address ? address : "-", port);
}

static void
print_response (WatchData   *watch,
                const char  *name,
                guint        status,
                SipResponse *response,
                int          cause)
{
  SipctxEvent *event = sipctx_event_new (watch->tool->output, watch->agent, name, watch->id);
  const char *reason = status ? sipctx_reason_phrase (status, response) : NULL;
  const char *cause_nick = cause >= 0 ? sipctx_enum_nick (SIP_TYPE_CAUSE, cause) : NULL;

  sipctx_event_add_int (event, "status", status);
  sipctx_event_add_string (event, "reason", reason);
  if (cause_nick != NULL)
    sipctx_event_add_string (event, "cause", cause_nick);

  if (status == 0)
    sipctx_event_emit (event, "no response (%s)", cause_nick);
  else if (cause_nick != NULL)
    sipctx_event_emit (event, "%u %s (%s)", status, reason, cause_nick);
  else
    sipctx_event_emit (event, "%u %s", status, reason);
}

/* The final answer CONTEXT, a server context, has just sent with STATUS
 * and its default reason phrase, as a watch would print it: for a request
 * answered at once, where watching it would cost more than all the rest
 * (listen answers each MESSAGE so). */
void
sipctx_print_answer (SipctxTool *tool,
                     const char *agent,
                     SipContext *context,
                     guint       id,
                     guint       status)
{
  WatchData watch = { .tool = tool, .agent = (char *) agent, .context = context, .id = id };

  if (status >= 300)
    print_response (&watch, "rejected", status, NULL, sip_context_get_cause (context));
  else if (status >= 200)
    print_response (&watch, "accepted", status, NULL, -1);
}

/* A response of the watched context, as the signal NAME (progress,
 * accepted, rejected or failed) gives it. */
static void
report_response (WatchData   *watch,
                 const char  *name,
                 guint        status,
                 SipResponse *response,
                 int          cause)
{
  if (watch->counters != NULL)
    {
      if (g_str_equal (name, "accepted"))
        watch->counters->accepted++;
      else if (g_str_equal (name, "rejected") && cause == SIP_CAUSE_CANCELED)
        watch->counters->canceled++;
      else if (g_str_equal (name, "rejected"))
        watch->counters->rejected++;
    }
  /* For an answer this side sent, "failed" only repeats "rejected". */
  if (!(watch->flags & SIPCTX_WATCH_STATES) && g_str_equal (name, "failed"))
    return;

  print_response (watch, name, status, response, cause);
}

/* SipctxWatchFlags: SIPCTX_WATCH_OWN_ANSWERS. A rejection is not
 * reported here: it ends the context, and the end of the watch prints it. */
void
sipctx_watch_answered (SipContext *context,
                       guint       status)
{
  WatchData *watch;

  g_return_if_fail (status >= 100 && status < 300);

  watch = g_object_get_qdata (G_OBJECT (context), watch_quark);
  if (watch != NULL)
    report_response (watch, status < 200 ? "progress" : "accepted", status, NULL, -1);
}

/* The end of a context that reports its own answers: a rejection, the
 * owner's or one the library gave on its own (487 to a CANCEL, 480 as
 * the user agent stops), is printed from the response it sent. */
static void
report_rejection (WatchData *watch)
{
  SipContext *context = watch->context;
  SipResponse *response;
  guint status;
  int cause;

  if (!SIP_IS_SERVER_CONTEXT (context))
    return;
  /* Asked first because it makes no response object: most calls end
   * after a 2xx, with nothing to print here. */
  status = sip_server_context_get_status_code (SIP_SERVER_CONTEXT (context));
  if (status < 300)
    return;
  response = sip_context_get_response (context);

  cause = sip_context_get_cause (context);
  report_response (watch, "rejected", status, response, cause);
  report_response (watch, "failed", status, response, cause);
}

/* The end of the watch, at the state TERMINATED: the terminated signal
 * follows at once, with the context's cause, and is the last. Its line is
 * printed here rather than from a hook of that signal, which would put
 * every context's terminated on GObject's slow path. */
static void
watch_finish (WatchData *watch)
{
  SipContext *context = watch->context;

  if (watch->flags & SIPCTX_WATCH_STATES)
    {
      const char *nick = sipctx_enum_nick (SIP_TYPE_CAUSE, sip_context_get_cause (context));
      SipctxEvent *event = sipctx_event_new (watch->tool->output, watch->agent, "terminated", watch->id);

      sipctx_event_add_string (event, "cause", nick);
      sipctx_event_emit (event, "%s", nick);
    }

  /* Let the context go; the library holds it while it terminates. */
  g_object_set_qdata (G_OBJECT (context), watch_quark, NULL);
  g_object_unref (context);
}

/* Every context of the user agent: only the watched ones are printed. */
static void
context_state_changed_cb (SipUserAgent    *ua,
                          SipContext      *context,
                          SipContextState  old_state,
                          gpointer         user_data)
{
  WatchData *watch = g_object_get_qdata (G_OBJECT (context), watch_quark);
  SipContextState state;

  if (watch == NULL)
    return;

  state = sip_context_get_state (context);

  /* A call that ends with a BYE it did not send: the peer hung up. */
  if (state == SIP_CONTEXT_STATE_TERMINATED && old_state != SIP_CONTEXT_STATE_TERMINATING &&
      SIP_IS_INVITE_CONTEXT (context) && sip_context_get_cause (context) == SIP_CAUSE_BYE)
    sipctx_event_emit (sipctx_event_new (watch->tool->output, watch->agent, "bye", watch->id),
                       "from the peer");
  if (state == SIP_CONTEXT_STATE_TERMINATED && (watch->flags & SIPCTX_WATCH_OWN_ANSWERS))
    report_rejection (watch);
  if (watch->flags & SIPCTX_WATCH_STATES)
    print_state (watch, state);
  if (state == SIP_CONTEXT_STATE_TERMINATED)
    watch_finish (watch);
}

static void
print_hold (WatchData  *watch,
            const char *name,
            gboolean    on)
{
  SipctxEvent *event = sipctx_event_new (watch->tool->output, watch->agent, name, watch->id);

  sipctx_event_add_boolean (event, "hold", on);
  sipctx_event_emit (event, "%s", on ? "on" : "off");
}

/* media-changed: what changed since the last time, as the codec, the
 * peer's hold and this side's hold. */
static gboolean
media_hook (GSignalInvocationHint *hint,
            guint                  n_values,
            const GValue          *values,
            gpointer               user_data)
{
  WatchData *watch = watch_of (&values[0]);
  SipInviteContext *call;
  const char *codec;
  gboolean on;

  if (watch == NULL)
    return TRUE;

  call = SIP_INVITE_CONTEXT (watch->context);
  codec = sip_invite_context_get_remote_media_codec (call);
  if (g_strcmp0 (codec, watch->codec) != 0)
    {
      g_free (watch->codec);
      watch->codec = g_strdup (codec);
      if (watch->flags & SIPCTX_WATCH_STATES)
        print_media (watch);
    }

  on = sip_invite_context_get_remote_hold (call);
  if (on != watch->remote_hold)
    {
      watch->remote_hold = on;
      if (on && watch->counters)
        watch->counters->holds++;
      print_hold (watch, "remote-hold", on);
    }

  on = sip_invite_context_get_local_hold (call);
  if (on != watch->local_hold)
    {
      watch->local_hold = on;
      print_hold (watch, "local-hold", on);
    }
  return TRUE;
}

/* progress, accepted, rejected and failed; USER_DATA is the name. */
static gboolean
response_hook (GSignalInvocationHint *hint,
               guint                  n_values,
               const GValue          *values,
               gpointer               user_data)
{
  WatchData *watch = watch_of (&values[0]);

  /* The owner of such a context reports its answers itself. */
  if (watch == NULL || (watch->flags & SIPCTX_WATCH_OWN_ANSWERS))
    return TRUE;

  report_response (watch, user_data, g_value_get_uint (&values[1]),
                   g_value_get_object (&values[2]),
                   n_values > 3 ? g_value_get_enum (&values[3]) : -1);
  return TRUE;
}

/* cancel, which comes from the peer */
static gboolean
peer_hook (GSignalInvocationHint *hint,
           guint                  n_values,
           const GValue          *values,
           gpointer               user_data)
{
  WatchData *watch = watch_of (&values[0]);

  if (watch != NULL)
    sipctx_event_emit (sipctx_event_new (watch->tool->output, watch->agent, user_data, watch->id),
                       "from the peer");
  return TRUE;
}

static gboolean
dtmf_hook (GSignalInvocationHint *hint,
           guint                  n_values,
           const GValue          *values,
           gpointer               user_data)
{
  WatchData *watch = watch_of (&values[0]);
  const char *tone;
  guint duration;
  SipctxEvent *event;

  if (watch == NULL)
    return TRUE;

  if (watch->counters != NULL)
    watch->counters->dtmf++;
  tone = g_value_get_string (&values[1]);
  duration = g_value_get_uint (&values[2]);
  event = sipctx_event_new (watch->tool->output, watch->agent, "dtmf", watch->id);
  sipctx_event_add_string (event, "tone", tone);
  sipctx_event_add_int (event, "duration", duration);
  sipctx_event_emit (event, "%s %u ms", tone, duration);
  return TRUE;
}

static void
add_hook (GType               type,
          const char         *signal,
          const char         *detail,
          GSignalEmissionHook hook,
          gpointer            data)
{
  guint id = g_signal_lookup (signal, type);

  g_assert (id != 0);
  g_signal_add_emission_hook (id, detail ? g_quark_from_static_string (detail) : 0,
                              hook, data, NULL);
}

/* The hooks of what a call receives from the peer; the classes are kept
 * for the life of the process, so the signal ids stay valid. */
static void
install_hooks (void)
{
  g_type_class_ref (SIP_TYPE_CONTEXT);
  g_type_default_interface_ref (SIP_TYPE_INVITE_CONTEXT);

  watch_quark = g_quark_from_static_string ("sipctx-watch");
  watching_quark = g_quark_from_static_string ("sipctx-watching");

  add_hook (SIP_TYPE_INVITE_CONTEXT, "cancel", NULL, peer_hook, (gpointer) "cancel");
  add_hook (SIP_TYPE_INVITE_CONTEXT, "dtmf", NULL, dtmf_hook, NULL);
  add_hook (SIP_TYPE_INVITE_CONTEXT, "media-changed", NULL, media_hook, NULL);
}

/* The hooks of the responses, only once a watch needs them: until then
 * progress, accepted, rejected and failed keep GObject's fast path, which
 * listen, whose calls report their answers themselves, never leaves. */
static void
install_response_hooks (void)
{
  static gboolean installed;

  if (installed)
    return;
  installed = TRUE;

  add_hook (SIP_TYPE_CONTEXT, "progress", NULL, response_hook, (gpointer) "progress");
  add_hook (SIP_TYPE_CONTEXT, "accepted", NULL, response_hook, (gpointer) "accepted");
  add_hook (SIP_TYPE_CONTEXT, "rejected", NULL, response_hook, (gpointer) "rejected");
  add_hook (SIP_TYPE_CONTEXT, "failed", NULL, response_hook, (gpointer) "failed");
}

/* BEFORE, then "Alice" <sip:alice@example.org>, without the tag: for
 * people (plain lines only). */
void
sipctx_event_print_identity (SipctxEvent *event,
                             const char  *before,
                             SipNameAddr *identity)
{
  const char *name;

  if (identity == NULL)
    {
      sipctx_event_print (event, "%s(unknown)", before);
      return;
    }
  name = sip_name_addr_get_display_name (identity);
  if (name != NULL && *name != '\0')
    sipctx_event_print (event, "%s\"%s\" <%s>", before, name, sip_name_addr_get_uri (identity));
  else
    sipctx_event_print (event, "%s<%s>", before, sip_name_addr_get_uri (identity));
}

/* KEY: the URI, KEY-name: the display name (JSON only). */
void
sipctx_event_add_identity (SipctxEvent *event,
                           const char  *key,
                           SipNameAddr *identity)
{
  g_autofree char *name_key = NULL;

  if (!sipctx_event_has_fields (event))
    return;

  name_key = g_strconcat (key, "-name", NULL);
  sipctx_event_add_string (event, key, identity ? sip_name_addr_get_uri (identity) : NULL);
  sipctx_event_add_string (event, name_key, identity ? sip_name_addr_get_display_name (identity) : NULL);
}

void
sipctx_watch (SipctxTool       *tool,
              const char       *agent,
              SipContext       *context,
              guint             id,
              SipctxWatchFlags  flags,
              SipctxCounters   *counters)
{
  GObject *ua = G_OBJECT (sip_context_get_user_agent (context));
  gboolean is_call = SIP_IS_INVITE_CONTEXT (context);
  WatchData *watch;

  g_return_if_fail (ua != NULL);

  if (watch_quark == 0)
    install_hooks ();
  if (!(flags & SIPCTX_WATCH_OWN_ANSWERS))
    install_response_hooks ();
  if (g_object_get_qdata (ua, watching_quark) == NULL)
    {
      g_signal_connect (ua, "context-state-changed", G_CALLBACK (context_state_changed_cb), NULL);
      g_object_set_qdata (ua, watching_quark, GINT_TO_POINTER (TRUE));
    }

  watch = g_new0 (WatchData, 1);
  watch->tool = tool;
  watch->agent = g_strdup (agent);
  watch->context = g_object_ref (context);
  watch->id = id;
  watch->flags = flags;
  watch->counters = counters;
  if (is_call)
    {
      SipInviteContext *call = SIP_INVITE_CONTEXT (context);

      watch->codec = g_strdup (sip_invite_context_get_remote_media_codec (call));
      watch->local_hold = sip_invite_context_get_local_hold (call);
      watch->remote_hold = sip_invite_context_get_remote_hold (call);
    }
  g_object_set_qdata_full (G_OBJECT (context), watch_quark, watch, watch_data_free);

  /* What it is already: the state of a new context (sent, received), and
   * the offer of an incoming call. */
  if (flags & SIPCTX_WATCH_STATES)
    {
      print_state (watch, sip_context_get_state (context));
      if (is_call)
        print_media (watch);
    }
}
