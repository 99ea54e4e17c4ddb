/* test-server-context.c: answering a request, and every edge rule of
 * SipServerContext, observed from the sender's side of the wire
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"

typedef struct
{
  SipUserAgent            *alice;
  SipUserAgent            *bob;
  char                    *bob_uri;
  SipMessageServerContext *incoming;     /* bob's side */
  guint                    n_incoming;
  SipMessageClientContext *outgoing;     /* alice's side */
  SipTestRecorder         *alice_rec;
  SipTestRecorder         *bob_rec;
  gboolean                 keep_incoming;
  GPtrArray               *alice_seen_at_incoming;
} Fixture;

static void
message_cb (SipUserAgent            *ua,
            SipMessageServerContext *context,
            Fixture                 *f)
{
  f->n_incoming++;
  /* Nothing reached the sender before the application saw the request. */
  g_assert_cmpuint (f->alice_rec->events->len, ==, 0);
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (context)), ==, SIP_CONTEXT_STATE_RECEIVED);
  g_assert_false (sip_server_context_is_answered (SIP_SERVER_CONTEXT (context)));
  g_assert_cmpuint (sip_server_context_get_status_code (SIP_SERVER_CONTEXT (context)), ==, 0);

  if (f->keep_incoming)
    {
      g_set_object (&f->incoming, context);
      f->bob_rec = sip_test_recorder_new (SIP_CONTEXT (context));
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->alice = sip_test_user_agent_new ("alice");
  f->bob = sip_test_user_agent_new ("bob");
  f->bob_uri = sip_test_user_agent_uri (f->bob, "bob");
  f->keep_incoming = GPOINTER_TO_INT (data) == 0;
  g_signal_connect (f->bob, "message", G_CALLBACK (message_cb), f);

  f->outgoing = sip_user_agent_message (f->alice, f->bob_uri, "Hello", NULL, NULL, &error);
  g_assert_no_error (error);
  f->alice_rec = sip_test_recorder_new (SIP_CONTEXT (f->outgoing));

  sip_test_wait_until (f->n_incoming == 1, 10000);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->alice_rec, sip_test_recorder_free);
  g_clear_pointer (&f->bob_rec, sip_test_recorder_free);
  g_clear_object (&f->outgoing);
  g_clear_object (&f->incoming);
  sip_test_user_agent_finish (f->alice);
  sip_test_user_agent_finish (f->bob);
  g_free (f->bob_uri);
}

static void
wait_alice_done (Fixture *f)
{
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (f->outgoing)), 10000);
}

static SipResponse *
alice_response (Fixture *f)
{
  return sip_context_get_response (SIP_CONTEXT (f->outgoing));
}

static void
test_accept_default (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SipResponse *sent;

  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);

  /* Bob's side reports the response it sent, synchronously. */
  sip_test_recorder_assert (f->bob_rec, "accepted 200, terminated none");
  sent = sip_context_get_response (SIP_CONTEXT (f->incoming));
  g_assert_cmpuint (sip_response_get_status_code (sent), ==, 200);
  g_assert_cmpstr (sip_response_get_reason_phrase (sent), ==, "OK");
  g_assert_true (sip_server_context_is_answered (SIP_SERVER_CONTEXT (f->incoming)));
  g_assert_cmpuint (sip_server_context_get_status_code (SIP_SERVER_CONTEXT (f->incoming)), ==, 200);

  wait_alice_done (f);
  sip_test_recorder_assert (f->alice_rec, "accepted 200, terminated none");
  g_assert_cmpuint (sip_response_get_status_code (alice_response (f)), ==, 200);
  g_assert_cmpstr (sip_response_get_reason_phrase (alice_response (f)), ==, "OK");
  g_assert_cmpint (sip_context_get_cause (SIP_CONTEXT (f->outgoing)), ==, SIP_CAUSE_NONE);
}

static void
test_reject_default (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sip_server_context_reject (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  sip_test_recorder_assert (f->bob_rec, "rejected 480 unavailable, failed 480 unavailable, "
                                        "terminated unavailable");
  g_assert_cmpuint (sip_server_context_get_status_code (SIP_SERVER_CONTEXT (f->incoming)), ==, 480);

  wait_alice_done (f);
  sip_test_recorder_assert (f->alice_rec, "rejected 480 unavailable, failed 480 unavailable, "
                                          "terminated unavailable");
  g_assert_cmpstr (sip_response_get_reason_phrase (alice_response (f)), ==, "Temporarily Unavailable");
}

static void
test_reject_custom (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipReplyOptions) options = sip_reply_options_new (486);
  g_auto(GStrv) values = NULL;

  sip_reply_options_set_reason_phrase (options, "Not now, thanks");
  sip_options_add_extra_header (SIP_OPTIONS (options), "X-Reason: in a meeting");
  sip_options_add_extra_header (SIP_OPTIONS (options), "X-Reason: really");
  sip_options_set_body_text (SIP_OPTIONS (options), "call me later");
  sip_options_set_content_type (SIP_OPTIONS (options), "text/plain");

  g_assert_true (sip_server_context_reject (SIP_SERVER_CONTEXT (f->incoming), options, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sip_server_context_get_status_code (SIP_SERVER_CONTEXT (f->incoming)), ==, 486);

  wait_alice_done (f);
  sip_test_recorder_assert (f->alice_rec, "rejected 486 busy, failed 486 busy, terminated busy");
  g_assert_cmpstr (sip_response_get_reason_phrase (alice_response (f)), ==, "Not now, thanks");
  values = sip_message_get_header_values (SIP_MESSAGE (alice_response (f)), "x-reason");
  g_assert_cmpuint (g_strv_length (values), ==, 2);
  g_assert_cmpstr (values[0], ==, "in a meeting");
  g_assert_cmpstr (values[1], ==, "really");
  g_assert_cmpstr (sip_message_get_body_text (SIP_MESSAGE (alice_response (f))), ==, "call me later");
  g_assert_cmpstr (sip_message_get_content_type (SIP_MESSAGE (alice_response (f))), ==, "text/plain");
  g_assert_cmpint (sip_context_get_cause (SIP_CONTEXT (f->outgoing)), ==, SIP_CAUSE_BUSY);
}

static void
test_progress_then_accept (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipReplyOptions) trying = sip_reply_options_new (182);

  g_assert_true (sip_server_context_progress (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (f->incoming)), ==, SIP_CONTEXT_STATE_PROCEEDING);
  g_assert_cmpstr (sip_response_get_reason_phrase (sip_context_get_response (SIP_CONTEXT (f->incoming))),
                   ==, "Ringing");
  /* A provisional response is not the answer. */
  g_assert_cmpuint (sip_server_context_get_status_code (SIP_SERVER_CONTEXT (f->incoming)), ==, 0);
  g_assert_true (sip_server_context_progress (SIP_SERVER_CONTEXT (f->incoming), trying, &error));
  g_assert_no_error (error);
  sip_test_wait_until (f->alice_rec->events->len == 2, 10000);
  sip_test_recorder_assert (f->alice_rec, "progress 180, progress 182");
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (f->outgoing)), ==, SIP_CONTEXT_STATE_PROCEEDING);


  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  sip_test_recorder_assert (f->bob_rec, "progress 180, progress 182, accepted 200, terminated none");

  wait_alice_done (f);
  sip_test_recorder_assert (f->alice_rec, "progress 180, progress 182, accepted 200, terminated none");
}

static void
test_reply_any_code (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipReplyOptions) options = sip_reply_options_new (202);

  g_assert_true (sip_server_context_reply (SIP_SERVER_CONTEXT (f->incoming), options, &error));
  g_assert_no_error (error);

  wait_alice_done (f);
  sip_test_recorder_assert (f->alice_rec, "accepted 202, terminated none");
  g_assert_cmpstr (sip_response_get_reason_phrase (alice_response (f)), ==, "Accepted");
}

/* An operation that must fail, send nothing, and emit nothing. */
static void
assert_refused (Fixture    *f,
                gboolean  (*operation) (SipServerContext *, SipReplyOptions *, GError **),
                guint       status,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipReplyOptions) options = status ? sip_reply_options_new (status) : NULL;
  guint bob_events = f->bob_rec->events->len;
  SipContextState state = sip_context_get_state (SIP_CONTEXT (f->incoming));

  g_assert_false (operation (SIP_SERVER_CONTEXT (f->incoming), options, &error));
  g_assert_error (error, SIP_ERROR, code);
  g_assert_cmpuint (f->bob_rec->events->len, ==, bob_events);
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (f->incoming)), ==, state);
}

static void
test_accept_twice (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);

  assert_refused (f, sip_server_context_accept, 0, SIP_ERROR_INVALID_STATE);
  assert_refused (f, sip_server_context_reject, 0, SIP_ERROR_INVALID_STATE);
  assert_refused (f, sip_server_context_progress, 0, SIP_ERROR_INVALID_STATE);
  assert_refused (f, sip_server_context_reply, 500, SIP_ERROR_INVALID_STATE);

  wait_alice_done (f);
  /* Give a stray second response time to arrive; none may. */
  sip_test_spin (300);
  sip_test_recorder_assert (f->alice_rec, "accepted 200, terminated none");
  sip_test_recorder_assert (f->bob_rec, "accepted 200, terminated none");
}

static void
test_reject_then_accept (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sip_server_context_reject (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  assert_refused (f, sip_server_context_accept, 0, SIP_ERROR_INVALID_STATE);

  wait_alice_done (f);
  sip_test_spin (300);
  sip_test_recorder_assert (f->alice_rec, "rejected 480 unavailable, failed 480 unavailable, "
                                          "terminated unavailable");
}

static void
test_out_of_range (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  assert_refused (f, sip_server_context_progress, 99, SIP_ERROR_INVALID_ARGUMENT);
  assert_refused (f, sip_server_context_progress, 200, SIP_ERROR_INVALID_ARGUMENT);
  assert_refused (f, sip_server_context_accept, 199, SIP_ERROR_INVALID_ARGUMENT);
  assert_refused (f, sip_server_context_accept, 300, SIP_ERROR_INVALID_ARGUMENT);
  assert_refused (f, sip_server_context_reject, 299, SIP_ERROR_INVALID_ARGUMENT);
  assert_refused (f, sip_server_context_reject, 700, SIP_ERROR_INVALID_ARGUMENT);
  assert_refused (f, sip_server_context_reply, 99, SIP_ERROR_INVALID_ARGUMENT);
  assert_refused (f, sip_server_context_reply, 700, SIP_ERROR_INVALID_ARGUMENT);
  assert_refused (f, sip_server_context_reply, 100000, SIP_ERROR_INVALID_ARGUMENT);
  /* reply has no default status */
  assert_refused (f, sip_server_context_reply, 0, SIP_ERROR_INVALID_ARGUMENT);
  {
    g_autoptr(SipReplyOptions) empty = g_object_new (SIP_TYPE_REPLY_OPTIONS, NULL);
    g_assert_false (sip_server_context_reply (SIP_SERVER_CONTEXT (f->incoming), empty, &error));
    g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  /* Nothing went out: the sender has heard nothing, and the request can
   * still be answered. */
  sip_test_spin (300);
  g_assert_cmpuint (f->alice_rec->events->len, ==, 0);
  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  wait_alice_done (f);
  sip_test_recorder_assert (f->alice_rec, "accepted 200, terminated none");
}

static void
test_header_injection (Fixture       *f,
                       gconstpointer  data)
{
  const char *bad_headers[] = {
    "X-Evil: a\r\nContact: <sip:mallory@example.org>",
    "X-Evil: a\nB: c",
    "X-Evil: a\r",
    "NoColonHere",
    ": empty name",
    "Bad Name: value",
    "Via: SIP/2.0/UDP 10.0.0.1",
    "Content-Length: 9999",
    "Expires: not a number",
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_headers); i++)
    {
      g_autoptr(SipReplyOptions) options = sip_reply_options_new (0);

      g_test_message ("header %s", bad_headers[i]);
      sip_options_add_extra_header (SIP_OPTIONS (options), "X-Fine: yes");
      sip_options_add_extra_header (SIP_OPTIONS (options), bad_headers[i]);
      g_assert_false (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), options, &error));
      g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  {
    g_autoptr(SipReplyOptions) options = sip_reply_options_new (0);

    sip_reply_options_set_reason_phrase (options, "OK\r\nX-Evil: 1");
    g_assert_false (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), options, &error));
    g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  sip_test_spin (300);
  g_assert_cmpuint (f->alice_rec->events->len, ==, 0);
  g_assert_cmpuint (f->bob_rec->events->len, ==, 0);

  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  wait_alice_done (f);
  sip_test_recorder_assert (f->alice_rec, "accepted 200, terminated none");
  g_assert_null (sip_message_get_header (SIP_MESSAGE (alice_response (f)), "X-Evil"));
  g_assert_null (sip_message_get_header (SIP_MESSAGE (alice_response (f)), "X-Fine"));
}

static void
test_after_termination (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sip_server_context_reject (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sip_context_is_terminated (SIP_CONTEXT (f->incoming)));

  assert_refused (f, sip_server_context_progress, 0, SIP_ERROR_INVALID_STATE);
  assert_refused (f, sip_server_context_accept, 0, SIP_ERROR_INVALID_STATE);
  assert_refused (f, sip_server_context_reject, 0, SIP_ERROR_INVALID_STATE);
  assert_refused (f, sip_server_context_reply, 200, SIP_ERROR_INVALID_STATE);
  wait_alice_done (f);
}

static void
test_not_answered_before_seen (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* message_cb asserted that nothing had reached Alice; the MESSAGE stays
   * unanswered for as long as the application takes. */
  sip_test_spin (1000);
  g_assert_cmpuint (f->alice_rec->events->len, ==, 0);
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (f->outgoing)), ==, SIP_CONTEXT_STATE_SENT);

  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  wait_alice_done (f);
  sip_test_recorder_assert (f->alice_rec, "accepted 200, terminated none");
}

static void
test_let_go_unanswered (Fixture       *f,
                        gconstpointer  data)
{
  /* The handler kept nothing: the context answered 480 by itself. */
  g_assert_null (f->incoming);
  wait_alice_done (f);
  sip_test_recorder_assert (f->alice_rec, "rejected 480 unavailable, failed 480 unavailable, "
                                          "terminated unavailable");
}

static void
test_dropped_later (Fixture       *f,
                    gconstpointer  data)
{
  SipMessageServerContext *incoming = g_steal_pointer (&f->incoming);

  /* The recorder holds no reference; dropping ours answers 480 and emits
   * the signals of that answer, terminated last. */
  g_object_unref (incoming);
  sip_test_recorder_assert (f->bob_rec, "rejected 480 stopped, failed 480 stopped, terminated stopped");
  wait_alice_done (f);
  sip_test_recorder_assert (f->alice_rec, "rejected 480 unavailable, failed 480 unavailable, "
                                          "terminated unavailable");
}

static void
test_open_at_stop (Fixture       *f,
                   gconstpointer  data)
{
  sip_test_user_agent_stop (f->bob);

  sip_test_recorder_assert (f->bob_rec, "rejected 480 stopped, failed 480 stopped, terminated stopped");
  g_assert_true (sip_context_is_terminated (SIP_CONTEXT (f->incoming)));
  g_assert_cmpint (sip_context_get_cause (SIP_CONTEXT (f->incoming)), ==, SIP_CAUSE_STOPPED);
  g_assert_cmpuint (sip_server_context_get_status_code (SIP_SERVER_CONTEXT (f->incoming)), ==, 480);

  wait_alice_done (f);
  sip_test_recorder_assert (f->alice_rec, "rejected 480 unavailable, failed 480 unavailable, "
                                          "terminated unavailable");
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* The snapshot of a default answer is made when it is first asked for,
 * not when it is sent: it must still read as what went on the wire. */
static void
test_response_made_when_asked (Fixture       *f,
                               gconstpointer  data)
{
  SipContext *incoming = SIP_CONTEXT (f->incoming);
  SipRequest *request = sip_context_get_request (incoming);
  g_autoptr(GError) error = NULL;
  g_autoptr(SipResponse) sent = NULL;
  g_autoptr(SipResponse) again = NULL;
  guint notified = 0;

  /* Nobody listens to Bob's side but the notification. */
  g_clear_pointer (&f->bob_rec, sip_test_recorder_free);
  g_signal_connect (incoming, "notify::response", G_CALLBACK (count_notify_cb), &notified);

  g_assert_true (sip_server_context_progress (SIP_SERVER_CONTEXT (incoming), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (incoming, "response", &sent, NULL);
  g_assert_cmpuint (sip_response_get_status_code (sent), ==, 180);
  g_assert_cmpstr (sip_response_get_reason_phrase (sent), ==, "Ringing");

  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (incoming), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_true (sip_context_is_terminated (incoming));
  /* The provisional snapshot someone kept is unchanged. */
  g_assert_cmpuint (sip_response_get_status_code (sent), ==, 180);

  again = g_object_ref (sip_context_get_response (incoming));
  g_assert_true (again == sip_context_get_response (incoming));
  g_assert_cmpuint (sip_response_get_status_code (again), ==, 200);
  g_assert_cmpstr (sip_response_get_reason_phrase (again), ==, "OK");
  g_assert_cmpstr (sip_message_get_method (SIP_MESSAGE (again)), ==, "MESSAGE");
  g_assert_cmpstr (sip_message_get_call_id (SIP_MESSAGE (again)), ==,
                   sip_message_get_call_id (SIP_MESSAGE (request)));
  g_assert_cmpuint (sip_message_get_cseq (SIP_MESSAGE (again)), ==,
                    sip_message_get_cseq (SIP_MESSAGE (request)));
  g_assert_cmpstr (sip_name_addr_get_uri (sip_message_get_from (SIP_MESSAGE (again))), ==,
                   sip_name_addr_get_uri (sip_message_get_from (SIP_MESSAGE (request))));
  g_assert_null (sip_message_get_body (SIP_MESSAGE (again)));

  wait_alice_done (f);
  sip_test_recorder_assert (f->alice_rec, "progress 180, accepted 200, terminated none");

  /* It outlives its context. */
  g_clear_object (&f->incoming);
  g_assert_cmpuint (sip_response_get_status_code (again), ==, 200);
  g_assert_cmpstr (sip_message_get_method (SIP_MESSAGE (again)), ==, "MESSAGE");
}

/* What the context reads of the request before anybody asks for the
 * request itself is the same, and the same objects, as what the request
 * gives afterwards, however late that is. */
static void
test_request_made_when_asked (Fixture       *f,
                              gconstpointer  data)
{
  SipContext *incoming = SIP_CONTEXT (f->incoming);
  SipMessageContext *message = SIP_MESSAGE_CONTEXT (f->incoming);
  SipRequest *sent = sip_context_get_request (SIP_CONTEXT (f->outgoing));
  g_autoptr(GError) error = NULL;
  g_autoptr(SipNameAddr) remote = NULL;
  g_autoptr(SipNameAddr) local = NULL;
  const char *text;
  SipRequest *request;

  /* Nobody listens to Bob's side, so nothing asks for the request (or the
   * response, which refers to it) before the end. */
  g_clear_pointer (&f->bob_rec, sip_test_recorder_free);
  remote = sip_name_addr_ref (sip_context_get_remote_identity (incoming));
  local = sip_name_addr_ref (sip_context_get_local_identity (incoming));
  g_assert_cmpstr (sip_name_addr_get_uri (remote), ==,
                   sip_name_addr_get_uri (sip_message_get_from (SIP_MESSAGE (sent))));
  g_assert_cmpstr (sip_name_addr_get_uri (local), ==, f->bob_uri);
  g_assert_true (sip_context_get_remote_identity (incoming) == remote);
  g_assert_cmpstr (sip_context_get_method (incoming), ==, "MESSAGE");
  text = sip_message_context_get_text (message);
  g_assert_cmpstr (text, ==, "Hello");
  g_assert_cmpstr (sip_message_context_get_content_type (message), ==, "text/plain");

  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (incoming), NULL, &error));
  g_assert_no_error (error);
  wait_alice_done (f);
  /* Bob stops: the request is asked for after its user agent is gone. */
  sip_test_user_agent_stop (f->bob);

  request = sip_context_get_request (incoming);
  g_assert_nonnull (request);
  g_assert_true (sip_context_get_request (incoming) == request);
  g_assert_true (sip_message_get_from (SIP_MESSAGE (request)) == remote);
  g_assert_true (sip_message_get_to (SIP_MESSAGE (request)) == local);
  g_assert_true (sip_context_get_remote_identity (incoming) == remote);
  g_assert_true (sip_context_get_local_identity (incoming) == local);
  /* The text is handed over, not read again: what the application holds
   * stays valid. */
  g_assert_true (sip_message_get_body_text (SIP_MESSAGE (request)) == text);
  g_assert_true (sip_message_context_get_text (message) == text);
  g_assert_cmpstr (text, ==, "Hello");
  g_assert_cmpstr (sip_message_get_method (SIP_MESSAGE (request)), ==, "MESSAGE");
  g_assert_cmpstr (sip_message_get_call_id (SIP_MESSAGE (request)), ==,
                   sip_message_get_call_id (SIP_MESSAGE (sent)));
  g_assert_cmpstr (sip_request_get_request_uri (request), ==, f->bob_uri);
  g_assert_cmpstr (sip_message_get_content_type (SIP_MESSAGE (request)), ==, "text/plain");
}

/* The other way round: the request first, then what the context says. */
static void
test_request_first (Fixture       *f,
                    gconstpointer  data)
{
  SipContext *incoming = SIP_CONTEXT (f->incoming);
  SipRequest *request = sip_context_get_request (incoming);
  g_autoptr(SipRequest) kept = g_object_ref (request);

  g_assert_true (sip_context_get_remote_identity (incoming) == sip_message_get_from (SIP_MESSAGE (request)));
  g_assert_true (sip_context_get_local_identity (incoming) == sip_message_get_to (SIP_MESSAGE (request)));
  g_assert_true (sip_message_context_get_text (SIP_MESSAGE_CONTEXT (incoming)) ==
                 sip_message_get_body_text (SIP_MESSAGE (request)));
  g_assert_cmpstr (sip_message_get_body_text (SIP_MESSAGE (request)), ==, "Hello");

  /* The request outlives its context. */
  g_clear_object (&f->incoming);
  g_assert_cmpstr (sip_message_get_body_text (SIP_MESSAGE (kept)), ==, "Hello");
  g_assert_cmpstr (sip_message_get_method (SIP_MESSAGE (kept)), ==, "MESSAGE");
}

#define ADD(path, func) \
  g_test_add ("/server-context/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
#define ADD_UNKEPT(path, func) \
  g_test_add ("/server-context/" path, Fixture, GINT_TO_POINTER (1), fixture_setup, func, fixture_teardown)

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

  ADD ("accept/default", test_accept_default);
  ADD ("reject/default", test_reject_default);
  ADD ("reject/custom", test_reject_custom);
  ADD ("progress-then-accept", test_progress_then_accept);
  ADD ("reply/any-code", test_reply_any_code);
  ADD ("response/made-when-asked", test_response_made_when_asked);
  ADD ("request/made-when-asked", test_request_made_when_asked);
  ADD ("request/first", test_request_first);
  ADD ("edge/accept-twice", test_accept_twice);
  ADD ("edge/reject-after-accept", test_reject_then_accept);
  ADD ("edge/out-of-range", test_out_of_range);
  ADD ("edge/header-injection", test_header_injection);
  ADD ("edge/after-termination", test_after_termination);
  ADD ("edge/not-answered-before-seen", test_not_answered_before_seen);
  ADD_UNKEPT ("edge/let-go-unanswered", test_let_go_unanswered);
  ADD ("edge/dropped-later", test_dropped_later);
  ADD ("edge/open-at-stop", test_open_at_stop);

  return g_test_run ();
}
