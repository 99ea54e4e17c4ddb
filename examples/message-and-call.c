/* message-and-call.c: two user agents in one process, on 127.0.0.1.
 *
 * Bob accepts whatever arrives. Alice sends him a MESSAGE, then calls him
 * and hangs up as soon as the call is established. The program exits 0
 * if all of that happened, 1 otherwise.
 *
 * Build and run:
 *   cc message-and-call.c -o message-and-call $(pkg-config --cflags --libs sipctx-1)
 *   ./message-and-call
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <sipctx.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  GMainLoop    *loop;
  SipUserAgent *alice;
  SipUserAgent *bob;
  char         *bob_uri;
  gboolean      delivered;
  gboolean      refused;
  SipCause      call_cause;
  guint         running;
} Example;

static void place_call (Example *ex);
static void stop_both  (Example *ex);

/* Bob's side: answer every MESSAGE and every call. */

static void
on_message (SipUserAgent            *ua,
            SipMessageServerContext *ctx,
            gpointer                 user_data)
{
  SipNameAddr *from = sip_context_get_remote_identity (SIP_CONTEXT (ctx));
  g_autoptr(GError) error = NULL;

  g_print ("bob: message from %s: %s\n", sip_name_addr_get_uri (from),
           sip_message_context_get_text (SIP_MESSAGE_CONTEXT (ctx)));
  if (!sip_server_context_accept (SIP_SERVER_CONTEXT (ctx), NULL, &error))
    g_printerr ("bob: accept: %s\n", error->message);
}

static void
on_invite (SipUserAgent           *ua,
           SipInviteServerContext *call,
           gpointer                user_data)
{
  g_autoptr(SipReplyOptions) ringing = sip_reply_options_new (180);
  g_autoptr(GError) error = NULL;

  g_print ("bob: call from %s\n",
           sip_name_addr_get_uri (sip_context_get_remote_identity (SIP_CONTEXT (call))));
  if (!sip_server_context_progress (SIP_SERVER_CONTEXT (call), ringing, &error) ||
      !sip_server_context_accept (SIP_SERVER_CONTEXT (call), NULL, &error))
    g_printerr ("bob: answer: %s\n", error->message);
}

/* Alice's MESSAGE. */

static void
on_message_accepted (SipContext  *ctx,
                     guint        status_code,
                     SipResponse *response,
                     gpointer     user_data)
{
  Example *ex = user_data;

  g_print ("alice: delivered (%u %s)\n", status_code,
           sip_response_get_reason_phrase (response));
  ex->delivered = TRUE;
}

static void
on_message_failed (SipContext  *ctx,
                   guint        status_code,
                   SipResponse *response,   /* NULL if no response came */
                   SipCause     cause,
                   gpointer     user_data)
{
  g_printerr ("alice: the message failed with status %u\n", status_code);
}

static void
on_message_terminated (SipContext *ctx,
                       SipCause    cause,
                       gpointer    user_data)
{
  Example *ex = user_data;

  /* terminated is always the last signal of a context. */
  if (ex->delivered)
    place_call (ex);
  else
    stop_both (ex);
}

static void
send_message (Example *ex)
{
  g_autoptr(SipMessageClientContext) ctx = NULL;
  g_autoptr(GError) error = NULL;

  ctx = sip_user_agent_message (ex->alice, ex->bob_uri, "Hello, Bob", "text/plain",
                                NULL, &error);
  if (ctx == NULL)
    {
      g_printerr ("alice: message: %s\n", error->message);
      stop_both (ex);
      return;
    }

  /* The user agent keeps the context alive until it has terminated, so
   * dropping our reference at the end of this function is fine. */
  g_signal_connect (ctx, "accepted", G_CALLBACK (on_message_accepted), ex);
  g_signal_connect (ctx, "failed", G_CALLBACK (on_message_failed), ex);
  g_signal_connect (ctx, "terminated", G_CALLBACK (on_message_terminated), ex);
}

/* Alice's call. */

static void
on_call_state (SipContext *call,
               GParamSpec *pspec,
               gpointer    user_data)
{
  g_autoptr(GError) error = NULL;

  if (sip_context_get_state (call) != SIP_CONTEXT_STATE_ESTABLISHED)
    return;

  g_print ("alice: call established (%s), hanging up\n",
           sip_invite_context_get_remote_media_codec (SIP_INVITE_CONTEXT (call)));
  if (!sip_invite_context_bye (SIP_INVITE_CONTEXT (call), NULL, &error))
    g_printerr ("alice: bye: %s\n", error->message);
}

static void
on_call_terminated (SipContext *call,
                    SipCause    cause,
                    gpointer    user_data)
{
  Example *ex = user_data;
  g_autoptr(GEnumClass) causes = g_type_class_ref (SIP_TYPE_CAUSE);

  g_print ("alice: call over (%s)\n", g_enum_get_value (causes, cause)->value_nick);
  ex->call_cause = cause;
  stop_both (ex);
}

static void
place_call (Example *ex)
{
  g_autoptr(SipInviteClientContext) call = NULL;
  g_autoptr(GError) error = NULL;

  call = sip_user_agent_invite (ex->alice, ex->bob_uri, NULL, &error);
  if (call == NULL)
    {
      g_printerr ("alice: invite: %s\n", error->message);
      stop_both (ex);
      return;
    }

  g_signal_connect (call, "notify::state", G_CALLBACK (on_call_state), ex);
  g_signal_connect (call, "terminated", G_CALLBACK (on_call_terminated), ex);
}

/* Shutting a user agent down is asynchronous. */

static void
on_stopped (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Example *ex = user_data;
  g_autoptr(GError) error = NULL;

  if (!sip_user_agent_stop_finish (SIP_USER_AGENT (source), result, &error))
    g_printerr ("stop: %s\n", error->message);
  if (--ex->running == 0)
    g_main_loop_quit (ex->loop);
}

static void
stop_both (Example *ex)
{
  ex->running = 2;
  sip_user_agent_stop_async (ex->alice, NULL, on_stopped, ex);
  sip_user_agent_stop_async (ex->bob, NULL, on_stopped, ex);
}

/* Runtime failures are GErrors in the SIP_ERROR domain. */
static gboolean
check_malformed_target (SipUserAgent *alice)
{
  g_autoptr(SipMessageClientContext) ctx = NULL;
  g_autoptr(GError) error = NULL;

  ctx = sip_user_agent_message (alice, "not a uri", "Hello", NULL, NULL, &error);
  if (ctx != NULL || !g_error_matches (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT))
    return FALSE;

  g_print ("alice: refused: %s\n", error->message);
  return TRUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  g_printerr ("timed out\n");
  exit (1);
}

int
main (void)
{
  Example ex = { .call_cause = SIP_CAUSE_NONE };
  g_autoptr(GError) error = NULL;

  ex.loop = g_main_loop_new (NULL, FALSE);
  ex.alice = sip_user_agent_new ("sip:alice@127.0.0.1");
  ex.bob = sip_user_agent_new ("sip:bob@127.0.0.1");

  /* Port 0: any free port; contact-uri says which one was bound. */
  sip_user_agent_set_bind_uri (ex.alice, "sip:127.0.0.1:0");
  sip_user_agent_set_bind_uri (ex.bob, "sip:127.0.0.1:0");
  g_signal_connect (ex.bob, "message", G_CALLBACK (on_message), &ex);
  g_signal_connect (ex.bob, "invite", G_CALLBACK (on_invite), &ex);

  if (!sip_user_agent_start (ex.alice, &error) || !sip_user_agent_start (ex.bob, &error))
    {
      g_printerr ("start: %s\n", error->message);
      return 1;
    }
  ex.bob_uri = g_strconcat ("sip:bob@",
                            sip_user_agent_get_contact_uri (ex.bob) + strlen ("sip:"),
                            NULL);

  ex.refused = check_malformed_target (ex.alice);
  send_message (&ex);
  g_timeout_add_seconds (10, on_timeout, NULL);
  g_main_loop_run (ex.loop);

  g_free (ex.bob_uri);
  g_object_unref (ex.alice);
  g_object_unref (ex.bob);
  g_main_loop_unref (ex.loop);

  return ex.refused && ex.delivered && ex.call_cause == SIP_CAUSE_BYE ? 0 : 1;
}
