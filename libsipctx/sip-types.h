/* sip-types.h: enumerations shared by every context
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <glib-object.h>

#include "sip-version.h"

G_BEGIN_DECLS

/**
 * SipContextState:
 * @SIP_CONTEXT_STATE_INITIAL: created; nothing has been sent or answered yet
 * @SIP_CONTEXT_STATE_SENT: client side: the request is on its way and no
 *   response has arrived yet (for a call: calling)
 * @SIP_CONTEXT_STATE_RECEIVED: server side: the request arrived and has not
 *   been answered yet (for a call: incoming)
 * @SIP_CONTEXT_STATE_PROCEEDING: a provisional (1xx) response was received or
 *   sent
 * @SIP_CONTEXT_STATE_EARLY: a provisional response created an early dialog
 *   with a session description (early media)
 * @SIP_CONTEXT_STATE_ACCEPTED: a successful (2xx) final response was received
 *   or sent (for a call: answered, waiting for the ACK)
 * @SIP_CONTEXT_STATE_ESTABLISHED: the session the request created is
 *   established (calls only)
 * @SIP_CONTEXT_STATE_TERMINATING: the context is ending (a BYE or CANCEL is
 *   on its way) and will be terminated soon
 * @SIP_CONTEXT_STATE_TERMINATED: the context is over; [signal@Sip.Context::terminated]
 *   has been emitted and no further signal will follow
 *
 * The states of a [class@Sip.Context].
 *
 * A context only ever moves forward through these states, and every state
 * change is notified through [property@Sip.Context:state]. Message contexts
 * use the subset initial, sent or received, proceeding, accepted and
 * terminated.
 */
typedef enum {
  SIP_CONTEXT_STATE_INITIAL,
  SIP_CONTEXT_STATE_SENT,
  SIP_CONTEXT_STATE_RECEIVED,
  SIP_CONTEXT_STATE_PROCEEDING,
  SIP_CONTEXT_STATE_EARLY,
  SIP_CONTEXT_STATE_ACCEPTED,
  SIP_CONTEXT_STATE_ESTABLISHED,
  SIP_CONTEXT_STATE_TERMINATING,
  SIP_CONTEXT_STATE_TERMINATED,
} SipContextState;

/**
 * SipCause:
 * @SIP_CAUSE_NONE: no failure: the request succeeded, or the context has not
 *   ended yet
 * @SIP_CAUSE_BYE: the session ended normally with a BYE
 * @SIP_CAUSE_CANCELED: the request was canceled
 * @SIP_CAUSE_BUSY: the peer is busy (486, 600)
 * @SIP_CAUSE_REJECTED: the peer declined the request (403, 603)
 * @SIP_CAUSE_REDIRECTED: the request was redirected (3xx)
 * @SIP_CAUSE_UNAVAILABLE: the peer is not available (408, 410, 430, 480)
 * @SIP_CAUSE_NOT_FOUND: the target does not exist (404, 604)
 * @SIP_CAUSE_ADDRESS_INCOMPLETE: the target address is incomplete (484)
 * @SIP_CAUSE_INCOMPATIBLE_SDP: no acceptable session description (488, 606)
 * @SIP_CAUSE_AUTHENTICATION_ERROR: authentication failed (401, 407)
 * @SIP_CAUSE_SIP_FAILURE_CODE: any other failure status code
 * @SIP_CAUSE_REQUEST_TIMEOUT: no response arrived in time
 * @SIP_CAUSE_CONNECTION_ERROR: the request could not be delivered (transport
 *   error)
 * @SIP_CAUSE_INTERNAL_ERROR: an internal error in the SIP stack
 * @SIP_CAUSE_NO_ANSWER: the call was not answered in time
 * @SIP_CAUSE_NO_ACK: the ACK for an answered call never arrived
 * @SIP_CAUSE_EXPIRES: the request expired before it was answered
 * @SIP_CAUSE_DIALOG_ERROR: the dialog failed (408 or 481 inside it)
 * @SIP_CAUSE_BAD_MEDIA_DESCRIPTION: the session description was malformed
 * @SIP_CAUSE_SESSION_TIMER_EXPIRED: a session refresh failed or never came
 * @SIP_CAUSE_TLS_ERROR: a TLS connection could not be set up: the server's
 *   certificate is not trusted or not valid for its host name, or the
 *   handshake failed
 * @SIP_CAUSE_STOPPED: the user agent stopped, or the application let go of
 *   a server context without answering it
 *
 * Why a context failed or terminated, modelled on the causes of SIP.js.
 *
 * [func@Sip.Cause.from_status] maps a final status code to its cause.
 */
typedef enum {
  SIP_CAUSE_NONE,
  SIP_CAUSE_BYE,
  SIP_CAUSE_CANCELED,
  SIP_CAUSE_BUSY,
  SIP_CAUSE_REJECTED,
  SIP_CAUSE_REDIRECTED,
  SIP_CAUSE_UNAVAILABLE,
  SIP_CAUSE_NOT_FOUND,
  SIP_CAUSE_ADDRESS_INCOMPLETE,
  SIP_CAUSE_INCOMPATIBLE_SDP,
  SIP_CAUSE_AUTHENTICATION_ERROR,
  SIP_CAUSE_SIP_FAILURE_CODE,
  SIP_CAUSE_REQUEST_TIMEOUT,
  SIP_CAUSE_CONNECTION_ERROR,
  SIP_CAUSE_INTERNAL_ERROR,
  SIP_CAUSE_NO_ANSWER,
  SIP_CAUSE_NO_ACK,
  SIP_CAUSE_EXPIRES,
  SIP_CAUSE_DIALOG_ERROR,
  SIP_CAUSE_BAD_MEDIA_DESCRIPTION,
  SIP_CAUSE_SESSION_TIMER_EXPIRED,
  SIP_CAUSE_STOPPED,
  SIP_CAUSE_TLS_ERROR,
} SipCause;

SIP_AVAILABLE_IN_ALL
SipCause     sip_cause_from_status (guint status);

SIP_AVAILABLE_IN_ALL
const char  *sip_get_reason_phrase (guint status);

/**
 * SipRegistrationState:
 * @SIP_REGISTRATION_STATE_UNREGISTERED: not registered: never, or no more
 * @SIP_REGISTRATION_STATE_REGISTERING: a REGISTER is under way and the
 *   registrar has not accepted a binding yet
 * @SIP_REGISTRATION_STATE_REGISTERED: the registrar holds a binding; it is
 *   refreshed before it expires
 * @SIP_REGISTRATION_STATE_FAILED: the last REGISTER failed; it is retried
 *   later unless the failure needs the user (wrong credentials, unknown
 *   user)
 *
 * The state of a [class@Sip.Registration].
 */
typedef enum {
  SIP_REGISTRATION_STATE_UNREGISTERED,
  SIP_REGISTRATION_STATE_REGISTERING,
  SIP_REGISTRATION_STATE_REGISTERED,
  SIP_REGISTRATION_STATE_FAILED,
} SipRegistrationState;

G_END_DECLS
