/* sip-context.h: what every context has
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(_SIPCTX_INSIDE) && !defined(SIPCTX_COMPILATION)
#error "Only <sipctx.h> can be included directly."
#endif

#include <glib-object.h>

#include "sip-version.h"
#include "sip-auth.h"
#include "sip-types.h"
#include "sip-name-addr.h"
#include "sip-request.h"
#include "sip-response.h"

G_BEGIN_DECLS

typedef struct _SipUserAgent SipUserAgent;

#define SIP_TYPE_CONTEXT (sip_context_get_type ())

SIP_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (SipContext, sip_context, SIP, CONTEXT, GObject)

/**
 * SipContextClass:
 * @parent_class: the parent class
 * @progress: default handler of [signal@Sip.Context::progress]
 * @accepted: default handler of [signal@Sip.Context::accepted]
 * @rejected: default handler of [signal@Sip.Context::rejected]
 * @failed: default handler of [signal@Sip.Context::failed]
 * @terminated: default handler of [signal@Sip.Context::terminated]
 * @authenticate: default handler of [signal@Sip.Context::authenticate]
 *
 * The class structure of [class@Sip.Context].
 */

/**
 * SipContextClass::progress:
 * @self: the context
 * @status_code: the status code, between 100 and 199
 * @response: the provisional response
 *
 * Default handler of [signal@Sip.Context::progress].
 */

/**
 * SipContextClass::accepted:
 * @self: the context
 * @status_code: the status code, between 200 and 299
 * @response: the successful final response
 *
 * Default handler of [signal@Sip.Context::accepted].
 */

/**
 * SipContextClass::rejected:
 * @self: the context
 * @status_code: the status code, between 300 and 699
 * @response: the final response
 * @cause: the cause for @status_code
 *
 * Default handler of [signal@Sip.Context::rejected].
 */

/**
 * SipContextClass::terminated:
 * @self: the context
 * @cause: why the context ended; %SIP_CAUSE_NONE after a success
 *
 * Default handler of [signal@Sip.Context::terminated].
 */

/**
 * SipContextClass::state_changed:
 * @self: the context
 * @old_state: the state the context has just left
 *
 * Default handler of [signal@Sip.Context::state-changed].
 */

/**
 * SipContextClass::authenticate:
 * @self: the context
 * @auth: the challenge
 * @retrying: %TRUE if the user agent's credentials for this realm were
 *   just refused
 *
 * Default handler of [signal@Sip.Context::authenticate].
 *
 * Returns: %TRUE if the challenge is being handled
 */

/**
 * SipContextClass::failed:
 * @self: the context
 * @status_code: the status code, or 0 if no response caused the failure
 * @response: (nullable): the final response, or %NULL
 * @cause: why the request failed
 *
 * Default handler of [signal@Sip.Context::failed].
 */
struct _SipContextClass
{
  GObjectClass parent_class;

  void (* progress)   (SipContext  *self,
                       guint        status_code,
                       SipResponse *response);
  void (* accepted)   (SipContext  *self,
                       guint        status_code,
                       SipResponse *response);
  void (* rejected)   (SipContext  *self,
                       guint        status_code,
                       SipResponse *response,
                       SipCause     cause);
  void (* failed)     (SipContext  *self,
                       guint        status_code,
                       SipResponse *response,
                       SipCause     cause);
  void (* terminated) (SipContext  *self,
                       SipCause     cause);
  gboolean (* authenticate) (SipContext *self,
                             SipAuth    *auth,
                             gboolean    retrying);
  void (* state_changed) (SipContext      *self,
                          SipContextState  old_state);

  /*< private >*/
  gpointer padding[10];
};

SIP_AVAILABLE_IN_ALL
SipUserAgent    *sip_context_get_user_agent      (SipContext *self);
SIP_AVAILABLE_IN_ALL
const char      *sip_context_get_method          (SipContext *self);
SIP_AVAILABLE_IN_ALL
SipRequest      *sip_context_get_request         (SipContext *self);
SIP_AVAILABLE_IN_ALL
SipResponse     *sip_context_get_response        (SipContext *self);
SIP_AVAILABLE_IN_ALL
SipNameAddr     *sip_context_get_local_identity  (SipContext *self);
SIP_AVAILABLE_IN_ALL
SipNameAddr     *sip_context_get_remote_identity (SipContext *self);
SIP_AVAILABLE_IN_ALL
SipContextState  sip_context_get_state           (SipContext *self);
SIP_AVAILABLE_IN_ALL
SipCause         sip_context_get_cause           (SipContext *self);
SIP_AVAILABLE_IN_ALL
gboolean         sip_context_is_terminated       (SipContext *self);

G_END_DECLS
