/* test-auth.c: digest authentication of our requests, against sipp UAS
 * scenarios that challenge them and check the digest with <verifyauth>
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"
#include "sip-test-sipp.h"

#include <string.h>

#define USERNAME "alice ünïcode@sipctx.test"
/* ':' splits sofia-sip's credential strings, '"' and '\' break naive
 * quoting, '%' naive unescaping: none of them may matter. */
#define PASSWORD "p:a\"s%s\\w:o rd"
#define REALM    "sipctx.test"

/* {{{ Helpers */

typedef enum
{
  ANSWER_NONE,        /* return FALSE */
  ANSWER_AT_ONCE,     /* authenticate in the handler */
  ANSWER_LATER,       /* return TRUE, authenticate from a timeout */
  ANSWER_CANCEL_LATER,
  ANSWER_WRONG,       /* authenticate with a wrong password */
} AnswerMode;

typedef struct
{
  AnswerMode  mode;
  const char *username;     /* answered with, USERNAME unless set */
  GPtrArray  *seen;         /* "realm proxy method status retrying" */
  SipAuth    *pending;
  guint       timeout_id;
} Authenticator;

static void
authenticator_init (Authenticator *a,
                    AnswerMode     mode)
{
  memset (a, 0, sizeof *a);
  a->mode = mode;
  a->username = USERNAME;
  a->seen = g_ptr_array_new_with_free_func (g_free);
}

static void
authenticator_clear (Authenticator *a)
{
  g_clear_handle_id (&a->timeout_id, g_source_remove);
  g_clear_object (&a->pending);
  g_ptr_array_unref (a->seen);
}

static gboolean
answer_later_cb (gpointer data)
{
  Authenticator *a = data;
  g_autoptr(GError) error = NULL;

  a->timeout_id = 0;
  if (a->mode == ANSWER_CANCEL_LATER)
    sip_auth_cancel (a->pending);
  else
    {
      g_assert_true (sip_auth_authenticate (a->pending, a->username, PASSWORD, &error));
      g_assert_no_error (error);
      g_assert_true (sip_auth_is_answered (a->pending));
    }
  g_clear_object (&a->pending);

  return G_SOURCE_REMOVE;
}

static gboolean
authenticate_cb (GObject       *sender,
                 SipAuth       *auth,
                 gboolean       retrying,
                 Authenticator *a)
{
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (a->seen,
                   g_strdup_printf ("%s %s %s %u%s",
                                    sip_auth_get_realm (auth),
                                    sip_auth_is_for_proxy (auth) ? "proxy" : "server",
                                    sip_auth_get_method (auth),
                                    sip_response_get_status_code (sip_auth_get_response (auth)),
                                    retrying ? " retrying" : ""));
  g_assert_cmpint (retrying, ==, sip_auth_is_retrying (auth));
  g_assert_cmpstr (sip_auth_get_scheme (auth), ==, "Digest");

  switch (a->mode)
    {
    case ANSWER_NONE:
      return FALSE;
    case ANSWER_AT_ONCE:
      /* A user name the digest cannot carry is refused, and the
       * challenge stays open. */
      g_assert_false (sip_auth_authenticate (auth, "bad\r\nname", PASSWORD, &error));
      g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
      g_assert_false (sip_auth_is_answered (auth));
      g_clear_error (&error);
      g_assert_true (sip_auth_authenticate (auth, a->username, PASSWORD, &error));
      g_assert_no_error (error);
      /* Once only. */
      g_assert_false (sip_auth_authenticate (auth, a->username, PASSWORD, &error));
      g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
      return TRUE;
    case ANSWER_WRONG:
      g_assert_true (sip_auth_authenticate (auth, USERNAME, "wrong", &error));
      g_assert_no_error (error);
      return TRUE;
    case ANSWER_LATER:
    case ANSWER_CANCEL_LATER:
      g_assert_null (a->pending);
      a->pending = g_object_ref (auth);
      a->timeout_id = g_timeout_add (300, answer_later_cb, a);
      return TRUE;
    }

  g_assert_not_reached ();
}

/* sipp's <verifyauth> checks the digest against these variables. */
static const char * const *
sipp_auth_args (const char *password)
{
  static const char *args[7];

  args[0] = "-set";
  args[1] = "authuser";
  args[2] = USERNAME;
  args[3] = "-set";
  args[4] = "authpass";
  args[5] = password;
  args[6] = NULL;

  return args;
}

static char *
sipp_target (Sipp *sipp)
{
  return g_strdup_printf ("sip:sipp@127.0.0.1:%u", sipp->port);
}

/* Sends a MESSAGE to a sipp UAS running SCENARIO with SIPP_ARGS; A (if
 * not NULL) handles the authenticate signal. Returns sipp's exit status
 * (-1: stopped by us, for a test that leaves sipp waiting) and the
 * events. */
static int
message_to_sipp (SipUserAgent        *ua,
                 const char          *scenario,
                 const char * const  *sipp_args,
                 Authenticator       *a,
                 char               **events)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Sipp) sipp = sipp_start_full (scenario, 1, NULL, NULL, sipp_args);
  g_autofree char *target = sipp_target (sipp);
  g_autoptr(SipTestRecorder) recorder = NULL;
  g_autoptr(SipMessageClientContext) context = NULL;
  int status = -1;

  sipp_wait_listening (sipp);
  context = sip_user_agent_message (ua, target, "Hello", "text/plain", NULL, &error);
  g_assert_no_error (error);
  recorder = sip_test_recorder_new (SIP_CONTEXT (context));
  if (a)
    g_signal_connect (context, "authenticate", G_CALLBACK (authenticate_cb), a);

  sipp_wait_until (sipp, sip_context_is_terminated (SIP_CONTEXT (context)));
  if (sip_context_get_cause (SIP_CONTEXT (context)) == SIP_CAUSE_NONE)
    status = sipp_wait (sipp);
  *events = sip_test_recorder_dump (recorder);

  return status;
}

/* The same, with a scenario that checks the digest against USERNAME and
 * PASSWORD. */
static int
message_to_uas_full (SipUserAgent   *ua,
                     const char     *scenario,
                     const char     *password,
                     Authenticator  *a,
                     char          **events)
{
  return message_to_sipp (ua, scenario, sipp_auth_args (password), a, events);
}

static int
message_to_uas (SipUserAgent  *ua,
                const char    *scenario,
                const char    *password,
                char         **events)
{
  return message_to_uas_full (ua, scenario, password, NULL, events);
}

/* }}} */
/* {{{ MESSAGE */

static void
test_message_user_agent_credentials (void)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  Authenticator a;

  if (!have_sipp ())
    return;

  authenticator_init (&a, ANSWER_NONE);
  ua = sip_test_user_agent_new ("alice");
  g_assert_true (sip_user_agent_set_credentials (ua, NULL, USERNAME, PASSWORD, &error));
  g_assert_no_error (error);

  g_assert_cmpint (message_to_uas (ua, "uas-auth-message.xml", PASSWORD, &events), ==, 0);
  g_assert_cmpstr (events, ==, "accepted 200, terminated none");

  sip_test_user_agent_finish (g_steal_pointer (&ua));
  authenticator_clear (&a);
}

/* The application answers a proxy's 407 from the handler. */
static void
test_message_proxy_signal (void)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autofree char *events = NULL;
  Authenticator a;

  if (!have_sipp ())
    return;

  authenticator_init (&a, ANSWER_AT_ONCE);
  ua = sip_test_user_agent_new ("alice");
  /* Credentials of another realm do not answer this one. */
  g_assert_true (sip_user_agent_set_credentials (ua, "elsewhere", "bob", "x", NULL));

  g_assert_cmpint (message_to_uas_full (ua, "uas-auth-message-proxy.xml", PASSWORD,
                                        &a, &events), ==, 0);
  g_assert_cmpstr (events, ==, "accepted 200, terminated none");
  sip_test_assert_joined (a.seen, REALM " proxy MESSAGE 407");

  sip_test_user_agent_finish (g_steal_pointer (&ua));
  authenticator_clear (&a);
}

/* User names that break naive formatting: ':' (sofia-sip splits its
 * credentials there), '"' and '\\' (escaped in the header's
 * quoted-string), a '%' that must not be decoded, non-ASCII. sipp checks
 * the header as written and the digest over the user name itself, with
 * the qop chosen from what is offered ("auth" when it can). The first is
 * answered from the user agent's store, the others from the
 * handler. Last, a realm offering SHA-512-256, MD5 and SHA-256 (RFC 8760)
 * gets one answer, with the first it can: MD5. (SHA-256 itself is checked
 * by a Kamailio test: sipp checks only MD5.) */
static void
test_message_username_characters (void)
{
  const struct { const char *scenario, *username, *wire, *qop, *qop_used; } cases[] = {
    { "uas-auth-username.xml", "alice:work", "alice:work", "auth", "auth" },
    { "uas-auth-username.xml", "say \"hi\"", "say \\\"hi\\\"", "auth,auth-int", "auth" },
    { "uas-auth-username.xml", "back\\slash\\", "back\\\\slash\\\\", "auth-int", "auth-int" },
    { "uas-auth-username.xml", "100%3A: ü", "100%3A: ü", "auth", "auth" },
    { "uas-auth-two-algorithms.xml", "a:\"b\"", "a:\\\"b\\\"", "auth", "auth" },
  };

  if (!have_sipp ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[] = {
        "-set", "authuser", cases[i].username,
        "-set", "authwire", cases[i].wire,
        "-set", "authpass", PASSWORD,
        "-set", "authqop", cases[i].qop,
        "-set", "authqopwant", cases[i].qop_used,
        NULL
      };
      g_autoptr(SipUserAgent) ua = sip_test_user_agent_new ("alice");
      g_autoptr(GError) error = NULL;
      g_autofree char *events = NULL;
      Authenticator a;
      int status;

      g_test_message ("%s, user name %s", cases[i].scenario, cases[i].wire);
      authenticator_init (&a, ANSWER_AT_ONCE);
      a.username = cases[i].username;
      if (i == 0)
        {
          g_assert_true (sip_user_agent_set_credentials (ua, NULL, cases[i].username,
                                                         PASSWORD, &error));
          g_assert_no_error (error);
        }

      status = message_to_sipp (ua, cases[i].scenario, args, &a, &events);
      g_assert_cmpstr (events, ==, "accepted 200, terminated none");
      g_assert_cmpint (status, ==, 0);
      /* The store answered the first; the handler the others. */
      g_assert_cmpuint (a.seen->len, ==, i == 0 ? 0 : 1);

      sip_test_user_agent_finish (g_steal_pointer (&ua));
      authenticator_clear (&a);
    }
}

/* The handler keeps the challenge and answers it later. */
static void
test_message_answer_later (void)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autofree char *events = NULL;
  Authenticator a;

  if (!have_sipp ())
    return;

  authenticator_init (&a, ANSWER_LATER);
  ua = sip_test_user_agent_new ("alice");
  g_assert_cmpint (message_to_uas_full (ua, "uas-auth-message.xml", PASSWORD,
                                        &a, &events), ==, 0);
  g_assert_cmpstr (events, ==, "accepted 200, terminated none");
  sip_test_assert_joined (a.seen, REALM " server MESSAGE 401");

  sip_test_user_agent_finish (g_steal_pointer (&ua));
  authenticator_clear (&a);
}

/* Nobody answers, or the application cancels: the request fails with the
 * challenge, and is not sent again (sipp, left waiting for it, is
 * stopped). */
static void
run_unanswered (AnswerMode mode)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autofree char *events = NULL;
  Authenticator a;

  if (!have_sipp ())
    return;

  authenticator_init (&a, mode);
  ua = sip_test_user_agent_new ("alice");
  message_to_uas_full (ua, "uas-auth-message.xml", PASSWORD, &a, &events);
  g_assert_cmpstr (events, ==,
                   "rejected 401 authentication-error, failed 401 authentication-error, "
                   "terminated authentication-error");
  sip_test_assert_joined (a.seen, REALM " server MESSAGE 401");

  sip_test_user_agent_finish (g_steal_pointer (&ua));
  authenticator_clear (&a);
}

static void
test_message_no_answer (void)
{
  run_unanswered (ANSWER_NONE);
}

static void
test_message_cancel_later (void)
{
  run_unanswered (ANSWER_CANCEL_LATER);
}

/* The stored password is refused: the application is asked once, with
 * retrying set; its answer is refused too, and the request fails without
 * a third try (sipp checks that none comes). */
static void
test_message_refused_twice (void)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autofree char *events = NULL;
  Authenticator a;
  int status;

  if (!have_sipp ())
    return;

  authenticator_init (&a, ANSWER_AT_ONCE);
  ua = sip_test_user_agent_new ("alice");
  g_assert_true (sip_user_agent_set_credentials (ua, NULL, USERNAME, PASSWORD, NULL));

  status = message_to_uas_full (ua, "uas-auth-always.xml", PASSWORD, &a, &events);
  g_assert_cmpstr (events, ==,
                   "rejected 401 authentication-error, failed 401 authentication-error, "
                   "terminated authentication-error");
  sip_test_assert_joined (a.seen, REALM " server MESSAGE 401 retrying");
  /* sipp still watches for a third MESSAGE for 2 s, then passes. */
  g_assert_cmpint (status, ==, -1);

  sip_test_user_agent_finish (g_steal_pointer (&ua));
  authenticator_clear (&a);
}

/* A stale nonce is answered again with the same credentials, without
 * asking anybody. */
static void
test_message_stale_nonce (void)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autofree char *events = NULL;
  Authenticator a;

  if (!have_sipp ())
    return;

  authenticator_init (&a, ANSWER_NONE);
  ua = sip_test_user_agent_new ("alice");
  g_assert_true (sip_user_agent_set_credentials (ua, REALM, USERNAME, PASSWORD, NULL));

  g_assert_cmpint (message_to_uas_full (ua, "uas-auth-stale.xml", PASSWORD, &a, &events), ==, 0);
  g_assert_cmpstr (events, ==, "accepted 200, terminated none");
  sip_test_assert_joined (a.seen, "");

  sip_test_user_agent_finish (g_steal_pointer (&ua));
  authenticator_clear (&a);
}

/* With every log of ours and of sofia-sip on (messages on the wire
 * included), neither the password nor its digest HA1 shows anywhere. */
static void
test_no_credentials_in_logs (void)
{
  g_autofree char *ha1_input = NULL;
  g_autofree char *ha1 = NULL;
  g_autofree char *pattern = NULL;

  if (!have_sipp ())
    return;

  if (g_test_subprocess ())
    {
      g_autoptr(SipUserAgent) ua = NULL;
      g_autofree char *events = NULL;

      g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
      g_setenv ("SOFIA_DEBUG", "9", TRUE);
      g_setenv ("NUA_DEBUG", "9", TRUE);
      g_setenv ("TPORT_DEBUG", "9", TRUE);
      g_setenv ("TPORT_LOG", "1", TRUE);
      ua = sip_test_user_agent_new ("alice");
      g_assert_true (sip_user_agent_set_credentials (ua, NULL, USERNAME, PASSWORD, NULL));
      g_assert_cmpint (message_to_uas (ua, "uas-auth-message.xml", PASSWORD, &events), ==, 0);
      g_assert_cmpstr (events, ==, "accepted 200, terminated none");
      sip_test_user_agent_finish (g_steal_pointer (&ua));
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  /* The logs did show the request with its credentials... */
  g_test_trap_assert_stdout ("*Authorization: Digest username=*");

  /* ...but not the secrets. */
  g_test_trap_assert_stdout_unmatched ("*" PASSWORD "*");
  g_test_trap_assert_stderr_unmatched ("*" PASSWORD "*");
  ha1_input = g_strdup_printf ("%s:%s:%s", USERNAME, REALM, PASSWORD);
  ha1 = g_compute_checksum_for_string (G_CHECKSUM_MD5, ha1_input, -1);
  pattern = g_strdup_printf ("*%s*", ha1);
  g_test_trap_assert_stdout_unmatched (pattern);
  g_test_trap_assert_stderr_unmatched (pattern);
}

/* }}} */
/* {{{ INVITE */

typedef struct
{
  SipInviteContext *call;
  SipTestRecorder  *recorder;
} Call;

static void
test_invite_proxy (void)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Sipp) sipp = NULL;
  g_autoptr(SipInviteClientContext) call = NULL;
  g_autoptr(SipTestRecorder) recorder = NULL;
  g_autofree char *target = NULL;
  Authenticator a;

  if (!have_sipp ())
    return;

  authenticator_init (&a, ANSWER_NONE);
  ua = sip_test_user_agent_new ("alice");
  g_assert_true (sip_user_agent_set_credentials (ua, REALM, USERNAME, PASSWORD, NULL));

  sipp = sipp_start_full ("uas-auth-invite.xml", 1, NULL, NULL, sipp_auth_args (PASSWORD));
  target = sipp_target (sipp);
  sipp_wait_listening (sipp);
  call = sip_user_agent_invite (ua, target, NULL, &error);
  g_assert_no_error (error);
  recorder = sip_test_recorder_new (SIP_CONTEXT (call));
  g_signal_connect (call, "authenticate", G_CALLBACK (authenticate_cb), &a);

  sipp_wait_until (sipp, sip_context_get_state (SIP_CONTEXT (call)) ==
                         SIP_CONTEXT_STATE_ESTABLISHED);
  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (call), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sipp_wait (sipp), ==, 0);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (call)), WAIT_MS);

  sip_test_recorder_assert (recorder, "progress 180, accepted 200, terminated bye");
  sip_test_assert_joined (a.seen, "");

  g_clear_object (&call);
  sip_test_user_agent_finish (g_steal_pointer (&ua));
  authenticator_clear (&a);
}

/* The BYE of an established call is challenged; the call's context
 * answers it through its signal. */
static void
test_invite_bye_challenged (void)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Sipp) sipp = NULL;
  g_autoptr(SipInviteClientContext) call = NULL;
  g_autoptr(SipTestRecorder) recorder = NULL;
  g_autofree char *target = NULL;
  Authenticator a;

  if (!have_sipp ())
    return;

  authenticator_init (&a, ANSWER_LATER);
  ua = sip_test_user_agent_new ("alice");

  sipp = sipp_start_full ("uas-auth-invite-bye.xml", 1, NULL, NULL, sipp_auth_args (PASSWORD));
  target = sipp_target (sipp);
  sipp_wait_listening (sipp);
  call = sip_user_agent_invite (ua, target, NULL, &error);
  g_assert_no_error (error);
  recorder = sip_test_recorder_new (SIP_CONTEXT (call));
  g_signal_connect (call, "authenticate", G_CALLBACK (authenticate_cb), &a);

  sipp_wait_until (sipp, sip_context_get_state (SIP_CONTEXT (call)) ==
                         SIP_CONTEXT_STATE_ESTABLISHED);
  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (call), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sipp_wait (sipp), ==, 0);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (call)), WAIT_MS);

  sip_test_recorder_assert (recorder, "accepted 200, terminated bye");
  sip_test_assert_joined (a.seen, REALM " server BYE 401");

  g_clear_object (&call);
  sip_test_user_agent_finish (g_steal_pointer (&ua));
  authenticator_clear (&a);
}

/* }}} */
/* {{{ REGISTER */

typedef struct
{
  GPtrArray *events;
  GPtrArray *states;
} RegistrationWatch;

static void
registered_cb (SipRegistration   *registration,
               SipResponse       *response,
               RegistrationWatch *w)
{
  g_ptr_array_add (w->events, g_strdup_printf ("registered %u", sip_response_get_status_code (response)));
}

static void
unregistered_cb (SipRegistration   *registration,
                 SipResponse       *response,
                 RegistrationWatch *w)
{
  g_ptr_array_add (w->events, g_strdup_printf ("unregistered %u",
                                               response ? sip_response_get_status_code (response) : 0));
}

static void
registration_failed_cb (SipRegistration   *registration,
                        guint              status,
                        SipResponse       *response,
                        SipCause           cause,
                        RegistrationWatch *w)
{
  g_ptr_array_add (w->events, g_strdup_printf ("failed %u %s", status, sip_test_cause_nick (cause)));
}

static void
registration_state_cb (SipRegistration   *registration,
                       GParamSpec        *pspec,
                       RegistrationWatch *w)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SIP_TYPE_REGISTRATION_STATE);
  GEnumValue *value = g_enum_get_value (klass, sip_registration_get_state (registration));

  g_ptr_array_add (w->states, g_strdup (value->value_nick));
}

static void
registration_watch (SipRegistration   *registration,
                    RegistrationWatch *w)
{
  w->events = g_ptr_array_new_with_free_func (g_free);
  w->states = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (registration, "registered", G_CALLBACK (registered_cb), w);
  g_signal_connect (registration, "unregistered", G_CALLBACK (unregistered_cb), w);
  g_signal_connect (registration, "failed", G_CALLBACK (registration_failed_cb), w);
  g_signal_connect (registration, "notify::state", G_CALLBACK (registration_state_cb), w);
}

static void
registration_watch_clear (RegistrationWatch *w)
{
  g_ptr_array_unref (w->events);
  g_ptr_array_unref (w->states);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* REGISTER with a challenge, a short grant, refreshes seen on the wire
 * (sipp fails the run if they do not come in time), then removal. */
static void
test_register_refresh (void)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Sipp) sipp = NULL;
  g_autoptr(SipRegistration) registration = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *registrar = NULL;
  RegistrationWatch w;

  if (!have_sipp ())
    return;

  ua = sip_test_user_agent_new ("alice");
  g_assert_true (sip_user_agent_set_credentials (ua, NULL, USERNAME, PASSWORD, NULL));
  sipp = sipp_start_full ("uas-register.xml", 1, NULL, NULL, sipp_auth_args (PASSWORD));
  registrar = g_strdup_printf ("sip:127.0.0.1:%u", sipp->port);
  sipp_wait_listening (sipp);

  registration = sip_user_agent_create_registration (ua, registrar, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sip_registration_get_registrar (registration), ==, registrar);
  g_assert_cmpuint (sip_registration_get_expires (registration), ==, 600);
  sip_registration_set_expires (registration, 3600);
  registration_watch (registration, &w);

  sip_registration_register_async (registration, NULL, async_done_cb, &result);
  sipp_wait_until (sipp, result != NULL);
  g_assert_true (sip_registration_register_finish (registration, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpint (sip_registration_get_state (registration), ==, SIP_REGISTRATION_STATE_REGISTERED);
  g_assert_cmpuint (sip_registration_get_granted_expires (registration), ==, 2);

  /* Refreshed before the 2 s run out, twice. */
  sipp_wait_until (sipp, w.events->len >= 3);
  g_assert_cmpint (sip_registration_get_state (registration), ==, SIP_REGISTRATION_STATE_REGISTERED);

  sip_registration_unregister_async (registration, FALSE, NULL, async_done_cb, &result);
  sipp_wait_until (sipp, result != NULL);
  g_assert_true (sip_registration_unregister_finish (registration, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sipp_wait (sipp), ==, 0);

  g_assert_cmpint (sip_registration_get_state (registration), ==, SIP_REGISTRATION_STATE_UNREGISTERED);
  g_assert_cmpuint (sip_registration_get_granted_expires (registration), ==, 0);
  g_assert_cmpstr (g_ptr_array_index (w.events, 0), ==, "registered 200");
  g_assert_cmpstr (g_ptr_array_index (w.events, w.events->len - 1), ==, "unregistered 200");
  sip_test_assert_joined (w.states, "registering, registered, unregistered");

  registration_watch_clear (&w);
  g_clear_object (&registration);
  sip_test_user_agent_finish (g_steal_pointer (&ua));
}

/* 423 Interval Too Brief: registered again with the registrar's
 * Min-Expires (sipp checks the 120), then removed on stop. */
static void
test_register_423 (void)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Sipp) sipp = NULL;
  g_autoptr(SipRegistration) registration = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *registrar = NULL;
  RegistrationWatch w;

  if (!have_sipp ())
    return;

  ua = sip_test_user_agent_new ("alice");
  sipp = sipp_start ("uas-register-423.xml", 1, NULL, NULL);
  registrar = g_strdup_printf ("sip:127.0.0.1:%u", sipp->port);
  sipp_wait_listening (sipp);

  registration = sip_user_agent_create_registration (ua, registrar, &error);
  g_assert_no_error (error);
  g_object_set (registration, "expires", 60, NULL);
  registration_watch (registration, &w);

  sip_registration_register_async (registration, NULL, async_done_cb, &result);
  sipp_wait_until (sipp, result != NULL);
  g_assert_true (sip_registration_register_finish (registration, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sip_registration_get_granted_expires (registration), ==, 120);
  g_assert_cmpuint (sip_response_get_status_code (sip_registration_get_response (registration)), ==, 200);

  /* Stopping the user agent removes the binding: sipp waits for the
   * REGISTER with expiry 0. nua answers it during its shutdown without
   * telling the handle, hence no response with the signal. */
  sip_test_user_agent_stop (ua);
  g_assert_cmpint (sipp_wait (sipp), ==, 0);
  g_assert_cmpint (sip_registration_get_state (registration), ==, SIP_REGISTRATION_STATE_UNREGISTERED);
  sip_test_assert_joined (w.events, "registered 200, unregistered 0");
  sip_test_assert_joined (w.states, "registering, registered, unregistered");

  registration_watch_clear (&w);
  g_clear_object (&registration);
  sip_test_user_agent_finish (g_steal_pointer (&ua));
}

/* A network monitor the test can make say the network changed (GIO's
 * own watches the machine's real interfaces). */
typedef struct
{
  GObject parent_instance;
} TestNetworkMonitor;

typedef struct
{
  GObjectClass parent_class;
} TestNetworkMonitorClass;

GType test_network_monitor_get_type (void);
static void test_network_monitor_iface_init (GNetworkMonitorInterface *iface);
static void test_network_monitor_initable_init (GInitableIface *iface);

G_DEFINE_TYPE_WITH_CODE (TestNetworkMonitor, test_network_monitor, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_network_monitor_initable_init)
                         G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_network_monitor_iface_init))

enum { MONITOR_PROP_0, MONITOR_PROP_AVAILABLE, MONITOR_PROP_METERED, MONITOR_PROP_CONNECTIVITY };

static void
test_network_monitor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, TRUE);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, G_NETWORK_CONNECTIVITY_FULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_network_monitor_class_init (TestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_network_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_network_monitor_init (TestNetworkMonitor *self)
{
}

static void
test_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

static gboolean
test_network_monitor_initable_init_cb (GInitable     *initable,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  return TRUE;
}

static void
test_network_monitor_initable_init (GInitableIface *iface)
{
  iface->init = test_network_monitor_initable_init_cb;
}

/* A REGISTER that fails (503) is sent again after the retry delay; a
 * network change renews the binding at once; removal at the end. */
static void
test_register_retry_and_network_change (void)
{
  g_autoptr(SipUserAgent) ua = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Sipp) sipp = NULL;
  g_autoptr(SipRegistration) registration = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GObject) monitor = g_object_new (test_network_monitor_get_type (), NULL);
  g_autofree char *registrar = NULL;
  RegistrationWatch w;

  if (!have_sipp ())
    return;

  ua = sip_test_user_agent_new_with ("alice", "network-monitor", monitor, NULL);
  g_assert_true (sip_user_agent_get_network_monitor (ua) == G_NETWORK_MONITOR (monitor));
  sipp = sipp_start ("uas-register-retry.xml", 1, NULL, NULL);
  registrar = g_strdup_printf ("sip:127.0.0.1:%u", sipp->port);
  sipp_wait_listening (sipp);

  registration = sip_user_agent_create_registration (ua, registrar, &error);
  g_assert_no_error (error);
  sip_registration_set_retry_interval (registration, 2);
  registration_watch (registration, &w);

  /* The first answer is the 503: the operation fails, the registration
   * goes on trying by itself. */
  sip_registration_register_async (registration, NULL, async_done_cb, &result);
  sipp_wait_until (sipp, result != NULL);
  g_assert_false (sip_registration_register_finish (registration, result, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_FAILED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpint (sip_registration_get_state (registration), ==, SIP_REGISTRATION_STATE_FAILED);

  sipp_wait_until (sipp, sip_registration_get_state (registration) ==
                         SIP_REGISTRATION_STATE_REGISTERED);
  g_assert_cmpuint (sip_registration_get_granted_expires (registration), ==, 3600);

  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  sipp_wait_until (sipp, w.events->len == 3);

  sip_registration_unregister_async (registration, FALSE, NULL, async_done_cb, &result);
  sipp_wait_until (sipp, result != NULL);
  g_assert_true (sip_registration_unregister_finish (registration, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sipp_wait (sipp), ==, 0);

  sip_test_assert_joined (w.events, "failed 503 sip-failure-code, registered 200, registered 200, unregistered 200");
  sip_test_assert_joined (w.states, "registering, failed, registering, registered, unregistered");

  registration_watch_clear (&w);
  g_clear_object (&registration);
  sip_test_user_agent_finish (g_steal_pointer (&ua));
}

static void
test_register_not_running (void)
{
  g_autoptr(SipUserAgent) ua = sip_user_agent_new ("sip:alice@example.org");
  g_autoptr(SipRegistration) registration = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  registration = sip_user_agent_create_registration (ua, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sip_registration_get_registrar (registration), ==, "sip:example.org");
  g_assert_true (sip_registration_get_user_agent (registration) == ua);

  sip_registration_register_async (registration, NULL, async_done_cb, &result);
  sip_test_wait_until (result != NULL, WAIT_MS);
  g_assert_false (sip_registration_register_finish (registration, result, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);

  g_assert_null (sip_user_agent_create_registration (ua, "not a uri", &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sip_user_agent_create_registration (ua, "sip:a@b\r\nX: y", &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
}

/* }}} */
/* {{{ Bad input */

static void
test_bad_credentials (void)
{
  g_autoptr(SipUserAgent) ua = sip_user_agent_new ("sip:alice@127.0.0.1");
  const char *bad[] = { "", "a\r\nb", "a\tb", "a\x7f", "\xff" };
  const char *good[] = { "a:b", "a\"b", "a\\b", "a%b ü" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (sip_user_agent_set_credentials (ua, NULL, bad[i], "x", &error));
      g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (sip_user_agent_set_credentials (ua, NULL, good[i], "x", &error));
      g_assert_no_error (error);
      g_assert_true (sip_auth_check_username (good[i], &error));
      g_assert_no_error (error);
    }
  g_assert_false (sip_user_agent_set_credentials (ua, NULL, "alice", NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (sip_user_agent_set_credentials (ua, NULL, "alice", "", &error));
  g_assert_no_error (error);
  sip_user_agent_remove_credentials (ua, NULL);
  sip_user_agent_remove_credentials (ua, "never-set");
}

/* }}} */

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

  g_test_add_func ("/auth/message/user-agent-credentials", test_message_user_agent_credentials);
  g_test_add_func ("/auth/message/proxy-signal", test_message_proxy_signal);
  g_test_add_func ("/auth/message/username-characters", test_message_username_characters);
  g_test_add_func ("/auth/message/answer-later", test_message_answer_later);
  g_test_add_func ("/auth/message/no-answer", test_message_no_answer);
  g_test_add_func ("/auth/message/cancel-later", test_message_cancel_later);
  g_test_add_func ("/auth/message/refused-twice", test_message_refused_twice);
  g_test_add_func ("/auth/message/stale-nonce", test_message_stale_nonce);
  g_test_add_func ("/auth/message/no-credentials-in-logs", test_no_credentials_in_logs);
  g_test_add_func ("/auth/invite/proxy", test_invite_proxy);
  g_test_add_func ("/auth/invite/bye-challenged", test_invite_bye_challenged);
  g_test_add_func ("/register/refresh", test_register_refresh);
  g_test_add_func ("/register/423", test_register_423);
  g_test_add_func ("/register/retry-and-network-change", test_register_retry_and_network_change);
  g_test_add_func ("/register/not-running", test_register_not_running);
  g_test_add_func ("/auth/bad-credentials", test_bad_credentials);

  return g_test_run ();
}
