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
  GPtrArray              *call_changes;     /* state-changed: "old>new" */
  GPtrArray              *incoming_changes;
  GPtrArray              *call_media;       /* media-changed, as media_cb sees it */
  GPtrArray              *incoming_media;
  guint                   n_invites;
  guint                   n_unannounced_media;  /* media-changed before invite */
} Fixture;

static void
state_cb (GObject    *object,
          GParamSpec *pspec,
          GPtrArray  *states)
{
  SipContextState state = sip_context_get_state (SIP_CONTEXT (object));

  g_ptr_array_add (states, g_strdup (sip_test_state_nick (state)));
}

#define assert_states(states, expected) sip_test_assert_joined (states, expected)

/* state-changed comes after the property has its new value. */
static void
state_changed_cb (SipContext      *context,
                  SipContextState  old_state,
                  GPtrArray       *changes)
{
  SipContextState state = sip_context_get_state (context);

  g_assert_cmpint (old_state, !=, state);
  g_ptr_array_add (changes, g_strdup_printf ("%s>%s", sip_test_state_nick (old_state),
                                            sip_test_state_nick (state)));
}

/* media-changed comes once every media property has its new value:
 * "codec address:port", then " local-hold" and " remote-hold" if held. */
static void
media_cb (SipInviteContext *call,
          GPtrArray        *media)
{
  g_ptr_array_add (media, g_strdup_printf ("%s %s:%u%s%s",
                                           sip_invite_context_get_remote_media_codec (call),
                                           sip_invite_context_get_remote_media_address (call),
                                           sip_invite_context_get_remote_media_port (call),
                                           sip_invite_context_get_local_hold (call) ? " local-hold" : "",
                                           sip_invite_context_get_remote_hold (call) ? " remote-hold" : ""));
}

/* An emission hook sees even what no handler could: an incoming call's
 * media-changed before the invite signal announced it. */
static gboolean
unannounced_media_hook (GSignalInvocationHint *hint,
                        guint                  n_values,
                        const GValue          *values,
                        gpointer               data)
{
  Fixture *f = data;

  if (SIP_IS_INVITE_SERVER_CONTEXT (g_value_get_object (&values[0])) && f->incoming == NULL)
    f->n_unannounced_media++;
  return TRUE;
}

static void
watch_call (gpointer   call,
            GPtrArray *states,
            GPtrArray *changes,
            GPtrArray *media)
{
  g_signal_connect (call, "notify::state", G_CALLBACK (state_cb), states);
  g_signal_connect (call, "state-changed", G_CALLBACK (state_changed_cb), changes);
  g_signal_connect (call, "media-changed", G_CALLBACK (media_cb), media);
}

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
  watch_call (call, f->incoming_states, f->incoming_changes, f->incoming_media);
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
  f->call_changes = g_ptr_array_new_with_free_func (g_free);
  f->incoming_changes = g_ptr_array_new_with_free_func (g_free);
  f->call_media = g_ptr_array_new_with_free_func (g_free);
  f->incoming_media = g_ptr_array_new_with_free_func (g_free);
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
  g_ptr_array_unref (f->call_changes);
  g_ptr_array_unref (f->incoming_changes);
  g_ptr_array_unref (f->call_media);
  g_ptr_array_unref (f->incoming_media);
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
  watch_call (f->call, f->call_states, f->call_changes, f->call_media);

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
  g_autoptr(GTypeClass) klass = g_type_class_ref (SIP_TYPE_INVITE_SERVER_CONTEXT);
  guint media_changed = g_signal_lookup ("media-changed", SIP_TYPE_INVITE_CONTEXT);
  gulong hook = g_signal_add_emission_hook (media_changed, 0, unannounced_media_hook, f, NULL);

  establish_call (f);
  g_signal_remove_emission_hook (media_changed, hook);
  call = SIP_INVITE_CONTEXT (f->call);
  incoming = SIP_INVITE_CONTEXT (f->incoming);
  /* Bob's call came with the media of its offer, and no media-changed. */
  g_assert_cmpuint (f->n_unannounced_media, ==, 0);

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
  /* The same, with where each state came from. */
  assert_states (f->call_changes, "sent>proceeding, proceeding>accepted, accepted>established, "
                                  "established>terminating, terminating>terminated");
  assert_states (f->incoming_changes, "received>proceeding, proceeding>accepted, "
                                      "accepted>established, established>terminated");
  /* The media was set once on each side: the offer for Bob (before the
   * invite signal), the answer for Alice. */
  assert_states (f->call_media, "PCMU/8000 127.0.0.1:9");
  assert_states (f->incoming_media, "");

  g_assert_cmpuint (g_list_model_get_n_items (calls), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sip_user_agent_get_calls (f->bob)), ==, 0);
}

/* SipUserAgent::context-state-changed, as test_user_agent_state_changed
 * records it: "alice call sent>proceeding". */
typedef struct
{
  Fixture   *f;
  GPtrArray *log;
} UaChanges;

static void
ua_state_changed_cb (SipUserAgent    *ua,
                     SipContext      *context,
                     SipContextState  old_state,
                     UaChanges       *changes)
{
  Fixture *f = changes->f;
  SipContextState state = sip_context_get_state (context);
  g_autofree char *change = g_strdup_printf ("%s>%s", sip_test_state_nick (old_state),
                                             sip_test_state_nick (state));
  const char *kind = "message";

  g_assert_cmpint (old_state, !=, state);
  g_assert_true (sip_context_get_user_agent (context) == ua);

  if (SIP_IS_INVITE_CONTEXT (context))
    kind = "call";
  /* A call the test holds: after the call's own state-changed. */
  if (context == (gpointer) f->call || context == (gpointer) f->incoming)
    {
      GPtrArray *own = context == (gpointer) f->call ? f->call_changes : f->incoming_changes;

      g_assert_cmpuint (own->len, >, 0);
      g_assert_cmpstr (g_ptr_array_index (own, own->len - 1), ==, change);
    }

  g_ptr_array_add (changes->log, g_strdup_printf ("%s %s %s", ua == f->alice ? "alice" : "bob",
                                                  kind, change));
}

static void
accept_message_cb (SipUserAgent            *ua,
                   SipMessageServerContext *message,
                   gpointer                 data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (message), NULL, &error));
  g_assert_no_error (error);
}

/* One handler of each user agent sees every state change of its contexts,
 * the first ones included: the calls, after each call's own
 * state-changed, and a MESSAGE, Bob's side of which nobody holds. */
static void
test_user_agent_state_changed (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipMessageClientContext) message = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  UaChanges changes = { f, log };

  g_signal_connect (f->alice, "context-state-changed", G_CALLBACK (ua_state_changed_cb), &changes);
  g_signal_connect (f->bob, "context-state-changed", G_CALLBACK (ua_state_changed_cb), &changes);

  establish_call (f);
  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  wait_terminated (f);
  /* The first changes come before the application has the contexts: in
   * sip_user_agent_invite(), and before Bob's invite signal. */
  sip_test_assert_joined (log, "alice call initial>sent, bob call initial>received, "
                               "bob call received>proceeding, bob call proceeding>accepted, "
                               "alice call sent>proceeding, alice call proceeding>accepted, "
                               "alice call accepted>established, bob call accepted>established, "
                               "bob call established>terminating, alice call established>terminated, "
                               "bob call terminating>terminated");
  g_ptr_array_set_size (log, 0);

  /* A MESSAGE from Alice, which Bob's handler answers and drops. */
  g_signal_connect (f->bob, "message", G_CALLBACK (accept_message_cb), NULL);
  message = sip_user_agent_message (f->alice, f->bob_uri, "Hello", NULL, NULL, &error);
  g_assert_no_error (error);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (message)), WAIT_MS);
  g_assert_cmpuint (sip_context_get_cause (SIP_CONTEXT (message)), ==, SIP_CAUSE_NONE);
  sip_test_assert_joined (log, "alice message initial>sent, bob message initial>received, "
                               "bob message received>accepted, bob message accepted>terminated, "
                               "alice message sent>accepted, alice message accepted>terminated");

  g_signal_handlers_disconnect_by_data (f->alice, &changes);
  g_signal_handlers_disconnect_by_data (f->bob, &changes);
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

static void
test_cancel_before_ringing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  place_call (f, NULL);
  g_assert_true (sip_invite_client_context_cancel (f->call, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (f->call)), ==, SIP_CONTEXT_STATE_TERMINATING);

  /* A second cancel, and a BYE, are refused and send nothing. */
  g_assert_false (sip_invite_client_context_cancel (f->call, NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (sip_invite_context_bye (SIP_INVITE_CONTEXT (f->call), NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);

  wait_terminated (f);
  sip_test_recorder_assert (f->call_rec, "rejected 487 canceled, failed 487 canceled, "
                                         "terminated canceled");
  sip_test_recorder_assert (f->incoming_rec, "cancel, rejected 487 canceled, "
                                             "failed 487 canceled, terminated canceled");

  /* Too late to answer. */
  g_assert_false (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
}

static void
test_cancel_while_ringing (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  place_call (f, NULL);
  g_assert_true (sip_server_context_progress (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (sip_context_get_state (SIP_CONTEXT (f->call)) == SIP_CONTEXT_STATE_PROCEEDING,
                       WAIT_MS);

  g_assert_true (sip_invite_context_terminate (SIP_INVITE_CONTEXT (f->call), &error));
  g_assert_no_error (error);
  wait_terminated (f);

  sip_test_recorder_assert (f->call_rec, "progress 180, rejected 487 canceled, "
                                         "failed 487 canceled, terminated canceled");
  sip_test_recorder_assert (f->incoming_rec, "progress 180, cancel, rejected 487 canceled, "
                                             "failed 487 canceled, terminated canceled");
  g_assert_cmpuint (sip_response_get_status_code (sip_context_get_response (SIP_CONTEXT (f->call))),
                    ==, 487);
  /* The stack answered the CANCEL's INVITE by itself; the context knows. */
  g_assert_cmpuint (sip_server_context_get_status_code (SIP_SERVER_CONTEXT (f->incoming)), ==, 487);
}

static void
test_early_media (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipReplyOptions) early = sip_reply_options_new (183);

  place_call (f, NULL);
  g_assert_nonnull (sip_invite_context_get_remote_sdp (SIP_INVITE_CONTEXT (f->incoming)));

  g_assert_true (sip_server_context_progress (SIP_SERVER_CONTEXT (f->incoming), early, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (f->incoming)), ==, SIP_CONTEXT_STATE_EARLY);

  sip_test_wait_until (sip_context_get_state (SIP_CONTEXT (f->call)) == SIP_CONTEXT_STATE_EARLY,
                       WAIT_MS);
  g_assert_nonnull (sip_invite_context_get_remote_sdp (SIP_INVITE_CONTEXT (f->call)));
  g_assert_cmpstr (sip_invite_context_get_remote_media_codec (SIP_INVITE_CONTEXT (f->call)), ==,
                   "PCMU/8000");
  g_assert_nonnull (sip_message_get_body (SIP_MESSAGE (sip_context_get_response (SIP_CONTEXT (f->call)))));

  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (sip_context_get_state (SIP_CONTEXT (f->incoming)) == SIP_CONTEXT_STATE_ESTABLISHED,
                       WAIT_MS);
  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (f->call), NULL, &error));
  wait_terminated (f);

  sip_test_recorder_assert (f->call_rec, "progress 183, accepted 200, terminated bye");
  assert_states (f->call_states, "early, accepted, established, terminating, terminated");
  assert_states (f->incoming_states, "proceeding, early, accepted, established, terminated");
}

static void
async_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static gboolean
hold (SipInviteContext  *call,
      gboolean           on,
      GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (on)
    sip_invite_context_hold_async (call, NULL, async_result_cb, &result);
  else
    sip_invite_context_unhold_async (call, NULL, async_result_cb, &result);
  sip_test_wait_until (result != NULL, WAIT_MS);

  return on ? sip_invite_context_hold_finish (call, result, error)
            : sip_invite_context_unhold_finish (call, result, error);
}

static void
test_hold_and_unhold (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SipInviteContext *call, *incoming;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;

  establish_call (f);
  call = SIP_INVITE_CONTEXT (f->call);
  incoming = SIP_INVITE_CONTEXT (f->incoming);

  /* Alice holds: the state changes only once Bob has accepted. */
  sip_invite_context_hold_async (call, NULL, async_result_cb, &first);
  g_assert_false (sip_invite_context_get_local_hold (call));
  /* One re-INVITE at a time. */
  sip_invite_context_unhold_async (call, NULL, async_result_cb, &second);
  sip_test_wait_until (first != NULL && second != NULL, WAIT_MS);
  g_assert_false (sip_invite_context_unhold_finish (call, second, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_true (sip_invite_context_hold_finish (call, first, &error));
  g_assert_no_error (error);

  g_assert_true (sip_invite_context_get_local_hold (call));
  g_assert_nonnull (strstr (sip_invite_context_get_local_sdp (call), "a=sendonly"));
  sip_test_wait_until (sip_invite_context_get_remote_hold (incoming), WAIT_MS);
  g_assert_false (sip_invite_context_get_local_hold (incoming));
  g_assert_false (sip_invite_context_get_remote_hold (call));

  /* Holding again sends nothing and succeeds. */
  g_assert_true (hold (call, TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (hold (call, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (sip_invite_context_get_local_hold (call));
  sip_test_wait_until (!sip_invite_context_get_remote_hold (incoming), WAIT_MS);

  /* Now the other way round. */
  g_assert_true (hold (incoming, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (sip_invite_context_get_local_hold (incoming));
  sip_test_wait_until (sip_invite_context_get_remote_hold (call), WAIT_MS);
  g_assert_true (hold (incoming, FALSE, &error));
  g_assert_no_error (error);
  sip_test_wait_until (!sip_invite_context_get_remote_hold (call), WAIT_MS);

  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (f->call)), ==, SIP_CONTEXT_STATE_ESTABLISHED);
  g_assert_true (sip_invite_context_bye (call, NULL, &error));
  wait_terminated (f);
  sip_test_recorder_assert (f->call_rec, "progress 180, accepted 200, terminated bye");

  /* One media-changed for each hold and unhold, on each side, with every
   * property already changed; none for the hold that sent nothing. */
  assert_states (f->call_media, "PCMU/8000 127.0.0.1:9, "
                                "PCMU/8000 127.0.0.1:9 local-hold, PCMU/8000 127.0.0.1:9, "
                                "PCMU/8000 127.0.0.1:9 remote-hold, PCMU/8000 127.0.0.1:9");
  assert_states (f->incoming_media, "PCMU/8000 127.0.0.1:9 remote-hold, PCMU/8000 127.0.0.1:9, "
                                    "PCMU/8000 127.0.0.1:9 local-hold, PCMU/8000 127.0.0.1:9");
}

static void
test_hold_glare (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) alice = NULL;
  g_autoptr(GAsyncResult) bob = NULL;
  SipInviteContext *call, *incoming;

  establish_call (f);
  call = SIP_INVITE_CONTEXT (f->call);
  incoming = SIP_INVITE_CONTEXT (f->incoming);

  /* Both re-INVITE at once: both get 491 and try again after the RFC
   * 3261 delays (Bob first, as he does not own the Call-ID). */
  sip_invite_context_hold_async (call, NULL, async_result_cb, &alice);
  sip_invite_context_hold_async (incoming, NULL, async_result_cb, &bob);
  sip_test_wait_until (alice != NULL && bob != NULL, WAIT_MS);

  g_assert_true (sip_invite_context_hold_finish (call, alice, &error));
  g_assert_no_error (error);
  g_assert_true (sip_invite_context_hold_finish (incoming, bob, &error));
  g_assert_no_error (error);
  g_assert_true (sip_invite_context_get_local_hold (call));
  g_assert_true (sip_invite_context_get_local_hold (incoming));
  g_assert_true (sip_invite_context_get_remote_hold (call));
  g_assert_true (sip_invite_context_get_remote_hold (incoming));

  g_assert_true (sip_invite_context_bye (call, NULL, &error));
  wait_terminated (f);
}

static void
test_dtmf (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SipInviteContext *call, *incoming;

  establish_call (f);
  call = SIP_INVITE_CONTEXT (f->call);
  incoming = SIP_INVITE_CONTEXT (f->incoming);

  /* Bad tones are refused, and nothing is queued. */
  g_assert_false (sip_invite_context_dtmf (call, "12x", 0, 0, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sip_invite_context_dtmf (call, "", 0, 0, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Durations are clamped (70 at least); lower-case letters allowed. */
  g_assert_true (sip_invite_context_dtmf (call, "1#", 10, 50, &error));
  g_assert_no_error (error);
  g_assert_true (sip_invite_context_dtmf (call, "d*", 250, 50, &error));
  g_assert_no_error (error);
  g_assert_true (sip_invite_context_dtmf (incoming, "9", 0, 0, &error));
  g_assert_no_error (error);

  sip_test_wait_until (f->incoming_rec->events->len >= 6 && f->call_rec->events->len >= 3, WAIT_MS);
  sip_test_recorder_assert (f->incoming_rec, "progress 180, accepted 200, dtmf 1 70, dtmf # 70, "
                                             "dtmf D 250, dtmf * 250");
  sip_test_recorder_assert (f->call_rec, "progress 180, accepted 200, dtmf 9 100");

  g_assert_true (sip_invite_context_bye (call, NULL, &error));
  wait_terminated (f);

  g_assert_false (sip_invite_context_dtmf (call, "1", 0, 0, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
}

static void
test_wrong_state (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SipReplyOptions) bad = sip_reply_options_new (200);
  SipInviteContext *call;

  place_call (f, NULL);
  call = SIP_INVITE_CONTEXT (f->call);

  /* Not answered yet: no BYE, hold, DTMF or transfer. */
  g_assert_false (sip_invite_context_bye (call, NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (sip_invite_context_dtmf (call, "1", 0, 0, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (sip_invite_context_refer (call, f->bob_uri, NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);
  sip_invite_context_hold_async (call, NULL, async_result_cb, &result);
  sip_test_wait_until (result != NULL, WAIT_MS);
  g_assert_false (sip_invite_context_hold_finish (call, result, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* A 200 is not a provisional response; a 183 body must be SDP. */
  g_assert_false (sip_server_context_progress (SIP_SERVER_CONTEXT (f->incoming), bad, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  sip_reply_options_set_status_code (bad, 183);
  sip_options_set_body_text (SIP_OPTIONS (bad), "hello");
  sip_options_set_content_type (SIP_OPTIONS (bad), "text/plain");
  g_assert_false (sip_server_context_progress (SIP_SERVER_CONTEXT (f->incoming), bad, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Nothing of that reached the caller. */
  sip_test_spin (200);
  sip_test_recorder_assert (f->call_rec, "");

  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);
  g_assert_false (sip_server_context_reject (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);
  sip_test_wait_until (sip_context_get_state (SIP_CONTEXT (f->call)) == SIP_CONTEXT_STATE_ESTABLISHED,
                       WAIT_MS);

  g_assert_false (sip_invite_client_context_cancel (f->call, NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);

  g_assert_true (sip_invite_context_terminate (call, &error));
  g_assert_no_error (error);
  wait_terminated (f);
  g_assert_false (sip_invite_context_terminate (call, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);

  sip_test_recorder_assert (f->call_rec, "accepted 200, terminated bye");
  sip_test_recorder_assert (f->incoming_rec, "accepted 200, bye, terminated bye");
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipRequestOptions) options = sip_request_options_new ();
  const char *bad_header[] = { "X-Evil: a\r\nInjected: yes", NULL };

  g_assert_null (sip_user_agent_invite (f->alice, "not a uri", NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  sip_options_set_extra_headers (SIP_OPTIONS (options), bad_header);
  g_assert_null (sip_user_agent_invite (f->alice, f->bob_uri, options, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  sip_options_set_extra_headers (SIP_OPTIONS (options), NULL);
  sip_options_set_body_text (SIP_OPTIONS (options), "hello");
  sip_options_set_content_type (SIP_OPTIONS (options), "text/plain");
  g_assert_null (sip_user_agent_invite (f->alice, f->bob_uri, options, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  sip_test_spin (200);
  g_assert_cmpuint (f->n_invites, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (sip_user_agent_get_calls (f->alice)), ==, 0);
}

static void
test_own_sdp (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipRequestOptions) offer = sip_request_options_new ();
  g_autoptr(SipReplyOptions) answer = sip_reply_options_new (0);
  /* Longer than the codec names the library makes without allocating
   * (256 bytes). */
  g_autofree char *encoding = g_strnfill (300, 'x');
  g_autofree char *long_codec = g_strdup_printf ("%s/90000", encoding);
  g_autofree char *offer_sdp = g_strdup_printf ("v=0\r\n"
                                                "c=IN IP4 127.0.0.1\r\n"
                                                "m=audio 40000 RTP/AVP 96 8 0\r\n"
                                                "a=rtpmap:96 %s\r\n"
                                                "a=rtpmap:8 PCMA/8000\r\n"
                                                "a=rtpmap:0 PCMU/8000\r\n", long_codec);

  sip_options_set_body_text (SIP_OPTIONS (offer), offer_sdp);
  place_call (f, offer);
  g_assert_cmpuint (sip_invite_context_get_remote_media_port (SIP_INVITE_CONTEXT (f->incoming)), ==,
                    40000);
  g_assert_cmpstr (sip_invite_context_get_remote_media_codec (SIP_INVITE_CONTEXT (f->incoming)), ==,
                   long_codec);

  sip_options_set_body_text (SIP_OPTIONS (answer),
                             "v=0\r\n"
                             "c=IN IP4 127.0.0.1\r\n"
                             "m=audio 50000 RTP/AVP 8\r\n"
                             "a=rtpmap:8 PCMA/8000\r\n");
  sip_options_set_content_type (SIP_OPTIONS (answer), "application/sdp");
  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), answer, &error));
  g_assert_no_error (error);
  sip_test_wait_until (sip_context_get_state (SIP_CONTEXT (f->call)) == SIP_CONTEXT_STATE_ESTABLISHED,
                       WAIT_MS);

  g_assert_cmpuint (sip_invite_context_get_remote_media_port (SIP_INVITE_CONTEXT (f->call)), ==, 50000);
  g_assert_cmpstr (sip_invite_context_get_remote_media_codec (SIP_INVITE_CONTEXT (f->call)), ==,
                   "PCMA/8000");
  g_assert_cmpstr (sip_invite_context_get_remote_media_address (SIP_INVITE_CONTEXT (f->call)), ==,
                   "127.0.0.1");

  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (f->call), NULL, &error));
  wait_terminated (f);
}

static void
test_no_answer (Fixture       *f,
                gconstpointer  data)
{
  sip_user_agent_set_no_answer_timeout (f->bob, 1);
  place_call (f, NULL);
  wait_terminated (f);

  sip_test_recorder_assert (f->call_rec, "rejected 408 unavailable, failed 408 unavailable, "
                                         "terminated unavailable");
  sip_test_recorder_assert (f->incoming_rec, "rejected 408 no-answer, failed 408 no-answer, "
                                             "terminated no-answer");
}

static void
test_auto_ring (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  sip_user_agent_set_auto_ring (f->bob, TRUE);
  place_call (f, NULL);
  sip_test_wait_until (sip_context_get_state (SIP_CONTEXT (f->call)) == SIP_CONTEXT_STATE_PROCEEDING,
                       WAIT_MS);
  g_assert_true (sip_invite_context_terminate (SIP_INVITE_CONTEXT (f->incoming), &error));
  g_assert_no_error (error);
  wait_terminated (f);

  sip_test_recorder_assert (f->call_rec, "progress 180, rejected 480 unavailable, "
                                         "failed 480 unavailable, terminated unavailable");
}

static void
test_stop_ends_calls (Fixture       *f,
                      gconstpointer  data)
{
  establish_call (f);
  sip_test_user_agent_stop (f->alice);
  g_assert_true (sip_context_is_terminated (SIP_CONTEXT (f->call)));
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (f->incoming)), WAIT_MS);

  sip_test_recorder_assert (f->call_rec, "progress 180, accepted 200, terminated stopped");
  sip_test_recorder_assert (f->incoming_rec, "progress 180, accepted 200, bye, terminated bye");
  g_assert_cmpuint (g_list_model_get_n_items (sip_user_agent_get_calls (f->alice)), ==, 0);
}

static void
test_stop_rejects_ringing (Fixture       *f,
                           gconstpointer  data)
{
  place_call (f, NULL);
  sip_test_user_agent_stop (f->bob);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (f->call)), WAIT_MS);

  sip_test_recorder_assert (f->incoming_rec, "rejected 480 stopped, failed 480 stopped, "
                                             "terminated stopped");
  sip_test_recorder_assert (f->call_rec, "rejected 480 unavailable, failed 480 unavailable, "
                                         "terminated unavailable");
}

static void
test_dropped_references (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SipInviteContext *weak_call;

  /* The user agent keeps calls alive: the application may drop them. */
  establish_call (f);
  weak_call = SIP_INVITE_CONTEXT (f->call);
  g_object_add_weak_pointer (G_OBJECT (weak_call), (gpointer *) &weak_call);
  g_clear_pointer (&f->call_rec, sip_test_recorder_free);
  g_clear_object (&f->call);
  g_assert_nonnull (weak_call);

  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (f->incoming), NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (weak_call == NULL, WAIT_MS);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (f->incoming)), WAIT_MS);
}

static void
invite_any_cb (SipUserAgent           *ua,
               SipInviteServerContext *call,
               GPtrArray              *calls)
{
  g_ptr_array_add (calls, g_object_ref (call));
}

static void
test_two_calls (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SipInviteClientContext) first = NULL;
  g_autoptr(SipInviteClientContext) second = NULL;
  GListModel *calls = sip_user_agent_get_calls (f->alice);
  g_autofree char *carol_uri = sip_test_user_agent_uri (f->bob, "carol");

  g_signal_handlers_disconnect_by_data (f->bob, f);
  g_signal_connect (f->bob, "invite", G_CALLBACK (invite_any_cb), received);

  first = sip_user_agent_invite (f->alice, f->bob_uri, NULL, &error);
  g_assert_no_error (error);
  second = sip_user_agent_invite (f->alice, carol_uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (calls), ==, 2);
  g_assert_true (g_list_model_get_item (calls, 0) == (gpointer) first);
  g_object_unref (first);
  g_assert_true (g_list_model_get_item (calls, 1) == (gpointer) second);
  g_object_unref (second);

  sip_test_wait_until (received->len == 2, WAIT_MS);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (sip_server_context_accept (g_ptr_array_index (received, i), NULL, &error));
      g_assert_no_error (error);
    }
  sip_test_wait_until (sip_context_get_state (SIP_CONTEXT (first)) == SIP_CONTEXT_STATE_ESTABLISHED &&
                       sip_context_get_state (SIP_CONTEXT (second)) == SIP_CONTEXT_STATE_ESTABLISHED,
                       WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (sip_user_agent_get_calls (f->bob)), ==, 2);

  /* Ending one leaves the other alone. */
  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (first), NULL, &error));
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (first)), WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (calls), ==, 1);
  g_assert_true (g_list_model_get_item (calls, 0) == (gpointer) second);
  g_object_unref (second);
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (second)), ==, SIP_CONTEXT_STATE_ESTABLISHED);

  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (second), NULL, &error));
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (second)), WAIT_MS);
  sip_test_wait_until (g_list_model_get_n_items (sip_user_agent_get_calls (f->bob)) == 0, WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (calls), ==, 0);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GPtrArray  *changes)
{
  g_ptr_array_add (changes, g_strdup_printf ("%u-%u+%u", position, removed, added));
}

static void
test_calls_list_order (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);
  SipInviteClientContext *calls[4];
  GListModel *list = sip_user_agent_get_calls (f->alice);
  /* Ended out of order: the list must say where each one was. */
  const guint order[] = { 1, 3, 0, 2 };
  const char *expected[] = { "1-1+0", "2-1+0", "0-1+0", "0-1+0" };

  g_signal_handlers_disconnect_by_data (f->bob, f);
  g_signal_connect (f->bob, "invite", G_CALLBACK (invite_any_cb), received);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      calls[i] = sip_user_agent_invite (f->alice, f->bob_uri, NULL, &error);
      g_assert_no_error (error);
    }
  sip_test_wait_until (received->len == G_N_ELEMENTS (calls), WAIT_MS);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), changes);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      SipInviteClientContext *call = calls[order[i]];

      g_assert_true (sip_invite_context_terminate (SIP_INVITE_CONTEXT (call), &error));
      g_assert_no_error (error);
      sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (call)), WAIT_MS);

      g_assert_cmpuint (changes->len, ==, i + 1);
      g_assert_cmpstr (g_ptr_array_index (changes, i), ==, expected[i]);
      g_assert_cmpuint (g_list_model_get_n_items (list), ==, G_N_ELEMENTS (calls) - i - 1);
      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (list, j);

          g_assert_true (item != (gpointer) call);
        }
    }

  g_signal_handlers_disconnect_by_data (list, changes);
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    g_object_unref (calls[i]);
}

typedef struct
{
  SipServerContext *refer;
  char             *refer_to;
  gboolean          follow;
  SipInviteClientContext *followed;
} ReferHandler;

static void
refer_cb (SipInviteContext *call,
          SipServerContext *refer,
          const char       *refer_to,
          ReferHandler     *handler)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (sip_context_get_method (SIP_CONTEXT (refer)), ==, "REFER");
  g_assert_null (handler->refer);
  handler->refer_to = g_strdup (refer_to);
  handler->refer = g_object_ref (refer);

  if (handler->follow)
    {
      handler->followed = sip_invite_context_follow_refer (call, refer, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (handler->followed);
      g_assert_true (sip_server_context_is_answered (refer));
      /* A REFER is followed once. */
      g_assert_null (sip_invite_context_follow_refer (call, refer, NULL, &error));
      g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
    }
}

static void
refer_handler_clear (ReferHandler *handler)
{
  g_clear_object (&handler->refer);
  g_clear_object (&handler->followed);
  g_clear_pointer (&handler->refer_to, g_free);
}

static void
test_blind_transfer (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SipUserAgent *carol = sip_test_user_agent_new ("carol");
  g_autofree char *carol_uri = sip_test_user_agent_uri (carol, "carol");
  g_autoptr(GPtrArray) carol_calls = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SipTestRecorder) followed_rec = NULL;
  ReferHandler handler = { .follow = TRUE };
  SipInviteServerContext *at_carol;

  g_signal_connect (carol, "invite", G_CALLBACK (invite_any_cb), carol_calls);
  establish_call (f);
  g_signal_connect (f->incoming, "refer", G_CALLBACK (refer_cb), &handler);

  /* Alice asks Bob to call Carol instead. */
  g_assert_true (sip_invite_context_refer (SIP_INVITE_CONTEXT (f->call), carol_uri, NULL, &error));
  g_assert_no_error (error);
  /* One transfer at a time. */
  g_assert_false (sip_invite_context_refer (SIP_INVITE_CONTEXT (f->call), carol_uri, NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);

  sip_test_wait_until (carol_calls->len == 1, WAIT_MS);
  g_assert_cmpstr (handler.refer_to, ==, carol_uri);
  followed_rec = sip_test_recorder_new (SIP_CONTEXT (handler.followed));
  g_assert_cmpuint (g_list_model_get_n_items (sip_user_agent_get_calls (f->bob)), ==, 2);

  at_carol = g_ptr_array_index (carol_calls, 0);
  g_assert_nonnull (sip_message_get_header (SIP_MESSAGE (sip_context_get_request (SIP_CONTEXT (at_carol))),
                                            "Referred-By"));
  g_assert_true (sip_server_context_progress (SIP_SERVER_CONTEXT (at_carol), NULL, &error));
  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (at_carol), NULL, &error));
  g_assert_no_error (error);

  /* Alice hears how it went, and hangs up. */
  sip_test_wait_until (f->call_rec->events->len >= 5, WAIT_MS);
  sip_test_recorder_assert (f->call_rec, "progress 180, accepted 200, transfer-progress 202, "
                                         "transfer-progress 180, transfer-finished 200");
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (handler.followed)), ==,
                   SIP_CONTEXT_STATE_ESTABLISHED);
  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (f->call), NULL, &error));
  wait_terminated (f);

  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (handler.followed), NULL, &error));
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (at_carol)) &&
                       sip_context_is_terminated (SIP_CONTEXT (handler.followed)), WAIT_MS);
  sip_test_recorder_assert (followed_rec, "progress 180, accepted 200, terminated bye");

  refer_handler_clear (&handler);
  g_clear_pointer (&followed_rec, sip_test_recorder_free);
  g_ptr_array_set_size (carol_calls, 0);
  sip_test_user_agent_finish (carol);
}

/* The transfer target is busy: Alice hears the real status (486), not
 * a generic failure; Bob's call with her goes on. */
static void
test_transfer_target_busy (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipReplyOptions) busy = sip_reply_options_new (486);
  SipUserAgent *carol = sip_test_user_agent_new ("carol");
  g_autofree char *carol_uri = sip_test_user_agent_uri (carol, "carol");
  g_autoptr(GPtrArray) carol_calls = g_ptr_array_new_with_free_func (g_object_unref);
  ReferHandler handler = { .follow = TRUE };

  g_signal_connect (carol, "invite", G_CALLBACK (invite_any_cb), carol_calls);
  establish_call (f);
  g_signal_connect (f->incoming, "refer", G_CALLBACK (refer_cb), &handler);

  g_assert_true (sip_invite_context_refer (SIP_INVITE_CONTEXT (f->call), carol_uri, NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (carol_calls->len == 1, WAIT_MS);
  g_assert_true (sip_server_context_progress (SIP_SERVER_CONTEXT (g_ptr_array_index (carol_calls, 0)),
                                              NULL, &error));
  g_assert_true (sip_server_context_reject (SIP_SERVER_CONTEXT (g_ptr_array_index (carol_calls, 0)),
                                            busy, &error));
  g_assert_no_error (error);

  sip_test_wait_until (f->call_rec->events->len >= 5, WAIT_MS);
  sip_test_recorder_assert (f->call_rec, "progress 180, accepted 200, transfer-progress 202, "
                                         "transfer-progress 180, transfer-finished 486");
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (handler.followed)), WAIT_MS);
  g_assert_cmpint (sip_context_get_cause (SIP_CONTEXT (handler.followed)), ==, SIP_CAUSE_BUSY);
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (f->call)), ==, SIP_CONTEXT_STATE_ESTABLISHED);

  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (f->call), NULL, &error));
  wait_terminated (f);

  refer_handler_clear (&handler);
  g_ptr_array_set_size (carol_calls, 0);
  sip_test_user_agent_finish (carol);
}

static void
test_transfer_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *carol_uri = sip_test_user_agent_uri (f->alice, "carol");

  /* Nobody handles the refer signal: nothing is followed, 480. */
  establish_call (f);
  g_assert_true (sip_invite_context_refer (SIP_INVITE_CONTEXT (f->call), carol_uri, NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (f->call_rec->events->len >= 3, WAIT_MS);
  sip_test_recorder_assert (f->call_rec, "progress 180, accepted 200, transfer-finished 480");
  g_assert_cmpuint (f->n_invites, ==, 1);

  /* The call goes on, and can transfer again. */
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (f->call)), ==, SIP_CONTEXT_STATE_ESTABLISHED);
  g_assert_false (sip_invite_context_refer (SIP_INVITE_CONTEXT (f->call), "sip:", NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (f->incoming), NULL, &error));
  wait_terminated (f);
}

static void
test_attended_transfer (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SipUserAgent *carol = sip_test_user_agent_new ("carol");
  g_autofree char *carol_uri = sip_test_user_agent_uri (carol, "carol");
  g_autoptr(GPtrArray) carol_calls = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SipInviteClientContext) consult = NULL;
  g_autoptr(SipTestRecorder) consult_rec = NULL;
  g_autoptr(SipTestRecorder) consulted_rec = NULL;
  ReferHandler handler = { .follow = TRUE };
  SipInviteServerContext *consulted, *replacing;

  g_signal_connect (carol, "invite", G_CALLBACK (invite_any_cb), carol_calls);

  /* Alice talks to Bob, and then to Carol. */
  establish_call (f);
  g_signal_connect (f->incoming, "refer", G_CALLBACK (refer_cb), &handler);
  consult = sip_user_agent_invite (f->alice, carol_uri, NULL, &error);
  g_assert_no_error (error);
  consult_rec = sip_test_recorder_new (SIP_CONTEXT (consult));
  sip_test_wait_until (carol_calls->len == 1, WAIT_MS);
  consulted = g_ptr_array_index (carol_calls, 0);
  consulted_rec = sip_test_recorder_new (SIP_CONTEXT (consulted));
  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (consulted), NULL, &error));
  sip_test_wait_until (sip_context_get_state (SIP_CONTEXT (consult)) == SIP_CONTEXT_STATE_ESTABLISHED,
                       WAIT_MS);

  /* Alice connects Bob to Carol, replacing her call with Carol. */
  g_assert_false (sip_invite_context_refer_attended (SIP_INVITE_CONTEXT (f->call),
                                                     SIP_INVITE_CONTEXT (f->call), NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (sip_invite_context_refer_attended (SIP_INVITE_CONTEXT (f->call),
                                                    SIP_INVITE_CONTEXT (consult), NULL, &error));
  g_assert_no_error (error);

  sip_test_wait_until (carol_calls->len == 2, WAIT_MS);
  g_assert_nonnull (strstr (handler.refer_to, "Replaces="));
  replacing = g_ptr_array_index (carol_calls, 1);
  g_assert_true (sip_invite_server_context_get_replaces (replacing) == SIP_INVITE_CONTEXT (consulted));
  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (replacing), NULL, &error));
  g_assert_no_error (error);

  /* Carol's call with Alice ends once Bob's replaces it. */
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (consult)) &&
                       sip_context_is_terminated (SIP_CONTEXT (consulted)), WAIT_MS);
  sip_test_recorder_assert (consulted_rec, "accepted 200, terminated bye");
  sip_test_recorder_assert (consult_rec, "accepted 200, bye, terminated bye");
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (replacing)), ==, SIP_CONTEXT_STATE_ESTABLISHED);
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (handler.followed)), ==,
                   SIP_CONTEXT_STATE_ESTABLISHED);

  sip_test_wait_until (f->call_rec->events->len >= 4, WAIT_MS);
  sip_test_recorder_assert (f->call_rec, "progress 180, accepted 200, transfer-progress 202, "
                                         "transfer-finished 200");
  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (f->call), NULL, &error));
  wait_terminated (f);
  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (replacing), NULL, &error));
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (handler.followed)), WAIT_MS);

  refer_handler_clear (&handler);
  g_clear_pointer (&consult_rec, sip_test_recorder_free);
  g_clear_pointer (&consulted_rec, sip_test_recorder_free);
  g_clear_object (&consult);
  g_ptr_array_set_size (carol_calls, 0);
  sip_test_user_agent_finish (carol);
}

static void
test_incompatible_sdp (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipRequestOptions) offer = sip_request_options_new ();

  /* Only G.729: nothing in common with Bob's default description. */
  sip_options_set_body_text (SIP_OPTIONS (offer),
                             "v=0\r\n"
                             "c=IN IP4 127.0.0.1\r\n"
                             "m=audio 40000 RTP/AVP 18\r\n"
                             "a=rtpmap:18 G729/8000\r\n");
  g_autoptr(SipReplyOptions) not_acceptable = sip_reply_options_new (488);

  place_call (f, offer);
  g_assert_cmpstr (sip_invite_context_get_remote_media_codec (SIP_INVITE_CONTEXT (f->incoming)), ==,
                   "G729/8000");

  /* An answer without media is refused before anything is sent... */
  g_assert_false (sip_server_context_accept (SIP_SERVER_CONTEXT (f->incoming), NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sip_server_context_is_answered (SIP_SERVER_CONTEXT (f->incoming)));

  /* ...and the call can still be rejected properly. */
  g_assert_true (sip_server_context_reject (SIP_SERVER_CONTEXT (f->incoming), not_acceptable, &error));
  g_assert_no_error (error);
  wait_terminated (f);
  sip_test_recorder_assert (f->call_rec, "rejected 488 incompatible-sdp, failed 488 incompatible-sdp, "
                                         "terminated incompatible-sdp");
}

static void
test_replaces_unknown_call (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipRequestOptions) options = sip_request_options_new ();
  const char *headers[] = { "Replaces: no-such-call@example.org;to-tag=a;from-tag=b", NULL };

  /* RFC 3891: an INVITE that replaces no dialog of ours gets 481, and
   * the application never sees it. */
  sip_options_set_extra_headers (SIP_OPTIONS (options), headers);
  f->call = sip_user_agent_invite (f->alice, f->bob_uri, options, &error);
  g_assert_no_error (error);
  f->call_rec = sip_test_recorder_new (SIP_CONTEXT (f->call));
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (f->call)), WAIT_MS);

  sip_test_recorder_assert (f->call_rec, "rejected 481 sip-failure-code, failed 481 sip-failure-code, "
                                         "terminated sip-failure-code");
  g_assert_cmpuint (f->n_invites, ==, 0);
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
  ADD ("user-agent-state-changed", test_user_agent_state_changed);
  ADD ("reject-default", test_reject_default);
  ADD ("reject-busy", test_reject_busy);
  ADD ("cancel-before-ringing", test_cancel_before_ringing);
  ADD ("cancel-while-ringing", test_cancel_while_ringing);
  ADD ("early-media", test_early_media);
  ADD ("hold-and-unhold", test_hold_and_unhold);
  ADD ("hold-glare", test_hold_glare);
  ADD ("dtmf", test_dtmf);
  ADD ("wrong-state", test_wrong_state);
  ADD ("bad-input", test_bad_input);
  ADD ("own-sdp", test_own_sdp);
  ADD ("no-answer", test_no_answer);
  ADD ("auto-ring", test_auto_ring);
  ADD ("stop-ends-calls", test_stop_ends_calls);
  ADD ("stop-rejects-ringing", test_stop_rejects_ringing);
  ADD ("dropped-references", test_dropped_references);
  ADD ("two-calls", test_two_calls);
  ADD ("calls-list-order", test_calls_list_order);
  ADD ("incompatible-sdp", test_incompatible_sdp);
  ADD ("blind-transfer", test_blind_transfer);
  ADD ("transfer-refused", test_transfer_refused);
  ADD ("transfer-target-busy", test_transfer_target_busy);
  ADD ("attended-transfer", test_attended_transfer);
  ADD ("replaces-unknown-call", test_replaces_unknown_call);

  return g_test_run ();
}
