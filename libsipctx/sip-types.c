/* sip-types.c: status codes and causes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sipctx.h"

#include <sofia-sip/sip_status.h>

/**
 * sip_cause_from_status:
 * @status: a SIP status code
 *
 * Maps a final status code to the [enum@Sip.Cause] SIP.js would report for
 * it: 486 and 600 are busy, 3xx redirected, 401 and 407 an authentication
 * error, and so on. Codes below 300 give %SIP_CAUSE_NONE.
 *
 * Returns: the cause for @status
 */
SipCause
sip_cause_from_status (guint status)
{
  if (status < 300)
    return SIP_CAUSE_NONE;
  if (status < 400)
    return SIP_CAUSE_REDIRECTED;

  switch (status)
    {
    case 401:
    case 407:
      return SIP_CAUSE_AUTHENTICATION_ERROR;
    case 403:
    case 603:
      return SIP_CAUSE_REJECTED;
    case 404:
    case 604:
      return SIP_CAUSE_NOT_FOUND;
    case 408:
    case 410:
    case 430:
    case 480:
      return SIP_CAUSE_UNAVAILABLE;
    case 484:
      return SIP_CAUSE_ADDRESS_INCOMPLETE;
    case 486:
    case 600:
      return SIP_CAUSE_BUSY;
    case 487:
      return SIP_CAUSE_CANCELED;
    case 488:
    case 606:
      return SIP_CAUSE_INCOMPATIBLE_SDP;
    default:
      return SIP_CAUSE_SIP_FAILURE_CODE;
    }
}

/**
 * sip_get_reason_phrase:
 * @status: a SIP status code
 *
 * Returns the standard reason phrase for @status, such as "Ringing" for 180
 * or "Temporarily Unavailable" for 480. This is the reason phrase a server
 * context uses when the application gives none.
 *
 * Returns: the reason phrase, or the empty string for a code with no
 *   standard phrase
 */
const char *
sip_get_reason_phrase (guint status)
{
  const char *phrase = NULL;

  if (status >= 100 && status <= 699)
    phrase = sip_status_phrase ((int) status);

  return phrase ? phrase : "";
}
