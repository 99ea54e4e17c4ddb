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
      g_assert_true (sip_auth_authenticate (a->pending, USERNAME, PASSWORD, &error));
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
      g_assert_false (sip_auth_authenticate (auth, "bad:name", PASSWORD, &error));
      g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
      g_assert_false (sip_auth_is_answered (auth));
      g_clear_error (&error);
      g_assert_true (sip_auth_authenticate (auth, USERNAME, PASSWORD, &error));
      g_assert_no_error (error);
      /* Once only. */
      g_assert_false (sip_auth_authenticate (auth, USERNAME, PASSWORD, &error));
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

/* Sends a MESSAGE to a sipp UAS running SCENARIO, which checks the
 * digest against PASSWORD; returns sipp's exit status and the events. */
static int
message_to_uas (SipUserAgent  *ua,
                const char    *scenario,
                const char    *password,
                char         **events)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Sipp) sipp = sipp_start_full (scenario, 1, NULL, NULL, sipp_auth_args (password));
  g_autofree char *target = sipp_target (sipp);
  g_autoptr(SipTestRecorder) recorder = NULL;
  g_autoptr(SipMessageClientContext) context = NULL;
  int status;

  sipp_wait_listening (sipp);
  context = sip_user_agent_message (ua, target, "Hello", "text/plain", NULL, &error);
  g_assert_no_error (error);
  recorder = sip_test_recorder_new (SIP_CONTEXT (context));

  sipp_wait_until (sipp, sip_context_is_terminated (SIP_CONTEXT (context)));
  status = sipp_wait (sipp);
  *events = sip_test_recorder_dump (recorder);

  return status;
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

/* }}} */

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

  g_test_add_func ("/auth/message/user-agent-credentials", test_message_user_agent_credentials);

  return g_test_run ();
}
