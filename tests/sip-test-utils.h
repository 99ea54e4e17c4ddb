/* sip-test-utils.h: helpers shared by the C tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sipctx.h>

G_BEGIN_DECLS

/* g_test_init with the options every test uses. */
void          sip_test_init               (int    *argc,
                                           char ***argv);

/* Runs one iteration of the thread-default main context (the global
 * default one on the main thread), waking up at least
 * every 50 ms so that conditions on the clock are seen. */
void          sip_test_iterate            (void);

/* Spins the main context until COND holds; fails the test after
 * TIMEOUT_MS (a generous bound: tests must not depend on speed). */
#define sip_test_wait_until(cond, timeout_ms) \
  G_STMT_START { \
    gint64 _sip_deadline = g_get_monotonic_time () + (gint64) (timeout_ms) * 1000; \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > _sip_deadline) \
          g_error ("%s:%d: timed out after %d ms waiting for %s", \
                   __FILE__, __LINE__, (int) (timeout_ms), #cond); \
        sip_test_iterate (); \
      } \
  } G_STMT_END

/* Spins the main context for MS milliseconds. */
void          sip_test_spin               (guint ms);

/* A started user agent on 127.0.0.1 with a free port. */
SipUserAgent *sip_test_user_agent_new     (const char *user);
/* The same, with properties set before it starts (NULL-terminated). */
SipUserAgent *sip_test_user_agent_new_with (const char *user,
                                            const char *first_property,
                                            ...) G_GNUC_NULL_TERMINATED;

/* The URI of USER at the contact address of UA. */
char         *sip_test_user_agent_uri     (SipUserAgent *ua,
                                           const char   *user);

/* Stops UA and waits until it has stopped. */
void          sip_test_user_agent_stop    (SipUserAgent *ua);

/* Stops UA, drops the caller's reference and asserts that it was the last
 * one: nothing leaked, no cycle left. */
void          sip_test_user_agent_finish  (SipUserAgent *ua);

/* Records every signal a context emits, in order, as text such as
 * "progress 180", "accepted 200", "rejected 486 busy", "failed 0
 * request-timeout", "terminated none". */
typedef struct
{
  GPtrArray  *events;
  SipContext *context;   /* weak */
  guint       n_terminated;
} SipTestRecorder;

/* The strings of STRINGS joined with ", ". */
char            *sip_test_join            (GPtrArray       *strings);
#define sip_test_assert_joined(strings, expected) \
  G_STMT_START { \
    g_autofree char *_joined = sip_test_join (strings); \
    g_assert_cmpstr (_joined, ==, (expected)); \
  } G_STMT_END

SipTestRecorder *sip_test_recorder_new    (SipContext      *context);
void             sip_test_recorder_free   (SipTestRecorder *recorder);
char            *sip_test_recorder_dump   (SipTestRecorder *recorder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SipTestRecorder, sip_test_recorder_free)

/* Asserts the recorded events, joined with ", ". */
#define sip_test_recorder_assert(recorder, expected) \
  G_STMT_START { \
    g_autofree char *_dump = sip_test_recorder_dump (recorder); \
    g_assert_cmpstr (_dump, ==, (expected)); \
  } G_STMT_END

const char   *sip_test_cause_nick         (SipCause cause);
const char   *sip_test_state_nick         (SipContextState state);

/* A free UDP+TCP port on 127.0.0.1 (for peers we start ourselves). */
guint16       sip_test_free_port          (void);

/* Starts an external program; the test kills it by its PID in teardown
 * (sip_test_process_stop). */
GSubprocess  *sip_test_process_start      (GError           **error,
                                           const char        *argv0,
                                           ...) G_GNUC_NULL_TERMINATED;
/* Waits for the process to exit by itself within TIMEOUT_MS while
 * spinning the main context; returns its exit status, or -1 if it did not
 * exit (it is then killed). */
int           sip_test_process_wait       (GSubprocess *process,
                                           guint        timeout_ms);
void          sip_test_process_stop       (GSubprocess *process);

/* Whether PROGRAM is installed (on PATH or in /usr/sbin); if not, marks
 * the test skipped, naming the Debian PACKAGE that has it. */
gboolean      sip_test_have_program       (const char *program,
                                           const char *package);

/* Removes the directory PATH and everything in it. */
void          sip_test_remove_tree        (const char *path);

G_END_DECLS
