/* sip-message-private.h: how libsipctx fills in its message snapshots
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sipctx.h"

#include <string.h>

G_BEGIN_DECLS

/* A header, as offsets of its name and its value into the text of the
 * headers: the headers of a message are kept in one block, not two strings
 * each. */
typedef struct
{
  guint name;
  guint value;
} SipHeaderField;

typedef struct
{
  GArray  *fields;   /* SipHeaderField */
  GString *text;     /* "name\0value\0..." */
} SipHeaders;

/* Everything a SipMessage holds. It is immutable from the outside; inside,
 * what was not filled at creation is read from its source the first time
 * a getter asks, and kept (a snapshot of a received message costs little
 * more than a reference until someone reads it: most are never read).
 * Lazily filled fields are set with an atomic compare-and-exchange, so
 * a snapshot may be read from any thread. */
typedef struct
{
  /* The source, if any: a message the stack parsed (msg_t and its sip_t;
   * a reference, and sofia-sip never changes a message once parsed), or,
   * for a response this side sent, the request it answers (its Call-ID,
   * CSeq, method, From and To). */
  struct msg_s       *msg;
  const struct sip_s *sip;
  SipMessage         *request;

  char        *call_id;
  guint32      cseq;
  char        *method;
  SipNameAddr *from;          /* lazily from the source */
  SipNameAddr *to;            /* lazily from the source */
  SipHeaders  *headers;       /* lazily from msg */
  GBytes      *body;          /* lazily from msg */
  char        *body_text;     /* lazily */
  gint         body_text_done;
  char        *content_type;
} SipMessageData;

/* Installs VALUE in *SLOT, a field filled lazily, unless another thread
 * was first; either way, returns what *SLOT holds and frees VALUE if it
 * lost (with FREE_FUNC). */
gpointer        sip_lazy_install          (gpointer       *slot,
                                           gpointer        value,
                                           GDestroyNotify  free_func);

SipHeaders     *sip_headers_new           (void);
void            sip_headers_add           (SipHeaders  *headers,
                                           const char  *name,
                                           const char  *value);
void            sip_headers_trim          (SipHeaders  *headers);
void            sip_headers_free          (SipHeaders  *headers);

SipMessageData *sip_message_get_data      (SipMessage  *self);
void            sip_message_add_options   (SipMessage  *self,
                                           SipOptions  *options,
                                           const char  *default_content_type);
void            sip_message_add_header    (SipMessage  *self,
                                           const char  *name,
                                           const char  *value);
void            sip_message_trim          (SipMessage  *self);
/* Makes @self a snapshot of @msg (a msg_t, of which it takes a reference). */
void            sip_message_set_msg       (SipMessage  *self,
                                           struct msg_s *msg);
/* Makes @self, a response this side sent, read what it shares with the
 * request it answers from @request. */
void            sip_message_set_request   (SipMessage  *self,
                                           SipMessage  *request);
/* Gives @self, a snapshot of a msg_t just made, what its context already
 * read from the msg: its From and To (references taken) and its body as
 * text (taken; NULL: not read yet). */
void            sip_message_prime         (SipMessage  *self,
                                           SipNameAddr *from,
                                           SipNameAddr *to,
                                           char        *body_text);
/* The body of @sip as text: newly allocated, or NULL if it has none or it
 * is not UTF-8. */
char           *sip_message_text_of       (const struct sip_s *sip);
/* The Request-URI of a message taken from the stack (newly allocated), or
 * NULL. */
char           *sip_message_dup_request_uri (SipMessage *self);

SipNameAddr    *sip_name_addr_new_internal (const char *display_name,
                                            const char *uri,
                                            const char *tag);

/* A received identity, copied into one allocation. */
typedef struct
{
  const char *text;   /* NULL for none */
  gsize       len;
} SipNameAddrPart;

enum {
  SIP_NAME_ADDR_PART_DISPLAY,
  SIP_NAME_ADDR_PART_URI,
  SIP_NAME_ADDR_PART_TAG,
  SIP_NAME_ADDR_PART_USER,
  SIP_NAME_ADDR_PART_HOST,   /* with the port */
  SIP_NAME_ADDR_N_PARTS
};

static inline void
sip_name_addr_part_set (SipNameAddrPart *part,
                        const char      *text)
{
  part->text = text;
  part->len = text ? strlen (text) : 0;
}

SipNameAddr    *sip_name_addr_new_copy_parts (const SipNameAddrPart parts[SIP_NAME_ADDR_N_PARTS]);
/* g_set_object() for a name-addr */
gboolean        sip_name_addr_set            (SipNameAddr **slot,
                                              SipNameAddr  *value);

SipRequest     *sip_request_new_internal  (const char  *method,
                                           const char  *request_uri);
SipResponse    *sip_response_new_internal (guint        status_code,
                                           const char  *reason_phrase);

G_END_DECLS
