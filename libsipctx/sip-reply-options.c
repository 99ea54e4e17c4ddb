/* sip-reply-options.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sipctx.h"

/**
 * SipReplyOptions:
 *
 * Options for a response a [class@Sip.ServerContext] sends: status code,
 * reason phrase, extra headers and a body.
 *
 * A status code of 0 means the default of the operation (180 for
 * [method@Sip.ServerContext.progress], 200 for
 * [method@Sip.ServerContext.accept], 480 for
 * [method@Sip.ServerContext.reject]); a %NULL reason phrase means the
 * standard phrase for the code.
 *
 * ```python
 * ctx.reject(Sip.ReplyOptions(status_code=486))
 * ```
 */

struct _SipReplyOptions
{
  SipOptions parent_instance;

  guint status_code;
  char *reason_phrase;
};

G_DEFINE_FINAL_TYPE (SipReplyOptions, sip_reply_options, SIP_TYPE_OPTIONS)

enum {
  PROP_0,
  PROP_STATUS_CODE,
  PROP_REASON_PHRASE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
sip_reply_options_finalize (GObject *object)
{
  SipReplyOptions *self = SIP_REPLY_OPTIONS (object);

  g_free (self->reason_phrase);

  G_OBJECT_CLASS (sip_reply_options_parent_class)->finalize (object);
}

static void
sip_reply_options_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SipReplyOptions *self = SIP_REPLY_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_STATUS_CODE:
      g_value_set_uint (value, self->status_code);
      break;
    case PROP_REASON_PHRASE:
      g_value_set_string (value, self->reason_phrase);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_reply_options_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SipReplyOptions *self = SIP_REPLY_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_STATUS_CODE:
      sip_reply_options_set_status_code (self, g_value_get_uint (value));
      break;
    case PROP_REASON_PHRASE:
      sip_reply_options_set_reason_phrase (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_reply_options_class_init (SipReplyOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sip_reply_options_finalize;
  object_class->get_property = sip_reply_options_get_property;
  object_class->set_property = sip_reply_options_set_property;

  /**
   * SipReplyOptions:status-code:
   *
   * The status code, or 0 for the default of the operation. Any value is
   * accepted here; the operation checks the range it allows.
   */
  props[PROP_STATUS_CODE] =
    g_param_spec_uint ("status-code", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipReplyOptions:reason-phrase:
   *
   * The reason phrase, or %NULL for the standard phrase of the status code.
   */
  props[PROP_REASON_PHRASE] =
    g_param_spec_string ("reason-phrase", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sip_reply_options_init (SipReplyOptions *self)
{
}

/**
 * sip_reply_options_new:
 * @status_code: the status code, or 0 for the default of the operation
 *
 * Creates reply options with a status code.
 *
 * Returns: (transfer full): new reply options
 */
SipReplyOptions *
sip_reply_options_new (guint status_code)
{
  return g_object_new (SIP_TYPE_REPLY_OPTIONS, "status-code", status_code, NULL);
}

/**
 * sip_reply_options_get_status_code:
 * @self: reply options
 *
 * Gets [property@Sip.ReplyOptions:status-code].
 *
 * Returns: the status code, or 0
 */
guint
sip_reply_options_get_status_code (SipReplyOptions *self)
{
  g_return_val_if_fail (SIP_IS_REPLY_OPTIONS (self), 0);
  return self->status_code;
}

/**
 * sip_reply_options_set_status_code:
 * @self: reply options
 * @status_code: the status code, or 0 for the default
 *
 * Sets [property@Sip.ReplyOptions:status-code].
 */
void
sip_reply_options_set_status_code (SipReplyOptions *self,
                                   guint            status_code)
{
  g_return_if_fail (SIP_IS_REPLY_OPTIONS (self));

  if (self->status_code == status_code)
    return;

  self->status_code = status_code;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATUS_CODE]);
}

/**
 * sip_reply_options_get_reason_phrase:
 * @self: reply options
 *
 * Gets [property@Sip.ReplyOptions:reason-phrase].
 *
 * Returns: (nullable): the reason phrase
 */
const char *
sip_reply_options_get_reason_phrase (SipReplyOptions *self)
{
  g_return_val_if_fail (SIP_IS_REPLY_OPTIONS (self), NULL);
  return self->reason_phrase;
}

/**
 * sip_reply_options_set_reason_phrase:
 * @self: reply options
 * @reason_phrase: (nullable): the reason phrase, or %NULL for the standard one
 *
 * Sets [property@Sip.ReplyOptions:reason-phrase].
 */
void
sip_reply_options_set_reason_phrase (SipReplyOptions *self,
                                     const char      *reason_phrase)
{
  g_return_if_fail (SIP_IS_REPLY_OPTIONS (self));

  if (g_strcmp0 (self->reason_phrase, reason_phrase) == 0)
    return;

  g_free (self->reason_phrase);
  self->reason_phrase = g_strdup (reason_phrase);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_REASON_PHRASE]);
}
