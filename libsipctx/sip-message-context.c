/* sip-message-context.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-context-private.h"

/**
 * SipMessageContext:
 *
 * The MESSAGE mixin: what a context for an instant message (RFC 3428) adds
 * to its base.
 *
 * Both [class@Sip.MessageClientContext] and
 * [class@Sip.MessageServerContext] implement it, so an application reads
 * the text of a message the same way whichever side it is on. The default
 * implementations read the request of the context, which is the message
 * itself.
 */

G_DEFINE_INTERFACE (SipMessageContext, sip_message_context, SIP_TYPE_CONTEXT)

enum {
  MESSAGE_PROP_BODY,
  MESSAGE_PROP_CONTENT_TYPE,
  MESSAGE_PROP_TEXT,
  N_MESSAGE_PROPS
};

static SipMessage *
message_of (SipMessageContext *self)
{
  return SIP_MESSAGE (sip_context_get_request (SIP_CONTEXT (self)));
}

static GBytes *
real_get_body (SipMessageContext *self)
{
  return sip_message_get_body (message_of (self));
}

static const char *
real_get_content_type (SipMessageContext *self)
{
  return sip_context_get_request_content_type (SIP_CONTEXT (self));
}

static const char *
real_get_text (SipMessageContext *self)
{
  return sip_context_get_request_text (SIP_CONTEXT (self));
}

static void
sip_message_context_default_init (SipMessageContextInterface *iface)
{
  iface->get_body = real_get_body;
  iface->get_content_type = real_get_content_type;
  iface->get_text = real_get_text;

  /**
   * SipMessageContext:body:
   *
   * The body of the MESSAGE, or %NULL if it has none.
   */
  g_object_interface_install_property (iface,
    g_param_spec_boxed ("body", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SipMessageContext:content-type:
   *
   * The media type of the body, such as `text/plain`.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("content-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * SipMessageContext:text:
   *
   * The body as UTF-8 text, or %NULL if there is no body or it is not
   * valid UTF-8.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
}

void
sip_message_context_install_properties (GObjectClass *klass,
                                        guint         first_prop)
{
  g_object_class_override_property (klass, first_prop + MESSAGE_PROP_BODY, "body");
  g_object_class_override_property (klass, first_prop + MESSAGE_PROP_CONTENT_TYPE, "content-type");
  g_object_class_override_property (klass, first_prop + MESSAGE_PROP_TEXT, "text");
}

gboolean
sip_message_context_get_property (GObject *object,
                                  guint    prop_id,
                                  guint    first_prop,
                                  GValue  *value)
{
  SipMessageContext *self = SIP_MESSAGE_CONTEXT (object);

  if (prop_id < first_prop || prop_id >= first_prop + N_MESSAGE_PROPS)
    return FALSE;

  switch (prop_id - first_prop)
    {
    case MESSAGE_PROP_BODY:
      g_value_set_boxed (value, sip_message_context_get_body (self));
      break;
    case MESSAGE_PROP_CONTENT_TYPE:
      g_value_set_string (value, sip_message_context_get_content_type (self));
      break;
    case MESSAGE_PROP_TEXT:
      g_value_set_string (value, sip_message_context_get_text (self));
      break;
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/**
 * sip_message_context_get_body:
 * @self: a message context
 *
 * Gets [property@Sip.MessageContext:body].
 *
 * Returns: (transfer none) (nullable): the body
 */
GBytes *
sip_message_context_get_body (SipMessageContext *self)
{
  g_return_val_if_fail (SIP_IS_MESSAGE_CONTEXT (self), NULL);

  return SIP_MESSAGE_CONTEXT_GET_IFACE (self)->get_body (self);
}

/**
 * sip_message_context_get_content_type:
 * @self: a message context
 *
 * Gets [property@Sip.MessageContext:content-type].
 *
 * Returns: (nullable): the content type
 */
const char *
sip_message_context_get_content_type (SipMessageContext *self)
{
  g_return_val_if_fail (SIP_IS_MESSAGE_CONTEXT (self), NULL);

  return SIP_MESSAGE_CONTEXT_GET_IFACE (self)->get_content_type (self);
}

/**
 * sip_message_context_get_text:
 * @self: a message context
 *
 * Gets [property@Sip.MessageContext:text].
 *
 * Returns: (nullable): the body as text
 */
const char *
sip_message_context_get_text (SipMessageContext *self)
{
  g_return_val_if_fail (SIP_IS_MESSAGE_CONTEXT (self), NULL);

  return SIP_MESSAGE_CONTEXT_GET_IFACE (self)->get_text (self);
}
