/* test-invite.c: calls between user agents of this library on loopback
 *
 * Every test starts its own user agents on 127.0.0.1, places real calls
 * between them, and asserts what each side saw: the signals in order with
 * their status codes and causes, the states, and the media descriptions.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"

#include <string.h>

#define WAIT_MS 10000

typedef struct
{
  SipUserAgent           *alice;
  SipUserAgent           *bob;
  char                   *bob_uri;

  SipInviteClientContext *call;       /* alice's side */
  SipInviteServerContext *incoming;   /* bob's side */
  SipTestRecorder        *call_rec;
  SipTestRecorder        *incoming_rec;
  GPtrArray              *call_states;
  GPtrArray              *incoming_states;
  guint                   n_invites;
} Fixture;

static void
state_cb (GObject    *object,
          GParamSpec *pspec,
          GPtrArray  *states)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SIP_TYPE_CONTEXT_STATE);
  SipContextState state = sip_context_get_state (SIP_CONTEXT (object));

  g_ptr_array_add (states, g_strdup (g_enum_get_value (klass, state)->value_nick));
}

static char *
join (GPtrArray *strings)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, g_ptr_array_index (strings, i));
    }

  return g_string_free (s, FALSE);
}

#define assert_states(states, expected) \
  G_STMT_START { \
    g_autofree char *_joined = join (states); \
    g_assert_cmpstr (_joined, ==, (expected)); \
  } G_STMT_END

static void
invite_cb (SipUserAgent           *ua,
           SipInviteServerContext *call,
           Fixture                *f)
{
  f->n_invites++;
  if (f->incoming != NULL)
    return;

  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (call)), ==, SIP_CONTEXT_STATE_RECEIVED);
  g_assert_false (sip_server_context_is_answered (SIP_SERVER_CONTEXT (call)));

  f->incoming = g_object_ref (call);
  f->incoming_rec = sip_test_recorder_new (SIP_CONTEXT (call));
  g_signal_connect (call, "notify::state", G_CALLBACK (state_cb), f->incoming_states);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->alice = sip_test_user_agent_new ("alice");
  f->bob = sip_test_user_agent_new ("bob");
  f->bob_uri = sip_test_user_agent_uri (f->bob, "bob");
  f->call_states = g_ptr_array_new_with_free_func (g_free);
  f->incoming_states = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->bob, "invite", G_CALLBACK (invite_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->call_rec, sip_test_recorder_free);
  g_clear_pointer (&f->incoming_rec, sip_test_recorder_free);
  g_clear_object (&f->call);
  g_clear_object (&f->incoming);
  sip_test_user_agent_finish (f->alice);
  sip_test_user_agent_finish (f->bob);
  g_free (f->bob_uri);
  g_ptr_array_unref (f->call_states);
  g_ptr_array_unref (f->incoming_states);
}

/* Alice calls Bob; returns once Bob has the call. */
static void
place_call (Fixture           *f,
            SipRequestOptions *options)
{
  g_autoptr(GError) error = NULL;

  f->call = sip_user_agent_invite (f->alice, f->bob_uri, options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->call);
  f->call_rec = sip_test_recorder_new (SIP_CONTEXT (f->call));
  g_signal_connect (f->call, "notify::state", G_CALLBACK (state_cb), f->call_states);

  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (f->call)), ==, SIP_CONTEXT_STATE_SENT);
  g_assert_true (sip_invite_context_is_outgoing (SIP_INVITE_CONTEXT (f->call)));

  sip_test_wait_until (f->incoming != NULL, WAIT_MS);
  g_assert_false (sip_invite_context_is_outgoing (SIP_INVITE_CONTEXT (f->incoming)));
}

/* Alice calls, Bob rings and answers; returns once both are established. */
static void
establish_call (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  place_call (f, NULL);
  g_assert_true (sip_server_context_progress (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);

  sip_test_wait_until (sip_context_get_state (SIP_CONTEXT (f->call)) == SIP_CONTEXT_STATE_ESTABLISHED &&
                       sip_context_get_state (SIP_CONTEXT (f->incoming)) == SIP_CONTEXT_STATE_ESTABLISHED,
                       WAIT_MS);
}

static void
wait_terminated (Fixture *f)
{
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (f->call)) &&
                       sip_context_is_terminated (SIP_CONTEXT (f->incoming)), WAIT_MS);
}

static void
test_accept_and_caller_hangs_up (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SipInviteContext *call, *incoming;
  GListModel *calls;

  establish_call (f);
  call = SIP_INVITE_CONTEXT (f->call);
  incoming = SIP_INVITE_CONTEXT (f->incoming);

  /* The default offer, negotiated: G.711 first, port 9 (no media). */
  g_assert_nonnull (strstr (sip_invite_context_get_local_sdp (call), "m=audio 9 RTP/AVP 0 8 101"));
  g_assert_nonnull (sip_invite_context_get_remote_sdp (incoming));
  g_assert_cmpstr (sip_invite_context_get_remote_media_codec (call), ==, "PCMU/8000");
  g_assert_cmpstr (sip_invite_context_get_remote_media_codec (incoming), ==, "PCMU/8000");
  g_assert_cmpuint (sip_invite_context_get_remote_media_port (call), ==, 9);
  g_assert_cmpstr (sip_invite_context_get_remote_media_address (call), ==, "127.0.0.1");
  g_assert_false (sip_invite_context_get_remote_hold (call));
  g_assert_false (sip_invite_context_get_local_hold (call));
  g_assert_nonnull (sip_invite_context_get_start_time (call));
  g_assert_nonnull (sip_invite_context_get_start_time (incoming));

  /* Both sides list their call. */
  calls = sip_user_agent_get_calls (f->alice);
  g_assert_cmpuint (g_list_model_get_n_items (calls), ==, 1);
  g_assert_true (g_list_model_get_item (calls, 0) == (gpointer) f->call);
  g_object_unref (f->call);
  g_assert_cmpuint (g_list_model_get_n_items (sip_user_agent_get_calls (f->bob)), ==, 1);

  g_assert_true (sip_invite_context_bye (call, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (f->call)), ==, SIP_CONTEXT_STATE_TERMINATING);
  wait_terminated (f);

  sip_test_recorder_assert (f->call_rec, "progress 180, accepted 200, terminated bye");
  sip_test_recorder_assert (f->incoming_rec, "progress 180, accepted 200, bye, terminated bye");
  assert_states (f->call_states, "proceeding, accepted, established, terminating, terminated");
  assert_states (f->incoming_states, "proceeding, accepted, established, terminated");

  g_assert_cmpuint (g_list_model_get_n_items (calls), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sip_user_agent_get_calls (f->bob)), ==, 0);
}

static void
test_callee_hangs_up (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  establish_call (f);
  g_assert_true (sip_invite_context_terminate (SIP_INVITE_CONTEXT (f->incoming), &error));
  g_assert_no_error (error);
  wait_terminated (f);

  sip_test_recorder_assert (f->call_rec, "progress 180, accepted 200, bye, terminated bye");
  sip_test_recorder_assert (f->incoming_rec, "progress 180, accepted 200, terminated bye");
  g_assert_cmpint (sip_context_get_cause (SIP_CONTEXT (f->call)), ==, SIP_CAUSE_BYE);
}

static void
test_reject_default (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  place_call (f, NULL);
  g_assert_true (sip_server_context_reject (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  wait_terminated (f);

  sip_test_recorder_assert (f->call_rec, "rejected 480 unavailable, failed 480 unavailable, "
                                         "terminated unavailable");
  sip_test_recorder_assert (f->incoming_rec, "rejected 480 unavailable, failed 480 unavailable, "
                                             "terminated unavailable");
  g_assert_cmpuint (g_list_model_get_n_items (sip_user_agent_get_calls (f->alice)), ==, 0);
}

static void
test_reject_busy (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipReplyOptions) busy = sip_reply_options_new (486);
  SipResponse *response;

  place_call (f, NULL);
  g_assert_true (sip_server_context_progress (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sip_server_context_reject (SIP_SERVER_CONTEXT (f->incoming), busy, &error));
  g_assert_no_error (error);
  wait_terminated (f);

  sip_test_recorder_assert (f->call_rec, "progress 180, rejected 486 busy, failed 486 busy, "
                                         "terminated busy");
  response = sip_context_get_response (SIP_CONTEXT (f->call));
  g_assert_cmpuint (sip_response_get_status_code (response), ==, 486);
  g_assert_cmpstr (sip_response_get_reason_phrase (response), ==, "Busy Here");
}

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/invite/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("accept-and-caller-hangs-up", test_accept_and_caller_hangs_up);
  ADD ("callee-hangs-up", test_callee_hangs_up);
  ADD ("reject-default", test_reject_default);
  ADD ("reject-busy", test_reject_busy);

  return g_test_run ();
}
