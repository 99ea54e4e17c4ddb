/* sip-convert.c: sofia-sip messages to libsipctx snapshots, and the checks
 * applied to everything an application passes in
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-convert-private.h"
#include "sip-message-private.h"
#include "sip-i18n-private.h"

#include <string.h>

/* Headers the stack owns: an application setting them would break the
 * transaction or the framing of the message. */
static const char * const reserved_headers[] = {
  "Via", "v", "Call-ID", "i", "CSeq", "Content-Length", "l",
  "Content-Type", "c", "Max-Forwards", NULL
};

#define STACK_TEXT SIP_CONVERT_STACK_TEXT

/* URL encoded into BUF, or into *HEAP (to free) if it does not fit;
 * NULL if it cannot be encoded. */
static const char *
encode_url (const url_t *url,
            char         buf[STACK_TEXT],
            char       **heap,
            gsize       *len)
{
  issize_t n = url_e (buf, STACK_TEXT, url);

  if (n < 0)
    return NULL;
  *len = n;
  if ((gsize) n < STACK_TEXT)
    return buf;

  *heap = g_malloc (n + 1);
  url_e (*heap, n + 1, url);
  (*heap)[n] = '\0';
  return *heap;
}

char *
sip_convert_url (const url_t *url)
{
  char buf[STACK_TEXT];
  char *heap = NULL;
  gsize len;
  const char *uri = encode_url (url, buf, &heap, &len);

  if (uri == NULL || heap != NULL)
    return heap;
  return g_strndup (buf, len);
}

/* sofia-sip keeps a quoted display name as it was on the wire: unquoted
 * into OUT, which has room for all of DISPLAY (an unquoted name is never
 * longer). Returns the length. */
static gsize
unquote_display_name_into (const char *display,
                           gsize       len,
                           char       *out)
{
  gsize n = 0;

  for (gsize i = 1; i < len; i++)
    {
      if (display[i] == '"')
        break;
      if (display[i] == '\\' && i + 1 < len)
        i++;
      out[n++] = display[i];
    }
  out[n] = '\0';
  return n;
}

static char *
unquote_display_name (const char *display)
{
  gsize len;
  char *out;

  if (display == NULL || display[0] == '\0')
    return NULL;
  if (display[0] != '"')
    return g_strdup (display);

  len = strlen (display);
  out = g_malloc (len + 1);
  unquote_display_name_into (display, len, out);
  return out;
}

/* Joined by hand: this runs for every received From and To and every
 * remote offer, and g_snprintf() would bring in the whole of printf for
 * one separator. */
const char *
sip_convert_join_into (const char *first,
                       char        separator,
                       const char *second,
                       char        buf[SIP_CONVERT_STACK_TEXT],
                       char      **heap)
{
  size_t first_len = strlen (first);
  size_t second_len = strlen (second);
  char sep[2] = { separator, '\0' };

  if (first_len + second_len + 2 <= SIP_CONVERT_STACK_TEXT)
    {
      memcpy (buf, first, first_len);
      buf[first_len] = separator;
      memcpy (buf + first_len + 1, second, second_len + 1);
      return buf;
    }
  return *heap = g_strconcat (first, sep, second, NULL);
}

/* "host:port", or "host" (NULL without a host), in BUF or, if it does not
 * fit, in *HEAP (to free). */
static const char *
host_and_port_into (const url_t *url,
                    char         buf[STACK_TEXT],
                    char       **heap)
{
  if (url->url_host == NULL || url->url_port == NULL)
    return url->url_host;
  return sip_convert_join_into (url->url_host, ':', url->url_port, buf, heap);
}

static char *
host_and_port (const url_t *url)
{
  char buf[STACK_TEXT];
  char *heap = NULL;
  const char *host = host_and_port_into (url, buf, &heap);

  return heap != NULL ? heap : g_strdup (host);
}

/* The URI is encoded without a su_home, and its user and host are taken
 * from the parsed URL rather than parsed again; the name-addr holds all
 * its parts in one allocation. */
SipNameAddr *
sip_convert_name_addr (const sip_addr_t *addr)
{
  char uri_buf[STACK_TEXT], host_buf[STACK_TEXT];
  g_autofree char *uri_heap = NULL;
  g_autofree char *host_heap = NULL;
  g_autofree char *display = NULL;
  SipNameAddrPart parts[SIP_NAME_ADDR_N_PARTS];
  const url_t *url;

  if (addr == NULL)
    return NULL;

  url = addr->a_url;
  parts[SIP_NAME_ADDR_PART_URI].text = encode_url (url, uri_buf, &uri_heap,
                                                   &parts[SIP_NAME_ADDR_PART_URI].len);
  if (parts[SIP_NAME_ADDR_PART_URI].text == NULL)
    return NULL;

  if (addr->a_display != NULL && addr->a_display[0] == '"')
    {
      gsize len = strlen (addr->a_display);

      display = g_malloc (len + 1);
      parts[SIP_NAME_ADDR_PART_DISPLAY].text = display;
      parts[SIP_NAME_ADDR_PART_DISPLAY].len = unquote_display_name_into (addr->a_display, len, display);
    }
  else
    sip_name_addr_part_set (&parts[SIP_NAME_ADDR_PART_DISPLAY],
                            addr->a_display && addr->a_display[0] ? addr->a_display : NULL);

  sip_name_addr_part_set (&parts[SIP_NAME_ADDR_PART_TAG], addr->a_tag);
  sip_name_addr_part_set (&parts[SIP_NAME_ADDR_PART_USER], url->url_user);
  sip_name_addr_part_set (&parts[SIP_NAME_ADDR_PART_HOST],
                          host_and_port_into (url, host_buf, &host_heap));

  return sip_name_addr_new_copy_parts (parts);
}

/* The headers of @sip in one block, or NULL if it has none. */
SipHeaders *
sip_convert_headers (const sip_t *sip)
{
  SipHeaders *headers = NULL;
  char stack_buf[512];
  const msg_header_t *h;

  h = sip->sip_request ? (const msg_header_t *) sip->sip_request
                       : (const msg_header_t *) sip->sip_status;

  for (; h; h = h->sh_succ)
    {
      const msg_hclass_t *hc = h->sh_class;
      const char *name, *value;
      char *buf = stack_buf;
      issize_t len;

      if (hc == sip_request_class || hc == sip_status_class ||
          hc == sip_separator_class || hc == sip_payload_class ||
          hc == sip_error_class)
        continue;

      if (hc == sip_unknown_class)
        {
          name = h->sh_unknown->un_name;
          value = h->sh_unknown->un_value ? h->sh_unknown->un_value : "";
        }
      else
        {
          name = hc->hc_name;
          len = name ? msg_header_field_e (buf, sizeof stack_buf, h, 0) : -1;
          if (len < 0)
            continue;
          if ((gsize) len >= sizeof stack_buf)
            {
              buf = g_malloc (len + 1);
              msg_header_field_e (buf, len + 1, h, 0);
            }
          value = buf;
        }

      if (name != NULL)
        {
          if (headers == NULL)
            headers = sip_headers_new ();
          sip_headers_add (headers, name, value);
        }

      if (buf != stack_buf)
        g_free (buf);
    }

  if (headers != NULL)
    sip_headers_trim (headers);
  return headers;
}

/* Everything at once, from a sip_t that lives only as long as the nua
 * callback: for a message whose msg_t is not at hand. */
static void
fill_message (SipMessage  *message,
              const sip_t *sip)
{
  SipMessageData *data = sip_message_get_data (message);

  if (sip->sip_call_id)
    data->call_id = g_strdup (sip->sip_call_id->i_id);
  if (sip->sip_cseq)
    {
      data->cseq = sip->sip_cseq->cs_seq;
      if (data->method == NULL)
        data->method = g_strdup (sip->sip_cseq->cs_method_name);
    }
  data->from = sip_convert_name_addr (sip->sip_from);
  data->to = sip_convert_name_addr (sip->sip_to);
  if (sip->sip_payload && sip->sip_payload->pl_len > 0)
    data->body = g_bytes_new (sip->sip_payload->pl_data, sip->sip_payload->pl_len);
  if (sip->sip_content_type && sip->sip_content_type->c_type)
    data->content_type = g_strdup (sip->sip_content_type->c_type);
  data->headers = sip_convert_headers (sip);
}

/* The message of the event being delivered, if it is the one of @sip
 * (nua gives it up once a context has saved the event). */
msg_t *
sip_convert_event_msg (const SipEvent *event)
{
  msg_t *msg = nua_current_request (event->nua);

  return msg != NULL && sip_object (msg) == event->sip ? msg : NULL;
}

SipRequest *
sip_convert_request (const SipEvent *event)
{
  const sip_t *sip = event->sip;
  msg_t *msg = sip_convert_event_msg (event);
  g_autofree char *uri = NULL;
  SipRequest *request;

  g_return_val_if_fail (sip && sip->sip_request, NULL);

  if (msg != NULL)
    {
      /* The Request-URI, the headers and the addresses are read from the
       * message when they are asked for. */
      request = sip_request_new_internal (NULL, NULL);
      sip_message_set_msg (SIP_MESSAGE (request), msg);
      return request;
    }

  uri = sip_convert_url (sip->sip_request->rq_url);
  request = sip_request_new_internal (sip->sip_request->rq_method_name, uri);
  fill_message (SIP_MESSAGE (request), sip);

  return request;
}

SipResponse *
sip_convert_response (const sip_t *sip,
                      int          status,
                      const char  *phrase)
{
  SipResponse *response;

  if (sip && sip->sip_status)
    {
      status = sip->sip_status->st_status;
      phrase = sip->sip_status->st_phrase;
    }

  response = sip_response_new_internal (status, phrase);
  if (sip)
    fill_message (SIP_MESSAGE (response), sip);

  return response;
}

SipResponse *
sip_convert_event_response (const SipEvent *event)
{
  const sip_t *sip = event->sip;
  msg_t *msg = sip && sip->sip_status ? sip_convert_event_msg (event) : NULL;
  SipResponse *response;

  if (msg == NULL)
    return sip_convert_response (sip, event->status, event->phrase);

  response = sip_response_new_internal (sip->sip_status->st_status, sip->sip_status->st_phrase);
  sip_message_set_msg (SIP_MESSAGE (response), msg);
  return response;
}

static gboolean
uri_type_allowed (const url_t *url)
{
  return url->url_type == url_sip || url->url_type == url_sips;
}

gboolean
sip_convert_check_uri (const char  *uri,
                       GError     **error)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  url_t *url;
  gboolean ok;

  if (uri == NULL || *uri == '\0')
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                           _("Empty URI"));
      return FALSE;
    }

  if (strpbrk (uri, " \t\r\n<>\"") != NULL)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   _("Malformed URI \"%s\": it contains a space, a line break, "
                     "a quote or an angle bracket"), uri);
      return FALSE;
    }

  url = url_make (home, uri);
  ok = url != NULL && uri_type_allowed (url) && url->url_host && *url->url_host;
  su_home_deinit (home);

  if (!ok)
    g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                 _("Malformed URI \"%s\": expected sip: or sips: with a host"), uri);

  return ok;
}

void
sip_convert_uri_parts (const char  *uri,
                       char       **user,
                       char       **host)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  url_t *url = url_make (home, uri);

  *user = url && url->url_user ? g_strdup (url->url_user) : NULL;
  *host = url ? host_and_port (url) : NULL;

  su_home_deinit (home);
}

gboolean
sip_convert_parse_name_addr (const char  *text,
                             char       **display_name,
                             char       **uri,
                             char       **tag,
                             GError     **error)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  sip_to_t *to = NULL;
  gboolean ok = FALSE;

  if (strpbrk (text, "\r\n") == NULL)
    to = sip_to_make (home, text);

  if (to && uri_type_allowed (to->a_url) &&
      to->a_url->url_host && *to->a_url->url_host)
    {
      *display_name = unquote_display_name (to->a_display);
      *uri = sip_convert_url (to->a_url);
      *tag = g_strdup (to->a_tag);
      ok = TRUE;
    }
  else
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   /* Translators: a name-addr is an address with an optional
                    * display name, such as "Alice" <sip:alice@example.org> */
                   _("Malformed name-addr \"%s\""), text);
    }

  su_home_deinit (home);
  return ok;
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("-.!%*_+`'~", c) != NULL;
}

gboolean
sip_convert_check_token (const char  *token,
                         const char  *what,
                         GError     **error)
{
  if (token == NULL || *token == '\0')
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is what is empty, such as "method" */
                   _("Empty %s"), C_("checked item", what));
      return FALSE;
    }

  for (const char *p = token; *p; p++)
    if (!is_token_char (*p))
      {
        g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                     /* Translators: the first %s is what is checked, such as
                      * "method", the second its value */
                     _("Invalid character in %s \"%s\""), C_("checked item", what), token);
        return FALSE;
      }

  return TRUE;
}

gboolean
sip_convert_check_header (const char  *header,
                          GError     **error)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  g_autofree char *name = NULL;
  const char *colon, *value;
  msg_href_t const *href;
  gboolean ok = TRUE;

  if (header == NULL || strpbrk (header, "\r\n") != NULL)
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                           _("Extra header contains a line break (CR or LF); "
                             "each header must be one \"Name: value\" line"));
      return FALSE;
    }

  colon = strchr (header, ':');
  if (colon == NULL)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   _("Extra header \"%s\" has no colon; expected \"Name: value\""),
                   header);
      return FALSE;
    }

  name = g_strndup (header, colon - header);
  g_strchomp (name);
  if (!sip_convert_check_token (name, NC_("checked item", "header name"), error))
    return FALSE;

  for (guint i = 0; reserved_headers[i]; i++)
    if (g_ascii_strcasecmp (name, reserved_headers[i]) == 0)
      {
        g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                     /* Translators: %s is a SIP header name, such as Call-ID */
                     _("The %s header is managed by the SIP stack and cannot "
                       "be set as an extra header"), name);
        return FALSE;
      }

  value = colon + 1;
  while (*value == ' ' || *value == '\t')
    value++;

  /* A header the stack knows must also parse as one. */
  href = msg_find_hclass (sip_default_mclass (), name, NULL);
  if (href && href->hr_class && href->hr_class != sip_unknown_class &&
      href->hr_class != sip_error_class)
    ok = msg_header_make (home, href->hr_class, value) != NULL;
  su_home_deinit (home);

  if (!ok)
    g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                 _("Malformed value in extra header \"%s\""), header);

  return ok;
}

gboolean
sip_convert_check_options (SipOptions  *options,
                           GError     **error)
{
  const char * const *headers;
  const char *content_type;

  if (options == NULL)
    return TRUE;

  headers = sip_options_get_extra_headers (options);
  for (guint i = 0; headers && headers[i]; i++)
    if (!sip_convert_check_header (headers[i], error))
      return FALSE;

  content_type = sip_options_get_content_type (options);
  if (content_type)
    {
      su_home_t home[1] = { SU_HOME_INIT (home) };
      gboolean ok = strpbrk (content_type, "\r\n") == NULL &&
                    sip_content_type_make (home, content_type) != NULL;

      su_home_deinit (home);
      if (!ok)
        {
          g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                       _("Malformed content type \"%s\""), content_type);
          return FALSE;
        }
    }

  return TRUE;
}

tagi_t *
sip_convert_options_to_tags (su_home_t  *home,
                             SipOptions *options,
                             const char *default_content_type)
{
  return sip_convert_options_to_tags_full (home, options, default_content_type, TRUE, NULL);
}

/* The tags for @options; the body only if @with_body (a call carries its
 * SDP through soa instead), and @next chained after them. */
tagi_t *
sip_convert_options_to_tags_full (su_home_t    *home,
                                  SipOptions   *options,
                                  const char   *default_content_type,
                                  gboolean      with_body,
                                  const tagi_t *next)
{
  const char * const *headers = NULL;
  GBytes *body = NULL;
  const char *content_type = default_content_type;
  guint n_headers = 0, i = 0;
  tagi_t *tags;

  if (options)
    {
      headers = sip_options_get_extra_headers (options);
      body = sip_options_get_body (options);
      if (sip_options_get_content_type (options))
        content_type = sip_options_get_content_type (options);
      n_headers = headers ? g_strv_length ((char **) headers) : 0;
    }

  tags = su_zalloc (home, sizeof (tagi_t) * (n_headers + 3));

  for (guint h = 0; h < n_headers; h++, i++)
    {
      tags[i].t_tag = siptag_header_str;
      tags[i].t_value = (tag_value_t) su_strdup (home, headers[h]);
    }

  if (body && with_body)
    {
      gsize len;
      const void *data = g_bytes_get_data (body, &len);

      tags[i].t_tag = siptag_payload;
      tags[i].t_value = (tag_value_t) sip_payload_create (home, data, len);
      i++;
      if (content_type)
        {
          tags[i].t_tag = siptag_content_type_str;
          tags[i].t_value = (tag_value_t) su_strdup (home, content_type);
          i++;
        }
    }

  if (next)
    {
      tags[i].t_tag = tag_next;
      tags[i].t_value = (tag_value_t) next;
    }
  else
    tags[i].t_tag = NULL;   /* TAG_END */
  return tags;
}

static gboolean
needs_quotes (const char *display_name)
{
  for (const char *p = display_name; *p; p++)
    if (!is_token_char (*p) && *p != ' ')
      return TRUE;

  return *display_name == '\0';
}

char *
sip_convert_name_addr_string (const char *display_name,
                              const char *uri)
{
  GString *s;

  if (display_name == NULL)
    return g_strdup_printf ("<%s>", uri);

  s = g_string_new (NULL);
  if (needs_quotes (display_name))
    {
      g_string_append_c (s, '"');
      for (const char *p = display_name; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (s, '\\');
          g_string_append_c (s, *p);
        }
      g_string_append_c (s, '"');
    }
  else
    {
      g_string_append (s, display_name);
    }
  g_string_append_printf (s, " <%s>", uri);

  return g_string_free (s, FALSE);
}

/* A From header value for a new request of ours, with a tag of our own:
 * nua would make up a new tag for a request it sends again after a 401
 * or 407, and RFC 3261 8.1.3.5 wants the same From. */
char *
sip_convert_from_with_tag (const char *display_name,
                           const char *aor)
{
  g_autofree char *address = sip_convert_name_addr_string (display_name, aor);

  return g_strdup_printf ("%s;tag=%08x%08x", address, g_random_int (), g_random_int ());
}
