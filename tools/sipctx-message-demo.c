/* sipctx-message-demo: two user agents in one process exchange MESSAGEs on
 * loopback, and every signal is printed as it happens.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <sipctx.h>

#include <stdio.h>
#include <string.h>

typedef struct
{
  GMainLoop    *loop;
  SipUserAgent *alice;
  SipUserAgent *bob;
  guint         pending;
  guint         failures;
} Demo;

static gint64 start_time;

static void
say (const char *who,
     const char *format,
     ...) G_GNUC_PRINTF (2, 3);

static void
say (const char *who,
     const char *format,
     ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  printf ("%7.1f ms  %-5s  %s\n", (g_get_monotonic_time () - start_time) / 1000.0, who, text);
  fflush (stdout);
}

static const char *
nick (GType type, int value)
{
  GEnumClass *klass = g_type_class_peek (type);
  GEnumValue *v = g_enum_get_value (klass, value);

  return v ? v->value_nick : "?";
}

static void
incoming_cb (SipUserAgent            *ua,
             SipMessageServerContext *context,
             gpointer                 user_data)
{
  const char *who = user_data;
  SipNameAddr *from = sip_context_get_remote_identity (SIP_CONTEXT (context));
  g_autoptr(GError) error = NULL;

  say (who, "received MESSAGE from %s: \"%s\"", sip_name_addr_get_uri (from),
       sip_message_context_get_text (SIP_MESSAGE_CONTEXT (context)));

  if (!sip_server_context_accept (SIP_SERVER_CONTEXT (context), NULL, &error))
    say (who, "could not accept: %s", error->message);
  else
    say (who, "answered 200 OK");
}

static void
accepted_cb (SipContext  *context,
             guint        status,
             SipResponse *response,
             Demo        *demo)
{
  say ("alice", "delivered: %u %s", status, sip_response_get_reason_phrase (response));
}

static void
failed_cb (SipContext  *context,
           guint        status,
           SipResponse *response,
           SipCause     cause,
           Demo        *demo)
{
  say ("alice", "failed: %u (%s)", status, nick (SIP_TYPE_CAUSE, cause));
  demo->failures++;
}

static void
terminated_cb (SipContext *context,
               SipCause    cause,
               Demo       *demo)
{
  say ("alice", "context terminated (cause %s)", nick (SIP_TYPE_CAUSE, cause));
  if (--demo->pending == 0)
    g_main_loop_quit (demo->loop);
}

static gboolean
timeout_cb (gpointer data)
{
  Demo *demo = data;

  say ("demo", "timed out");
  demo->failures++;
  g_main_loop_quit (demo->loop);
  return G_SOURCE_REMOVE;
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Demo *demo = data;
  g_autoptr(GError) error = NULL;

  if (!sip_user_agent_stop_finish (SIP_USER_AGENT (source), result, &error))
    say ("demo", "stop: %s", error->message);
  if (--demo->pending == 0)
    g_main_loop_quit (demo->loop);
}

int
main (int    argc,
      char **argv)
{
  const char *texts[] = { "Hello Bob!", "Are you there?", "Grüße aus dem Loopback" };
  g_autoptr(GError) error = NULL;
  g_autofree char *bob_uri = NULL;
  Demo demo = { 0, };

  start_time = g_get_monotonic_time ();
  demo.loop = g_main_loop_new (NULL, FALSE);
  demo.alice = g_object_new (SIP_TYPE_USER_AGENT,
                             "aor", "sip:alice@127.0.0.1",
                             "display-name", "Alice",
                             "bind-uri", "sip:127.0.0.1:0",
                             NULL);
  demo.bob = g_object_new (SIP_TYPE_USER_AGENT,
                           "aor", "sip:bob@127.0.0.1",
                           "display-name", "Bob",
                           "bind-uri", "sip:127.0.0.1:0",
                           NULL);

  if (!sip_user_agent_start (demo.alice, &error) ||
      !sip_user_agent_start (demo.bob, &error))
    {
      fprintf (stderr, "Cannot start: %s\n", error->message);
      return 1;
    }

  say ("alice", "listening on %s", sip_user_agent_get_contact_uri (demo.alice));
  say ("bob", "listening on %s", sip_user_agent_get_contact_uri (demo.bob));

  g_signal_connect (demo.bob, "message", G_CALLBACK (incoming_cb), (gpointer) "bob");

  bob_uri = g_strdup_printf ("sip:bob@%s",
                             sip_user_agent_get_contact_uri (demo.bob) + strlen ("sip:"));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(SipMessageClientContext) context = NULL;

      context = sip_user_agent_message (demo.alice, bob_uri, texts[i], NULL, NULL, &error);
      if (context == NULL)
        {
          fprintf (stderr, "Cannot send: %s\n", error->message);
          return 1;
        }
      say ("alice", "sent MESSAGE \"%s\" to %s", texts[i], bob_uri);
      g_signal_connect (context, "accepted", G_CALLBACK (accepted_cb), &demo);
      g_signal_connect (context, "failed", G_CALLBACK (failed_cb), &demo);
      g_signal_connect (context, "terminated", G_CALLBACK (terminated_cb), &demo);
      demo.pending++;
      /* The user agent keeps the context alive until it terminates. */
    }

  g_timeout_add_seconds (10, timeout_cb, &demo);
  g_main_loop_run (demo.loop);

  demo.pending = 2;
  sip_user_agent_stop_async (demo.alice, NULL, stopped_cb, &demo);
  sip_user_agent_stop_async (demo.bob, NULL, stopped_cb, &demo);
  g_main_loop_run (demo.loop);
  say ("demo", "both user agents stopped");

  g_object_unref (demo.alice);
  g_object_unref (demo.bob);
  g_main_loop_unref (demo.loop);

  return demo.failures == 0 ? 0 : 1;
}
