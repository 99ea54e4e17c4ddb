/* sipctx-demo.c: sipctx demo, two user agents in one process on loopback
 *
 * Alice calls Bob; Bob's phone rings and he answers; Alice sends DTMF,
 * puts the call on hold and takes it off hold; each sends the other a
 * MESSAGE; Bob hangs up. Every signal of both sides is printed as a
 * timeline. Only 127.0.0.1 is used, on free ports.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sipctx-tool.h"

#include <string.h>

#define RING_MS       1000
#define PAUSE_MS      400
#define HOLD_MS       700
#define DEMO_TIMEOUT_S 20
#define DTMF_TONES    "42#"

typedef struct
{
  SipctxTool             *tool;
  SipUserAgent           *alice;
  SipUserAgent           *bob;
  char                   *alice_uri;
  char                   *bob_uri;

  SipInviteClientContext *call;       /* Alice's side */
  SipInviteServerContext *incoming;   /* Bob's side */

  guint                   dtmf_received;
  gboolean                established;
  gboolean                held;
  gboolean                unheld;
  guint                   messages_delivered;
  SipCause                call_cause;
  gboolean                finished;
  char                   *failure;

  guint                   step_id;
  guint                   timeout_id;
} Demo;

static void
say (Demo       *self,
     const char *agent,
     const char *name,
     const char *format,
     ...) G_GNUC_PRINTF (4, 5);

static void
say (Demo       *self,
     const char *agent,
     const char *name,
     const char *format,
     ...)
{
  g_autofree char *text = NULL;
  SipctxEvent *event;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  event = sipctx_event_new (self->tool->output, agent, name, 0);
  sipctx_event_add_string (event, "text", text);
  sipctx_event_emit (event, "%s", text);
}

static void
finish (Demo       *self,
        const char *failure)
{
  if (self->finished)
    return;

  self->finished = TRUE;
  self->failure = g_strdup (failure);
  g_clear_handle_id (&self->step_id, g_source_remove);
  g_main_loop_quit (self->tool->loop);
}

static void
fail_with_error (Demo       *self,
                 const char *agent,
                 const char *what,
                 GError     *error)
{
  g_autofree char *failure = g_strdup_printf ("%s: %s", what, error->message);

  sipctx_tool_print_error (self->tool, agent, "%s", failure);
  finish (self, failure);
}

static void
after (Demo        *self,
       guint        ms,
       GSourceFunc  func)
{
  g_clear_handle_id (&self->step_id, g_source_remove);
  self->step_id = g_timeout_add (ms, func, self);
}

/* Step 6: Bob hangs up. */
static gboolean
hang_up_cb (gpointer user_data)
{
  Demo *self = user_data;
  g_autoptr(GError) error = NULL;

  self->step_id = 0;
  say (self, "bob", "step", "Bob hangs up");
  if (!sip_invite_context_bye (SIP_INVITE_CONTEXT (self->incoming), NULL, &error))
    fail_with_error (self, "bob", "hang up", error);
  return G_SOURCE_REMOVE;
}

/* Step 5: a MESSAGE each way; each waits for the answer to the one
 * before. */
static void send_message (Demo         *self,
                          SipUserAgent *from,
                          const char   *from_name,
                          const char   *to_uri,
                          const char   *text);

static void
message_terminated_cb (SipContext *context,
                       SipCause    cause,
                       Demo       *self)
{
  if (sip_context_get_state (context) == SIP_CONTEXT_STATE_TERMINATED &&
      sip_context_get_response (context) != NULL &&
      sip_response_get_status_code (sip_context_get_response (context)) / 100 == 2)
    self->messages_delivered++;
  else
    {
      finish (self, "a MESSAGE was not delivered");
      return;
    }

  if (self->messages_delivered == 1)
    send_message (self, self->bob, "bob", self->alice_uri, "Hi Alice, loud and clear.");
  else
    after (self, PAUSE_MS, hang_up_cb);
}

static void
send_message (Demo         *self,
              SipUserAgent *from,
              const char   *from_name,
              const char   *to_uri,
              const char   *text)
{
  g_autoptr(SipMessageClientContext) message = NULL;
  g_autoptr(GError) error = NULL;
  guint id;

  message = sip_user_agent_message (from, to_uri, text, "text/plain", NULL, &error);
  if (message == NULL)
    {
      fail_with_error (self, from_name, "send a MESSAGE", error);
      return;
    }
  id = sipctx_output_next_id (self->tool->output);
  {
    SipctxEvent *event = sipctx_event_new (self->tool->output, from_name, "sending", id);

    sipctx_event_add_string (event, "target", to_uri);
    sipctx_event_add_string (event, "text", text);
    sipctx_event_print_quoted (event, text);
    sipctx_event_emit (event, " to %s", to_uri);
  }
  sipctx_watch (self->tool, from_name, SIP_CONTEXT (message), id, SIPCTX_WATCH_STATES, NULL);
  g_signal_connect (message, "terminated", G_CALLBACK (message_terminated_cb), self);
}

static gboolean
messages_cb (gpointer user_data)
{
  Demo *self = user_data;

  self->step_id = 0;
  say (self, "alice", "step", "Alice and Bob exchange messages");
  send_message (self, self->alice, "alice", self->bob_uri, "Hello Bob, can you read me?");
  return G_SOURCE_REMOVE;
}

static void
message_cb (SipUserAgent            *ua,
            SipMessageServerContext *message,
            Demo                    *self)
{
  const char *agent = ua == self->alice ? "alice" : "bob";
  guint id = sipctx_output_next_id (self->tool->output);
  const char *text = sip_message_context_get_text (SIP_MESSAGE_CONTEXT (message));
  SipNameAddr *remote = sip_context_get_remote_identity (SIP_CONTEXT (message));
  g_autoptr(GError) error = NULL;
  SipctxEvent *event;

  event = sipctx_event_new (self->tool->output, agent, "incoming-message", id);
  sipctx_event_add_identity (event, "from", remote);
  sipctx_event_add_string (event, "text", text);
  sipctx_event_print_identity (event, "from ", remote);
  sipctx_event_print (event, " ");
  sipctx_event_print_quoted (event, text);
  sipctx_event_emit (event, NULL);
  sipctx_watch (self->tool, agent, SIP_CONTEXT (message), id, SIPCTX_WATCH_STATES, NULL);

  if (!sip_server_context_accept (SIP_SERVER_CONTEXT (message), NULL, &error))
    fail_with_error (self, agent, "accept a MESSAGE", error);
}

/* Step 4: hold, then unhold. */
static void
unhold_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Demo *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sip_invite_context_unhold_finish (SIP_INVITE_CONTEXT (source), result, &error))
    {
      fail_with_error (self, "alice", "unhold", error);
      return;
    }
  self->unheld = TRUE;
  after (self, PAUSE_MS, messages_cb);
}

static gboolean
unhold_cb (gpointer user_data)
{
  Demo *self = user_data;

  self->step_id = 0;
  say (self, "alice", "step", "Alice takes the call off hold");
  sip_invite_context_unhold_async (SIP_INVITE_CONTEXT (self->call), NULL, unhold_done_cb, self);
  return G_SOURCE_REMOVE;
}

static void
hold_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Demo *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sip_invite_context_hold_finish (SIP_INVITE_CONTEXT (source), result, &error))
    {
      fail_with_error (self, "alice", "hold", error);
      return;
    }
  self->held = TRUE;
  after (self, HOLD_MS, unhold_cb);
}

static gboolean
hold_cb (gpointer user_data)
{
  Demo *self = user_data;

  self->step_id = 0;
  say (self, "alice", "step", "Alice puts the call on hold");
  sip_invite_context_hold_async (SIP_INVITE_CONTEXT (self->call), NULL, hold_done_cb, self);
  return G_SOURCE_REMOVE;
}

/* Step 3: DTMF; the hold follows once Bob has every tone. */
static void
bob_dtmf_cb (SipInviteContext *call,
             const char       *tone,
             guint             duration,
             Demo             *self)
{
  if (++self->dtmf_received == strlen (DTMF_TONES))
    after (self, PAUSE_MS, hold_cb);
}

static gboolean
dtmf_cb (gpointer user_data)
{
  Demo *self = user_data;
  g_autoptr(GError) error = NULL;

  self->step_id = 0;
  say (self, "alice", "step", "Alice dials %s", DTMF_TONES);
  if (!sip_invite_context_dtmf (SIP_INVITE_CONTEXT (self->call), DTMF_TONES, 100, 100, &error))
    fail_with_error (self, "alice", "send DTMF", error);
  return G_SOURCE_REMOVE;
}

static void
alice_state_cb (SipContext      *context,
                SipContextState  old_state,
                Demo            *self)
{
  if (self->established || sip_context_get_state (context) != SIP_CONTEXT_STATE_ESTABLISHED)
    return;

  self->established = TRUE;
  after (self, PAUSE_MS, dtmf_cb);
}

static void
alice_terminated_cb (SipContext *context,
                     SipCause    cause,
                     Demo       *self)
{
  self->call_cause = cause;
  if (cause == SIP_CAUSE_BYE && self->messages_delivered == 2)
    finish (self, NULL);
  else
    finish (self, "the call ended before the end of the demo");
}

/* Step 2: Bob answers after ringing. */
static gboolean
answer_cb (gpointer user_data)
{
  Demo *self = user_data;
  g_autoptr(GError) error = NULL;

  self->step_id = 0;
  say (self, "bob", "step", "Bob answers");
  if (!sip_server_context_accept (SIP_SERVER_CONTEXT (self->incoming), NULL, &error))
    fail_with_error (self, "bob", "answer", error);
  return G_SOURCE_REMOVE;
}

static void
invite_cb (SipUserAgent           *ua,
           SipInviteServerContext *call,
           Demo                   *self)
{
  SipContext *context = SIP_CONTEXT (call);
  guint id = sipctx_output_next_id (self->tool->output);
  SipNameAddr *remote = sip_context_get_remote_identity (context);
  g_autoptr(GError) error = NULL;
  SipctxEvent *event;

  event = sipctx_event_new (self->tool->output, "bob", "incoming-call", id);
  sipctx_event_add_identity (event, "from", remote);
  sipctx_event_print_identity (event, "from ", remote);
  sipctx_event_emit (event, NULL);
  sipctx_watch (self->tool, "bob", context, id, SIPCTX_WATCH_STATES, NULL);

  if (self->incoming != NULL)
    {
      /* Not part of the demo. */
      g_autoptr(SipReplyOptions) busy = sip_reply_options_new (486);

      sip_server_context_reject (SIP_SERVER_CONTEXT (call), busy, NULL);
      return;
    }

  self->incoming = g_object_ref (call);
  g_signal_connect (call, "dtmf", G_CALLBACK (bob_dtmf_cb), self);

  say (self, "bob", "step", "Bob's phone rings");
  if (!sip_server_context_progress (SIP_SERVER_CONTEXT (call), NULL, &error))
    {
      fail_with_error (self, "bob", "ring", error);
      return;
    }
  after (self, RING_MS, answer_cb);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Demo *self = user_data;

  self->timeout_id = 0;
  sipctx_tool_print_error (self->tool, NULL, "The demo did not finish within %d s", DEMO_TIMEOUT_S);
  finish (self, "timed out");
  return G_SOURCE_REMOVE;
}

static void
interrupt_cb (SipctxTool *tool,
              int         signum,
              gpointer    user_data)
{
  finish (user_data, "interrupted");
}

static SipUserAgent *
demo_user_agent (const char *user,
                 const char *display_name)
{
  g_autofree char *aor = g_strdup_printf ("sip:%s@127.0.0.1", user);

  return g_object_new (SIP_TYPE_USER_AGENT,
                       "aor", aor,
                       "display-name", display_name,
                       "bind-uri", "sip:127.0.0.1:0",
                       NULL);
}

static char *
uri_at (SipUserAgent *ua,
        const char   *user)
{
  /* contact-uri is sip:127.0.0.1:PORT, the address actually bound. */
  return g_strdup_printf ("sip:%s@%s", user,
                          sip_user_agent_get_contact_uri (ua) + strlen ("sip:"));
}

static const char demo_summary[] =
  "Runs two user agents, Alice and Bob, in this process on 127.0.0.1 (free\n"
  "ports, nothing to configure) and prints the timeline of their signals:\n"
  "Alice calls Bob, Bob's phone rings and he answers, Alice sends DTMF,\n"
  "holds the call and takes it off hold, they exchange a MESSAGE each way,\n"
  "and Bob hangs up. It takes a few seconds and exits 0 when all of it\n"
  "worked. The global options other than --json do not apply.";

int
sipctx_cmd_demo (SipctxTool  *tool,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Demo self = { .tool = tool };
  int status;

  context = sipctx_command_context (tool, "demo", "", demo_summary, NULL, NULL);
  status = sipctx_command_parse (tool, "demo", context, &argc, &argv);
  if (status != SIPCTX_EXIT_OK)
    return status;
  if (argc > 1)
    return sipctx_tool_usage_error (tool, "demo", "Unexpected argument \"%s\"", argv[1]);

  self.alice = demo_user_agent ("alice", "Alice");
  self.bob = demo_user_agent ("bob", "Bob");
  g_signal_connect (self.bob, "invite", G_CALLBACK (invite_cb), &self);
  g_signal_connect (self.alice, "message", G_CALLBACK (message_cb), &self);
  g_signal_connect (self.bob, "message", G_CALLBACK (message_cb), &self);
  sipctx_tool_on_interrupt (tool, interrupt_cb, &self);

  if (sipctx_tool_start (tool, self.alice, "alice") != SIPCTX_EXIT_OK ||
      sipctx_tool_start (tool, self.bob, "bob") != SIPCTX_EXIT_OK)
    {
      status = SIPCTX_EXIT_FAILURE;
      goto out;
    }
  self.alice_uri = uri_at (self.alice, "alice");
  self.bob_uri = uri_at (self.bob, "bob");

  say (&self, "alice", "step", "Alice calls Bob");
  self.call = sip_user_agent_invite (self.alice, self.bob_uri, NULL, &error);
  if (self.call == NULL)
    {
      sipctx_tool_print_error (tool, "alice", "Cannot call: %s", error->message);
      status = SIPCTX_EXIT_FAILURE;
      goto out;
    }
  {
    guint id = sipctx_output_next_id (tool->output);
    SipctxEvent *event = sipctx_event_new (tool->output, "alice", "calling", id);

    sipctx_event_add_string (event, "target", self.bob_uri);
    sipctx_event_emit (event, "%s", self.bob_uri);
    sipctx_watch (tool, "alice", SIP_CONTEXT (self.call), id, SIPCTX_WATCH_STATES, NULL);
  }
  g_signal_connect (self.call, "state-changed", G_CALLBACK (alice_state_cb), &self);
  g_signal_connect (self.call, "terminated", G_CALLBACK (alice_terminated_cb), &self);

  self.timeout_id = g_timeout_add_seconds (DEMO_TIMEOUT_S, timeout_cb, &self);
  g_main_loop_run (tool->loop);
  g_clear_handle_id (&self.timeout_id, g_source_remove);
  g_clear_handle_id (&self.step_id, g_source_remove);

  status = self.failure == NULL ? SIPCTX_EXIT_OK : SIPCTX_EXIT_FAILURE;

out:
  sipctx_tool_stop (tool, self.alice, "alice");
  sipctx_tool_stop (tool, self.bob, "bob");

  {
    SipctxEvent *event = sipctx_event_new (tool->output, NULL, "result", 0);

    sipctx_event_add_boolean (event, "success", status == SIPCTX_EXIT_OK);
    sipctx_event_add_int (event, "dtmf-received", self.dtmf_received);
    sipctx_event_add_int (event, "messages-delivered", self.messages_delivered);
    if (status == SIPCTX_EXIT_OK)
      sipctx_event_emit (event, "success: call, ringing, answer, DTMF, hold, unhold, "
                         "two messages and hang-up all worked");
    else
      sipctx_event_emit (event, "failure: %s", self.failure ? self.failure : "could not start");
  }

  if (self.call != NULL)
    g_signal_handlers_disconnect_by_data (self.call, &self);
  if (self.incoming != NULL)
    g_signal_handlers_disconnect_by_data (self.incoming, &self);
  g_signal_handlers_disconnect_by_data (self.alice, &self);
  g_signal_handlers_disconnect_by_data (self.bob, &self);
  g_clear_object (&self.call);
  g_clear_object (&self.incoming);
  g_clear_object (&self.alice);
  g_clear_object (&self.bob);
  g_free (self.alice_uri);
  g_free (self.bob_uri);
  g_free (self.failure);

  return status;
}
