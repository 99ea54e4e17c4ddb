/* sip-message-private.h: how libsipctx fills in its message snapshots
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sipctx.h"

G_BEGIN_DECLS

/* A header, as offsets of its name and its value into header_text: the
 * headers of a message are kept in one block, not two strings each. */
typedef struct
{
  guint name;
  guint value;
} SipHeaderField;

/* Everything a SipMessage holds; filled once, right after creation, and
 * immutable from then on. */
typedef struct
{
  char        *call_id;
  guint32      cseq;
  char        *method;
  SipNameAddr *from;
  SipNameAddr *to;
  GArray      *headers;       /* SipHeaderField */
  GString     *header_text;   /* "name\0value\0..." */
  GBytes      *body;
  char        *body_text;     /* lazily computed */
  gboolean     body_text_done;
  char        *content_type;
} SipMessageData;

SipMessageData *sip_message_get_data      (SipMessage  *self);
void            sip_message_add_options   (SipMessage  *self,
                                           SipOptions  *options,
                                           const char  *default_content_type);
void            sip_message_add_header    (SipMessage  *self,
                                           const char  *name,
                                           const char  *value);
void            sip_message_trim          (SipMessage  *self);

SipNameAddr    *sip_name_addr_new_internal (const char *display_name,
                                            const char *uri,
                                            const char *tag);
/* Takes every string; USER and HOST (with the port) as in the URI. */
SipNameAddr    *sip_name_addr_new_take_parts (char *display_name,
                                              char *uri,
                                              char *tag,
                                              char *user,
                                              char *host);

SipRequest     *sip_request_new_internal  (const char  *method,
                                           const char  *request_uri);
SipResponse    *sip_response_new_internal (guint        status_code,
                                           const char  *reason_phrase);

G_END_DECLS
