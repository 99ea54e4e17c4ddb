/* sip-convert-private.h: sofia-sip messages to libsipctx snapshots, and
 * the checks applied to what applications pass in
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sipctx.h"
#include "sip-sofia-private.h"
#include "sip-message-private.h"

G_BEGIN_DECLS

/* Snapshots of the message of the event being delivered: they read it
 * when asked (see SipMessageData). */
SipRequest  *sip_convert_request   (const SipEvent *event);
/* The msg_t of the request @event reports, or NULL */
struct msg_s *sip_convert_event_msg (const SipEvent *event);
SipResponse *sip_convert_event_response (const SipEvent *event);
/* A snapshot filled at once, from what lives only during the callback. */
SipResponse *sip_convert_response  (const sip_t   *sip,
                                    int            status,
                                    const char    *phrase);
SipNameAddr *sip_convert_name_addr (const sip_addr_t *addr);
SipHeaders  *sip_convert_headers   (const sip_t   *sip);
char        *sip_convert_url       (const url_t   *url);

gboolean     sip_convert_check_uri    (const char  *uri,
                                       GError     **error);
gboolean     sip_convert_check_header (const char  *header,
                                       GError     **error);
gboolean     sip_convert_check_token  (const char  *token,
                                       const char  *what,
                                       GError     **error);
gboolean     sip_convert_check_options (SipOptions *options,
                                        GError    **error);
tagi_t      *sip_convert_options_to_tags (su_home_t  *home,
                                          SipOptions *options,
                                          const char *default_content_type);
tagi_t      *sip_convert_options_to_tags_full (su_home_t    *home,
                                               SipOptions   *options,
                                               const char   *default_content_type,
                                               gboolean      with_body,
                                               const tagi_t *next);
/* The size of the buffers of sip_convert_join_into() */
#define SIP_CONVERT_STACK_TEXT 256
/* FIRST, SEPARATOR and SECOND joined in BUF or, if they do not fit, in
 * *HEAP (to free). */
const char  *sip_convert_join_into        (const char  *first,
                                           char         separator,
                                           const char  *second,
                                           char         buf[SIP_CONVERT_STACK_TEXT],
                                           char       **heap);
char        *sip_convert_name_addr_string (const char *display_name,
                                           const char *uri);
char        *sip_convert_from_with_tag    (const char *display_name,
                                           const char *aor);

G_END_DECLS

G_BEGIN_DECLS

gboolean     sip_convert_parse_name_addr (const char  *text,
                                          char       **display_name,
                                          char       **uri,
                                          char       **tag,
                                          GError     **error);
void         sip_convert_uri_parts       (const char  *uri,
                                          char       **user,
                                          char       **host);

G_END_DECLS
