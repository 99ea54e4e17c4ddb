/* sip-error.h: the SIP_ERROR domain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <glib.h>

#include "sip-version.h"

G_BEGIN_DECLS

/**
 * SIP_ERROR:
 *
 * The error domain of libsipctx. Errors in this domain are from the
 * [error@Sip.Error] enumeration.
 */
#define SIP_ERROR (sip_error_quark ())

/**
 * SipError:
 * @SIP_ERROR_FAILED: a failure with no more specific code
 * @SIP_ERROR_INVALID_ARGUMENT: an argument was invalid: a malformed URI or
 *   header, an out-of-range status code, a bad option
 * @SIP_ERROR_INVALID_STATE: the operation is not legal in the current state
 *   of the object; nothing was sent
 * @SIP_ERROR_TRANSPORT: a transport could not be bound or used
 * @SIP_ERROR_TIMEOUT: an operation timed out
 * @SIP_ERROR_AUTHENTICATION: authentication failed
 * @SIP_ERROR_CANCELLED: the operation was cancelled
 * @SIP_ERROR_TLS: a TLS connection could not be set up (see
 *   %SIP_CAUSE_TLS_ERROR)
 *
 * Error codes of the `SIP_ERROR` domain, whose quark is
 * [func@Sip.Error.quark].
 */
typedef enum {
  SIP_ERROR_FAILED,
  SIP_ERROR_INVALID_ARGUMENT,
  SIP_ERROR_INVALID_STATE,
  SIP_ERROR_TRANSPORT,
  SIP_ERROR_TIMEOUT,
  SIP_ERROR_AUTHENTICATION,
  SIP_ERROR_CANCELLED,
  SIP_ERROR_TLS,
} SipError;

SIP_AVAILABLE_IN_ALL
GQuark sip_error_quark (void);

G_END_DECLS
