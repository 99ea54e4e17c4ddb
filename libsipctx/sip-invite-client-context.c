/* sip-invite-client-context.c: a call this user agent places
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-invite-private.h"
#include "sip-convert-private.h"
#include "sip-sofia-private.h"
#include "sip-i18n-private.h"

#include <sofia-sip/soa_tag.h>

#include <string.h>

/**
 * SipInviteClientContext:
 *
 * A call this user agent places: a [class@Sip.ClientContext] with the
 * [iface@Sip.InviteContext] mixin.
 *
 * [method@Sip.UserAgent.invite] creates it with the INVITE sent. It reports
 * [signal@Sip.Context::progress] for each provisional response (ringing,
 * early media), [signal@Sip.Context::accepted] when the callee answers, or
 * [signal@Sip.Context::rejected] and [signal@Sip.Context::failed] when the
 * call does not come about. Until the answer, the caller can give up with
 * [method@Sip.InviteClientContext.cancel].
 *
 * The user agent keeps the context alive until it has terminated.
 */

struct _SipInviteClientContext
{
  SipClientContext parent_instance;

  SipSession *session;

  /* A transfer we follow: the handle of the call the REFER came in, and
   * the Event of its implicit subscription, until the final NOTIFY. */
  nua_handle_t *refer_nh;
  char         *refer_event;
};

static void sip_invite_client_context_iface_init (SipInviteContextInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SipInviteClientContext, sip_invite_client_context,
                               SIP_TYPE_CLIENT_CONTEXT,
                               G_IMPLEMENT_INTERFACE (SIP_TYPE_INVITE_CONTEXT,
                                                      sip_invite_client_context_iface_init))

enum {
  PROP_0,
  PROP_FIRST_INVITE_PROP,
};

static SipSession *
get_session (SipInviteContext *self)
{
  return SIP_INVITE_CLIENT_CONTEXT (self)->session;
}

static void
drop_referral (SipInviteClientContext *self)
{
  g_clear_pointer (&self->refer_nh, nua_handle_unref);
  g_clear_pointer (&self->refer_event, g_free);
}

/* Tells the peer that asked for this call how it goes (RFC 3515 2.4.5:
 * NOTIFY with the status line in message/sipfrag). nua can send these
 * itself (NUTAG_NOTIFY_REFER), but it reports every failure as 503; the
 * transferor should see the real one, e.g. 486 Busy Here. */
static void
notify_referral (SipInviteClientContext *self,
                 const SipEvent         *event)
{
  guint status = event->status;
  const char *phrase = event->phrase ? event->phrase : "";
  g_autofree char *sipfrag = NULL;

  if (self->refer_nh == NULL || event->event != nua_r_invite || status <= 100)
    return;

  /* Our own failures (timeout, transport, >= 700) as the network's. */
  if (sip_sofia_is_local_failure (status, event->sip))
    status = 503, phrase = "Service Unavailable";
  sipfrag = g_strdup_printf ("SIP/2.0 %03u %s\r\n", status, phrase);

  nua_notify (self->refer_nh,
              SIPTAG_EVENT_STR (self->refer_event),
              SIPTAG_SUBSCRIPTION_STATE_STR (status < 200 ? "active" : "terminated;reason=noresource"),
              SIPTAG_CONTENT_TYPE_STR ("message/sipfrag"),
              SIPTAG_PAYLOAD_STR (sipfrag),
              TAG_END ());

  if (status >= 200)
    drop_referral (self);
}

static void
invite_client_handle_event (SipContext     *self,
                            const SipEvent *event)
{
  notify_referral (SIP_INVITE_CLIENT_CONTEXT (self), event);
  sip_session_handle_event (SIP_INVITE_CLIENT_CONTEXT (self)->session, event);
}

static void
invite_client_release (SipContext *self)
{
  drop_referral (SIP_INVITE_CLIENT_CONTEXT (self));
  sip_session_release (SIP_INVITE_CLIENT_CONTEXT (self)->session);
}

static void
sip_invite_client_context_finalize (GObject *object)
{
  SipInviteClientContext *self = SIP_INVITE_CLIENT_CONTEXT (object);

  g_clear_pointer (&self->session, sip_session_free);
  drop_referral (self);

  G_OBJECT_CLASS (sip_invite_client_context_parent_class)->finalize (object);
}

static void
sip_invite_client_context_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  if (!sip_invite_context_get_property (object, prop_id, PROP_FIRST_INVITE_PROP, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
sip_invite_client_context_class_init (SipInviteClientContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SipContextVTable *vtable = sip_context_class_get_vtable (klass);

  object_class->finalize = sip_invite_client_context_finalize;
  object_class->get_property = sip_invite_client_context_get_property;

  vtable->handle_event = invite_client_handle_event;
  /* stop is the client context's: the handle destroyed after it makes
   * nua send the CANCEL (not answered yet) or the BYE (answered). */
  vtable->release = invite_client_release;

  sip_invite_context_install_properties (object_class, PROP_FIRST_INVITE_PROP);
}

static void
sip_invite_client_context_iface_init (SipInviteContextInterface *iface)
{
  iface->get_session = get_session;
}

static void
sip_invite_client_context_init (SipInviteClientContext *self)
{
  self->session = sip_session_new (SIP_CONTEXT (self), TRUE);
}

SipInviteClientContext *
sip_invite_client_context_new (SipUserAgent       *user_agent,
                               const char         *target,
                               SipRequestOptions  *options,
                               SipSession         *refer_from,
                               const char         *refer_event,
                               const char         *referred_by,
                               const char         *replaces,
                               GError            **error)
{
  g_autoptr(SipInviteClientContext) self = NULL;
  g_autofree char *sdp = NULL;
  nua_handle_t *refer_nh = NULL;

  if (!sip_session_check_sdp_options (SIP_OPTIONS (options), error))
    return NULL;
  if ((replaces && strpbrk (replaces, "\r\n") != NULL) ||
      (referred_by && strpbrk (referred_by, "\r\n") != NULL))
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                           _("The transfer request contains a line break"));
      return NULL;
    }

  if (refer_from)
    refer_nh = sip_context_get_handle (SIP_CONTEXT (sip_session_get_owner (refer_from)));

  sdp = sip_session_sdp_from_options (SIP_OPTIONS (options));
  self = g_object_new (SIP_TYPE_INVITE_CLIENT_CONTEXT, NULL);

  {
    const tagi_t extra[] = {
      { NUTAG_MEDIA_ENABLE (1) },
      sip_session_user_sdp_tag (sdp),
      { SOATAG_RTP_SORT (SOA_RTP_SORT_REMOTE) },
      { SOATAG_RTP_SELECT (SOA_RTP_SELECT_COMMON) },
      { TAG_IF (replaces != NULL, SIPTAG_REPLACES_STR (replaces)) },
      { TAG_IF (referred_by != NULL, SIPTAG_REFERRED_BY_STR (referred_by)) },
      { TAG_END () },
    };

    if (!sip_client_context_send_request_tagged (SIP_CLIENT_CONTEXT (self), user_agent,
                                                 "INVITE", target, options,
                                                 "application/sdp", extra, error))
      return NULL;
  }

  if (refer_nh != NULL && refer_event != NULL)
    {
      self->refer_nh = nua_handle_ref (refer_nh);
      self->refer_event = g_strdup (refer_event);
    }

  sip_session_take_reinvites (self->session);

  sip_user_agent_add_call (user_agent, SIP_INVITE_CONTEXT (self));

  return g_steal_pointer (&self);
}

/**
 * sip_invite_client_context_cancel:
 * @self: a call not answered yet
 * @options: (nullable): extra headers for the CANCEL, such as `Reason`
 * @error: return location for an error
 *
 * Gives up on the call before it is answered (CANCEL). The state becomes
 * %SIP_CONTEXT_STATE_TERMINATING; when the callee confirms with 487,
 * [signal@Sip.Context::rejected], [signal@Sip.Context::failed] and
 * [signal@Sip.Context::terminated] follow with %SIP_CAUSE_CANCELED. If the
 * callee's 200 crosses the CANCEL, the call is acknowledged and hung up
 * with BYE at once, and ends with %SIP_CAUSE_CANCELED too.
 *
 * Fails with %SIP_ERROR_INVALID_STATE once the call was answered, was
 * cancelled already, or has terminated.
 *
 * Returns: %TRUE if the CANCEL was sent
 */
gboolean
sip_invite_client_context_cancel (SipInviteClientContext  *self,
                                  SipRequestOptions       *options,
                                  GError                 **error)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  SipContextState state;

  g_return_val_if_fail (SIP_IS_INVITE_CLIENT_CONTEXT (self), FALSE);
  g_return_val_if_fail (options == NULL || SIP_IS_REQUEST_OPTIONS (options), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  state = sip_context_get_state (SIP_CONTEXT (self));
  if (state >= SIP_CONTEXT_STATE_ACCEPTED || sip_session_is_canceled (self->session))
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                           state == SIP_CONTEXT_STATE_TERMINATED ? _("Cannot cancel: the call has terminated")
                           : sip_session_is_canceled (self->session) ? _("Cannot cancel: the call was cancelled already")
                           : _("Cannot cancel: the call was answered; hang up with BYE"));
      return FALSE;
    }
  if (!sip_convert_check_options (SIP_OPTIONS (options), error))
    return FALSE;

  sip_session_set_canceled (self->session);
  nua_cancel (sip_context_get_handle (SIP_CONTEXT (self)),
              TAG_NEXT (sip_convert_options_to_tags (home, SIP_OPTIONS (options), NULL)));
  su_home_deinit (home);
  sip_context_set_state (SIP_CONTEXT (self), SIP_CONTEXT_STATE_TERMINATING);

  return TRUE;
}
