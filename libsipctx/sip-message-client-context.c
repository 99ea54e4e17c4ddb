/* sip-message-client-context.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-context-private.h"

/**
 * SipMessageClientContext:
 *
 * A MESSAGE this user agent sends: a [class@Sip.ClientContext] with the
 * [iface@Sip.MessageContext] mixin.
 *
 * Created, and already sent, by [method@Sip.UserAgent.message].
 * [signal@Sip.Context::accepted] means the peer took the message.
 */

struct _SipMessageClientContext
{
  SipClientContext parent_instance;
};

static void sip_message_client_context_iface_init (SipMessageContextInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SipMessageClientContext, sip_message_client_context,
                               SIP_TYPE_CLIENT_CONTEXT,
                               G_IMPLEMENT_INTERFACE (SIP_TYPE_MESSAGE_CONTEXT,
                                                      sip_message_client_context_iface_init))

enum {
  PROP_0,
  PROP_FIRST_MESSAGE_PROP,
};

static void
sip_message_client_context_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  if (!sip_message_context_get_property (object, prop_id, PROP_FIRST_MESSAGE_PROP, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
sip_message_client_context_class_init (SipMessageClientContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sip_message_client_context_get_property;

  sip_message_context_install_properties (object_class, PROP_FIRST_MESSAGE_PROP);
}

static void
sip_message_client_context_iface_init (SipMessageContextInterface *iface)
{
}

static void
sip_message_client_context_init (SipMessageClientContext *self)
{
}

SipMessageClientContext *
sip_message_client_context_new (SipUserAgent       *user_agent,
                                const char         *target,
                                const char         *body,
                                const char         *content_type,
                                SipRequestOptions  *options,
                                GError            **error)
{
  g_autoptr(SipMessageClientContext) self = NULL;
  g_autoptr(SipRequestOptions) message_options = sip_request_options_new ();

  /* The body and its type are arguments; everything else comes from the
   * application's options, which are left as they were. */
  if (options)
    sip_options_set_extra_headers (SIP_OPTIONS (message_options),
                                   sip_options_get_extra_headers (SIP_OPTIONS (options)));
  sip_options_set_body_text (SIP_OPTIONS (message_options), body);
  sip_options_set_content_type (SIP_OPTIONS (message_options),
                                content_type ? content_type : "text/plain;charset=UTF-8");

  self = g_object_new (SIP_TYPE_MESSAGE_CLIENT_CONTEXT, NULL);
  if (!sip_client_context_send_request (SIP_CLIENT_CONTEXT (self), user_agent, "MESSAGE",
                                        target, message_options, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}
