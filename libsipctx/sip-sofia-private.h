/* sip-sofia-private.h: the sofia-sip types the private modules share
 *
 * Only the modules that speak sofia-sip include this header. It must never
 * be included by sip-request.c or sip-user-agent.c: sofia-sip defines
 * inline functions named sip_request_init() and sip_user_agent_init(),
 * which are also the GObject instance initialisers of those classes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sofia-sip/su_glib.h>
#include <sofia-sip/su_log.h>
#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_protos.h>
#include <sofia-sip/sip_util.h>
#include <sofia-sip/url.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/msg_mclass.h>

#include "sipctx.h"
#include "sip-stack-private.h"

G_BEGIN_DECLS

/* nta marks the responses it makes up itself (timeouts, transport errors)
 * with this flag in sip_flags; the constant lives in nta_internal.h, which
 * is not installed. */
#define SIP_SOFIA_INTERNAL_MSG (1 << 15)

static inline gboolean
sip_sofia_is_internal (const sip_t *sip)
{
  return sip == NULL || sip->sip_status == NULL ||
         (sip->sip_flags & SIP_SOFIA_INTERNAL_MSG) != 0;
}

/* A failure the stack made up locally (a timeout, a transport error, the
 * 9xx codes of nua) rather than a response of the peer. */
static inline gboolean
sip_sofia_is_local_failure (int          status,
                            const sip_t *sip)
{
  return sip_sofia_is_internal (sip) || status >= 700;
}

/* nua reports a request it sends again by itself (a stale nonce answered
 * from its cache, a 423 answered with Min-Expires, a redirect) as a 100
 * event carrying the response that made it do so: not a response of the
 * peer's to report. */
static inline gboolean
sip_sofia_is_restart (int          status,
                      const sip_t *sip)
{
  return status == 100 && sip != NULL && sip->sip_status != NULL &&
         sip->sip_status->st_status != 100;
}

/* One nua event, valid only while the nua callback runs. */
struct _SipEvent
{
  nua_event_t    event;
  int            status;
  const char    *phrase;
  nua_t         *nua;
  nua_handle_t  *nh;
  const sip_t   *sip;
  tagi_t        *tags;
};

nua_t *sip_stack_get_nua (SipStack *stack);

/* Sends the request of a new client context, with @extra tags after those
 * of @options. INVITE carries its body through soa, not as a payload. */
gboolean sip_client_context_send_request_tagged (SipClientContext  *self,
                                                 SipUserAgent      *user_agent,
                                                 const char        *method,
                                                 const char        *target,
                                                 SipRequestOptions *options,
                                                 const char        *default_content_type,
                                                 const tagi_t      *extra,
                                                 GError           **error);
gboolean sip_server_context_respond_tagged (SipServerContext  *self,
                                            guint              status,
                                            const char        *phrase,
                                            SipReplyOptions   *options,
                                            gboolean           with_body,
                                            const tagi_t      *extra,
                                            GError           **error);

/* The tagi_t item that gives soa a call's description SDP (from
 * sip_session_sdp_from_options()). */
tagi_t sip_session_user_sdp_tag (const char *sdp);

G_END_DECLS
