/* sip-test-sipp.h: SIPp (Debian's sip-tester) as a child process of a test
 *
 * A test starts sipp itself on 127.0.0.1 with a scenario from tests/sipp
 * (or $SIPP_SCENARIOS), lets it talk to a user agent of this library,
 * asserts sipp's exit status (0: every call succeeded, which includes the
 * checks of the scenario) and always stops sipp by its PID. sipp's own
 * deadlines (-timeout with -timeout_error, -m, per-message timeouts) and
 * ours bound the run time; its traces go to a temporary directory, and
 * are shown when sipp fails (or always, with SIPP_DUMP_TRACES=1).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sip-test-utils.h"

G_BEGIN_DECLS

/* sipp quits (with a failure, thanks to -timeout_error) after this. */
#define SIPP_GLOBAL_TIMEOUT "15s"
/* How long the test waits for sipp to exit by itself. */
#define SIPP_WAIT_MS        20000
/* How long the test waits for anything else. */
#define WAIT_MS             20000

typedef struct
{
  GSubprocess *process;
  char        *tmpdir;
  char        *error_file;
  char        *message_file;
  guint16      port;
  int          status;
} Sipp;

/* sip_test_wait_until() for a test that talks to a running sipp. */
#define sipp_wait_until(sipp, cond) \
  G_STMT_START { \
    gint64 _sipp_deadline = g_get_monotonic_time () + (gint64) WAIT_MS * 1000; \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > _sipp_deadline) \
          sipp_abort ((sipp), "%s:%d: timed out after %d ms waiting for %s", \
                      __FILE__, __LINE__, WAIT_MS, #cond); \
        sip_test_iterate (); \
      } \
  } G_STMT_END

gboolean  have_sipp           (void);
Sipp     *sipp_start          (const char         *scenario,
                               guint               calls,
                               const char         *remote,
                               const char         *service);
Sipp     *sipp_start_full     (const char         *scenario,
                               guint               calls,
                               const char         *remote,
                               const char         *service,
                               const char * const *extra_args);
void      sipp_wait_listening (Sipp               *sipp);
int       sipp_wait           (Sipp               *sipp);
void      sipp_free           (Sipp               *sipp);
G_GNUC_NORETURN G_GNUC_PRINTF (2, 3)
void      sipp_abort          (Sipp               *sipp,
                               const char         *format,
                               ...);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sipp, sipp_free)

G_END_DECLS
