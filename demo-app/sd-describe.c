/* sd-describe.c: SIP outcomes in words a person understands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sd-describe.h"

/**
 * sd_describe_failure:
 * @status_code: the final status code, or 0 when no response came
 * @reason_phrase: (nullable): the reason phrase of the response
 * @cause: the cause the library reported
 *
 * Returns: (transfer full): why a request failed, for a toast or a
 *   message's delivery state: “404 Not Found” when the peer answered,
 *   else a sentence for the cause
 */
char *
sd_describe_failure (guint       status_code,
                     const char *reason_phrase,
                     SipCause    cause)
{
  if (status_code >= 300)
    {
      if (reason_phrase == NULL || *reason_phrase == '\0')
        reason_phrase = sip_get_reason_phrase (status_code);
      return g_strdup_printf ("%u %s", status_code, reason_phrase ? reason_phrase : "");
    }

  switch (cause)
    {
    case SIP_CAUSE_REQUEST_TIMEOUT:
      return g_strdup (_("No response from the peer"));
    case SIP_CAUSE_CONNECTION_ERROR:
      return g_strdup (_("The peer could not be reached"));
    case SIP_CAUSE_TLS_ERROR:
      return g_strdup (_("The secure connection was refused: the server’s certificate is not trusted"));
    case SIP_CAUSE_AUTHENTICATION_ERROR:
      return g_strdup (_("Authentication failed: check the account’s password"));
    case SIP_CAUSE_STOPPED:
      return g_strdup (_("The line was closed"));
    case SIP_CAUSE_CANCELED:
      return g_strdup (_("Canceled"));
    case SIP_CAUSE_NO_ANSWER:
      return g_strdup (_("No answer"));
    case SIP_CAUSE_NO_ACK:
      return g_strdup (_("The peer did not confirm the answer"));
    case SIP_CAUSE_SESSION_TIMER_EXPIRED:
      return g_strdup (_("The call was lost: the peer stopped refreshing it"));
    case SIP_CAUSE_DIALOG_ERROR:
      return g_strdup (_("The call was lost"));
    case SIP_CAUSE_BAD_MEDIA_DESCRIPTION:
    case SIP_CAUSE_INCOMPATIBLE_SDP:
      return g_strdup (_("No audio format in common with the peer"));
    case SIP_CAUSE_INTERNAL_ERROR:
      return g_strdup (_("Internal error of the SIP stack"));
    case SIP_CAUSE_NONE:
    case SIP_CAUSE_BYE:
    case SIP_CAUSE_BUSY:
    case SIP_CAUSE_REJECTED:
    case SIP_CAUSE_REDIRECTED:
    case SIP_CAUSE_UNAVAILABLE:
    case SIP_CAUSE_NOT_FOUND:
    case SIP_CAUSE_ADDRESS_INCOMPLETE:
    case SIP_CAUSE_SIP_FAILURE_CODE:
    case SIP_CAUSE_EXPIRES:
    default:
      return g_strdup (_("The request failed"));
    }
}

/**
 * sd_describe_call_state:
 * @state: the state of a call
 * @outgoing: whether this side placed it
 * @local_hold: whether this side holds it
 * @remote_hold: whether the peer holds it
 *
 * Returns: (transfer none): the state as the in-call view shows it
 */
const char *
sd_describe_call_state (SipContextState state,
                        gboolean        outgoing,
                        gboolean        local_hold,
                        gboolean        remote_hold)
{
  switch (state)
    {
    case SIP_CONTEXT_STATE_INITIAL:
    case SIP_CONTEXT_STATE_SENT:
      return outgoing ? _("Calling…") : _("Incoming call");
    case SIP_CONTEXT_STATE_RECEIVED:
      return _("Incoming call");
    case SIP_CONTEXT_STATE_PROCEEDING:
    case SIP_CONTEXT_STATE_EARLY:
      return outgoing ? _("Ringing…") : _("Incoming call");
    case SIP_CONTEXT_STATE_ACCEPTED:
      return _("Connecting…");
    case SIP_CONTEXT_STATE_ESTABLISHED:
      if (local_hold)
        return _("On hold");
      if (remote_hold)
        return _("Held by the peer");
      return _("Established");
    case SIP_CONTEXT_STATE_TERMINATING:
      return _("Hanging up…");
    case SIP_CONTEXT_STATE_TERMINATED:
    default:
      return _("Ended");
    }
}
