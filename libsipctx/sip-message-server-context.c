/* sip-message-server-context.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-context-private.h"
#include "sip-sofia-private.h"
#include "sip-convert-private.h"

/**
 * SipMessageServerContext:
 *
 * A MESSAGE this user agent received: a [class@Sip.ServerContext] with the
 * [iface@Sip.MessageContext] mixin.
 *
 * Announced by [signal@Sip.UserAgent::message]. The message is not
 * answered until the application calls [method@Sip.ServerContext.accept]
 * or [method@Sip.ServerContext.reject]; if it lets go of the context
 * without either, the sender gets 480.
 */

struct _SipMessageServerContext
{
  SipServerContext parent_instance;
};

static void sip_message_server_context_iface_init (SipMessageContextInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SipMessageServerContext, sip_message_server_context,
                               SIP_TYPE_SERVER_CONTEXT,
                               G_IMPLEMENT_INTERFACE (SIP_TYPE_MESSAGE_CONTEXT,
                                                      sip_message_server_context_iface_init))

enum {
  PROP_0,
  PROP_FIRST_MESSAGE_PROP,
};

static void
sip_message_server_context_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  if (!sip_message_context_get_property (object, prop_id, PROP_FIRST_MESSAGE_PROP, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
sip_message_server_context_class_init (SipMessageServerContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sip_message_server_context_get_property;

  sip_message_context_install_properties (object_class, PROP_FIRST_MESSAGE_PROP);
}

static void
sip_message_server_context_iface_init (SipMessageContextInterface *iface)
{
}

static void
sip_message_server_context_init (SipMessageServerContext *self)
{
}

SipMessageServerContext *
sip_message_server_context_new_incoming (SipUserAgent   *user_agent,
                                         const SipEvent *event)
{
  SipMessageServerContext *self;

  self = g_object_new (SIP_TYPE_MESSAGE_SERVER_CONTEXT, NULL);
  sip_context_setup_received (SIP_CONTEXT (self), user_agent, event);
  sip_server_context_take_event (SIP_SERVER_CONTEXT (self), event);
  /* Tracked by the user agent only if it outlives the message signal
   * unanswered: most are answered inside it. */

  return self;
}
