/* test-message.c: SipRequest and SipResponse snapshots, read after
 * everything they came from is gone
 *
 * A snapshot of a message the stack received keeps sofia-sip's parsed
 * message and reads a field only when it is asked for. These tests read
 * nothing until the contexts have terminated and both user agents have
 * stopped and been finalized, then check every getter and property, also
 * from several threads at once.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"

#include <string.h>

#define TEXT "Grüße\r\nsecond line"
#define REPLY_TEXT "<reply/>"

typedef struct
{
  SipRequest  *received;        /* bob: the MESSAGE as received */
  SipResponse *sent;            /* bob: the 202 as sent */
  SipResponse *response;        /* alice: the 202 as received */
  SipRequest  *request;         /* alice: the MESSAGE as sent */
  SipNameAddr *local_identity;  /* bob's context */
  SipNameAddr *remote_identity;
  char        *bob_uri;
} Snapshots;

static void
snapshots_clear (Snapshots *s)
{
  g_clear_object (&s->received);
  g_clear_object (&s->sent);
  g_clear_object (&s->response);
  g_clear_object (&s->request);
  g_clear_pointer (&s->local_identity, sip_name_addr_unref);
  g_clear_pointer (&s->remote_identity, sip_name_addr_unref);
  g_clear_pointer (&s->bob_uri, g_free);
}

static void
answer_cb (SipUserAgent            *ua,
           SipMessageServerContext *context,
           Snapshots               *s)
{
  g_autoptr(SipReplyOptions) options = sip_reply_options_new (202);
  g_autoptr(GError) error = NULL;

  /* Nothing is read here: the snapshot is only kept. */
  s->received = g_object_ref (sip_context_get_request (SIP_CONTEXT (context)));

  sip_reply_options_set_reason_phrase (options, "Taken");
  sip_options_add_extra_header (SIP_OPTIONS (options), "X-Reply: one");
  sip_options_set_body_text (SIP_OPTIONS (options), REPLY_TEXT);
  sip_options_set_content_type (SIP_OPTIONS (options), "application/xml");
  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (context), options, &error));
  g_assert_no_error (error);

  s->sent = g_object_ref (sip_context_get_response (SIP_CONTEXT (context)));
  s->local_identity = sip_name_addr_ref (sip_context_get_local_identity (SIP_CONTEXT (context)));
  s->remote_identity = sip_name_addr_ref (sip_context_get_remote_identity (SIP_CONTEXT (context)));
}

/* One MESSAGE from alice ("Alice Liddell") to bob with two extra headers,
 * answered 202 with a header and a body; both user agents are stopped and
 * finalized before anything is read. */
static void
exchange (Snapshots *s)
{
  SipUserAgent *alice = sip_test_user_agent_new_with ("alice", "display-name", "Alice Liddell", NULL);
  SipUserAgent *bob = sip_test_user_agent_new ("bob");
  g_autoptr(SipRequestOptions) options = sip_request_options_new ();
  g_autoptr(GError) error = NULL;
  SipMessageClientContext *sent;

  s->bob_uri = sip_test_user_agent_uri (bob, "bob");
  g_signal_connect (bob, "message", G_CALLBACK (answer_cb), s);

  sip_options_add_extra_header (SIP_OPTIONS (options), "X-Test: first");
  sip_options_add_extra_header (SIP_OPTIONS (options), "X-Test: second");
  sent = sip_user_agent_message (alice, s->bob_uri, TEXT, NULL, options, &error);
  g_assert_no_error (error);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (sent)), 10000);
  g_assert_nonnull (s->received);

  s->response = g_object_ref (sip_context_get_response (SIP_CONTEXT (sent)));
  s->request = g_object_ref (sip_context_get_request (SIP_CONTEXT (sent)));
  g_assert_finalize_object (sent);

  sip_test_user_agent_finish (alice);
  sip_test_user_agent_finish (bob);
}

static gboolean
has_value (char       **values,
           const char  *value)
{
  return values != NULL && g_strv_contains ((const char * const *) values, value);
}

static void
check_received (Snapshots *s)
{
  SipMessage *m = SIP_MESSAGE (s->received);
  g_auto(GStrv) x_test = sip_message_get_header_values (m, "x-test");
  g_auto(GStrv) names = sip_message_get_header_names (m);
  g_auto(GStrv) none = sip_message_get_header_values (m, "X-None");
  SipNameAddr *from = sip_message_get_from (m);
  SipNameAddr *to = sip_message_get_to (m);
  gsize len;

  g_assert_cmpstr (sip_message_get_method (m), ==, "MESSAGE");
  g_assert_cmpstr (sip_request_get_request_uri (s->received), ==, s->bob_uri);
  g_assert_nonnull (sip_message_get_call_id (m));
  g_assert_cmpstr (sip_message_get_call_id (m), ==, sip_message_get_call_id (SIP_MESSAGE (s->request)));
  g_assert_cmpuint (sip_message_get_cseq (m), >, 0);

  g_assert_cmpstr (sip_name_addr_get_display_name (from), ==, "Alice Liddell");
  g_assert_cmpstr (sip_name_addr_get_uri (from), ==, "sip:alice@127.0.0.1");
  g_assert_cmpstr (sip_name_addr_get_user (from), ==, "alice");
  g_assert_nonnull (sip_name_addr_get_tag (from));
  g_assert_cmpstr (sip_name_addr_get_uri (to), ==, s->bob_uri);
  g_assert_null (sip_name_addr_get_tag (to));
  /* The same object every time, and the context's identities are them. */
  g_assert_true (sip_message_get_from (m) == from);
  g_assert_true (s->remote_identity == from);
  g_assert_true (s->local_identity == to);

  g_assert_cmpstr (sip_message_get_header (m, "X-Test"), ==, "first");
  g_assert_cmpuint (g_strv_length (x_test), ==, 2);
  g_assert_cmpstr (x_test[1], ==, "second");
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_nonnull (sip_message_get_header (m, "Via"));
  g_assert_cmpstr (sip_message_get_header (m, "Call-ID"), ==, sip_message_get_call_id (m));
  g_assert_true (has_value (names, "Via"));
  g_assert_true (has_value (names, "X-Test"));
  g_assert_true (has_value (names, "Content-Type"));

  g_assert_cmpstr (sip_message_get_content_type (m), ==, "text/plain");
  g_assert_cmpmem (g_bytes_get_data (sip_message_get_body (m), &len), len, TEXT, strlen (TEXT));
  g_assert_cmpstr (sip_message_get_body_text (m), ==, TEXT);
}

static void
check_sent (Snapshots *s)
{
  SipMessage *m = SIP_MESSAGE (s->sent);

  g_assert_cmpuint (sip_response_get_status_code (s->sent), ==, 202);
  g_assert_cmpstr (sip_response_get_reason_phrase (s->sent), ==, "Taken");
  /* What a response shares with its request. */
  g_assert_cmpstr (sip_message_get_method (m), ==, "MESSAGE");
  g_assert_cmpstr (sip_message_get_call_id (m), ==, sip_message_get_call_id (SIP_MESSAGE (s->received)));
  g_assert_cmpuint (sip_message_get_cseq (m), ==, sip_message_get_cseq (SIP_MESSAGE (s->received)));
  g_assert_true (sip_message_get_from (m) == sip_message_get_from (SIP_MESSAGE (s->received)));
  g_assert_cmpstr (sip_name_addr_get_uri (sip_message_get_to (m)), ==, s->bob_uri);
  g_assert_cmpstr (sip_message_get_header (m, "X-Reply"), ==, "one");
  g_assert_cmpstr (sip_message_get_body_text (m), ==, REPLY_TEXT);
  g_assert_cmpstr (sip_message_get_content_type (m), ==, "application/xml");
}

static void
check_response (Snapshots *s)
{
  SipMessage *m = SIP_MESSAGE (s->response);
  g_autofree char *call_id = NULL;
  g_autofree char *method = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(SipNameAddr) to = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status, cseq;

  g_assert_cmpuint (sip_response_get_status_code (s->response), ==, 202);
  g_assert_cmpstr (sip_response_get_reason_phrase (s->response), ==, "Taken");
  g_assert_cmpstr (sip_message_get_method (m), ==, "MESSAGE");
  g_assert_cmpstr (sip_message_get_call_id (m), ==, sip_message_get_call_id (SIP_MESSAGE (s->request)));
  g_assert_cmpstr (sip_name_addr_get_uri (sip_message_get_from (m)), ==, "sip:alice@127.0.0.1");
  /* The 202 came with bob's tag. */
  g_assert_nonnull (sip_name_addr_get_tag (sip_message_get_to (m)));
  g_assert_cmpstr (sip_message_get_header (m, "X-Reply"), ==, "one");
  g_assert_cmpstr (sip_message_get_body_text (m), ==, REPLY_TEXT);
  g_assert_cmpstr (sip_message_get_content_type (m), ==, "application/xml");

  /* The properties read the same. */
  g_object_get (m, "status-code", &status, "call-id", &call_id, "cseq", &cseq, "method", &method,
                "to", &to, "body", &body, "content-type", &content_type, NULL);
  g_assert_cmpuint (status, ==, 202);
  g_assert_cmpstr (call_id, ==, sip_message_get_call_id (m));
  g_assert_cmpuint (cseq, ==, sip_message_get_cseq (m));
  g_assert_cmpstr (method, ==, "MESSAGE");
  g_assert_true (to == sip_message_get_to (m));
  g_assert_true (g_bytes_equal (body, sip_message_get_body (m)));
  g_assert_cmpstr (content_type, ==, "application/xml");
}

static void
test_after_everything_is_gone (void)
{
  Snapshots s = { 0, };
  g_autofree char *request_uri = NULL;

  exchange (&s);

  check_received (&s);
  check_sent (&s);
  check_response (&s);
  g_object_get (s.received, "request-uri", &request_uri, NULL);
  g_assert_cmpstr (request_uri, ==, s.bob_uri);

  /* Nothing else holds them: the response sent lets go of the request
   * it read from. */
  g_assert_finalize_object (g_steal_pointer (&s.sent));
  g_clear_pointer (&s.local_identity, sip_name_addr_unref);
  g_clear_pointer (&s.remote_identity, sip_name_addr_unref);
  g_assert_finalize_object (g_steal_pointer (&s.received));
  g_assert_finalize_object (g_steal_pointer (&s.response));
  snapshots_clear (&s);
}

static gpointer
read_all_cb (gpointer data)
{
  Snapshots *s = data;

  check_received (s);
  check_sent (s);
  check_response (s);
  return NULL;
}

static gpointer
unref_cb (gpointer data)
{
  g_object_unref (data);
  return NULL;
}

/* Snapshots are immutable objects: reading them first from several
 * threads at once, and dropping them on another thread, is safe. */
static void
test_threads (void)
{
  Snapshots s = { 0, };
  GThread *threads[4];
  GThread *unref;

  exchange (&s);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("read", read_all_cb, &s);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_clear_object (&s.sent);
  g_clear_pointer (&s.local_identity, sip_name_addr_unref);
  g_clear_pointer (&s.remote_identity, sip_name_addr_unref);
  unref = g_thread_new ("unref", unref_cb, g_steal_pointer (&s.received));
  g_thread_join (unref);
  unref = g_thread_new ("unref", unref_cb, g_steal_pointer (&s.response));
  g_thread_join (unref);
  snapshots_clear (&s);
}

static void
keep_and_accept_cb (SipUserAgent             *ua,
                    SipMessageServerContext  *context,
                    SipMessageServerContext **kept)
{
  g_autoptr(GError) error = NULL;

  *kept = g_object_ref (context);
  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (context), NULL, &error));
  g_assert_no_error (error);
}

/* A context kept after its user agent has gone: it no longer has one,
 * and what it received is still there. */
static void
test_context_outlives_user_agent (void)
{
  SipUserAgent *alice = sip_test_user_agent_new ("alice");
  SipUserAgent *bob = sip_test_user_agent_new ("bob");
  g_autofree char *bob_uri = sip_test_user_agent_uri (bob, "bob");
  SipMessageServerContext *kept = NULL;
  g_autoptr(SipUserAgent) property = NULL;
  g_autoptr(GError) error = NULL;
  SipMessageClientContext *sent;
  SipContext *context;

  g_signal_connect (bob, "message", G_CALLBACK (keep_and_accept_cb), &kept);
  sent = sip_user_agent_message (alice, bob_uri, TEXT, NULL, NULL, &error);
  g_assert_no_error (error);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (sent)), 10000);
  g_assert_finalize_object (sent);

  context = SIP_CONTEXT (kept);
  g_assert_true (sip_context_get_user_agent (context) == bob);
  sip_test_user_agent_finish (alice);
  sip_test_user_agent_finish (bob);

  g_assert_null (sip_context_get_user_agent (context));
  g_object_get (context, "user-agent", &property, NULL);
  g_assert_null (property);
  g_assert_cmpstr (sip_context_get_method (context), ==, "MESSAGE");
  g_assert_cmpstr (sip_name_addr_get_uri (sip_context_get_remote_identity (context)),
                   ==, "sip:alice@127.0.0.1");
  g_assert_cmpstr (sip_name_addr_get_uri (sip_context_get_local_identity (context)), ==, bob_uri);
  g_assert_cmpstr (sip_message_context_get_text (SIP_MESSAGE_CONTEXT (context)), ==, TEXT);
  g_assert_cmpuint (sip_response_get_status_code (sip_context_get_response (context)), ==, 200);
  g_assert_finalize_object (context);
}

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

  g_test_add_func ("/message/after-everything-is-gone", test_after_everything_is_gone);
  g_test_add_func ("/message/threads", test_threads);
  g_test_add_func ("/message/context-outlives-user-agent", test_context_outlives_user_agent);

  return g_test_run ();
}
