/* sip-client-context.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-context-private.h"
#include "sip-convert-private.h"
#include "sip-message-private.h"
#include "sip-sofia-private.h"
#include "sip-i18n-private.h"

#include <string.h>

/**
 * SipClientContext:
 *
 * A context for a request this user agent sends.
 *
 * A client context sends its request once it is created (by
 * [method@Sip.UserAgent.request] or [method@Sip.UserAgent.message]),
 * follows it through the responses and reports them with the signals of
 * [class@Sip.Context]. The signals are emitted from the main loop, never
 * before the factory has returned, so there is always time to connect to
 * them.
 *
 * A plain `SipClientContext` carries requests with no behaviour of their
 * own, such as OPTIONS; [class@Sip.MessageClientContext] adds the MESSAGE
 * mixin.
 */

typedef struct
{
  char *target;
} SipClientContextPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SipClientContext, sip_client_context, SIP_TYPE_CONTEXT)

enum {
  PROP_0,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* Methods with a context type, a dialog or an object of their own; they
 * cannot be sent as a plain request. */
static const char * const dedicated_methods[] = {
  "INVITE", "ACK", "CANCEL", "BYE", "PRACK", "UPDATE", "REGISTER",
  "SUBSCRIBE", "REFER", NULL
};

/* A failure the stack reported without a response from the peer. */
void
sip_client_context_fail_locally (SipClientContext *client,
                                 int               status)
{
  sip_context_fail (SIP_CONTEXT (client), 0, NULL,
                    sip_stack_local_failure_cause (status, NULL));
}

static void
client_handle_event (SipContext     *self,
                     const SipEvent *ev)
{
  g_autoptr(SipResponse) response = NULL;

  switch (ev->event)
    {
    case nua_r_message:
    case nua_r_options:
    case nua_r_method:
    case nua_r_info:
      break;
    default:
      return;
    }

  /* A failure the stack made up locally is no response from the peer. */
  if (sip_sofia_is_local_failure (ev->status, ev->sip))
    {
      if (ev->status >= 200)
        sip_client_context_fail_locally (SIP_CLIENT_CONTEXT (self), ev->status);
      return;
    }

  response = sip_convert_event_response (ev);

  if (ev->status < 200)
    sip_context_emit_progress (self, ev->status, response);
  else if (ev->status < 300)
    {
      sip_context_emit_accepted (self, ev->status, response);
      sip_context_terminate (self, SIP_CAUSE_NONE);
    }
  else
    sip_context_fail (self, ev->status, response, sip_cause_from_status (ev->status));
}

static void
client_stop (SipContext *self)
{
  /* failed belongs to a request that never succeeded; an answered call
   * only terminates. */
  if (sip_context_get_state (self) < SIP_CONTEXT_STATE_ACCEPTED)
    sip_context_fail (self, 0, NULL, SIP_CAUSE_STOPPED);
}

static void
sip_client_context_finalize (GObject *object)
{
  SipClientContextPrivate *priv =
    sip_client_context_get_instance_private (SIP_CLIENT_CONTEXT (object));

  g_free (priv->target);

  G_OBJECT_CLASS (sip_client_context_parent_class)->finalize (object);
}

static void
sip_client_context_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SipClientContext *self = SIP_CLIENT_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_TARGET:
      g_value_set_string (value, sip_client_context_get_target (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_client_context_class_init (SipClientContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SipContextVTable *vtable = sip_context_class_get_vtable (klass);

  object_class->finalize = sip_client_context_finalize;
  object_class->get_property = sip_client_context_get_property;

  vtable->handle_event = client_handle_event;
  vtable->stop = client_stop;

  /**
   * SipClientContext:target:
   *
   * The URI the request is sent to.
   */
  props[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sip_client_context_init (SipClientContext *self)
{
}

static SipRequest *
request_snapshot (SipUserAgent      *user_agent,
                  const char        *method,
                  const char        *target,
                  const char        *call_id,
                  SipNameAddr       *to,
                  SipRequestOptions *options,
                  const char        *default_content_type)
{
  SipRequest *request = sip_request_new_internal (method, target);
  SipMessageData *data = sip_message_get_data (SIP_MESSAGE (request));

  data->call_id = g_strdup (call_id);
  data->from = sip_name_addr_ref (sip_user_agent_get_identity (user_agent));
  data->to = sip_name_addr_ref (to);

  sip_message_add_options (SIP_MESSAGE (request), SIP_OPTIONS (options), default_content_type);

  return request;
}

static gboolean
check_method (const char  *method,
              GError     **error)
{
  if (!sip_convert_check_token (method, NC_("checked item", "method"), error))
    return FALSE;

  for (guint i = 0; dedicated_methods[i]; i++)
    if (g_ascii_strcasecmp (method, dedicated_methods[i]) == 0)
      {
        g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                     /* Translators: %s is a SIP method, such as INVITE */
                     _("%s cannot be sent as a plain request"), method);
        return FALSE;
      }

  return TRUE;
}

/* Sends the request of a freshly created context. On error nothing was
 * sent and the context is left untouched. */
gboolean
sip_client_context_send_request (SipClientContext  *self,
                                 SipUserAgent      *user_agent,
                                 const char        *method,
                                 const char        *target,
                                 SipRequestOptions *options,
                                 const char        *default_content_type,
                                 GError           **error)
{
  return sip_client_context_send_request_tagged (self, user_agent, method, target,
                                                 options, default_content_type,
                                                 NULL, error);
}

gboolean
sip_client_context_send_request_tagged (SipClientContext  *self,
                                        SipUserAgent      *user_agent,
                                        const char        *method,
                                        const char        *target,
                                        SipRequestOptions *options,
                                        const char        *default_content_type,
                                        const tagi_t      *extra,
                                        GError           **error)
{
  gboolean invite = g_ascii_strcasecmp (method, "INVITE") == 0;
  SipClientContextPrivate *priv = sip_client_context_get_instance_private (self);
  su_home_t home[1] = { SU_HOME_INIT (home) };
  g_autoptr(SipNameAddr) to = NULL;
  g_autoptr(SipRequest) request = NULL;
  g_autofree char *from = NULL;
  sip_call_id_t *call_id;
  nua_handle_t *nh;
  tagi_t *tags;
  nua_t *nua;

  if (!sip_user_agent_is_running (user_agent))
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                           _("The user agent is not running"));
      return FALSE;
    }

  to = sip_name_addr_new (NULL, target, error);
  if (to == NULL || !sip_convert_check_options (SIP_OPTIONS (options), error))
    return FALSE;

  nua = sip_stack_get_nua (sip_user_agent_get_stack (user_agent));
  call_id = sip_call_id_create (home, NULL);
  request = request_snapshot (user_agent, method, target, call_id->i_id, to,
                              options, default_content_type);

  priv->target = g_strdup (target);
  sip_context_setup (SIP_CONTEXT (self), user_agent, request,
                     sip_user_agent_get_identity (user_agent), to);

  from = sip_convert_from_with_tag (sip_user_agent_get_display_name (user_agent),
                                    sip_user_agent_get_aor (user_agent));
  nh = nua_handle (nua, NULL,
                   NUTAG_URL (target),
                   SIPTAG_TO_STR (target),
                   SIPTAG_FROM_STR (from),
                   SIPTAG_CALL_ID (call_id),
                   TAG_END ());
  sip_context_bind_handle (SIP_CONTEXT (self), nh);

  tags = sip_convert_options_to_tags_full (home, SIP_OPTIONS (options),
                                           default_content_type, !invite, extra);
  if (invite)
    nua_invite (nh, TAG_NEXT (tags));
  else if (g_ascii_strcasecmp (method, "MESSAGE") == 0)
    nua_message (nh, TAG_NEXT (tags));
  else if (g_ascii_strcasecmp (method, "OPTIONS") == 0)
    nua_options (nh, TAG_NEXT (tags));
  else if (g_ascii_strcasecmp (method, "INFO") == 0)
    nua_info (nh, TAG_NEXT (tags));
  else
    nua_method (nh, NUTAG_METHOD (method), TAG_NEXT (tags));

  su_home_deinit (home);

  sip_context_set_state (SIP_CONTEXT (self), SIP_CONTEXT_STATE_SENT);
  sip_context_track (SIP_CONTEXT (self), user_agent, TRUE);

  return TRUE;
}

SipClientContext *
sip_client_context_new_request (SipUserAgent       *user_agent,
                                const char         *method,
                                const char         *target,
                                SipRequestOptions  *options,
                                GError            **error)
{
  g_autoptr(SipClientContext) self = NULL;
  g_autofree char *upper = NULL;

  if (!check_method (method, error))
    return NULL;

  upper = g_ascii_strup (method, -1);
  self = g_object_new (SIP_TYPE_CLIENT_CONTEXT, NULL);
  if (!sip_client_context_send_request (self, user_agent, upper, target, options, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * sip_client_context_get_target:
 * @self: a client context
 *
 * Gets [property@Sip.ClientContext:target].
 *
 * Returns: the target URI
 */
const char *
sip_client_context_get_target (SipClientContext *self)
{
  SipClientContextPrivate *priv;

  g_return_val_if_fail (SIP_IS_CLIENT_CONTEXT (self), NULL);

  priv = sip_client_context_get_instance_private (self);
  return priv->target;
}
