/* test-main-context.c: a user agent on a thread with its own main context
 *
 * The library runs on the thread-default GMainContext of the thread that
 * starts the user agent. Everything it schedules (DTMF pacing, the
 * no-answer timer, the end of the shutdown) must run there: in these
 * tests the global default context is never iterated, so a source
 * attached to it would never fire and the bounded waits would fail.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"

#define WAIT_MS 20000

typedef struct
{
  GMainContext     *context;
  SipInviteContext *incoming;    /* bob's side of the call */
  GString          *tones;       /* what bob heard */
  gboolean          established;
  gboolean          terminated;
  SipCause          cause;
} Fixture;

static void
on_dtmf (SipInviteContext *call,
         const char       *tone,
         guint             duration,
         gpointer          data)
{
  Fixture *f = data;

  g_string_append (f->tones, tone);
}

static void
on_invite_accept (SipUserAgent           *ua,
                  SipInviteServerContext *call,
                  gpointer                data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;

  f->incoming = g_object_ref (SIP_INVITE_CONTEXT (call));
  g_signal_connect (call, "dtmf", G_CALLBACK (on_dtmf), f);
  sip_server_context_accept (SIP_SERVER_CONTEXT (call), NULL, &error);
  g_assert_no_error (error);
}

static void
on_invite_keep (SipUserAgent           *ua,
                SipInviteServerContext *call,
                gpointer                data)
{
  Fixture *f = data;

  /* Not answered: the no-answer timer has to end it. */
  f->incoming = g_object_ref (SIP_INVITE_CONTEXT (call));
}

static void
on_state (GObject    *object,
          GParamSpec *pspec,
          gpointer    data)
{
  Fixture *f = data;
  SipContextState state;

  g_object_get (object, "state", &state, NULL);
  if (state == SIP_CONTEXT_STATE_ESTABLISHED)
    f->established = TRUE;
}

static void
on_terminated (SipContext *context,
               SipCause    cause,
               gpointer    data)
{
  Fixture *f = data;

  f->terminated = TRUE;
  f->cause = cause;
}

typedef void (* ScenarioFunc) (Fixture          *f,
                               SipInviteContext *call);

typedef struct
{
  Fixture      *fixture;
  guint         no_answer_timeout;   /* of the callee */
  GCallback     on_invite;           /* of the callee */
  ScenarioFunc  scenario;
} Run;

/* On the thread: two user agents, a call from alice to bob, SCENARIO,
 * then both user agents stopped (the shutdown ends on an idle source). */
static gpointer
run_thread (gpointer data)
{
  Run *run = data;
  Fixture *f = run->fixture;
  g_autoptr(GError) error = NULL;
  SipUserAgent *alice, *bob;
  g_autoptr(SipInviteClientContext) call = NULL;
  g_autofree char *target = NULL;

  g_main_context_push_thread_default (f->context);

  alice = sip_test_user_agent_new ("alice");
  bob = sip_test_user_agent_new_with ("bob", "no-answer-timeout", run->no_answer_timeout, NULL);
  g_signal_connect (bob, "invite", run->on_invite, f);

  target = sip_test_user_agent_uri (bob, "bob");
  call = sip_user_agent_invite (alice, target, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (call, "notify::state", G_CALLBACK (on_state), f);
  g_signal_connect (call, "terminated", G_CALLBACK (on_terminated), f);

  run->scenario (f, SIP_INVITE_CONTEXT (call));

  g_clear_object (&call);
  g_clear_object (&f->incoming);
  sip_test_user_agent_finish (alice);
  sip_test_user_agent_finish (bob);

  g_main_context_pop_thread_default (f->context);
  return NULL;
}

/* DTMF (paced by a timer), then a hang-up. */
static void
call_with_dtmf (Fixture          *f,
                SipInviteContext *call)
{
  g_autoptr(GError) error = NULL;

  sip_test_wait_until (f->established, WAIT_MS);

  /* The second and third tones wait for a timer. */
  sip_invite_context_dtmf (call, "1#9", 100, 50, &error);
  g_assert_no_error (error);
  sip_test_wait_until (f->tones->len == 3, WAIT_MS);
  g_assert_cmpstr (f->tones->str, ==, "1#9");

  sip_invite_context_bye (call, NULL, &error);
  g_assert_no_error (error);
  sip_test_wait_until (f->terminated, WAIT_MS);
  g_assert_cmpint (f->cause, ==, SIP_CAUSE_BYE);
}

/* An unanswered call, ended by the callee's no-answer timer. */
static void
no_answer (Fixture          *f,
           SipInviteContext *call)
{
  sip_test_wait_until (f->terminated, WAIT_MS);
  /* The callee answered 408 when its no-answer timer fired. */
  g_assert_cmpint (f->cause, ==, SIP_CAUSE_UNAVAILABLE);
  g_assert_false (f->established);
  g_assert_nonnull (f->incoming);
}

static void
run_on_own_context (guint        no_answer_timeout,
                    GCallback    on_invite,
                    ScenarioFunc scenario)
{
  Fixture f = { 0 };
  Run run = { &f, no_answer_timeout, on_invite, scenario };
  GThread *thread;

  f.context = g_main_context_new ();
  f.tones = g_string_new (NULL);
  thread = g_thread_new ("sip-test", run_thread, &run);
  g_thread_join (thread);
  g_string_free (f.tones, TRUE);
  g_main_context_unref (f.context);
}

static void
test_call_with_dtmf (void)
{
  run_on_own_context (0, G_CALLBACK (on_invite_accept), call_with_dtmf);
}

static void
test_no_answer_timer (void)
{
  run_on_own_context (1, G_CALLBACK (on_invite_keep), no_answer);
}

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

  g_test_add_func ("/main-context/call-with-dtmf", test_call_with_dtmf);
  g_test_add_func ("/main-context/no-answer-timer", test_no_answer_timer);

  return g_test_run ();
}
